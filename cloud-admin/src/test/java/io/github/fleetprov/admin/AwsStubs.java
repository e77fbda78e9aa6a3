package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

/** SDK clients pointed at a local server, and AWS's wire shapes for answers. */
final class AwsStubs {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private AwsStubs() {
    }

    static StaticCredentialsProvider dummyCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "dummy-secret"));
    }

    static ClientOverrideConfiguration fastRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(AwsRetries.retryStrategy()).build();
    }

    static IotClient iot(URI endpoint) {
        return IotClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(dummyCredentials()).overrideConfiguration(fastRetries()).build();
    }

    static IotClient iot(WireMockRuntimeInfo wm) {
        return iot(URI.create(wm.getHttpBaseUrl()));
    }

    static IamClient iam(URI endpoint) {
        return IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(dummyCredentials()).overrideConfiguration(fastRetries()).build();
    }

    static IamClient iam(WireMockRuntimeInfo wm) {
        return iam(URI.create(wm.getHttpBaseUrl()));
    }

    static S3Client s3(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(dummyCredentials()).overrideConfiguration(fastRetries()).build();
    }

    /** A JSON answer as AWS IoT sends it. */
    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "0d5b9d1f-6a4c-4c8e-9a77-1b3e6f0b2a10").withBody(body);
    }

    /** A REST-JSON error: the code in {@code x-amzn-ErrorType} and in the body, as AWS IoT sends it. */
    static ResponseDefinitionBuilder iotError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", code + ":")
                .withHeader("x-amzn-RequestId", "7c3e1a52-1f0e-4c55-b8e7-2d9a6b1f0c33")
                .withBody("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    /** An IAM (query protocol) XML answer. */
    static ResponseDefinitionBuilder iamXml(String action, String resultXml) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<" + action + "Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                        + (resultXml == null ? "" : "<" + action + "Result>" + resultXml + "</" + action + "Result>")
                        + "<ResponseMetadata><RequestId>4a6f7e0e-2b1d-4c3a-9f5e-8d7c6b5a4e3f</RequestId>"
                        + "</ResponseMetadata></" + action + "Response>");
    }

    /** An IAM (query protocol) error. */
    static ResponseDefinitionBuilder iamError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
                        + "<Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                        + "<RequestId>9b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e</RequestId></ErrorResponse>");
    }

    static String roleXml(String name, String trustEncoded) {
        return "<Role><Path>/</Path><RoleName>" + name + "</RoleName><RoleId>AROAEXAMPLEID0000001</RoleId>"
                + "<Arn>arn:aws:iam::" + ACCOUNT + ":role/" + name + "</Arn>"
                + "<CreateDate>2026-11-22T00:00:00Z</CreateDate>"
                + (trustEncoded == null ? "" : "<AssumeRolePolicyDocument>" + trustEncoded + "</AssumeRolePolicyDocument>")
                + "</Role>";
    }
}
