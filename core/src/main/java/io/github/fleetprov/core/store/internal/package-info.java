/**
 * Implementation of the credential store: atomic file writes and the on-disk format. Not API.
 */
package io.github.fleetprov.core.store.internal;
