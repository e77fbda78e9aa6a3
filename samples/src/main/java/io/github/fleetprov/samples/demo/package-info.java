/**
 * The fleet demo's results: one outcome per device and the report it prints.
 */
package io.github.fleetprov.samples.demo;
