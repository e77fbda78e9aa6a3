package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.DefaultAuthorizationFiles;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a device's authorization files (certificate, private key, root CA) to S3, server-side
 * encrypted, under the names the SageMaker Edge agent expects: {@code device.pem.crt},
 * {@code private.pem.key} and {@code AmazonRootCA1.pem}.
 *
 * <p>Objects are written with SSE-S3 ({@code AES256}) or, with a KMS key id, SSE-KMS. The private
 * key never appears in logs or exception messages.
 */
public interface AuthorizationFiles {

    /** Object name of the device certificate. */
    String CERTIFICATE_FILE = "device.pem.crt";
    /** Object name of the private key. */
    String PRIVATE_KEY_FILE = "private.pem.key";
    /** Object name of the root CA. */
    String ROOT_CA_FILE = "AmazonRootCA1.pem";

    /**
     * A facade over a client the caller built (and closes).
     *
     * @param s3 the S3 client
     * @return the facade
     */
    static AuthorizationFiles create(S3Client s3) {
        return new DefaultAuthorizationFiles(Objects.requireNonNull(s3, "s3"));
    }

    /**
     * Uploads the three files with SSE-S3 encryption.
     *
     * @param bucket the bucket
     * @param keyPrefix the key prefix, e.g. {@code authorization-files/} (empty for the bucket root)
     * @param certificatePem the device certificate
     * @param privateKeyPem the device private key (secret)
     * @param rootCaPem the root CA the endpoint chains to
     * @return the object keys written, certificate first
     * @throws io.github.fleetprov.core.InvalidInputException if the bucket name is not valid
     */
    List<String> upload(String bucket, String keyPrefix, String certificatePem, String privateKeyPem, String rootCaPem);

    /**
     * Uploads the three files with SSE-KMS encryption under a customer key.
     *
     * @param bucket the bucket
     * @param keyPrefix the key prefix
     * @param certificatePem the device certificate
     * @param privateKeyPem the device private key (secret)
     * @param rootCaPem the root CA
     * @param kmsKeyId the KMS key id or ARN
     * @return the object keys written, certificate first
     */
    List<String> uploadWithKms(String bucket, String keyPrefix, String certificatePem, String privateKeyPem,
            String rootCaPem, String kmsKeyId);
}
