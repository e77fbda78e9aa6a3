/**
 * The AWS IoT control plane of {@code LocalIotCore}: a REST-JSON HTTP server on loopback that the
 * AWS SDK for Java v2 {@code IotClient} and the AWS CLI reach with an endpoint override. Not API.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.testkit.internal.controlplane;

import org.jspecify.annotations.NullMarked;
