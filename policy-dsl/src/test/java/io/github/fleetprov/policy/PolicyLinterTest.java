package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLinterTest {

    private static final PolicyContext AWS = PolicyContext.of("us-east-1", "123456789012");

    private static List<LintFinding> lintReference(String file) {
        return PolicyLinter.lint(PolicyResources.read("reference", file));
    }

    private static List<LintFinding> lintStatements(String file) {
        return PolicyLinter.lint("{\"Version\":\"2012-10-17\",\"Statement\":["
                + PolicyResources.read("statements", file) + "]}");
    }

    private static List<String> ids(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::ruleId).toList();
    }

    static java.util.stream.Stream<java.nio.file.Path> validDocuments() {
        return PolicyResources.validDocuments().stream();
    }

    /** The documentation placeholders of region and account, which the guide asks readers to replace. */
    private static final java.util.regex.Pattern PLACEHOLDERS = java.util.regex.Pattern.compile(
            "arn:aws:iot:(region|aws-region|your region):(account-id|aws-account-id|your_aws_account_id):"
                    + "|\\[ARN OF IoT Role Alias\\]");

    /** A document from the guide or a seed with its region, account and ARN placeholders filled in. */
    static String filled(String json) {
        return PLACEHOLDERS.matcher(json).replaceAll(m -> m.group().startsWith("[")
                ? "arn:aws:iot:us-east-1:123456789012:rolealias/GreengrassV2TokenExchangeRoleAlias"
                : "arn:aws:iot:us-east-1:123456789012:");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("validDocuments")
    void lint_ofDocumentAwsAccepts_hasNoErrorOnceFilledIn_andLocatesEveryFinding(java.nio.file.Path file) {
        String json = PolicyResources.read(file);
        IotPolicy policy = IotPolicy.fromJson(json);

        List<LintFinding> findings = PolicyLinter.lint(json);

        assertThat(PolicyLinter.lint(filled(json))).noneMatch(f -> f.severity() == LintFinding.Severity.ERROR);
        // As published, the only errors are the placeholders: resources that AWS IoT stores and never matches.
        assertThat(findings).filteredOn(f -> f.severity() == LintFinding.Severity.ERROR).allSatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("resource-cannot-match");
            assertThat(f.pointer()).matches("/Statement/\\d+/Resource/\\d+");
            assertThat(PLACEHOLDERS.matcher(f.message()).find()).as(f.message()).isTrue();
        });
        assertThat(findings).isEqualTo(PolicyLinter.lint(policy));
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.pointer()).startsWith("/Statement/");
            assertThat(f.fix()).isNotBlank();
        });
    }

    @Test
    void lint_whenAuditCompliantConnectPolicy_reportsOnlyThingVariableInfo() {
        List<LintFinding> findings = PolicyLinter.lint(filled(PolicyResources.read("reference",
                "audit-chk-iot-policy-permissive-1.json")));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("thing-variable-needs-clientid");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.INFO);
            assertThat(f.pointer()).isEqualTo("/Statement/0");
        });
    }

    @Test
    void lint_whenSubscribeOnTopicArn_reportsErrorAtTheAction() {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/my/topic\"}]}";

        List<LintFinding> findings = PolicyLinter.lint(json);

        assertThat(findings).first().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("subscribe-on-topic");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(f.pointer()).isEqualTo("/Statement/0/Action/0");
            assertThat(f.fix()).contains("topicfilter/my/topic");
        });
    }

    @Test
    void lint_whenSubscribeStatementAlsoListsTopicArn_reportsErrorAtTheResource() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
                        .resources(IotResource.topic("a/b"), IotResource.topicFilter("a/b")))
                .addStatement(s -> s.allow().actions(IotAction.RECEIVE).resources(IotResource.topic("a/b")))
                .build();

        assertThat(PolicyLinter.lint(policy)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("subscribe-on-topic");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/0");
        });
    }

    @Test
    void lint_whenReceiveOnTopicfilter_reportsError() {
        String json = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],"
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topicfilter/x\"}}";

        assertThat(PolicyLinter.lint(json)).extracting(LintFinding::ruleId, LintFinding::pointer)
                .contains(org.assertj.core.groups.Tuple.tuple("publish-receive-on-topicfilter", "/Statement/0/Action/0"),
                        org.assertj.core.groups.Tuple.tuple("publish-receive-on-topicfilter", "/Statement/0/Action/1"));
    }

    @Test
    void lint_whenSubscribeWithoutReceive_warns() {
        List<LintFinding> findings = lintReference("pub-sub-policy-19.json");

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("subscribe-without-receive");
            assertThat(f.pointer()).isEqualTo("/Statement/1/Resource/0");
            assertThat(f.fix()).contains("iot:Receive on arn:aws:iot:us-east-1:123456789012:topic/my/topic");
        });
        assertThat(ids(lintReference("pub-sub-policy-23.json"))).doesNotContain("subscribe-without-receive");
    }

    @Test
    void lint_whenResourceIsStarOnConnect_warnsOverlyBroad() {
        List<LintFinding> findings = PolicyLinter.lint(
                PolicyResources.read("seeds", "provisioning-by-claim-walkthrough-1.json"));

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("overly-broad-resource");
            assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/0");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.WARNING);
        });
    }

    @Test
    void lint_whenAuditNoncompliantResources_warnsOverlyBroad() {
        for (String resource : List.of("client/*", "topic/$aws/things/*/shadow/update", "topicfilter/$aws/things/*",
                "thing/*")) {
            String json = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Publish\","
                    + "\"iot:Subscribe\",\"iot:Receive\",\"iot:GetThingShadow\"],\"Resource\":[\"arn:aws:iot:us-east-1:123456789012:"
                    + resource + "\",\"*\"]}}";
            assertThat(PolicyLinter.lint(json)).as(resource)
                    .anySatisfy(f -> assertThat(f.pointer()).isEqualTo("/Statement/0/Resource/0"))
                    .allSatisfy(f -> assertThat(f.ruleId()).isEqualTo("overly-broad-resource"));
        }
    }

    @Test
    void lint_whenClientIdVariableWithoutIsAttached_warns() {
        List<LintFinding> connect = PolicyLinter.lint("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}\"}}");
        List<LintFinding> filter = lintStatements("basic-policy-variables-2.json");

        assertThat(connect).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("clientid-without-isattached");
            assertThat(f.message()).contains("like client/*");
        });
        assertThat(filter).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("clientid-without-isattached");
            assertThat(f.message()).contains("my/+/topic");
        });
    }

    @Test
    void lint_whenDenyOnTopicfilter_warnsThatHashBypassesIt() {
        List<LintFinding> findings = lintStatements("pub-sub-policy-5.json");

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("topicfilter-deny-bypass");
            assertThat(f.pointer()).isEqualTo("/Statement/1/Resource/0");
            assertThat(f.message()).contains("a/#");
            assertThat(f.fix()).contains("deny iot:Receive");
        });
    }

    @Test
    void lint_whenMqttWildcardInDeny_warns() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.deny().actions(IotAction.PUBLISH).resources(IotResource.topic("a/#")))
                .build();

        assertThat(PolicyLinter.lint(policy)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("mqtt-wildcard-in-deny");
            assertThat(f.fix()).contains("Use *");
        });
    }

    @Test
    void lint_whenThingVariablesButConnectNotPinnedToThingName_warns() {
        List<LintFinding> findings = lintReference("cert-policy-variables-2.json");
        List<LintFinding> pinned = lintReference("pub-sub-policy-1.json");

        assertThat(pinned).filteredOn(f -> f.ruleId().equals("thing-variable-needs-clientid"))
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(LintFinding.Severity.INFO));
        String unpinned = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:client/c1\"},{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:Publish\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/"
                + "${iot:Connection.Thing.ThingName}\"}]}";
        assertThat(PolicyLinter.lint(unpinned)).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("thing-variable-needs-clientid");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.WARNING);
        });
        assertThat(findings).isNotNull();
    }

    @Test
    void lint_whenOldJobsActionPrefix_suggestsIotjobsdata() {
        List<LintFinding> findings = lintReference("audit-chk-iot-policy-permissive-4.json");

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("unknown-action");
            assertThat(f.fix()).contains("iotjobsdata:DescribeJobExecution");
        });
    }

    @Test
    void lint_whenDocumentHasTrailingComma_reportsStructureErrorWithLine() {
        List<LintFinding> findings = PolicyLinter.lint(
                PolicyResources.read("invalid", "audit-chk-iot-policy-permissive-2.json"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("structure");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(f.message()).contains("line 10");
            assertThat(f.fix()).contains("trailing comma");
        });
    }

    @Test
    void lint_whenUnknownVariable_reportsErrorWithFix() {
        List<LintFinding> findings = PolicyLinter.lint(PolicyResources.read("invalid", "pub-sub-policy-14.json"));

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("unknown-variable");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(f.pointer()).isEqualTo("/Statement/1/Resource/0");
            assertThat(f.fix()).contains("${iot:Connection.Thing.ThingName}");
        });
    }

    @Test
    void lint_whenOverSizeLimit_reportsSizeError() {
        StringBuilder sb = new StringBuilder("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                + "\"Resource\":[");
        for (int i = 0; i < 40; i++) {
            sb.append(i == 0 ? "" : ",").append("\"arn:aws:iot:us-east-1:123456789012:topic/devices/sensor-")
                    .append(i).append("/telemetry\"");
        }
        sb.append("]}}");

        assertThat(PolicyLinter.lint(sb.toString())).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("size-limit");
            assertThat(f.message()).contains("2048");
        });
    }
}
