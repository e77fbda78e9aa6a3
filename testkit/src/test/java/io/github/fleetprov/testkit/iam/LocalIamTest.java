package io.github.fleetprov.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.internal.iam.IamRole;
import io.github.fleetprov.testkit.internal.iam.IamServer;
import io.github.fleetprov.testkit.internal.iam.IamSession;
import io.github.fleetprov.testkit.internal.iam.IamState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Drives the local IAM and STS with the AWS SDK for Java v2 clients. */
class LocalIamTest {

    private static final String ACCOUNT = "123456789012";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";
    private static final String ACCESS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket/*\"}]}";
    private static final String REGISTRATION_POLICY = "arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration";

    private static IamState state;
    private static IamServer server;
    private static IamClient iam;

    @BeforeAll
    static void start() {
        state = new IamState("aws", ACCOUNT, Clock.systemUTC());
        server = IamServer.start(state);
        iam = IamClient.builder().endpointOverride(server.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
                .build();
    }

    @AfterAll
    static void stop() {
        iam.close();
        server.close();
    }

    @Test
    void createRole_thenGetRole_returnsRoleWithUrlEncodedTrustPolicy() {
        CreateRoleResponse created = iam.createRole(r -> r.roleName("TokenExchangeRole").path("/iot/")
                .assumeRolePolicyDocument(TRUST).description("for devices").maxSessionDuration(7200)
                .tags(Tag.builder().key("team").value("fleet").build()));

        GetRoleResponse got = iam.getRole(r -> r.roleName("TokenExchangeRole"));

        assertThat(created.role().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/iot/TokenExchangeRole");
        assertThat(created.role().roleId()).startsWith("AROA").hasSize(21);
        assertThat(got.role().roleName()).isEqualTo("TokenExchangeRole");
        assertThat(got.role().path()).isEqualTo("/iot/");
        assertThat(got.role().maxSessionDuration()).isEqualTo(7200);
        assertThat(got.role().description()).isEqualTo("for devices");
        assertThat(got.role().createDate()).isNotNull();
        assertThat(got.role().tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("fleet"));
        assertThat(URLDecoder.decode(got.role().assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(TRUST);
    }

    @Test
    void createRole_whenNameTaken_throwsEntityAlreadyExists() {
        iam.createRole(r -> r.roleName("Taken").assumeRolePolicyDocument(TRUST));

        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("taken").assumeRolePolicyDocument(TRUST)))
                .isInstanceOf(EntityAlreadyExistsException.class)
                .hasMessageContaining("Role with name taken already exists")
                .satisfies(e -> assertThat(((IamException) e).statusCode()).isEqualTo(409));
    }

    @Test
    void createRole_whenTrustPolicyHasNoPrincipal_throwsMalformedPolicyDocument() {
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("NoPrincipal").assumeRolePolicyDocument(ACCESS)))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .hasMessageContaining("Principal");
    }

    @Test
    void createRole_whenTrustPolicyIsNotJson_throwsMalformedPolicyDocument() {
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("BadJson").assumeRolePolicyDocument("{\"Statement\":[}")))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .hasMessageContaining("invalid Json");
    }

    @Test
    void createRole_whenNameHasSpaces_throwsValidationError() {
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("bad name").assumeRolePolicyDocument(TRUST)))
                .isInstanceOf(IamException.class)
                .hasMessageContaining("roleName")
                .satisfies(e -> assertThat(((IamException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    }

    @Test
    void getRole_whenMissing_throwsNoSuchEntity() {
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("Nobody")))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining("The role with name Nobody cannot be found");
    }

    @Test
    void attachRolePolicy_thenList_showsPolicy_andDetachRemovesIt() {
        iam.createRole(r -> r.roleName("ProvisioningRole").assumeRolePolicyDocument(TRUST));

        iam.attachRolePolicy(r -> r.roleName("ProvisioningRole").policyArn(REGISTRATION_POLICY));
        iam.attachRolePolicy(r -> r.roleName("ProvisioningRole").policyArn(REGISTRATION_POLICY));

        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("ProvisioningRole")).attachedPolicies())
                .extracting(AttachedPolicy::policyName, AttachedPolicy::policyArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AWSIoTThingsRegistration", REGISTRATION_POLICY));

        iam.detachRolePolicy(r -> r.roleName("ProvisioningRole").policyArn(REGISTRATION_POLICY));

        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("ProvisioningRole")).attachedPolicies()).isEmpty();
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("ProvisioningRole")).isTruncated()).isFalse();
    }

    @Test
    void detachRolePolicy_whenNotAttached_throwsNoSuchEntity() {
        iam.createRole(r -> r.roleName("Bare").assumeRolePolicyDocument(TRUST));

        assertThatThrownBy(() -> iam.detachRolePolicy(r -> r.roleName("Bare").policyArn(REGISTRATION_POLICY)))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining(REGISTRATION_POLICY);
    }

    @Test
    void attachRolePolicy_whenArnIsNotAPolicyArn_throwsInvalidInput() {
        iam.createRole(r -> r.roleName("WrongArn").assumeRolePolicyDocument(TRUST));

        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("WrongArn").policyArn("arn:aws:s3:::not-a-policy")))
                .isInstanceOf(IamException.class)
                .hasMessageContaining("is not valid")
                .satisfies(e -> assertThat(((IamException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
    }

    @Test
    void attachRolePolicy_whenCustomerManagedPolicy_throwsNoSuchEntity() {
        iam.createRole(r -> r.roleName("CustomerPolicy").assumeRolePolicyDocument(TRUST));

        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("CustomerPolicy")
                .policyArn("arn:aws:iam::" + ACCOUNT + ":policy/MyPolicy")))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining("PutRolePolicy");
    }

    @Test
    void deleteRole_whenPolicyAttached_throwsDeleteConflict_andSucceedsAfterDetach() {
        iam.createRole(r -> r.roleName("Busy").assumeRolePolicyDocument(TRUST));
        iam.attachRolePolicy(r -> r.roleName("Busy").policyArn(REGISTRATION_POLICY));

        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName("Busy")))
                .isInstanceOf(DeleteConflictException.class)
                .hasMessageContaining("must detach all policies first");

        iam.detachRolePolicy(r -> r.roleName("Busy").policyArn(REGISTRATION_POLICY));
        iam.deleteRole(r -> r.roleName("Busy"));

        assertThat(state.findRole("Busy")).isEmpty();
    }

    @Test
    void putRolePolicy_storesInlinePolicy_andDeleteRoleNeedsItDeletedFirst() {
        iam.createRole(r -> r.roleName("Inline").assumeRolePolicyDocument(TRUST));

        iam.putRolePolicy(r -> r.roleName("Inline").policyName("s3-read").policyDocument(ACCESS));

        assertThat(state.getRole("Inline").inlinePolicies()).containsEntry("s3-read", ACCESS);
        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName("Inline")))
                .isInstanceOf(DeleteConflictException.class)
                .hasMessageContaining("must delete policies first");

        iam.deleteRolePolicy(r -> r.roleName("Inline").policyName("s3-read"));
        iam.deleteRole(r -> r.roleName("Inline"));

        assertThat(state.findRole("Inline")).isEmpty();
    }

    @Test
    void putRolePolicy_whenStatementHasNoResource_throwsMalformedPolicyDocument() {
        iam.createRole(r -> r.roleName("NoResource").assumeRolePolicyDocument(TRUST));
        String noResource = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}";

        assertThatThrownBy(() -> iam.putRolePolicy(r -> r.roleName("NoResource").policyName("p").policyDocument(noResource)))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .hasMessageContaining("must contain resources");
    }

    @Test
    void putRolePolicy_whenRoleMissing_throwsNoSuchEntity() {
        assertThatThrownBy(() -> iam.putRolePolicy(r -> r.roleName("Ghost").policyName("p").policyDocument(ACCESS)))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void deleteRolePolicy_whenMissing_throwsNoSuchEntity() {
        iam.createRole(r -> r.roleName("NoInline").assumeRolePolicyDocument(TRUST));

        assertThatThrownBy(() -> iam.deleteRolePolicy(r -> r.roleName("NoInline").policyName("absent")))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining("The role policy with name absent cannot be found");
    }

    @Test
    void getCallerIdentity_withStaticKeys_returnsAccountRoot() {
        try (StsClient sts = stsClient(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();

            assertThat(identity.account()).isEqualTo(ACCOUNT);
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
            assertThat(identity.userId()).isEqualTo(ACCOUNT);
        }
    }

    @Test
    void getCallerIdentity_withIssuedSessionKeys_returnsAssumedRole() {
        iam.createRole(r -> r.roleName("DeviceRole").assumeRolePolicyDocument(TRUST));
        IamRole role = state.getRole("DeviceRole");
        IamSession session = state.issueSession(role, "a1b2c3", Duration.ofHours(1));
        AwsSessionCredentials credentials = AwsSessionCredentials.create(session.accessKeyId(),
                session.secretAccessKey(), session.sessionToken());

        try (StsClient sts = stsClient(StaticCredentialsProvider.create(credentials))) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();

            assertThat(identity.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/DeviceRole/a1b2c3");
            assertThat(identity.userId()).isEqualTo(role.roleId() + ":a1b2c3");
        }
    }

    @Test
    void issuedSession_toString_hidesSecrets() {
        IamRole role = state.createRole("Printed", null, TRUST, null, null, java.util.Map.of());
        IamSession session = state.issueSession(role, "cert", Duration.ofMinutes(15));

        assertThat(session.toString()).contains(session.accessKeyId())
                .doesNotContain(session.secretAccessKey()).doesNotContain(session.sessionToken());
    }

    private static StsClient stsClient(StaticCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }
}
