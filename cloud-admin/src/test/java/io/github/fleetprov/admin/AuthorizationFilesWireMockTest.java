package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.fleetprov.core.InvalidInputException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

@WireMockTest
class AuthorizationFilesWireMockTest {

    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAsecret\n-----END PRIVATE KEY-----\n";

    private static void stubPut() {
        stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"9b2cf535f27731c974343645a3985328\"")
                .withHeader("x-amz-server-side-encryption", "AES256")));
    }

    @Test
    void upload_writesThreeFilesUnderPrefixWithSseS3(WireMockRuntimeInfo wm) {
        stubPut();

        try (S3Client s3 = AwsStubs.s3(URI.create(wm.getHttpBaseUrl()))) {
            var keys = AuthorizationFiles.create(s3).upload("edge-bucket", "authorization-files", "CERT", KEY, "ROOT");

            assertThat(keys).containsExactly("authorization-files/device.pem.crt",
                    "authorization-files/private.pem.key", "authorization-files/AmazonRootCA1.pem");
        }
        verify(putRequestedFor(urlPathEqualTo("/edge-bucket/authorization-files/private.pem.key"))
                .withHeader("x-amz-server-side-encryption", equalTo("AES256"))
                .withRequestBody(containing(KEY)));
        verify(putRequestedFor(urlPathEqualTo("/edge-bucket/authorization-files/device.pem.crt"))
                .withHeader("x-amz-server-side-encryption", equalTo("AES256")));
    }

    @Test
    void uploadWithKms_sendsKmsKeyId(WireMockRuntimeInfo wm) {
        stubPut();

        try (S3Client s3 = AwsStubs.s3(URI.create(wm.getHttpBaseUrl()))) {
            AuthorizationFiles.create(s3).uploadWithKms("edge-bucket", "", "CERT", KEY, "ROOT", "alias/edge");
        }
        verify(putRequestedFor(urlPathEqualTo("/edge-bucket/private.pem.key"))
                .withHeader("x-amz-server-side-encryption", equalTo("aws:kms"))
                .withHeader("x-amz-server-side-encryption-aws-kms-key-id", equalTo("alias/edge")));
    }

    @Test
    void upload_whenBucketNameInvalid_throwsNamingFieldWithoutShowingKey(WireMockRuntimeInfo wm) {
        try (S3Client s3 = AwsStubs.s3(URI.create(wm.getHttpBaseUrl()))) {
            AuthorizationFiles files = AuthorizationFiles.create(s3);

            assertThatThrownBy(() -> files.upload("Bad_Bucket", "p", "CERT", KEY, "ROOT"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("bucket: 'Bad_Bucket' is not an S3 bucket name")
                    .hasMessageNotContaining("secret");
        }
    }
}
