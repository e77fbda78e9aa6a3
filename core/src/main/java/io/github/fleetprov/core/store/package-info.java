/**
 * The on-device credential store: claim, pending and device identities written atomically with
 * owner-only permissions, and validated when read.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.core.store;

import org.jspecify.annotations.NullMarked;
