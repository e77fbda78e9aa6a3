package io.github.fleetprov.template;

import static io.github.fleetprov.template.Expression.findInMap;
import static io.github.fleetprov.template.Expression.literal;
import static io.github.fleetprov.template.Expression.ref;
import static io.github.fleetprov.template.Expression.select;
import static io.github.fleetprov.template.TemplateVectors.CERTIFICATE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.IotPolicy;

/** Templates and requests that AWS refuses, refused with the reason and the place. */
class TemplateNegativeVectorsTest {

    private static final CertificateContext CERTIFICATE = CertificateContext.of(CERTIFICATE_ID);

    private static ProvisioningTemplate.Builder base() {
        return ProvisioningTemplate.builder()
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)))
                .addPolicy(p -> p.policyName("DevicePolicy"));
    }

    @Test
    void build_whenRefNamesAnUndeclaredParameter_failsNamingIt() {
        assertThatThrownBy(() -> base().thing(t -> t.thingName(ref("SerialNumber"))).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Resources/thing/Properties/ThingName/Ref")
                .hasMessageContaining("undeclared parameter 'SerialNumber'");
    }

    @Test
    void build_whenSubUsesAnUndeclaredVariable_failsNamingIt() {
        assertThatThrownBy(() -> base().thing(t -> t.thingName(Expression.sub("dev-${Serial}"))).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("undeclared parameter 'Serial'");
    }

    @Test
    void build_whenFleetTemplateRefsAJitpCertificateField_failsSayingItIsJitpOnly() {
        assertThatThrownBy(() -> base().thing(t -> t.thingName(ref(PseudoParameter.COMMON_NAME))).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("undeclared parameter 'AWS::IoT::Certificate::CommonName'")
                .hasMessageContaining("only for JITP templates");
    }

    @Test
    void build_whenLiteralSelectIndexIsOutOfRange_fails() {
        assertThatThrownBy(() -> base().addParameter("Name")
                .thing(t -> t.thingName(select(2, ListExpression.of(ref("Name"), literal("b"))))).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Resources/thing/Properties/ThingName/Fn::Select/0")
                .hasMessageContaining("index 2 is out of range for a list of 2 values");
    }

    @Test
    void evaluate_whenSelectIndexFromParameterIsOutOfRange_isRejected() {
        ProvisioningTemplate template = base().addParameter("Index").addParameter("Names")
                .thing(t -> t.thingName(select(ref("Index"), ListExpression.split(",", ref("Names"))))).build();

        assertThat(TemplateEvaluator.evaluate(template, Map.of("Index", "1", "Names", "a,b"), CERTIFICATE).thingName())
                .contains("b");
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("Index", "2", "Names", "a,b"), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("Fn::Select at /Resources/thing/Properties/ThingName/Fn::Select/0: index 2 is out of range "
                        + "for a list of 2 values");
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("Index", "-1", "Names", "a,b"), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("index '-1' is not a whole number of 0 or more");
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("Index", "one", "Names", "a,b"), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("index 'one' is not a whole number");
    }

    @Test
    void fromJson_whenSelectIndexIsNegative_failsWithLineAndColumn() {
        String body = "{\"Parameters\":{\"N\":{\"Type\":\"String\"}},\n\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\","
                + "\"Properties\":{\n\"ThingName\":{\"Fn::Select\":[-1,[{\"Ref\":\"N\"}]]}}}}}";

        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(body))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("/Resources/thing/Properties/ThingName/Fn::Select/0 (line 3, column")
                .hasMessageContaining("is not a valid index");
    }

    @Test
    void build_whenLiteralMappingKeyIsUnknown_failsListingTheKeys() {
        assertThatThrownBy(() -> base().addParameter("Name").addMapping("LocationTable", "Seattle", "LocationUrl", "u")
                .thing(t -> t.thingName(ref("Name")))
                .deviceConfiguration("Url", findInMap("LocationTable", literal("Paris"), "LocationUrl")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key 'Paris' is not in mapping 'LocationTable'")
                .hasMessageContaining("[Seattle]");
        assertThatThrownBy(() -> base().addParameter("Name").addMapping("LocationTable", "Seattle", "LocationUrl", "u")
                .thing(t -> t.thingName(ref("Name")))
                .deviceConfiguration("Url", findInMap("Locations", literal("Seattle"), "LocationUrl")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mapping 'Locations' is not declared");
        assertThatThrownBy(() -> base().addParameter("Name").addMapping("LocationTable", "Seattle", "LocationUrl", "u")
                .thing(t -> t.thingName(ref("Name")))
                .deviceConfiguration("Url", findInMap("LocationTable", ref("Name"), "Url")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key 'Url' is under no first-level key of mapping 'LocationTable'");
    }

    @Test
    void evaluate_whenThingNameIsEmptyOrHasForbiddenCharacters_isRejected() {
        ProvisioningTemplate template = base().addParameter("Name").thing(t -> t.thingName(ref("Name"))).build();

        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("Name", ""), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("The thing name at /Resources/thing/Properties/ThingName evaluates to '', which is empty; "
                        + "it must be at least 1 character");
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("Name", "a b"), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("contains ' '; only [a-zA-Z0-9:_-] are allowed");
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("Name", "x".repeat(129)), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("is 129 characters long; the limit is 128");
    }

    @Test
    void overrides_mergeOnlyWhereAwsAllowsIt() {
        assertThatThrownBy(() -> ThingResource.builder().thingName("t")
                .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.MERGE).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MERGE is not allowed for ThingTypeName");
        assertThatThrownBy(() -> CertificateResource.builder().certificateId(literal("id"))
                .override(OverrideProperty.STATUS, OverrideAction.MERGE).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MERGE is not allowed for Status");
        assertThatThrownBy(() -> CertificateResource.builder().certificateId(literal("id"))
                .override(OverrideProperty.THING_GROUPS, OverrideAction.REPLACE).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ThingGroups is not a property of AWS::IoT::Certificate");
        assertThat(ThingResource.builder().thingName("t").override(OverrideProperty.THING_GROUPS, OverrideAction.MERGE)
                .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE).build().overrideSettings())
                .containsOnlyKeys(OverrideProperty.THING_GROUPS, OverrideProperty.ATTRIBUTE_PAYLOAD);
    }

    @Test
    void policy_needsExactlyOneOfNameAndDocument() {
        assertThatThrownBy(() -> PolicyResource.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("neither PolicyName nor PolicyDocument is set");
        assertThatThrownBy(() -> PolicyResource.builder().policyName("p")
                .policyDocument(IotPolicy.fromJson(TemplateVectors.FOO_BAR_POLICY)).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("both PolicyName and PolicyDocument are set");
    }

    @Test
    void certificate_isGivenInExactlyOneWay() {
        assertThatThrownBy(() -> CertificateResource.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the certificate is not given");
        assertThatThrownBy(() -> CertificateResource.builder().certificateId(literal("a"))
                .certificateSigningRequest(ref("CSR")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than one way");
        assertThatThrownBy(() -> CertificateResource.builder().certificateId(literal("a")).status("Enabled").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'Enabled' is not a status");
    }

    @Test
    void templateName_followsTheAwsRule() {
        assertThat(ProvisioningTemplate.requireValidName("Fleet_template-01")).isEqualTo("Fleet_template-01");
        assertThat(ProvisioningTemplate.requireValidName("x".repeat(36))).hasSize(36);
        assertThatThrownBy(() -> ProvisioningTemplate.requireValidName("x".repeat(37)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("templateName");
        assertThatThrownBy(() -> ProvisioningTemplate.requireValidName(""))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> base().name("my template").addParameter("N").thing(t -> t.thingName(ref("N"))).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'my template' is not 1-36 characters of [0-9A-Za-z_-]");
    }

    @Test
    void build_whenBodyIsOverTheLimit_failsWithTheSize() {
        ProvisioningTemplate.Builder b = base().addParameter("N").thing(t -> t.thingName(ref("N")));
        for (int i = 0; i < 200; i++) {
            b.deviceConfiguration("Key" + i, "x".repeat(40));
        }

        assertThatThrownBy(b::build)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("templateBody")
                .hasMessageContaining("over the limit of 10240");
    }

    @Test
    void fromJson_whenNotJson_givesLineAndColumn() {
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson("{\n  \"Resources\": {,\n}"))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("(line 2, column")
                .hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(((TemplateParseException) e).line()).isEqualTo(2));
    }

    @Test
    void fromJson_refusesUndocumentedFunctionsUnknownPropertiesAndDuplicateKeys() {
        String prefix = "{\"Parameters\":{\"N\":{\"Type\":\"String\"}},\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\","
                + "\"Properties\":{";
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(prefix + "\"ThingName\":{\"Fn::If\":[\"c\",\"a\",\"b\"]}}}}}"))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("'Fn::If' is not an intrinsic function that AWS documents");
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(prefix + "\"ThingName\":{\"Ref\":\"N\"},\"Colour\":\"red\"}}}}"))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("'Colour' is not a property of AWS::IoT::Thing");
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(prefix + "\"ThingName\":{\"Ref\":\"N\"},\"ThingName\":\"x\"}}}}"))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("the key 'ThingName' appears twice");
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(prefix + "\"ThingName\":{\"Ref\":\"N\"}},"
                + "\"OverrideSettings\":{\"ThingTypeName\":\"MERGE\"}}}}"))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("MERGE is not allowed for ThingTypeName");
    }

    @Test
    void fromJson_whenEmbeddedPolicyIsInvalid_failsAtThePolicyDocument() {
        String body = "{\"Resources\":{\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":"
                + "{\"Ref\":\"AWS::IoT::Certificate::Id\"}}},\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":"
                + "{\"PolicyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[]}\"}}}}";

        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(body))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("/Resources/policy/Properties/PolicyDocument")
                .hasMessageContaining("the policy document is not valid");
    }

    @Test
    void deviceConfiguration_refusesNestedObjects() {
        String body = "{\"Resources\":{\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":"
                + "{\"Ref\":\"AWS::IoT::Certificate::Id\"}}}},\"DeviceConfiguration\":{\"a\":{\"b\":\"c\",\"d\":\"e\"}}}";

        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(body))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("DeviceConfiguration does not support nested objects");
    }
}
