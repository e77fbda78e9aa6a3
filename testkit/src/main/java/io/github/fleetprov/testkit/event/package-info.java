/**
 * The emulator's event log: requests, replies, policy decisions, faults and registry changes.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit.event;

import org.jspecify.annotations.NullMarked;
