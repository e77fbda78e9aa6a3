/**
 * Implementation of the PKI package: providers, key arithmetic, certificate building. Not API: the
 * types here may change in any release.
 */
@NullMarked
package io.github.fleetprov.core.pki.internal;

import org.jspecify.annotations.NullMarked;
