/**
 * The shared JSON configuration ({@link io.github.fleetprov.core.json.FleetJson}).
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package io.github.fleetprov.core.json;
