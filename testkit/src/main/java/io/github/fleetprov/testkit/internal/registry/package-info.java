/** The in-memory registry. Not API: use {@link io.github.fleetprov.testkit.registry.IotRegistry}. */
package io.github.fleetprov.testkit.internal.registry;
