/**
 * Fault injection for {@code LocalIotCore}: {@link io.github.fleetprov.testkit.fault.Faults}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit.fault;

import org.jspecify.annotations.NullMarked;
