/**
 * Durable state for a server's data directory: an fsynced append-only journal of length- and
 * CRC32C-framed records with periodic snapshots. Not API.
 */
@NullMarked
package io.github.fleetprov.testkit.internal.persistence;

import org.jspecify.annotations.NullMarked;
