/**
 * Client- and server-side request rates ({@link io.github.fleetprov.core.rate.TokenBucket}).
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.core.rate;

import org.jspecify.annotations.NullMarked;
