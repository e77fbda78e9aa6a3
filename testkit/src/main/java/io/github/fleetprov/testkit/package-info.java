/**
 * {@link io.github.fleetprov.testkit.LocalIotCore}: an in-process AWS IoT Core emulator for tests and
 * demos, and its JUnit 5 extension {@link io.github.fleetprov.testkit.LocalIotCoreExtension}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit;

import org.jspecify.annotations.NullMarked;
