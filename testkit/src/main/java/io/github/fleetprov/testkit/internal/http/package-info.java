/**
 * HTTP code shared by the local AWS endpoints of {@code LocalIotCore} (control plane, IAM/STS,
 * credentials provider): loopback servers, bodies, query strings and AWS-shaped refusals. Not API.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit.internal.http;

import org.jspecify.annotations.NullMarked;
