/**
 * Implementation of the credential store: atomic file writes and the on-disk format. Not API.
 */
@NullMarked
package io.github.fleetprov.core.store.internal;

import org.jspecify.annotations.NullMarked;
