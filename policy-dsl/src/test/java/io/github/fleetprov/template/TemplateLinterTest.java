package io.github.fleetprov.template;

import static io.github.fleetprov.template.TemplateVectors.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.LintFinding.Severity;

/** Each linter rule, on the reference vectors where they show it and on small bodies otherwise. */
class TemplateLinterTest {

    private static final String CERT = "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":"
            + "{\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"}}}";

    private static String body(String parameters, String thingProperties, String extraResources, String config) {
        return "{\"Parameters\":{" + parameters + "},\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{"
                + thingProperties + "}}," + CERT + extraResources + "}" + (config.isEmpty() ? "" : ",\"DeviceConfiguration\":{" + config + "}")
                + "}";
    }

    private static List<String> rules(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::ruleId).toList();
    }

    @Test
    void hookTemplateOfTheDocs_undeclaredSerialNumberIsReportedAtBothRefs() {
        List<LintFinding> findings = TemplateLinter.lint(resource("provision-wo-cert-hook-template.json"));

        assertThat(findings).filteredOn(f -> f.ruleId().equals("undeclared-ref"))
                .extracting(LintFinding::pointer)
                .containsExactly("/Resources/thing/Properties/ThingName/Fn::Join/1/1/Ref",
                        "/Resources/thing/Properties/ThingTypeName/Fn::Join/1/1/Ref");
        assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(findings.get(0).message()).contains("'SerialNumber'");
        assertThat(findings.get(0).fix()).contains("\"SerialNumber\": {\"Type\": \"String\"}");
    }

    @Test
    void deviceSdkSeed_overridesForPropertiesItDoesNotSetAreWarnings() {
        List<LintFinding> findings = TemplateLinter.lint(resource("seed-device-sdk-mqtt5.json"));

        assertThat(findings).filteredOn(f -> f.ruleId().equals("override-without-property"))
                .extracting(LintFinding::pointer)
                .containsExactlyInAnyOrder("/Resources/thing/OverrideSettings/ThingTypeName",
                        "/Resources/thing/OverrideSettings/ThingGroups");
        assertThat(findings).noneMatch(f -> f.severity() == Severity.ERROR);
    }

    @Test
    void bulkTemplate_linedAsFleetTemplate_flagsTheCsr_butNotAsJitpNeither() {
        assertThat(rules(TemplateLinter.lint(resource("provision-template-bulk.json"))))
                .contains("certificate-source");
        assertThat(rules(TemplateLinter.lint(resource("provision-template-jitp.json"), TemplateType.JITP)))
                .doesNotContain("certificate-source", "undeclared-ref", "unused-parameter");
    }

    @Test
    void fleetTemplateOfTheDocs_hasNoErrors() {
        assertThat(TemplateLinter.lint(resource("provision-template-fleet.json")))
                .noneMatch(f -> f.severity() == Severity.ERROR);
    }

    @Test
    void unusedParameter_isAWarning() {
        List<LintFinding> findings = TemplateLinter.lint(body("\"N\":{\"Type\":\"String\"},\"Unused\":{\"Type\":\"String\"}",
                "\"ThingName\":{\"Ref\":\"N\"}", "", ""));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("unused-parameter");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.pointer()).isEqualTo("/Parameters/Unused");
        });
    }

    @Test
    void mergeOnThingType_isAnError() {
        String body = "{\"Parameters\":{\"N\":{\"Type\":\"String\"}},\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\","
                + "\"Properties\":{\"ThingName\":{\"Ref\":\"N\"},\"ThingTypeName\":\"t\"},\"OverrideSettings\":{\"ThingTypeName\":\"MERGE\"}},"
                + CERT + "}}";

        assertThat(TemplateLinter.lint(body)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("merge-not-allowed");
            assertThat(f.pointer()).isEqualTo("/Resources/thing/OverrideSettings/ThingTypeName");
        });
    }

    @Test
    void policyWithNeitherNameNorDocument_isAnError() {
        List<LintFinding> findings = TemplateLinter.lint(body("\"N\":{\"Type\":\"String\"}", "\"ThingName\":{\"Ref\":\"N\"}",
                ",\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{}}", ""));

        assertThat(rules(findings)).containsExactly("policy-name-or-document");
    }

    @Test
    void embeddedPolicyThatIsNotValid_isAnError() {
        List<LintFinding> findings = TemplateLinter.lint(body("\"N\":{\"Type\":\"String\"}", "\"ThingName\":{\"Ref\":\"N\"}",
                ",\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyDocument\":{\"Version\":\"2012-10-17\","
                        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":"
                        + "\"arn:aws:iot:us-east-1:123456789012:topic/a\"}]}}}", ""));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("embedded-policy-invalid");
            assertThat(f.pointer()).isEqualTo("/Resources/policy/Properties/PolicyDocument");
        });
    }

    @Test
    void subWithIotPolicyVariable_isAnError() {
        List<LintFinding> findings = TemplateLinter.lint(body("\"N\":{\"Type\":\"String\"}", "\"ThingName\":{\"Ref\":\"N\"}", "",
                "\"Topic\":{\"Fn::Sub\":\"things/${iot:Connection.Thing.ThingName}/${N}\"}"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("sub-policy-variable");
            assertThat(f.fix()).contains("${!iot:Connection.Thing.ThingName}");
        });
    }

    @Test
    void undocumentedFunction_isAnError() {
        List<LintFinding> findings = TemplateLinter.lint(body("\"N\":{\"Type\":\"String\"}",
                "\"ThingName\":{\"Ref\":\"N\"},\"ThingTypeName\":{\"Fn::GetAtt\":[\"thing\",\"Arn\"]}", "", ""));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("undocumented-function");
            assertThat(f.pointer()).isEqualTo("/Resources/thing/Properties/ThingTypeName/Fn::GetAtt");
        });
    }

    @Test
    void constantThingName_isAWarning() {
        List<LintFinding> findings = TemplateLinter.lint(body("", "\"ThingName\":{\"Fn::Join\":[\"-\",[\"a\",\"b\"]]}", "", ""));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("constant-thing-name");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void bodyOverTheLimit_isAnError() {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            config.append(i == 0 ? "" : ",").append("\"K").append(i).append("\":\"").append("x".repeat(40)).append('"');
        }

        assertThat(rules(TemplateLinter.lint(body("\"N\":{\"Type\":\"String\"}", "\"ThingName\":{\"Ref\":\"N\"}", "",
                config.toString())))).containsExactly("body-too-large");
    }

    @Test
    void unknownMappingKey_isAnError() {
        String body = "{\"Parameters\":{\"N\":{\"Type\":\"String\"}},\"Mappings\":{\"M\":{\"a\":{\"k\":\"v\"}}},"
                + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"N\"}}},"
                + CERT + "},\"DeviceConfiguration\":{\"x\":{\"Fn::FindInMap\":[\"M\",\"b\",\"k\"]}}}";

        assertThat(TemplateLinter.lint(body)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("unknown-mapping");
            assertThat(f.pointer()).isEqualTo("/DeviceConfiguration/x/Fn::FindInMap/1");
        });
    }

    @Test
    void notJson_isOneSyntaxFindingWithLineAndColumn() {
        assertThat(TemplateLinter.lint("{\n\"Resources\": [1,}\n")).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("json-syntax");
            assertThat(f.message()).startsWith("line 2, column");
        });
    }

    @Test
    void lintOfAModel_lintsWhatItWrites() {
        assertThat(rules(TemplateLinter.lint(SeedTemplateDslTest.seedTemplate())))
                .containsOnly("override-without-property", "embedded-policy/overly-broad-resource");
    }

    @Test
    void embeddedPolicy_isLintedByThePolicyLinter_atItsPlaceInTheTemplate() {
        List<LintFinding> findings = TemplateLinter.lint(resource("seed-device-sdk-mqtt5.json"));

        assertThat(findings).filteredOn(f -> f.ruleId().startsWith("embedded-policy/"))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.pointer()).startsWith("/Resources/policy/Properties/PolicyDocument/Statement/0"));
    }

    @Test
    void jitpTemplateWithDeviceConfiguration_isWarned() {
        List<LintFinding> findings = TemplateLinter.lint(resource("provision-template-fleet.json"), TemplateType.JITP);

        assertThat(findings).filteredOn(f -> f.ruleId().equals("fleet-only-section"))
                .extracting(LintFinding::pointer).containsExactly("/Mappings", "/DeviceConfiguration");
    }

    @Test
    void otherRefusals_areReportedAsTemplateInvalid() {
        String body = "{\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":\"a\","
                + "\"Colour\":\"red\"}}}}";

        assertThat(TemplateLinter.lint(body)).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("template-invalid");
            assertThat(f.message()).contains("'Colour' is not a property of AWS::IoT::Thing");
        });
    }
}
