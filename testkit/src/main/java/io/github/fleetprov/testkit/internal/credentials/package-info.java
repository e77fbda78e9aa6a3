/**
 * The AWS IoT credentials provider of {@code LocalIotCore}: an HTTPS server that requires client
 * certificates and trades an authorized device certificate for temporary AWS credentials. Not API.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit.internal.credentials;

import org.jspecify.annotations.NullMarked;
