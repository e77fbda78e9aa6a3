/**
 * The emulated AWS IoT registry: {@link io.github.fleetprov.testkit.registry.IotRegistry} and the
 * immutable snapshots it returns. Tests set resources up through it and assert on what provisioning
 * created.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit.registry;

import org.jspecify.annotations.NullMarked;
