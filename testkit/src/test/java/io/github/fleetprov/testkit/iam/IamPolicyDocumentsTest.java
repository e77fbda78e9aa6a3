package io.github.fleetprov.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.internal.iam.IamPolicyDocuments;
import org.junit.jupiter.api.Test;

/** The trust and permissions policy checks of the local IAM, with the documents of the developer guide. */
class IamPolicyDocumentsTest {

    /** The trust policy of the credentials provider page (authorizing-direct-aws.md), verbatim. */
    private static final String GUIDE_TRUST = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": {\n"
            + "        \"Effect\": \"Allow\",\n        \"Principal\": {\"Service\": \"credentials.iot.amazonaws.com\"},\n"
            + "        \"Action\": \"sts:AssumeRole\"\n    }\n}";

    @Test
    void trustsService_guideTrustPolicy_trustsTheCredentialsProvider() {
        IamPolicyDocuments.checkTrustPolicy(GUIDE_TRUST);

        assertThat(IamPolicyDocuments.trustsService(GUIDE_TRUST, "credentials.iot.amazonaws.com")).isTrue();
        assertThat(IamPolicyDocuments.trustsService(GUIDE_TRUST, "iot.amazonaws.com")).isFalse();
    }

    @Test
    void trustsService_whenADenyNamesTheService_isFalse() {
        String denied = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"credentials.iot.amazonaws.com\"]},\"Action\":\"sts:*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        assertThat(IamPolicyDocuments.trustsService(denied, "credentials.iot.amazonaws.com")).isFalse();
    }

    @Test
    void checkTrustPolicy_whenStatementNamesResource_throwsMalformedPolicyDocument() {
        String withResource = GUIDE_TRUST.replace("\"Action\": \"sts:AssumeRole\"",
                "\"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"");

        assertThatThrownBy(() -> IamPolicyDocuments.checkTrustPolicy(withResource))
                .isInstanceOf(AwsApiException.class)
                .hasMessageContaining("prohibited field Resource")
                .satisfies(e -> assertThat(((AwsApiException) e).errorCode()).isEqualTo("MalformedPolicyDocument"));
    }

    @Test
    void checkPermissionsPolicy_guideGetRolePassRolePolicy_isAccepted() {
        String guide = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": {\n        \"Effect\": \"Allow\",\n"
                + "        \"Action\": [\n            \"iam:GetRole\",\n            \"iam:PassRole\"\n        ],\n"
                + "        \"Resource\": \"arn:aws:iam::123456789012:role/EdgeDeviceRole\"\n    }\n}";

        assertThat(IamPolicyDocuments.checkPermissionsPolicy(guide).path("Statement").path("Action")).hasSize(2);
    }

    @Test
    void checkPermissionsPolicy_withTrailingComma_throwsInvalidJson() {
        String trailing = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\",}]}";

        assertThatThrownBy(() -> IamPolicyDocuments.checkPermissionsPolicy(trailing))
                .isInstanceOf(AwsApiException.class)
                .hasMessageContaining("invalid Json");
    }

    @Test
    void checkPermissionsPolicy_whenEffectMisspelled_throwsMalformedPolicyDocument() {
        String misspelled = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\"}]}";

        assertThatThrownBy(() -> IamPolicyDocuments.checkPermissionsPolicy(misspelled))
                .isInstanceOf(AwsApiException.class)
                .hasMessageContaining("Effect must be Allow or Deny");
    }

    @Test
    void checkPermissionsPolicy_whenVersionUnknown_throwsMalformedPolicyDocument() {
        String version = "{\"Version\":\"2020-01-01\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";

        assertThatThrownBy(() -> IamPolicyDocuments.checkPermissionsPolicy(version))
                .isInstanceOf(AwsApiException.class)
                .hasMessageContaining("Version");
    }
}
