package io.github.fleetprov.admin.internal;

import io.github.fleetprov.admin.AuthorizationFiles;
import io.github.fleetprov.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The {@link AuthorizationFiles} over an {@link S3Client}. */
public final class DefaultAuthorizationFiles implements AuthorizationFiles {

    private static final String S3 = "S3";
    private final S3Client s3;

    /**
     * Creates the facade.
     *
     * @param s3 the client
     */
    public DefaultAuthorizationFiles(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public List<String> upload(String bucket, String keyPrefix, String certificatePem, String privateKeyPem,
            String rootCaPem) {
        return put(bucket, keyPrefix, certificatePem, privateKeyPem, rootCaPem, null);
    }

    @Override
    public List<String> uploadWithKms(String bucket, String keyPrefix, String certificatePem, String privateKeyPem,
            String rootCaPem, String kmsKeyId) {
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        if (kmsKeyId.isBlank()) {
            throw new InvalidInputException("kmsKeyId", "is blank", "Give a KMS key id, alias or ARN.");
        }
        return put(bucket, keyPrefix, certificatePem, privateKeyPem, rootCaPem, kmsKeyId);
    }

    private List<String> put(String bucket, String keyPrefix, String certificatePem, String privateKeyPem,
            String rootCaPem, String kmsKeyId) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(rootCaPem, "rootCaPem");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new InvalidInputException("bucket", "'" + bucket + "' is not an S3 bucket name",
                    "Use 3 to 63 lower-case letters, digits, dots and hyphens.");
        }
        String prefix = keyPrefix.isEmpty() || keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(CERTIFICATE_FILE, certificatePem);
        files.put(PRIVATE_KEY_FILE, privateKeyPem);
        files.put(ROOT_CA_FILE, rootCaPem);
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String key = prefix + f.getKey();
            Calls.call(S3, "PutObject", "s3://" + bucket + "/" + key, () -> s3.putObject(r -> {
                r.bucket(bucket).key(key).contentType("application/x-pem-file");
                if (kmsKeyId == null) {
                    r.serverSideEncryption(ServerSideEncryption.AES256);
                } else {
                    r.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
                }
            }, RequestBody.fromString(f.getValue())));
            keys.add(key);
        }
        return keys;
    }
}
