/**
 * A small IAM and STS (query protocol, XML answers) for {@code LocalIotCore}: roles, their managed
 * and inline policies, and the temporary sessions the credentials provider issues. Not API.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit.internal.iam;

import org.jspecify.annotations.NullMarked;
