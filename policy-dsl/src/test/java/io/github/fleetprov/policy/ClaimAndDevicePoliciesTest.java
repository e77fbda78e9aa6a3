package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.iam.IamPolicies;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

class ClaimAndDevicePoliciesTest {

    private static final PolicyContext AWS = PolicyContext.of("us-east-1", "123456789012");

    private static IotPolicy claim(ClaimMode mode) {
        return ClaimPolicies.builder().templateNames("FactoryTemplate").region("us-east-1")
                .accountId("123456789012").mode(mode).clientIdPattern("factory-*").build();
    }

    @ParameterizedTest
    @EnumSource(ClaimMode.class)
    void claimPolicy_lintsClean(ClaimMode mode) {
        assertThat(PolicyLinter.lint(claim(mode))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClaimMode.class)
    void claimPolicy_allowsEveryProvisioningStep_andDeniesNeighbours(ClaimMode mode) {
        PolicyEvaluator evaluator = PolicyEvaluator.of(claim(mode));
        ConnectionContext device = ConnectionContext.ofClientId("factory-0042");

        assertThat(evaluator.evaluate(AuthorizationRequest.connect(AWS, device)).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.connect(AWS, ConnectionContext.ofClientId("laptop")))
                .isAllowed()).isFalse();
        List<String> steps = ClaimPolicies.requestTopics(mode, "FactoryTemplate", "json");
        for (String request : steps) {
            for (String reply : List.of("/accepted", "/rejected")) {
                assertThat(evaluator.evaluate(AuthorizationRequest.subscribe(AWS, request + reply, device)).isAllowed())
                        .as("subscribe " + request + reply).isTrue();
                assertThat(evaluator.evaluate(AuthorizationRequest.receive(AWS, request + reply, device)).isAllowed())
                        .as("receive " + request + reply).isTrue();
            }
            assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, request, device)).isAllowed())
                    .as("publish " + request).isTrue();
        }
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS,
                "$aws/provisioning-templates/OtherTemplate/provision/json", device)).isAllowed()).isFalse();
        assertThat(evaluator.evaluate(AuthorizationRequest.subscribe(AWS,
                "$aws/provisioning-templates/OtherTemplate/provision/json/accepted", device)).isAllowed()).isFalse();
        assertThat(evaluator.evaluate(AuthorizationRequest.subscribe(AWS,
                "$aws/provisioning-templates/+/provision/json/accepted", device)).isAllowed()).isFalse();
        assertThat(evaluator.evaluate(AuthorizationRequest.subscribe(AWS, "$aws/certificates/#", device))
                .isAllowed()).isFalse();
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "$aws/things/x/shadow/update", device))
                .isAllowed()).isFalse();
    }

    @Test
    void claimPolicy_csrModeDeniesCreateKeysAndCertificate() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(claim(ClaimMode.CSR));
        ConnectionContext device = ConnectionContext.ofClientId("factory-1");

        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "$aws/certificates/create/json", device))
                .isAllowed()).isFalse();
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "$aws/certificates/create-from-csr/json",
                device)).isAllowed()).isTrue();
    }

    @Test
    void claimPolicy_withCborAndTwoTemplates_coversBoth() {
        IotPolicy policy = ClaimPolicies.builder().templateNames("A", "B").context(AWS).mode(ClaimMode.CSR)
                .formats("cbor").clientIdPattern("sn-????????").build();
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        ConnectionContext device = ConnectionContext.ofClientId("sn-12345678");

        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "$aws/provisioning-templates/B/provision/cbor",
                device)).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.connect(AWS, ConnectionContext.ofClientId("sn-1")))
                .isAllowed()).isFalse();
        assertThat(PolicyLinter.lint(policy)).isEmpty();
    }

    @Test
    void claimPolicy_badInputsAreRefusedWithFieldAndFix() {
        assertThatThrownBy(() -> ClaimPolicies.builder().templateNames("bad name").context(AWS)
                .clientIdPattern("f-*").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("templateNames")
                .hasMessageContaining("1 to 36");
        assertThatThrownBy(() -> ClaimPolicies.builder().templateNames("T").context(AWS).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("clientIdPattern");
        assertThatThrownBy(() -> ClaimPolicies.builder().templateNames("T").context(AWS).clientIdPattern("*").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("any client id");
        assertThatThrownBy(() -> ClaimPolicies.builder().templateNames("T").accountId("123456789012")
                .clientIdPattern("a*").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> ClaimPolicies.builder().templateNames("A", "B").context(AWS).mode(ClaimMode.BOTH)
                .formats("json", "cbor").clientIdPattern("f-*").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("2048")
                .hasMessageContaining("fewer templates");
        assertThatThrownBy(() -> ClaimPolicies.builder().formats("xml"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("json or cbor");
    }

    @Test
    void devicePolicy_scopesEverythingToTheOwnThing() {
        IotPolicy policy = DevicePolicies.builder(AWS).telemetryAndCommands("devices").shadow().jobs().build();
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        ConnectionContext t1 = ConnectionContext.builder().clientId("t1").thingName("t1").build();

        assertThat(evaluator.evaluate(AuthorizationRequest.connect(AWS, t1)).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "devices/t1/telemetry", t1)).isAllowed())
                .isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "devices/t2/telemetry", t1)).isAllowed())
                .isFalse();
        assertThat(evaluator.evaluate(AuthorizationRequest.subscribe(AWS, "devices/t1/commands/#", t1)).isAllowed())
                .isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.receive(AWS, "devices/t1/commands/reboot", t1))
                .isAllowed()).isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "$aws/things/t1/shadow/update", t1))
                .isAllowed()).isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "$aws/things/t2/shadow/update", t1))
                .isAllowed()).isFalse();
        assertThat(evaluator.evaluate(IotAction.GET_PENDING_JOB_EXECUTIONS, AWS.thing("t1").value(), t1).isAllowed())
                .isTrue();
        ConnectionContext unattached = ConnectionContext.ofClientId("t1");
        assertThat(evaluator.evaluate(AuthorizationRequest.connect(AWS, unattached)).isAllowed()).isFalse();
        assertThat(PolicyLinter.lint(policy)).allSatisfy(f -> assertThat(f.severity())
                .isEqualTo(LintFinding.Severity.INFO));
    }

    @Test
    void greengrassCorePolicy_allowsTokenExchangeAndOwnTopics() {
        IotPolicy policy = DevicePolicies.greengrassCore(AWS, "GGV2WSTokenExchangeRoleAlias");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        ConnectionContext core = ConnectionContext.builder().clientId("core1").thingName("core1").build();

        assertThat(evaluator.evaluate(IotAction.ASSUME_ROLE_WITH_CERTIFICATE,
                AWS.roleAlias("GGV2WSTokenExchangeRoleAlias").value(), core).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.publish(AWS, "$aws/things/core1/greengrass/health/json",
                core)).isAllowed()).isTrue();
        assertThat(PolicyLinter.lint(policy)).allSatisfy(f -> assertThat(f.severity())
                .isEqualTo(LintFinding.Severity.INFO));
    }

    @Test
    void roleAliasPolicy_allowsAssumeRoleWithCertificateOnlyOnThatAlias() {
        IotPolicy policy = IotPolicies.assumeRoleWithCertificate(
                "arn:aws:iot:us-east-1:123456789012:rolealias/GGV2WSTokenExchangeRoleAlias");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        ConnectionContext c = ConnectionContext.ofClientId("c");

        assertThat(policy).isEqualTo(IotPolicy.fromJson(PolicyResources.read("seeds",
                "greengrass-fleet-provisioning-setup-2.json")).copy(b -> b.statements(List.of(
                        IotPolicy.fromJson(PolicyResources.read("seeds", "greengrass-fleet-provisioning-setup-2.json"))
                                .statements().get(1)))));
        assertThat(evaluator.evaluate(IotAction.ASSUME_ROLE_WITH_CERTIFICATE,
                AWS.roleAlias("GGV2WSTokenExchangeRoleAlias").value(), c).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(IotAction.ASSUME_ROLE_WITH_CERTIFICATE, AWS.roleAlias("Other").value(), c)
                .isAllowed()).isFalse();
        assertThatThrownBy(() -> IotPolicies.assumeRoleWithCertificate("arn:aws:iam::123456789012:role/x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("roleAliasArn");
    }

    @Test
    void iamPresets_matchTheTrustPoliciesOfTheSeeds() {
        IamPolicy tokenExchange = IamPolicy.fromJson(PolicyResources.read("iam", "authorizing-direct-aws-1.json"));
        IamPolicy provisioning = IamPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":"
                + "\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"iot.amazonaws.com\"}}]}");

        assertThat(IamPolicies.tokenExchangeRoleTrust().statements()).isEqualTo(tokenExchange.statements());
        assertThat(IamPolicies.fleetProvisioningRoleTrust().statements()).isEqualTo(provisioning.statements());
        assertThat(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN)
                .isEqualTo("arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration");
        assertThat(IamPolicies.greengrassTokenExchangeAccess().toJson()).contains("logs:PutLogEvents");
        assertThat(IamPolicies.passRole("arn:aws:iam::123456789012:role/Prov").toJson()).contains("iam:PassRole");
        assertThatThrownBy(() -> IamPolicies.passRole("role/Prov"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("roleArn");
    }
}
