/** The in-memory registry. Not API: use {@link io.github.fleetprov.testkit.registry.IotRegistry}. */
@NullMarked
package io.github.fleetprov.testkit.internal.registry;

import org.jspecify.annotations.NullMarked;
