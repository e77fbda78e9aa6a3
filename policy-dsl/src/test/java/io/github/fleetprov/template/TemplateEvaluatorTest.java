package io.github.fleetprov.template;

import static io.github.fleetprov.template.Expression.join;
import static io.github.fleetprov.template.Expression.literal;
import static io.github.fleetprov.template.Expression.ref;
import static io.github.fleetprov.template.Expression.select;
import static io.github.fleetprov.template.Expression.sub;
import static io.github.fleetprov.template.TemplateVectors.CERTIFICATE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.template.hook.PreProvisioningHook;

/** The intrinsic functions, pseudo-parameters, defaults and hooks, one behaviour at a time. */
class TemplateEvaluatorTest {

    private static final CertificateContext CERTIFICATE = CertificateContext.of(CERTIFICATE_ID);

    private static ProvisioningTemplate.Builder withThingName(Expression thingName) {
        return ProvisioningTemplate.builder()
                .thing(t -> t.thingName(thingName))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)));
    }

    private static String thingName(ProvisioningTemplate template, Map<String, String> parameters) {
        return TemplateEvaluator.evaluate(template, parameters, CERTIFICATE).thingName().orElseThrow();
    }

    @Test
    void evaluations_withLiteralAndComputedParts_giveIndependentPlansInTemplateOrder() {
        ProvisioningTemplate template = ProvisioningTemplate.builder()
                .thing(t -> t.thingName(join("", literal("dev-"), ref("Serial"))).attribute("model", literal("m1"))
                        .attribute("batch", literal("b7")))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)))
                .addParameter("Serial")
                .deviceConfiguration("Fixed", literal("yes"))
                .build();
        ProvisioningTemplate computed = withThingName(ref("Serial")).addParameter("Serial")
                .deviceConfiguration("Z", ref("Serial")).deviceConfiguration("A", literal("a"))
                .build();
        TemplateEvaluator evaluator = TemplateEvaluator.of(template);

        ProvisioningPlan first = evaluator.evaluate(Map.of("Serial", "1"), CERTIFICATE);
        ProvisioningPlan second = evaluator.evaluate(Map.of("Serial", "2"), CERTIFICATE);
        ProvisioningPlan extended = first.toBuilder().attribute("extra", "x").deviceConfiguration("More", "m")
                .parameter("Other", "o").build();
        ProvisioningPlan third = TemplateEvaluator.of(computed).evaluate(Map.of("Serial", "3"), CERTIFICATE);

        assertThat(first.thingName()).contains("dev-1");
        assertThat(second.thingName()).contains("dev-2");
        assertThat(first.attributes()).containsExactly(Map.entry("model", "m1"), Map.entry("batch", "b7"));
        assertThat(second.attributes()).isEqualTo(first.attributes());
        assertThat(first.deviceConfiguration()).containsExactly(Map.entry("Fixed", "yes"));
        assertThat(first.parameters()).containsEntry("Serial", "1").doesNotContainKey("Other");
        assertThat(second.parameters()).containsEntry("Serial", "2");
        assertThat(extended.attributes()).containsKeys("model", "batch", "extra");
        assertThat(extended.parameters()).containsEntry("Serial", "1").containsEntry("Other", "o");
        assertThat(third.deviceConfiguration()).containsExactly(Map.entry("Z", "3"), Map.entry("A", "a"));
        assertThat(third.parameters()).isEqualTo(Map.of("Serial", "3", "AWS::IoT::Certificate::Id", CERTIFICATE_ID));
    }

    @Test
    void attributeWithInvalidLiteralName_isRejectedAtEvaluation() {
        ProvisioningTemplate template = ProvisioningTemplate.builder()
                .thing(t -> t.thingName(literal("thing")).attribute("bad name", literal("v")))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)))
                .build();
        TemplateEvaluator evaluator = TemplateEvaluator.of(template);

        assertThatThrownBy(() -> evaluator.evaluate(Map.of(), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class).hasMessageContaining("bad name");
    }

    @Test
    void sub_replacesParametersAndPseudoParametersAndKeepsEscapes() {
        ProvisioningTemplate template = withThingName(sub("dev-${Serial}-${Site}"))
                .addParameter("Serial").addParameter("Site", "sea")
                .deviceConfiguration("Topic", sub("fleet/${!Literal}/${AWS::IoT::Certificate::Id}"))
                .build();

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template, Map.of("Serial", "7"), CERTIFICATE);

        assertThat(plan.thingName()).contains("dev-7-sea");
        assertThat(plan.deviceConfiguration()).containsEntry("Topic", "fleet/${Literal}/" + CERTIFICATE_ID);
    }

    @Test
    void sub_withVariableMap_usesTheMapBeforeParameters() {
        Map<String, Expression> vars = new LinkedHashMap<>();
        vars.put("Prefix", join("-", literal("a"), ref("Serial")));
        ProvisioningTemplate template = withThingName(sub("${Prefix}_${Serial}", vars)).addParameter("Serial").build();

        assertThat(thingName(template, Map.of("Serial", "9"))).isEqualTo("a-9_9");
        assertThat(ProvisioningTemplate.fromJson(template.toJson())).isEqualTo(template);
    }

    @Test
    void splitAndSelect_pickAnElement() {
        ProvisioningTemplate template = withThingName(
                select(1, ListExpression.split(":", ref("Id")))).addParameter("Id").build();

        assertThat(thingName(template, Map.of("Id", "model:1234:rev2"))).isEqualTo("1234");
        assertThat(TemplateVectors.tree(template.toJson()).at("/Resources/thing/Properties/ThingName/Fn::Select/0").isInt())
                .isTrue();
    }

    @Test
    void join_overASplit_rejoinsWithAnotherDelimiter() {
        ProvisioningTemplate template = withThingName(
                join("_", ListExpression.split(".", ref("Name")))).addParameter("Name").build();

        assertThat(thingName(template, Map.of("Name", "a.b.c"))).isEqualTo("a_b_c");
    }

    @Test
    void findInMap_withComputedKeys_looksUpBothLevels() {
        ProvisioningTemplate template = withThingName(ref("Name")).addParameter("Name").addParameter("Region", "eu")
                .addMapping("Endpoints", "eu", "Url", "https://eu.example")
                .addMapping("Endpoints", "us", "Url", "https://us.example")
                .deviceConfiguration("Url", Expression.findInMap(literal("Endpoints"), ref("Region"), literal("Url")))
                .build();

        assertThat(TemplateEvaluator.evaluate(template, Map.of("Name", "n"), CERTIFICATE).deviceConfiguration())
                .containsEntry("Url", "https://eu.example");
        assertThat(TemplateEvaluator.evaluate(template, Map.of("Name", "n", "Region", "us"), CERTIFICATE)
                .deviceConfiguration()).containsEntry("Url", "https://us.example");
    }

    @Test
    void certificateIdPseudoParameter_comesFromTheCertificateNotTheRequest() {
        ProvisioningTemplate template = withThingName(ref(PseudoParameter.CERTIFICATE_ID)).build();

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
                Map.of("AWS::IoT::Certificate::Id", "spoofed"), CERTIFICATE);

        assertThat(plan.thingName()).contains(CERTIFICATE_ID);
        assertThat(plan.certificateId()).contains(CERTIFICATE_ID);
    }

    @Test
    void statusInAnyCasing_andFromAParameter() {
        ProvisioningTemplate template = ProvisioningTemplate.builder().addParameter("N").addParameter("S")
                .thing(t -> t.thingName(ref("N")))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)).status(ref("S")))
                .build();

        assertThat(TemplateEvaluator.evaluate(template, Map.of("N", "n", "S", "inactive"), CERTIFICATE)
                .certificateStatus()).isEqualTo(CertificateStatus.INACTIVE);
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, Map.of("N", "n", "S", "revoked"), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("'revoked', which is neither ACTIVE nor INACTIVE");
    }

    @Test
    void policyNameFromParameter_isPlannedByName() {
        ProvisioningTemplate template = withThingName(ref("N")).addParameter("N").addParameter("Tier")
                .addPolicy(p -> p.policyName(join("-", literal("device"), ref("Tier"))))
                .build();

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template, Map.of("N", "n", "Tier", "gold"), CERTIFICATE);

        assertThat(plan.policies()).containsExactly(PlannedPolicy.named("policy", "device-gold"));
        assertThat(plan.policies().get(0).effectiveName()).isEqualTo("device-gold");
    }

    @Test
    void evaluatorOf_givesTheSameAnswerAsTheStaticMethod() {
        ProvisioningTemplate template = SeedTemplateDslTest.seedTemplate();
        Map<String, String> parameters = Map.of("SerialNumber", "5", "DeviceLocation", "Seattle");

        assertThat(TemplateEvaluator.of(template).evaluate(parameters, CERTIFICATE))
                .isEqualTo(TemplateEvaluator.evaluate(template, parameters, CERTIFICATE));
    }

    private static HookRequest request(Map<String, String> parameters) {
        return HookRequest.builder()
                .claimCertificateId("claim-id")
                .certificateId(CERTIFICATE_ID)
                .certificatePem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
                .templateArn("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/MyTemplate")
                .clientId("device-1")
                .parameters(parameters)
                .build();
    }

    @Test
    void hook_whenItAllows_itsOverridesReplaceRequestParameters() {
        ProvisioningTemplate template = SeedTemplateDslTest.seedTemplate();
        PreProvisioningHook hook = r -> HookResponse.allow(Map.of("DeviceLocation", "Seattle", "SerialNumber", "from-hook"));

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
                request(Map.of("SerialNumber", "1", "DeviceLocation", "Paris")), hook, CERTIFICATE);

        assertThat(plan.thingName()).contains("ThingPrefix_from-hook");
        assertThat(plan.deviceConfiguration()).containsEntry("LocationUrl", "https://example.aws");
    }

    @Test
    void hook_seesTheRequestAsAwsSendsIt() {
        HookRequest sent = request(Map.of("SerialNumber", "1", "DeviceLocation", "Seattle"));
        HookRequest[] seen = new HookRequest[1];

        TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(), sent, r -> {
            seen[0] = r;
            return HookResponse.allow();
        }, CERTIFICATE);

        assertThat(seen[0]).isEqualTo(sent);
    }

    @Test
    void hook_whenItDenies_isAccessDenied() {
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(),
                request(Map.of("SerialNumber", "1", "DeviceLocation", "Seattle")), r -> HookResponse.deny(), CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("The pre-provisioning hook did not allow provisioning")
                .satisfies(e -> {
                    assertThat(((TemplateEvaluationException) e).errorCode()).isEqualTo("ACCESS_DENIED");
                    assertThat(((TemplateEvaluationException) e).statusCode()).isEqualTo(403);
                });
    }

    @Test
    void hook_whenItThrowsOrAnswersNothing_isAccessDenied() {
        HookRequest r = request(Map.of("SerialNumber", "1", "DeviceLocation", "Seattle"));

        assertThatThrownBy(() -> TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(), r, req -> {
            throw new IllegalStateException("database down");
        }, CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("The pre-provisioning hook failed (IllegalStateException)");
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(), r, req -> null, CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("The pre-provisioning hook returned no response");
    }

    @Test
    void hook_withTimeout_whenItAnswersInTime_runsTheTemplate() {
        ProvisioningPlan plan = TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(),
                request(Map.of("SerialNumber", "3", "DeviceLocation", "Seattle")), r -> HookResponse.allow(),
                CERTIFICATE, TemplateEvaluator.AWS_HOOK_TIMEOUT);

        assertThat(plan.thingName()).contains("ThingPrefix_3");
    }

    @Test
    void hook_withTimeout_whenItNeverAnswers_isAccessDeniedAndARunningHookIsInterrupted() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        PreProvisioningHook stuck = r -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return HookResponse.allow();
        };

        assertThatThrownBy(() -> TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(),
                request(Map.of("SerialNumber", "3", "DeviceLocation", "Seattle")), stuck, CERTIFICATE, Duration.ofMillis(50)))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessage("The pre-provisioning hook did not answer within 50 ms")
                .satisfies(e -> assertThat(((TemplateEvaluationException) e).errorCode()).isEqualTo("ACCESS_DENIED"));
        // A hook that had started when the time ran out is interrupted; one that had not never runs.
        if (started.getCount() == 0) {
            assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void hook_validatingTheSerialNumber_allowsOnlyKnownDevices() {
        PreProvisioningHook hook = r -> r.parameters().getOrDefault("SerialNumber", "").startsWith("ACME-")
                ? HookResponse.allow() : HookResponse.deny();

        assertThat(TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(),
                request(Map.of("SerialNumber", "ACME-1", "DeviceLocation", "Seattle")), hook, CERTIFICATE).thingName())
                .contains("ThingPrefix_ACME-1");
        assertThatThrownBy(() -> TemplateEvaluator.evaluate(SeedTemplateDslTest.seedTemplate(),
                request(Map.of("SerialNumber", "X-1", "DeviceLocation", "Seattle")), hook, CERTIFICATE))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("did not allow");
    }
}
