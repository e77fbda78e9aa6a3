/**
 * The fleet demo's results: one outcome per device and the report it prints.
 */
@NullMarked
package io.github.fleetprov.samples.demo;

import org.jspecify.annotations.NullMarked;
