package io.github.fleetprov.core.store;

import java.nio.file.Path;

/**
 * Where the credential store keeps the files of one identity, for tools and SDKs that want paths
 * (e.g. {@code AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath}). The paths change
 * when the identity is written again.
 *
 * @param certificate the certificate PEM file
 * @param privateKey the PKCS#8 private key PEM file (mode 0600 on POSIX); absent when the identity's key is
 *     an {@link io.github.fleetprov.core.pki.ExternalPrivateKey} (a key in a secure element, named in the
 *     metadata instead)
 * @param metadata the JSON metadata file (mode 0600 on POSIX)
 */
public record IdentityFiles(Path certificate, Path privateKey, Path metadata) {
}
