/**
 * Fault injection for {@code LocalIotCore}: {@link io.github.fleetprov.testkit.fault.Faults}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package io.github.fleetprov.testkit.fault;
