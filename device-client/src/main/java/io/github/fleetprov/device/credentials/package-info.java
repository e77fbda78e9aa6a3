/**
 * AWS credentials from the AWS IoT credentials provider: {@link
 * io.github.fleetprov.device.credentials.IotCredentialsProvider} exchanges the device certificate for
 * temporary credentials of the role behind a role alias, for any AWS SDK for Java v2 client.
 *
 * <p>Everything in this package is non-null unless documented otherwise. Secret access keys and
 * session tokens never appear in {@code toString}, logs or exception messages.
 */
@NullMarked
package io.github.fleetprov.device.credentials;

import org.jspecify.annotations.NullMarked;
