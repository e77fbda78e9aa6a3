/**
 * The shared JSON configuration ({@link io.github.fleetprov.core.json.FleetJson}).
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.core.json;

import org.jspecify.annotations.NullMarked;
