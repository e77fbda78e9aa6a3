package io.github.fleetprov.template;

import static io.github.fleetprov.template.TemplateVectors.CERTIFICATE_ID;
import static io.github.fleetprov.template.TemplateVectors.FOO_BAR_POLICY;
import static io.github.fleetprov.template.TemplateVectors.SEED_POLICY;
import static io.github.fleetprov.template.TemplateVectors.resource;
import static io.github.fleetprov.template.TemplateVectors.tree;
import static io.github.fleetprov.template.TemplateVectors.withPolicyDocumentsNormalized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;

/**
 * Every template of the reference pages and the seeds: it reads, it writes back to the same JSON
 * tree (policy documents aside, which are re-encoded as AWS requires), and it evaluates to the plan
 * written out here.
 */
class ReferenceTemplatesTest {

    private static final CertificateContext FLEET_CERTIFICATE = CertificateContext.of(CERTIFICATE_ID);

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "provision-template-bulk.json, FLEET_PROVISIONING",
        "provision-template-jitp.json, JITP",
        "provision-template-fleet.json, FLEET_PROVISIONING",
        "jit-provisioning-template.json, JITP",
        "seed-device-sdk-mqtt5.json, FLEET_PROVISIONING",
        "seed-device-sdk-mqtt5-single-line.json, FLEET_PROVISIONING",
        "seed-provisioning-by-claim.json, FLEET_PROVISIONING",
    })
    void fromJson_thenToJson_givesTheSameTreeAndTheSameModel(String file, TemplateType type) {
        String original = resource(file);

        ProvisioningTemplate template = ProvisioningTemplate.fromJson(original, type);
        String written = template.toJson();

        assertThat(withPolicyDocumentsNormalized(written)).isEqualTo(withPolicyDocumentsNormalized(original));
        assertThat(ProvisioningTemplate.fromJson(written, type)).isEqualTo(template);
        assertThat(ProvisioningTemplate.fromJson(template.toJson(true), type)).isEqualTo(template);
        assertThat(template.type()).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource({"provision-template-bulk.json", "provision-template-fleet.json", "seed-device-sdk-mqtt5.json"})
    void toJson_writesPolicyDocumentsAsEscapedStrings(String file) {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource(file));

        assertThat(tree(template.toJson()).at("/Resources/policy/Properties/PolicyDocument").isTextual()).isTrue();
    }

    @Test
    void jitRegistrationConfig_templateBodyWithCrLfEscapes_readsAsTheJitpExample() {
        String templateBody = tree(resource("jit-provisioning-registration-config.json")).get("templateBody").textValue();

        ProvisioningTemplate fromConfig = ProvisioningTemplate.fromJson(templateBody, TemplateType.JITP);

        assertThat(fromConfig).isEqualTo(ProvisioningTemplate.fromJson(resource("jit-provisioning-template.json"), TemplateType.JITP));
        assertThat(fromConfig).isEqualTo(ProvisioningTemplate.fromJson(resource("provision-template-jitp.json"), TemplateType.JITP));
    }

    @Test
    void evaluate_bulkTemplate_usesDefaultLocationAndTheCsr() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("provision-template-bulk.json"));
        String csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
                Map.of("ThingName", "lightbulb-1", "SerialNumber", "SN-123", "CSR", csr), FLEET_CERTIFICATE);

        assertThat(plan).isEqualTo(ProvisioningPlan.builder()
                .thingName("lightbulb-1")
                .attribute("version", "v1")
                .attribute("serialNumber", "SN-123")
                .thingTypeName("lightBulb-versionA")
                .addThingGroup("v1-lightbulbs")
                .addThingGroup("WA")
                .certificateSigningRequest(csr)
                .certificateStatus(CertificateStatus.ACTIVE)
                .addPolicy(PlannedPolicy.document("policy", IotPolicy.fromJson(FOO_BAR_POLICY)))
                .parameter("ThingName", "lightbulb-1")
                .parameter("SerialNumber", "SN-123")
                .parameter("Location", "WA")
                .parameter("CSR", csr)
                .build());
    }

    @Test
    void evaluate_bulkTemplate_requestValueReplacesDefault() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("provision-template-bulk.json"));

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
                Map.of("ThingName", "lightbulb-2", "SerialNumber", "SN-2", "CSR", "csr", "Location", "OR"), FLEET_CERTIFICATE);

        assertThat(plan.thingGroups()).containsExactly("v1-lightbulbs", "OR");
        assertThat(plan.parameters()).containsEntry("Location", "OR");
    }

    @Test
    void evaluate_jitpTemplate_takesParametersFromTheCertificateSubject() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("jit-provisioning-template.json"), TemplateType.JITP);
        X509Certificate certificate = deviceCertificate(Subject.builder()
                .commonName("lightbulb-7").serialNumber("SN-7").country("US").organization("Example Corp").build());
        String certificateId = Certificates.awsCertificateId(certificate);

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template, Map.of(), CertificateContext.of(certificateId, certificate));

        assertThat(plan).isEqualTo(ProvisioningPlan.builder()
                .templateType(TemplateType.JITP)
                .thingName("lightbulb-7")
                .attribute("version", "v1")
                .attribute("serialNumber", "SN-7")
                .thingTypeName("lightBulb-versionA")
                .addThingGroup("v1-lightbulbs")
                .addThingGroup("US")
                .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE)
                .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE)
                .override(OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING)
                .override(OverrideProperty.STATUS, OverrideAction.DO_NOTHING)
                .certificateId(certificateId)
                .certificateStatus(CertificateStatus.ACTIVE)
                .addPolicy(PlannedPolicy.document("policy", IotPolicy.fromJson(FOO_BAR_POLICY)))
                .parameter("AWS::IoT::Certificate::CommonName", "lightbulb-7")
                .parameter("AWS::IoT::Certificate::SerialNumber", "SN-7")
                .parameter("AWS::IoT::Certificate::Country", "US")
                .parameter("AWS::IoT::Certificate::Id", certificateId)
                .build());
    }

    @Test
    void evaluate_jitpTemplate_whenCertificateLacksADeclaredField_isRejected() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("jit-provisioning-template.json"), TemplateType.JITP);
        X509Certificate certificate = deviceCertificate(Subject.builder().commonName("lightbulb-8").serialNumber("SN-8").build());

        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of(),
                CertificateContext.of(Certificates.awsCertificateId(certificate), certificate)))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("[AWS::IoT::Certificate::Country]")
                .satisfies(e -> assertThat(((TemplateEvaluationException) e).errorCode()).isEqualTo("InvalidParameters"));
    }

    @Test
    void evaluate_jitpTemplate_whenCertificateLacksAFieldWithADefault_takesTheDefault() {
        String body = resource("jit-provisioning-template.json").replaceFirst(
                "(\"AWS::IoT::Certificate::Country\"\\s*:\\s*\\{\\s*\"Type\"\\s*:\\s*\"String\")",
                "$1, \"Default\": \"DE\"");
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(body, TemplateType.JITP);
        X509Certificate withoutCountry = deviceCertificate(Subject.builder().commonName("lightbulb-9").serialNumber("SN-9").build());
        X509Certificate withCountry = deviceCertificate(Subject.builder().commonName("lightbulb-10").serialNumber("SN-10")
                .country("US").build());

        ProvisioningPlan defaulted = TemplateEvaluator.evaluate(template, Map.of(),
                CertificateContext.of(Certificates.awsCertificateId(withoutCountry), withoutCountry));
        ProvisioningPlan fromCertificate = TemplateEvaluator.evaluate(template, Map.of(),
                CertificateContext.of(Certificates.awsCertificateId(withCountry), withCountry));

        assertThat(template.parameters().get("AWS::IoT::Certificate::Country").defaultValue()).contains("DE");
        assertThat(defaulted.parameters()).containsEntry("AWS::IoT::Certificate::Country", "DE");
        assertThat(defaulted.thingGroups()).contains("DE");
        assertThat(fromCertificate.parameters()).containsEntry("AWS::IoT::Certificate::Country", "US");
    }

    @Test
    void evaluate_fleetExample_resolvesJoinMappingAndPseudoParameter() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("provision-template-fleet.json"));

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
                Map.of("ThingName", "MyLightBulb", "SerialNumber", "1", "DeviceLocation", "Seattle"), FLEET_CERTIFICATE);

        assertThat(plan).isEqualTo(ProvisioningPlan.builder()
                .thingName("MyLightBulb")
                .attribute("version", "v1")
                .attribute("serialNumber", "serialNumber")
                .thingTypeName("ThingPrefix_1")
                .addThingGroup("v1-lightbulbs")
                .addThingGroup("WA")
                .billingGroup("LightBulbBillingGroup")
                .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE)
                .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE)
                .override(OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING)
                .certificateId(CERTIFICATE_ID)
                .certificateStatus(CertificateStatus.ACTIVE)
                .addPolicy(PlannedPolicy.document("policy", IotPolicy.fromJson(FOO_BAR_POLICY)))
                .deviceConfiguration("FallbackUrl", "https://www.example.com/test-site")
                .deviceConfiguration("LocationUrl", "https://example.aws")
                .parameter("ThingName", "MyLightBulb")
                .parameter("SerialNumber", "1")
                .parameter("DeviceLocation", "Seattle")
                .parameter("AWS::IoT::Certificate::Id", CERTIFICATE_ID)
                .build());
    }

    @Test
    void evaluate_claimWalkthroughSeed_givesTheSamePlanAsTheFleetExample() {
        Map<String, String> parameters = Map.of("ThingName", "MyLightBulb", "SerialNumber", "1", "DeviceLocation", "Seattle");

        assertThat(TemplateEvaluator.evaluate(ProvisioningTemplate.fromJson(resource("seed-provisioning-by-claim.json")),
                parameters, FLEET_CERTIFICATE))
                .isEqualTo(TemplateEvaluator.evaluate(ProvisioningTemplate.fromJson(resource("provision-template-fleet.json")),
                        parameters, FLEET_CERTIFICATE));
    }

    @Test
    void evaluate_fleetExample_whenLocationIsNotInTheMapping_isRejectedNamingTheKey() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("provision-template-fleet.json"));

        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template,
                Map.of("ThingName", "MyLightBulb", "SerialNumber", "1", "DeviceLocation", "Paris"), FLEET_CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("Fn::FindInMap at /DeviceConfiguration/LocationUrl: key 'Paris' is not in mapping "
                        + "'LocationTable' (keys: [Seattle])")
                .satisfies(e -> {
                    TemplateEvaluationException t = (TemplateEvaluationException) e;
                    assertThat(t.errorCode()).isEqualTo("InvalidParameters");
                    assertThat(t.statusCode()).isEqualTo(400);
                    assertThat(t.pointer()).isEqualTo("/DeviceConfiguration/LocationUrl/Fn::FindInMap/1");
                });
    }

    @Test
    void evaluate_deviceSdkSeed_withTheSampleParameters_givesTheSeedPlan() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("seed-device-sdk-mqtt5.json"));

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
                Map.of("SerialNumber", "1", "DeviceLocation", "Seattle"), FLEET_CERTIFICATE);

        assertThat(plan).isEqualTo(ProvisioningPlan.builder()
                .thingName("ThingPrefix_1")
                .attribute("version", "v1")
                .attribute("serialNumber", "serialNumber")
                .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE)
                .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE)
                .override(OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING)
                .override(OverrideProperty.STATUS, OverrideAction.REPLACE)
                .certificateId(CERTIFICATE_ID)
                .certificateStatus(CertificateStatus.ACTIVE)
                .addPolicy(PlannedPolicy.document("policy", IotPolicy.fromJson(SEED_POLICY)))
                .deviceConfiguration("FallbackUrl", "https://www.example.com/test-site")
                .deviceConfiguration("LocationUrl", "https://example.aws")
                .parameter("DeviceLocation", "Seattle")
                .parameter("AWS::IoT::Certificate::Id", CERTIFICATE_ID)
                .parameter("SerialNumber", "1")
                .build());
        assertThat(plan.policies().get(0).effectiveName()).hasSize(64);
    }

    @Test
    void evaluate_deviceSdkSeed_withoutSerialNumber_isRejectedNamingIt() {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(resource("seed-device-sdk-mqtt5.json"));

        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("DeviceLocation", "Seattle"), FLEET_CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("Missing parameters [SerialNumber]: they have no Default and the request does not carry them");
    }

    @Test
    void fromJson_hookTemplateOfTheDocs_isRejectedBecauseSerialNumberIsNotDeclared() {
        String body = resource("provision-wo-cert-hook-template.json");
        int thingNameLine = lineOf(body, "\"ThingName\" : {\"Fn::Join\"");

        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(body))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("undeclared parameter 'SerialNumber'")
                .hasMessageContaining("line " + thingNameLine)
                .satisfies(e -> {
                    TemplateParseException p = (TemplateParseException) e;
                    assertThat(p.pointer()).isEqualTo("/Resources/thing/Properties/ThingName/Fn::Join/1/1/Ref");
                    assertThat(p.line()).isEqualTo(thingNameLine);
                    assertThat(p.column()).isPositive();
                });
    }

    @Test
    void evaluate_hookTemplateWithSerialNumberDeclared_hookOverridesTheLocation() {
        String body = resource("provision-wo-cert-hook-template.json")
                .replace("\"DeviceLocation\": {", "\"SerialNumber\": {\"Type\": \"String\"},\n        \"DeviceLocation\": {");
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(body);
        HookRequest request = HookRequest.builder()
                .claimCertificateId("claim").certificateId(CERTIFICATE_ID).certificatePem("-----BEGIN CERTIFICATE-----")
                .templateArn("arn:aws:iot:us-east-1:1234567890:provisioningtemplate/MyTemplate")
                .clientId("221a6d10-9c7f-42f1-9153-e52e6fc869c1")
                .parameter("SerialNumber", "42")
                .build();

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template, request,
                r -> HookResponse.allow(Map.of("DeviceLocation", "Seattle")),
                FLEET_CERTIFICATE);

        assertThat(plan.thingName()).contains("ThingPrefix_42");
        assertThat(plan.thingTypeName()).contains("ThingTypePrefix_42");
        assertThat(plan.thingGroups()).containsExactly("widgets", "WA");
        assertThat(plan.billingGroup()).contains("BillingGroup");
        assertThat(plan.deviceConfiguration()).containsEntry("LocationUrl", "https://example.aws");
        assertThat(plan.policies()).containsExactly(PlannedPolicy.document("policy", IotPolicy.fromJson(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\"],"
                        + "\"Resource\":[\"arn:aws:iot:us-east-1:504350838278:topic/foo/bar\"]}]}")));
    }

    @Test
    void parametersSnippetOfTheDocs_aloneIsNotATemplate() {
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(resource("provision-template-parameters-snippet.json")))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("the Resources section is missing");
    }

    @Test
    void resourcesSnippetOfTheDocs_aloneRefsUndeclaredParameters() {
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(resource("provision-template-resources-snippet.json")))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("undeclared parameter 'ThingName'");
    }

    @Test
    void parametersAndResourcesSnippetsOfTheDocs_togetherEvaluateWithTheirOverrideSettings() {
        String parameters = tree(resource("provision-template-parameters-snippet.json")).get("Parameters").toString();
        String resources = tree(resource("provision-template-resources-snippet.json")).get("Resources").toString();
        ProvisioningTemplate template = ProvisioningTemplate.fromJson(
                "{\"Parameters\":" + parameters + ",\"Resources\":" + resources + "}");

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
                Map.of("ThingName", "bulb-9", "SerialNumber", "S9", "CSR", "csr-pem"), FLEET_CERTIFICATE);

        assertThat(plan.thingName()).contains("bulb-9");
        assertThat(plan.thingGroups()).containsExactly("v1-lightbulbs", "WA");
        assertThat(plan.overrideSettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE,
                OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE,
                OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING));
        assertThat(plan.certificateSigningRequest()).contains("csr-pem");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"CertificateSigningRequest\": {\"Ref\" : \"CSR\"}, \"Status\" : \"ACTIVE\"} | CSR",
        "{\"CertificateId\": {\"Ref\" : \"CertificateId\"}} | CertificateId",
        "{\"CACertificatePem\": {\"Ref\" : \"CACertificatePem\"}, \"CertificatePem\": {\"Ref\" : \"CertificatePem\"}} | CertificatePem",
    })
    void certificateSnippetsOfTheDocs_evaluateToTheirCertificateSource(String properties, String parameter) {
        ProvisioningTemplate template = ProvisioningTemplate.fromJson("{\"Parameters\":{\"" + parameter
                + "\":{\"Type\":\"String\"},\"CACertificatePem\":{\"Type\":\"String\",\"Default\":\"ca-pem\"}},"
                + "\"Resources\":{\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":" + properties + "}}}");

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template, Map.of(parameter, "value"), FLEET_CERTIFICATE);

        switch (parameter) {
            case "CSR" -> assertThat(plan.certificateSigningRequest()).contains("value");
            case "CertificateId" -> assertThat(plan.certificateId()).contains("value");
            default -> {
                assertThat(plan.certificatePem()).contains("value");
                assertThat(plan.caCertificatePem()).contains("ca-pem");
            }
        }
        assertThat(plan.thingName()).isEmpty();
        assertThat(plan.certificateStatus()).isEqualTo(CertificateStatus.ACTIVE);
    }

    static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        assertThat(at).as("'%s' in the vector", needle).isNotNegative();
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static X509Certificate deviceCertificate(Subject subject) {
        CertificateAuthority ca = CertificateAuthority.create("JITP test CA");
        return ca.issueWithKey(subject, KeyAlgorithm.EC_P256, Duration.ofDays(1)).certificate();
    }
}
