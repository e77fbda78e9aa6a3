package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IotPolicyJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> validDocuments() {
        return PolicyResources.validDocuments().stream();
    }

    static Stream<Path> statementSnippets() {
        return PolicyResources.files("statements");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDocuments")
    void fromJson_thenToJson_keepsEveryValueOfReferenceDocument(Path file) throws Exception {
        String json = PolicyResources.read(file);

        IotPolicy policy = IotPolicy.fromJson(json);

        assertThat(IotPolicy.fromJson(policy.toJson())).isEqualTo(policy);
        assertThat(IotPolicy.fromJson(policy.toJson(true))).isEqualTo(policy);
        assertThat(normalize(JSON.readTree(policy.toJson()))).isEqualTo(normalize(JSON.readTree(json)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statementSnippets")
    void fromJson_ofStatementSnippetFromGuide_roundTrips(Path file) {
        String snippet = PolicyResources.read(file).trim();
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":[" + snippet + "]}";

        IotPolicy policy = IotPolicy.fromJson(json);

        assertThat(IotPolicy.fromJson(policy.toJson())).isEqualTo(policy);
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                Arguments.of("audit-chk-iot-policy-permissive-2.json", "", 10, "trailing comma"),
                Arguments.of("audit-chk-iot-policy-permissive-3.json", "", 9, "comma"),
                Arguments.of("connect-policy-4.json", "", 19, "Close every"),
                Arguments.of("pub-sub-policy-21.json", "", 8, "trailing comma"),
                Arguments.of("pub-sub-policy-14.json", "/Statement/1/Resource/0", 19,
                        "${iot:Connection.Thing.ThingName}"),
                Arguments.of("pub-sub-policy-16.json", "/Statement/1/Resource/0", 19,
                        "${iot:Connection.Thing.ThingName}"),
                Arguments.of("pub-sub-policy-18.json", "/Statement/2/Resource/0", 28,
                        "${iot:Connection.Thing.ThingName}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void fromJson_whenGuideExampleIsBroken_throwsLocatedError(String file, String pointer, int line, String fix) {
        String json = PolicyResources.read("invalid", file);

        assertThatThrownBy(() -> IotPolicy.fromJson(json))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("line " + line + ",")
                .hasMessageContaining(fix)
                .satisfies(e -> {
                    PolicyDocumentException p = (PolicyDocumentException) e;
                    assertThat(p.line()).hasValue(line);
                    assertThat(p.pointer()).isEqualTo(pointer);
                    assertThat(p.field()).startsWith(pointer.isEmpty() ? "policy document" : pointer);
                });
    }

    @Test
    void fromJson_readsStatementObjectAndScalarValues() {
        IotPolicy policy = IotPolicy.fromJson("""
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iot:Connect",
                 "Resource":"arn:aws:iot:us-east-1:123456789012:client/c1"}}""");

        assertThat(policy.statements()).hasSize(1);
        IotStatement s = policy.statements().get(0);
        assertThat(s.actions()).containsExactly(IotAction.CONNECT);
        assertThat(s.resources()).containsExactly(
                PolicyContext.of("us-east-1", "123456789012").client("c1"));
        assertThat(s.resources().get(0).type()).hasValue(io.github.fleetprov.core.arn.IotResourceType.CLIENT);
    }

    @Test
    void toJson_keepsEmptyConditionValueList() {
        IotPolicy policy = IotPolicy.fromJson(PolicyResources.read("reference", "connect-policy-8.json"));

        assertThat(policy.statements().get(0).conditions())
                .containsExactly(IotCondition.create(IotConditionOperator.STRING_EQUALS.forAllValues(),
                        "iot:ConnectAttributes"));
        assertThat(policy.toJson()).contains("\"ForAllValues:StringEquals\":{\"iot:ConnectAttributes\":[]}");
    }

    @Test
    void toJson_writesSingleValuesAsScalarsAndSeveralAsArrays() {
        IotPolicy policy = IotPolicy.builder()
                .context(PolicyContext.of("us-east-1", "123456789012"))
                .addStatement(s -> s.sid("one").allow().actions(IotAction.PUBLISH, IotAction.RECEIVE)
                        .resources(IotResource.topic("a/b")))
                .build();

        assertThat(policy.toJson()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"one\","
                + "\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],"
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/a/b\"}]}");
        assertThat(policy.toJson(true)).contains("\n  \"Statement\": [\n    {\n      \"Sid\": \"one\",");
    }

    @Test
    void fromJson_whenElementNameHasWrongCase_throwsWithPointer() {
        assertThatThrownBy(() -> IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":[{\"effect\":\"Allow\","
                + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("/Statement/0/effect")
                .hasMessageContaining("case-sensitive");
    }

    @Test
    void fromJson_whenPrincipalPresent_explainsThatIotPoliciesHaveNone() {
        assertThatThrownBy(() -> IotPolicy.fromJson(PolicyResources.read("iam", "authorizing-direct-aws-1.json")))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("Principal");
    }

    @Test
    void fromJson_whenKeyDuplicated_throwsWithLine() {
        assertThatThrownBy(() -> IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\n\"Version\":\"2012-10-17\"}"))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void fromJson_whenEffectMisspelt_throwsNamingEffect() {
        assertThatThrownBy(() -> IotPolicy.fromJson("{\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"iot:Connect\","
                + "\"Resource\":\"*\"}]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Statement/0/Effect")
                .hasMessageContaining("\"Allow\"");
    }

    /** Scalars become one-element arrays, Statement objects become arrays, booleans become strings. */
    private static JsonNode normalize(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode v = normalize(e.getValue());
                boolean listValued = List.of("Statement", "Action", "NotAction", "Resource", "NotResource")
                        .contains(e.getKey());
                out.set(e.getKey(), listValued || v.isValueNode() ? asArray(v) : v);
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(normalize(n)));
            return out;
        }
        return JsonNodeFactory.instance.textNode(node.asText());
    }

    private static JsonNode asArray(JsonNode v) {
        if (v.isArray()) {
            return v;
        }
        return JsonNodeFactory.instance.arrayNode().add(v);
    }
}
