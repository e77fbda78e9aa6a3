package io.github.fleetprov.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.internal.iam.IamServer;
import io.github.fleetprov.testkit.internal.iam.IamState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Inline role policies and trust policy updates on the local IAM (GetRolePolicy, ListRolePolicies,
 * UpdateAssumeRolePolicy), driven with the AWS SDK for Java v2 {@code IamClient}.
 */
class IamRolePoliciesTest {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";
    private static final String OTHER_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"credentials.iot.amazonaws.com\",\"iot.amazonaws.com\"]},"
            + "\"Action\":\"sts:AssumeRole\"}]}";
    private static final String ACCESS = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
            + "\"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bucket/*\"}]}";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static IamServer server;
    private static IamClient iam;

    @BeforeAll
    static void start() {
        server = IamServer.start(new IamState("aws", "123456789012", Clock.systemUTC()));
        iam = IamClient.builder().endpointOverride(server.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
                .build();
    }

    @AfterAll
    static void stop() {
        iam.close();
        server.close();
    }

    private static String newRole() {
        String name = "Role" + NAMES.incrementAndGet();
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
        return name;
    }

    private static int statusOf(Throwable e) {
        return ((IamException) e).statusCode();
    }

    private static String codeOf(Throwable e) {
        return ((IamException) e).awsErrorDetails().errorCode();
    }

    @Test
    void getRolePolicy_returnsNamesAndUrlEncodedDocument() {
        String role = newRole();
        iam.putRolePolicy(r -> r.roleName(role).policyName("s3-read").policyDocument(ACCESS));

        GetRolePolicyResponse got = iam.getRolePolicy(r -> r.roleName(role).policyName("s3-read"));

        assertThat(got.roleName()).isEqualTo(role);
        assertThat(got.policyName()).isEqualTo("s3-read");
        assertThat(got.policyDocument()).doesNotContain("{", " ", "\"").contains("%7B", "%20", "%22");
        assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(ACCESS);
    }

    @Test
    void getRolePolicy_afterPutRolePolicyReplacesIt_returnsTheNewDocument() {
        String role = newRole();
        String replaced = ACCESS.replace("s3:GetObject", "s3:PutObject");
        iam.putRolePolicy(r -> r.roleName(role).policyName("access").policyDocument(ACCESS));
        iam.putRolePolicy(r -> r.roleName(role).policyName("access").policyDocument(replaced));

        GetRolePolicyResponse got = iam.getRolePolicy(r -> r.roleName(role).policyName("access"));

        assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(replaced);
    }

    @Test
    void getRolePolicy_whenPolicyMissing_throwsNoSuchEntity404() {
        String role = newRole();

        assertThatThrownBy(() -> iam.getRolePolicy(r -> r.roleName(role).policyName("absent")))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining("The role policy with name absent cannot be found")
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("NoSuchEntity"));
    }

    @Test
    void getRolePolicy_whenRoleMissing_throwsNoSuchEntity404() {
        assertThatThrownBy(() -> iam.getRolePolicy(r -> r.roleName("NoSuchRole").policyName("any")))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining("The role with name NoSuchRole cannot be found")
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }

    @Test
    void getRolePolicy_whenPolicyNameInvalid_throwsValidationError400() {
        String role = newRole();

        assertThatThrownBy(() -> iam.getRolePolicy(r -> r.roleName(role).policyName("bad name")))
                .isInstanceOf(IamException.class)
                .hasMessageContaining("policyName")
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(400))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("ValidationError"));
    }

    @Test
    void listRolePolicies_returnsInlinePolicyNamesInAlphabeticalOrder() {
        String role = newRole();
        for (String name : List.of("zeta", "alpha", "mid")) {
            iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(ACCESS));
        }

        ListRolePoliciesResponse listed = iam.listRolePolicies(r -> r.roleName(role));

        assertThat(listed.policyNames()).containsExactly("alpha", "mid", "zeta");
        assertThat(listed.isTruncated()).isFalse();
        assertThat(listed.marker()).isNull();
    }

    @Test
    void listRolePolicies_withMaxItems_pagesWithMarker() {
        String role = newRole();
        for (String name : List.of("a", "b", "c")) {
            iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(ACCESS));
        }

        ListRolePoliciesResponse first = iam.listRolePolicies(r -> r.roleName(role).maxItems(2));
        ListRolePoliciesResponse second = iam.listRolePolicies(r -> r.roleName(role).maxItems(2).marker(first.marker()));
        List<String> paged = new ArrayList<>();
        iam.listRolePoliciesPaginator(r -> r.roleName(role).maxItems(1)).policyNames().forEach(paged::add);

        assertThat(first.policyNames()).containsExactly("a", "b");
        assertThat(first.isTruncated()).isTrue();
        assertThat(second.policyNames()).containsExactly("c");
        assertThat(second.isTruncated()).isFalse();
        assertThat(paged).containsExactly("a", "b", "c");
    }

    @Test
    void listRolePolicies_whenRoleHasNone_returnsEmptyList() {
        String role = newRole();

        assertThat(iam.listRolePolicies(r -> r.roleName(role)).policyNames()).isEmpty();
    }

    @Test
    void listRolePolicies_whenRoleMissing_throwsNoSuchEntity404() {
        assertThatThrownBy(() -> iam.listRolePolicies(r -> r.roleName("Missing")))
                .isInstanceOf(NoSuchEntityException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }

    @Test
    void listRolePolicies_whenMaxItemsAbove1000_throwsValidationError() {
        String role = newRole();

        assertThatThrownBy(() -> iam.listRolePolicies(r -> r.roleName(role).maxItems(1001)))
                .isInstanceOf(IamException.class)
                .hasMessageContaining("maxItems")
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("ValidationError"));
    }

    @Test
    void updateAssumeRolePolicy_replacesTheTrustPolicyGetRoleReturns() {
        String role = newRole();

        iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(OTHER_TRUST));

        String trust = iam.getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument();
        assertThat(URLDecoder.decode(trust, StandardCharsets.UTF_8)).isEqualTo(OTHER_TRUST);
    }

    @Test
    void updateAssumeRolePolicy_whenDocumentMalformed_throwsMalformedPolicyDocument400AndKeepsOldPolicy() {
        String role = newRole();

        assertThatThrownBy(() -> iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument("{not json")))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(400));
        String trust = iam.getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument();
        assertThat(URLDecoder.decode(trust, StandardCharsets.UTF_8)).isEqualTo(TRUST);
    }

    @Test
    void updateAssumeRolePolicy_whenRoleMissing_throwsNoSuchEntity404() {
        assertThatThrownBy(() -> iam.updateAssumeRolePolicy(r -> r.roleName("Gone").policyDocument(TRUST)))
                .isInstanceOf(NoSuchEntityException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }
}
