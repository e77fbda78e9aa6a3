package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.policy.LintFinding.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules that real policies break: resource ARNs that cannot match, claim policies that cannot
 * finish provisioning, service wildcards on every resource. Each with a document that triggers it
 * and one that must not, from the AWS IoT developer guide and the seeds where possible.
 */
class PolicyLinterRulesTest {

    private static final String ACCOUNT = "123456789012";

    private static String oneStatement(String actions, String... resources) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                + ",\"Resource\":[\"" + String.join("\",\"", resources) + "\"]}]}";
    }

    private static List<LintFinding> withRule(List<LintFinding> findings, String rule) {
        return findings.stream().filter(f -> f.ruleId().equals(rule)).toList();
    }

    private static String walkthroughClaimPolicy() {
        return PolicyLinterTest.filled(PolicyResources.read("seeds", "provisioning-by-claim-walkthrough-1.json"));
    }

    // resource-cannot-match

    @Test
    void arn_whenGuidePlaceholdersAreLeftIn_isAnErrorAtTheResource() {
        List<LintFinding> findings = PolicyLinter.lint(
                PolicyResources.read("reference", "audit-chk-iot-policy-permissive-1.json"));

        assertThat(withRule(findings, "resource-cannot-match")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/0");
            assertThat(f.message()).contains("'region' is not a region");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:iot:us-east-1:12345678901:client/sensor-1|is not a 12-digit account id",
        "arn:aws:iot:us-east-1:account-id:client/sensor-1|is not a 12-digit account id",
        "arn:aws:iot:useast1:123456789012:client/sensor-1|is not a region",
        "arn:amazon:iot:us-east-1:123456789012:client/sensor-1|is not an AWS partition",
        "arn:iot:us-east-1:123456789012:client/sensor-1|5 of the 6 ARN fields",
        "arn:aws:iotcore:us-east-1:123456789012:client/sensor-1|not on the service 'iotcore'",
        "arn:aws:iot::123456789012:client/sensor-1|the region field is empty",
        "client/sensor-1|is not an ARN"})
    void arn_whenAFieldHasTheWrongShape_isAnErrorNamingTheField(String resourceAndProblem) {
        String[] parts = resourceAndProblem.split("\\|");
        String json = oneStatement("\"iot:Connect\"", "arn:aws:iot:us-east-1:" + ACCOUNT + ":client/ok", parts[0]);

        assertThat(withRule(PolicyLinter.lint(json), "resource-cannot-match")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/1");
            assertThat(f.message()).contains(parts[1]);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:iot:*:*:client/sensor-1",
        "arn:aws:iot:us-east-?:" + ACCOUNT + ":client/sensor-1",
        "arn:aws:iot:us-east-1:*",
        "arn:*:client/sensor-1",
        "arn:aws-cn:iot:cn-north-1:" + ACCOUNT + ":client/sensor-1",
        "arn:aws-us-gov:iot:us-gov-west-1:" + ACCOUNT + ":client/sensor-1",
        "arn:aws:iot:us-east-1:" + ACCOUNT + ":client/${iot:Connection.Thing.ThingName}",
        "arn:aws:iot:${iot:Connection.Thing.Attributes[region]}:" + ACCOUNT + ":client/a",
        "*"})
    void arn_whenWildcardsOrVariablesCouldMatch_isNotFlagged(String resource) {
        List<LintFinding> findings = PolicyLinter.lint(oneStatement("\"iot:Connect\"", resource));

        assertThat(withRule(findings, "resource-cannot-match")).isEmpty();
        assertThat(findings).noneMatch(f -> f.severity() == Severity.ERROR);
    }

    @Test
    void arn_whenSubscribeListsATopicBesideItsFilter_isAnErrorAtThatResource() {
        String json = oneStatement("\"iot:Subscribe\"", "arn:aws:iot:us-east-1:" + ACCOUNT + ":topicfilter/a/b",
                "arn:aws:iot:us-east-1:" + ACCOUNT + ":topic/a/b");

        assertThat(PolicyLinter.lint(json)).filteredOn(f -> f.severity() == Severity.ERROR).singleElement()
                .satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("subscribe-on-topic");
                    assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/1");
                    assertThat(f.message()).contains("iot:Subscribe on topicfilter/");
                });
    }

    @Test
    void arn_whenPublishListsATopicFilter_isAnErrorAtThatResource() {
        String json = oneStatement("\"iot:Publish\"", "arn:aws:iot:us-east-1:" + ACCOUNT + ":topic/a/b",
                "arn:aws:iot:us-east-1:" + ACCOUNT + ":topicfilter/a/b");

        assertThat(PolicyLinter.lint(json)).filteredOn(f -> f.severity() == Severity.ERROR).singleElement()
                .satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("publish-receive-on-topicfilter");
                    assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/1");
                });
    }

    @Test
    void arn_whenConnectListsAThingOrAnUnknownType_isAnErrorAtEachSuchResource() {
        String json = oneStatement("\"iot:Connect\"", "arn:aws:iot:us-east-1:" + ACCOUNT + ":client/sensor-1",
                "arn:aws:iot:us-east-1:" + ACCOUNT + ":thing/sensor-1",
                "arn:aws:iot:us-east-1:" + ACCOUNT + ":clients/sensor-1");

        assertThat(withRule(PolicyLinter.lint(json), "resource-cannot-match"))
                .extracting(LintFinding::pointer)
                .containsExactly("/Statement/0/Resource/1", "/Statement/0/Resource/2");
    }

    @Test
    void arn_whenTheStatementAlsoHasActionsOfOtherServices_acceptsTheirArns() {
        String json = oneStatement("[\"iot:Connect\",\"greengrass:GetDeployment\"]",
                "arn:aws:iot:us-east-1:" + ACCOUNT + ":client/core-1",
                "arn:aws:greengrass:us-east-1:" + ACCOUNT + ":/greengrass/groups/*");

        assertThat(withRule(PolicyLinter.lint(json), "resource-cannot-match")).isEmpty();
    }

    // claim-cannot-provision and provisioning-reply-not-received

    @Test
    void claimPolicy_fromTheWalkthrough_completesProvisioning() {
        List<LintFinding> findings = PolicyLinter.lint(walkthroughClaimPolicy(), PolicyPurpose.CLAIM);

        assertThat(findings).noneMatch(f -> f.severity() == Severity.ERROR);
        assertThat(withRule(findings, "claim-cannot-provision")).isEmpty();
        assertThat(withRule(findings, "provisioning-reply-not-received")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClaimMode.class)
    void claimPolicy_generatedForATemplate_lintsCleanAsAClaimPolicy(ClaimMode mode) {
        IotPolicy policy = ClaimPolicies.builder().templateNames("FactoryTemplate").region("us-east-1")
                .accountId(ACCOUNT).mode(mode).clientIdPattern("factory-*").build();

        assertThat(PolicyLinter.lint(policy, PolicyPurpose.CLAIM)).isEmpty();
    }

    @Test
    void claimPolicy_withoutPublishOnTheRegisterThingTopic_isAnErrorInAClaimPolicyAndAWarningElsewhere() {
        String json = walkthroughClaimPolicy().replace(
                "\"arn:aws:iot:us-east-1:123456789012:topic/$aws/certificates/create/*\",\n"
                        + "                \"arn:aws:iot:us-east-1:123456789012:topic/$aws/provisioning-templates/"
                        + "templateName/provision/*\"",
                "\"arn:aws:iot:us-east-1:123456789012:topic/$aws/certificates/create/*\",\n"
                        + "                \"arn:aws:iot:us-east-1:123456789012:topic/$aws/provisioning-templates/"
                        + "templateName/provision/json/*\"");

        List<LintFinding> asClaim = withRule(PolicyLinter.lint(json, PolicyPurpose.CLAIM), "claim-cannot-provision");
        List<LintFinding> asGeneral = withRule(PolicyLinter.lint(json), "claim-cannot-provision");

        assertThat(json).isNotEqualTo(walkthroughClaimPolicy());
        assertThat(asClaim).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("$aws/provisioning-templates/templateName/provision/json");
        });
        assertThat(asGeneral).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void claimPolicy_thatNamesNoTemplate_isAnErrorOnlyAsAClaimPolicy() {
        String devicePolicy = PolicyLinterTest.filled(PolicyResources.read("reference", "connect-policy-1.json"));

        assertThat(withRule(PolicyLinter.lint(devicePolicy, PolicyPurpose.CLAIM), "claim-cannot-provision"))
                .isNotEmpty().allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR))
                .anySatisfy(f -> assertThat(f.message()).contains("names no provisioning template"))
                .anySatisfy(f -> assertThat(f.message()).contains("cannot get its own certificate"));
        assertThat(withRule(PolicyLinter.lint(devicePolicy), "claim-cannot-provision")).isEmpty();
    }

    @Test
    void claimPolicy_whenADenyCoversTheRegisterThingTopic_cannotProvision() {
        String json = walkthroughClaimPolicy().replaceFirst("\\[\\s*\\{", java.util.regex.Matcher.quoteReplacement(
                "[{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:"
                        + "topic/$aws/provisioning-templates/*\"},{"));

        assertThat(withRule(PolicyLinter.lint(json, PolicyPurpose.CLAIM), "claim-cannot-provision")).isNotEmpty();
    }

    @Test
    void claimPolicy_subscribingToRepliesWithoutReceive_isAnErrorAtEachFilter_andAWarningElsewhere() {
        String json = walkthroughClaimPolicy().replace("\"Action\": [\"iot:Publish\",\"iot:Receive\"]",
                "\"Action\": [\"iot:Publish\"]");

        List<LintFinding> asClaim = withRule(PolicyLinter.lint(json, PolicyPurpose.CLAIM),
                "provisioning-reply-not-received");
        List<LintFinding> asGeneral = withRule(PolicyLinter.lint(json), "provisioning-reply-not-received");

        assertThat(json).isNotEqualTo(walkthroughClaimPolicy());
        assertThat(asClaim).extracting(LintFinding::pointer)
                .containsExactly("/Statement/2/Resource/0", "/Statement/2/Resource/1");
        assertThat(asClaim).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR))
                .first().satisfies(f -> assertThat(f.message()).contains("$aws/certificates/create/json/accepted"));
        assertThat(asGeneral).hasSize(2).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void claimPolicy_fromTheDeviceSdkSeed_receivesEveryReplyItSubscribesTo() {
        String json = PolicyResources.read("seeds", "device-sdk-fleet-provisioning-mqtt5-claim.json");

        assertThat(withRule(PolicyLinter.lint(json, PolicyPurpose.CLAIM), "provisioning-reply-not-received")).isEmpty();
        assertThat(withRule(PolicyLinter.lint(json, PolicyPurpose.CLAIM), "claim-cannot-provision")).isEmpty();
    }

    // overly-broad-resource for service wildcards

    @Test
    void serviceWildcard_onEveryResource_inTheGreengrassSeedPolicy_isOverlyBroad() {
        String json = PolicyLinterTest.filled(PolicyResources.read("seeds", "greengrass-fleet-provisioning-setup-1.json"));

        assertThat(withRule(PolicyLinter.lint(json), "overly-broad-resource")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/0");
            assertThat(f.message()).contains("greengrass:* with Resource *");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"*\"", "\"iot:*\"", "\"greengrass:*\"", "[\"s3:GetObject\",\"sagemaker:*\"]"})
    void serviceWildcard_ofAnyService_onEveryResource_isOverlyBroad(String actions) {
        List<LintFinding> findings = PolicyLinter.lint(oneStatement(actions, "*"));

        assertThat(withRule(findings, "overly-broad-resource")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"greengrass:GetComponentVersionArtifact\",\"greengrass:ResolveComponentCandidates\"]",
        "\"greengrass:Get*\""})
    void namedOrPartialActions_onEveryResource_areNotServiceWildcards(String actions) {
        assertThat(withRule(PolicyLinter.lint(oneStatement(actions, "*")), "overly-broad-resource")).isEmpty();
    }

    @Test
    void serviceWildcard_onScopedResources_isNotOverlyBroad() {
        String json = oneStatement("\"greengrass:*\"", "arn:aws:greengrass:us-east-1:" + ACCOUNT
                + ":/greengrass/v2/coreDevices/core-1");

        assertThat(withRule(PolicyLinter.lint(json), "overly-broad-resource")).isEmpty();
    }
}
