package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.testing.MotoServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** {@link RegistryContractTest} against moto_server, plus S3 uploads, which only moto serves. */
class MotoRegistryTest extends RegistryContractTest {

    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    URI iotEndpoint() {
        return moto.endpoint();
    }

    @Override
    URI iamEndpoint() {
        return moto.endpoint();
    }

    @Test
    void authorizationFiles_areStoredEncryptedAndReadBack() {
        try (S3Client s3 = AwsStubs.s3(moto.endpoint())) {
            s3.createBucket(r -> r.bucket("edge-" + id));
            var keys = AuthorizationFiles.create(s3).upload("edge-" + id, "authorization-files/", "CERT-PEM",
                    "KEY-PEM", AmazonRootCas.pem());

            ResponseBytes<GetObjectResponse> key = s3.getObjectAsBytes(r -> r.bucket("edge-" + id).key(keys.get(1)));
            assertThat(key.asUtf8String()).isEqualTo("KEY-PEM");
            assertThat(key.response().serverSideEncryptionAsString()).isEqualTo("AES256");
            assertThat(s3.getObjectAsBytes(r -> r.bucket("edge-" + id).key(keys.get(2))).asUtf8String())
                    .contains("BEGIN CERTIFICATE");
        }
    }
}
