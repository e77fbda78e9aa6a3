package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEvaluatorTest {

    private static final PolicyContext AWS = PolicyContext.of("us-east-1", "123456789012");
    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";

    private static IotPolicy doc(String file) {
        return IotPolicy.fromJson(PolicyResources.read("reference", file));
    }

    private static IotPolicy snippet(String file) {
        return IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":["
                + PolicyResources.read("statements", file) + "]}");
    }

    private static ConnectionContext thing(String name) {
        return ConnectionContext.builder().clientId(name).thingName(name).build();
    }

    private static Decision.Result decide(IotPolicy policy, IotAction action, String resource, ConnectionContext ctx) {
        return PolicyEvaluator.of(policy).evaluate(action, ARN + resource, ctx).result();
    }

    static Stream<Arguments> wildcardTable() {
        // pub-sub-policy-11: Subscribe on topicfilter/some/*/topic ; pub-sub-policy-10: topicfilter/some/+/topic
        return Stream.of(
                Arguments.of("pub-sub-policy-11.json", "topicfilter/some/string1/topic", Decision.Result.ALLOWED),
                Arguments.of("pub-sub-policy-11.json", "topicfilter/some/a/b/topic", Decision.Result.ALLOWED),
                Arguments.of("pub-sub-policy-11.json", "topicfilter/some/+/topic", Decision.Result.ALLOWED),
                Arguments.of("pub-sub-policy-11.json", "topicfilter/other/x/topic", Decision.Result.IMPLICIT_DENY),
                Arguments.of("pub-sub-policy-10.json", "topicfilter/some/+/topic", Decision.Result.ALLOWED),
                Arguments.of("pub-sub-policy-10.json", "topicfilter/some/x/topic", Decision.Result.IMPLICIT_DENY),
                Arguments.of("pub-sub-policy-10.json", "topicfilter/some/#", Decision.Result.IMPLICIT_DENY));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("wildcardTable")
    void evaluate_subscribe_matchesLiteralFilterWithPolicyWildcards(String file, String resource,
            Decision.Result expected) {
        assertThat(decide(doc(file), IotAction.SUBSCRIBE, resource, ConnectionContext.ofClientId("client1")))
                .isEqualTo(expected);
    }

    @Test
    void evaluate_questionMarkMatchesExactlyOneCharacter() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH).resources(IotResource.topic("some/?????/topic")))
                .build();
        ConnectionContext ctx = ConnectionContext.ofClientId("c");

        assertThat(decide(policy, IotAction.PUBLISH, "topic/some/abcde/topic", ctx)).isEqualTo(Decision.Result.ALLOWED);
        assertThat(decide(policy, IotAction.PUBLISH, "topic/some/abcd/topic", ctx))
                .isEqualTo(Decision.Result.IMPLICIT_DENY);
        assertThat(decide(policy, IotAction.PUBLISH, "topic/some/abcdef/topic", ctx))
                .isEqualTo(Decision.Result.IMPLICIT_DENY);
    }

    @Test
    void evaluate_whenNothingMatches_isImplicitDenyAndExplainsHowToAllow() {
        Decision d = PolicyEvaluator.of(doc("connect-policy-1.json"))
                .evaluate(IotAction.PUBLISH, ARN + "topic/a", ConnectionContext.ofClientId("client1"));

        assertThat(d.result()).isEqualTo(Decision.Result.IMPLICIT_DENY);
        assertThat(d.isAllowed()).isFalse();
        assertThat(d.decidingStatements()).isEmpty();
        assertThat(d.explain()).contains("No statement allows iot:Publish")
                .contains("\"Resource\":\"" + ARN + "topic/a\"");
    }

    @Test
    void evaluate_whenDenyMatches_returnsExplicitDenyOverAllow() {
        // pub-sub-policy-17: allow Publish topic/${iot:ClientId}/*, deny topic/${iot:ClientId}/bar
        IotPolicy policy = doc("pub-sub-policy-17.json");
        ConnectionContext ctx = ConnectionContext.ofClientId("client1");

        Decision denied = PolicyEvaluator.of(policy).evaluate(IotAction.PUBLISH, ARN + "topic/client1/bar", ctx);
        Decision allowed = PolicyEvaluator.of(policy).evaluate(IotAction.PUBLISH, ARN + "topic/client1/foo", ctx);

        assertThat(denied.result()).isEqualTo(Decision.Result.EXPLICIT_DENY);
        assertThat(denied.decidingStatements()).extracting(StatementRef::statementIndex).containsExactly(2);
        assertThat(denied.explain()).contains("/Statement/2").contains("explicit Deny overrides every Allow");
        assertThat(allowed.result()).isEqualTo(Decision.Result.ALLOWED);
        assertThat(allowed.decidingStatements()).extracting(StatementRef::statementIndex).containsExactly(1);
    }

    @Test
    void evaluate_denyInOnePolicyWinsOverAllowInAnother() {
        IotPolicy allowAll = IotPolicy.builder().addStatement(s -> s.allow().actions(IotAction.CONNECT)
                .resources(IotResource.all())).build();
        PolicyEvaluator evaluator = PolicyEvaluator.ofNamed(Map.of("allow", allowAll, "deny", doc("connect-policy-2.json")));

        Decision d = evaluator.evaluate(IotAction.CONNECT, ARN + "client/client2", ConnectionContext.ofClientId("client2"));

        assertThat(d.result()).isEqualTo(Decision.Result.EXPLICIT_DENY);
        assertThat(d.decidingStatements().get(0).policyName()).isEqualTo("deny");
    }

    @Test
    void evaluate_topicFilterDenyIsBypassedByHashFilter_asAwsDocuments() {
        IotPolicy policy = snippet("pub-sub-policy-5.json");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        ConnectionContext ctx = ConnectionContext.ofClientId("c");

        assertThat(evaluator.evaluate(IotAction.SUBSCRIBE, ARN + "topicfilter/a/restricted/x", ctx).result())
                .isEqualTo(Decision.Result.EXPLICIT_DENY);
        assertThat(evaluator.evaluate(IotAction.SUBSCRIBE, ARN + "topicfilter/a/#", ctx).result())
                .isEqualTo(Decision.Result.ALLOWED);
    }

    @Test
    void evaluate_receiveNotResourceBlocksRestrictedTopics() {
        IotPolicy policy = IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":["
                + PolicyResources.read("statements", "pub-sub-policy-6.json") + "]}");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        ConnectionContext ctx = ConnectionContext.ofClientId("c");

        assertThat(evaluator.evaluate(IotAction.RECEIVE, ARN + "topic/a/open", ctx).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(IotAction.RECEIVE, ARN + "topic/a/restricted/x", ctx).isAllowed()).isFalse();
    }

    @Test
    void evaluate_thingNameVariable_needsAttachedThingNamedLikeClientId() {
        IotPolicy policy = doc("pub-sub-policy-1.json");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);

        Decision attached = evaluator.evaluate(IotAction.CONNECT, ARN + "client/thing1", thing("thing1"));
        Decision unattached = evaluator.evaluate(IotAction.CONNECT, ARN + "client/thing1",
                ConnectionContext.ofClientId("thing1"));
        Decision otherName = evaluator.evaluate(IotAction.CONNECT, ARN + "client/other",
                ConnectionContext.builder().clientId("other").thingName("thing1").build());

        assertThat(attached.isAllowed()).isTrue();
        assertThat(attached.missingContext()).isEmpty();
        assertThat(unattached.result()).isEqualTo(Decision.Result.IMPLICIT_DENY);
        assertThat(unattached.missingContext()).singleElement().asString()
                .contains("iot:Connection.Thing.ThingName").contains("no thing is attached");
        assertThat(unattached.explain()).contains("Missing context");
        assertThat(otherName.isAllowed()).isFalse();
        assertThat(otherName.missingContext()).singleElement().asString().contains("client id == thing name");
    }

    @Test
    void evaluate_clientIdPlus_isSubstitutedAndOpensTheWildcardFilter() {
        // basic-policy-variables-2: Subscribe on topicfilter/my/${iot:ClientId}/topic
        IotPolicy policy = IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":["
                + PolicyResources.read("statements", "basic-policy-variables-2.json") + "]}");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);

        assertThat(evaluator.evaluate(IotAction.SUBSCRIBE, "arn:aws:iot:us-east-1:123456789012:topicfilter/my/+/topic",
                ConnectionContext.ofClientId("+")).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(IotAction.SUBSCRIBE, "arn:aws:iot:us-east-1:123456789012:topicfilter/my/+/topic",
                ConnectionContext.ofClientId("client1")).isAllowed()).isFalse();
    }

    @Test
    void evaluate_clientIdWithStar_isLiteralAfterSubstitution() {
        IotPolicy policy = doc("basic-policy-variables-1.json");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);

        assertThat(evaluator.evaluate(IotAction.PUBLISH, "arn:aws:iot:us-east-1:123451234510:topic/my/topic/abc",
                ConnectionContext.ofClientId("*")).isAllowed()).isFalse();
        assertThat(evaluator.evaluate(IotAction.PUBLISH, "arn:aws:iot:us-east-1:123451234510:topic/my/topic/*",
                ConnectionContext.ofClientId("*")).isAllowed()).isTrue();
    }

    static Stream<Arguments> certificateVariableTable() {
        return Stream.of(
                Arguments.of(List.of("Acme"), "iot:Certificate.Subject.Organization", "topic/Acme", true),
                Arguments.of(List.of("Acme", "Beta"), "iot:Certificate.Subject.Organization.1", "topic/Beta", true),
                Arguments.of(List.of("Acme"), "iot:Certificate.Subject.Organization.1", "topic/Acme", false),
                Arguments.of(List.of("Ac*me"), "iot:Certificate.Subject.Organization", "topic/Ac*me", false),
                Arguments.of(List.of("Ac#me"), "iot:Certificate.Subject.Organization", "topic/Ac#me", false),
                Arguments.of(List.of("x".repeat(1025)), "iot:Certificate.Subject.Organization",
                        "topic/" + "x".repeat(1025), false),
                Arguments.of(List.of("a", "b", "c", "d", "e", "f"), "iot:Certificate.Subject.Organization.5",
                        "topic/f", false),
                Arguments.of(List.of("a", "b", "c", "d", "e", "f"), "iot:Certificate.Subject.Organization.4",
                        "topic/e", true));
    }

    @ParameterizedTest(name = "{1} of {0} on {2} -> {3}")
    @MethodSource("certificateVariableTable")
    void evaluate_certificateVariable_followsSubstitutionRules(List<String> organizations, String variable,
            String resource, boolean allowed) {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH).resources(IotResource.topic("${" + variable + "}")))
                .build();
        ConnectionContext ctx = ConnectionContext.builder().clientId("c")
                .certificateField("Subject.Organization", organizations.toArray(String[]::new)).build();

        Decision d = PolicyEvaluator.of(policy).evaluate(IotAction.PUBLISH, ARN + resource, ctx);

        assertThat(d.isAllowed()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(d.missingContext()).isNotEmpty();
        }
    }

    @Test
    void evaluate_listConditionOnCertificateOrganization() {
        IotPolicy policy = doc("cert-policy-variables-1.json");
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        String topic = "arn:aws:iot:us-east-1:123456789012:topic/my/topic/t1";

        ConnectionContext good = ConnectionContext.builder().clientId("t1").thingName("t1")
                .certificateField("Subject.Organization", "Example Corp", "AnyCompany").build();
        ConnectionContext bad = ConnectionContext.builder().clientId("t1").thingName("t1")
                .certificateField("Subject.Organization", "Example Corp", "Evil Inc").build();

        assertThat(evaluator.evaluate(IotAction.PUBLISH, topic, good).isAllowed()).isTrue();
        Decision denied = evaluator.evaluate(IotAction.PUBLISH, topic, bad);
        assertThat(denied.isAllowed()).isFalse();
        assertThat(denied.explain()).contains("ForAllValues:StringEquals").contains("Evil Inc");
    }

    static Stream<Arguments> connectAttributesTable() {
        return Stream.of(
                Arguments.of("connect-policy-8.json", List.of(), true),
                Arguments.of("connect-policy-8.json", List.of("LastWill"), false),
                Arguments.of("connect-policy-3.json", List.of("PersistentConnect"), true),
                Arguments.of("connect-policy-3.json", List.of("PersistentConnect", "LastWill"), false),
                Arguments.of("connect-policy-5.json", List.of("PersistentConnect"), false),
                Arguments.of("connect-policy-5.json", List.of("LastWill"), true),
                Arguments.of("connect-policy-9.json", List.of(), false),
                Arguments.of("connect-policy-9.json", List.of("PersistentConnect", "LastWill"), true),
                Arguments.of("connect-policy-10.json", List.of("PersistentConnect", "LastWill"), true),
                Arguments.of("connect-policy-10.json", List.of("PersistentConnect"), false),
                Arguments.of("connect-policy-10.json", List.of(), false),
                Arguments.of("connect-policy-11.json", List.of("LastWill"), true),
                Arguments.of("connect-policy-11.json", List.of("PersistentConnect", "LastWill"), false));
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @MethodSource("connectAttributesTable")
    void evaluate_connectAttributes_followGuideExamples(String file, List<String> attributes, boolean allowed) {
        ConnectionContext ctx = ConnectionContext.builder().clientId("c1").connectAttributes(attributes).build();

        assertThat(PolicyEvaluator.of(doc(file)).evaluate(IotAction.CONNECT, ARN + "client/c1", ctx).isAllowed())
                .isEqualTo(allowed);
    }

    @Test
    void evaluate_isAttachedCondition_requiresAttachedThing() {
        IotPolicy policy = doc("audit-chk-iot-policy-permissive-1.json");
        String client = "arn:aws:iot:region:account-id:client/t1";

        assertThat(PolicyEvaluator.of(policy).evaluate(IotAction.CONNECT, client, thing("t1")).isAllowed()).isTrue();
        assertThat(PolicyEvaluator.of(policy).evaluate(IotAction.CONNECT, client, ConnectionContext.ofClientId("t1"))
                .isAllowed()).isFalse();
    }

    @Test
    void evaluate_ipAddressCondition() {
        IotPolicy policy = IotPolicy.builder().context(AWS).addStatement(s -> s.allow().actions(IotAction.CONNECT)
                .resources(IotResource.client("*")).addCondition(IotConditionOperator.IP_ADDRESS, "aws:SourceIp",
                        "10.0.0.0/8", "2001:db8::/32")).build();
        PolicyEvaluator e = PolicyEvaluator.of(policy);

        assertThat(e.evaluate(IotAction.CONNECT, ARN + "client/c", ConnectionContext.builder().clientId("c")
                .sourceIp("10.1.2.3").build()).isAllowed()).isTrue();
        assertThat(e.evaluate(IotAction.CONNECT, ARN + "client/c", ConnectionContext.builder().clientId("c")
                .sourceIp("2001:db8::1").build()).isAllowed()).isTrue();
        assertThat(e.evaluate(IotAction.CONNECT, ARN + "client/c", ConnectionContext.builder().clientId("c")
                .sourceIp("192.168.1.1").build()).isAllowed()).isFalse();
        assertThat(e.evaluate(IotAction.CONNECT, ARN + "client/c", ConnectionContext.ofClientId("c")).missingContext())
                .anySatisfy(m -> assertThat(m).contains("aws:SourceIp"));
    }

    @Test
    void evaluate_stringLikeAndNotEqualsAndNullConditions() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH).resources(IotResource.topic("*"))
                        .addCondition(IotConditionOperator.STRING_LIKE, "iot:ClientId", "sensor-*")
                        .addCondition(IotConditionOperator.STRING_NOT_EQUALS, "iot:ClientId", "sensor-bad")
                        .addCondition(IotConditionOperator.NULL, "iot:Connection.Thing.ThingTypeName", "true"))
                .build();
        PolicyEvaluator e = PolicyEvaluator.of(policy);

        assertThat(e.evaluate(IotAction.PUBLISH, ARN + "topic/x", ConnectionContext.ofClientId("sensor-1")).isAllowed())
                .isTrue();
        assertThat(e.evaluate(IotAction.PUBLISH, ARN + "topic/x", ConnectionContext.ofClientId("sensor-bad"))
                .isAllowed()).isFalse();
        assertThat(e.evaluate(IotAction.PUBLISH, ARN + "topic/x", ConnectionContext.ofClientId("other")).isAllowed())
                .isFalse();
        assertThat(e.evaluate(IotAction.PUBLISH, ARN + "topic/x", ConnectionContext.builder().clientId("sensor-1")
                .thingName("sensor-1").thingTypeName("Sensor").build()).isAllowed()).isFalse();
    }

    @Test
    void evaluate_thingAttributeVariable() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH)
                        .resources(IotResource.topic("site/" + PolicyVariable.thingAttribute("site") + "/*")))
                .build();
        ConnectionContext ctx = ConnectionContext.builder().clientId("t1").thingName("t1")
                .attributes(Map.of("site", "berlin")).build();

        assertThat(PolicyEvaluator.of(policy).evaluate(IotAction.PUBLISH, ARN + "topic/site/berlin/x", ctx).isAllowed())
                .isTrue();
        assertThat(PolicyEvaluator.of(policy).evaluate(IotAction.PUBLISH, ARN + "topic/site/paris/x", ctx).isAllowed())
                .isFalse();
    }

    @Test
    void evaluate_notActionCoversOtherActions() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().notActions(List.of(IotAction.PUBLISH)).resources(IotResource.all()))
                .build();
        PolicyEvaluator e = PolicyEvaluator.of(policy);
        ConnectionContext ctx = ConnectionContext.ofClientId("c");

        assertThat(e.evaluate(IotAction.RECEIVE, ARN + "topic/x", ctx).isAllowed()).isTrue();
        assertThat(e.evaluate(IotAction.PUBLISH, ARN + "topic/x", ctx).isAllowed()).isFalse();
    }

    @Test
    void evaluate_wildcardAction_coversMatchingActionsCaseInsensitively() {
        IotPolicy policy = IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");

        assertThat(PolicyEvaluator.of(policy).evaluate(IotAction.create("IOT:publish"), ARN + "topic/x",
                ConnectionContext.ofClientId("c")).isAllowed()).isTrue();
        assertThat(PolicyEvaluator.of(policy).evaluate(IotAction.create("greengrass:GetDeployment"), "*",
                ConnectionContext.ofClientId("c")).isAllowed()).isFalse();
    }

    @Test
    void explain_whenSubscribeGrantedOnTopicArn_saysToUseTopicfilter() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE, IotAction.RECEIVE)
                        .resources(IotResource.topic("a/b"), IotResource.topicFilter("c/d")))
                .build();

        Decision d = PolicyEvaluator.of(policy).evaluate(
                AuthorizationRequest.subscribe(AWS, "a/b", ConnectionContext.ofClientId("c")));

        assertThat(d.result()).isEqualTo(Decision.Result.IMPLICIT_DENY);
        assertThat(d.explain()).contains("authorized on topicfilter/ ARNs").contains(ARN + "topicfilter/a/b");
    }

    @Test
    void explain_whenOnlyActionMissing_saysToAddIt() {
        Decision d = PolicyEvaluator.of(doc("pub-sub-policy-15.json"))
                .evaluate(AuthorizationRequest.receive(AWS, "my/topic/t1", ConnectionContext.ofClientId("t1")));

        assertThat(d.explain()).contains("add iot:Receive to its Action");
    }

    @Test
    void explain_whenSubscribingWithMqttWildcard_explainsLiteralMatching() {
        Decision d = PolicyEvaluator.of(doc("pub-sub-policy-23.json"))
                .evaluate(AuthorizationRequest.subscribe(AWS, "my/#", thing("t1")));

        assertThat(d.isAllowed()).isFalse();
        assertThat(d.explain()).contains("literal filter 'my/#'");
    }

    @Test
    void isAllowed_agreesWithEvaluate() {
        IotPolicy policy = doc("pub-sub-policy-17.json");
        PolicyEvaluator e = PolicyEvaluator.of(policy);
        ConnectionContext ctx = ConnectionContext.ofClientId("client1");

        for (String topic : List.of("client1/bar", "client1/x", "client2/x", "client1")) {
            assertThat(e.isAllowed(IotAction.PUBLISH, ARN + "topic/" + topic, ctx))
                    .as(topic).isEqualTo(e.evaluate(IotAction.PUBLISH, ARN + "topic/" + topic, ctx).isAllowed());
        }
    }

    @Test
    void evaluate_isThreadSafe() throws Exception {
        PolicyEvaluator e = PolicyEvaluator.of(doc("pub-sub-policy-17.json"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 5_000; i++) {
                        ConnectionContext ctx = ConnectionContext.ofClientId("c" + id);
                        ok &= e.isAllowed(IotAction.PUBLISH, ARN + "topic/c" + id + "/" + i, ctx);
                        ok &= !e.isAllowed(IotAction.PUBLISH, ARN + "topic/c" + id + "/bar", ctx);
                        ok &= e.evaluate(IotAction.create("iot:Custom" + (i % 50)), ARN + "topic/x", ctx)
                                .result() == Decision.Result.IMPLICIT_DENY;
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void evaluate_uncheckedPolicy_neverMatchesStatementsThatCannotWork_likeAws() {
        IotPolicy policy = IotPolicy.fromJsonUnchecked("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"" + ARN + "topic/a\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN
                + "topic/${iot:Thing.ThingName}/x\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"" + ARN + "topic/a\"}]}");
        PolicyEvaluator e = PolicyEvaluator.of(policy);
        ConnectionContext t1 = thing("t1");

        assertThat(e.evaluate(IotAction.SUBSCRIBE, ARN + "topicfilter/a", t1).isAllowed()).isFalse();
        assertThat(e.evaluate(IotAction.PUBLISH, ARN + "topic/t1/x", t1).isAllowed()).isFalse();
        assertThat(e.evaluate(IotAction.RECEIVE, ARN + "topic/a", t1).isAllowed()).isTrue();
        assertThat(PolicyLinter.lint(policy)).extracting(LintFinding::ruleId)
                .contains("subscribe-on-topic", "unknown-variable");
        assertThatThrownBy(() -> policy.toBuilder().build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Statement/0/Action/0");
    }

    @Test
    void packageDocumentationExample_allowsSubscribeWithHashFilterForOwnThing() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.CONNECT)
                        .resources(IotResource.client(PolicyVariable.THING_NAME.toString()))
                        .addCondition(IotCondition.thingIsAttached()))
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
                        .resources(IotResource.topicFilter("cmd/" + PolicyVariable.THING_NAME + "/*")))
                .addStatement(s -> s.allow().actions(IotAction.RECEIVE)
                        .resources(IotResource.topic("cmd/" + PolicyVariable.THING_NAME + "/*")))
                .build();
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);

        assertThat(evaluator.evaluate(AuthorizationRequest.subscribe(AWS, "cmd/t1/#", thing("t1"))).isAllowed()).isTrue();
        assertThat(evaluator.evaluate(AuthorizationRequest.subscribe(AWS, "cmd/t2/#", thing("t1"))).isAllowed())
                .isFalse();
        assertThat(PolicyLinter.lint(policy.toJson())).extracting(LintFinding::severity)
                .containsOnly(LintFinding.Severity.INFO);
    }

    @Test
    void request_whenActionIsWildcard_throws() {
        assertThatThrownBy(() -> AuthorizationRequest.of(IotAction.ALL_IOT, "*", ConnectionContext.ofClientId("c")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("action");
    }
}
