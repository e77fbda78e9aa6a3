package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.policy.PolicyLinter;
import io.github.fleetprov.samples.lambda.SerialNumberHookHandler;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.Thing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class ProvisioningByClaimWalkthroughTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void run_walksTheWalkthrough_byClaimWithItsTemplateAndGroups_hookRefusal_trustedUserAndItsExpiry(
            LocalIotCore core, @TempDir Path dir) throws Exception {
        long mark = core.events().lastSequence();
        ProvisioningByClaimWalkthrough.Result result;
        try (Target target = Target.local(core)) {
            result = ProvisioningByClaimWalkthrough.run(target, Samples.uniqueSuffix(), Optional.empty(), dir, out);
            List<Event> events = core.events().since(mark);

            // [1] the claim files and the root CA where the walkthrough downloads them: side by side
            assertThat(result.claimDirectory().resolve("certificate.pem.crt")).exists();
            assertThat(result.claimDirectory().resolve("private.pem.key")).exists();
            assertThat(Pem.readCertificate(Files.readString(result.claimDirectory().resolve("AmazonRootCA1.pem"))))
                    .isEqualTo(AmazonRootCas.rootCa1());
            // [3] the walkthrough's policy linted and printed; the least-privilege one attached
            String printedText = printed.toString(StandardCharsets.UTF_8);
            assertThat(printedText).contains("$aws/certificates/create/*");
            String walkthroughPolicy = ProvisioningByClaimWalkthrough.walkthroughClaimPolicyJson(core.region(),
                    core.accountId(), result.templateName());
            assertThat(PolicyLinter.lint(walkthroughPolicy)).isNotEmpty()
                    .allSatisfy(f -> assertThat(printedText).contains(f.ruleId()));
            String claimArn = core.registry().describeCertificate(result.claimCertificateId()).certificateArn();
            assertThat(core.registry().listAttachedPolicies(claimArn)).extracting(p -> p.policyName())
                    .containsExactly(result.claimPolicyName());
            assertThat(core.registry().getPolicy(result.claimPolicyName()).document())
                    .contains("topicfilter/$aws/certificates/create-from-csr/json/accepted")
                    .doesNotContain("create/*");
            // [4] and [5] the template exactly as the walkthrough writes it, with the hook
            assertThat(core.registry().findProvisioningTemplate(result.templateName())).hasValueSatisfying(t -> {
                assertThat(t.templateBody()).isEqualTo(ProvisioningByClaimWalkthrough.WALKTHROUGH_TEMPLATE);
                assertThat(t.preProvisioningHook()).isPresent();
            });

            // [6] by claim: LB-000001 with the thing type, groups and billing group the template names
            assertThat(result.provisioned()).extracting(DeviceIdentity::thingName)
                    .containsExactly("lightbulb-LB-000001", "lightbulb-LB-000002");
            for (DeviceIdentity device : result.provisioned()) {
                Thing thing = core.registry().describeThing(device.thingName());
                String serial = device.thingName().substring("lightbulb-".length());
                assertThat(thing.thingTypeName()).contains("ThingPrefix_" + serial);
                assertThat(thing.attributes()).containsEntry("version", "v1").containsEntry("serialNumber", "serialNumber");
                assertThat(thing.thingGroups()).containsExactlyInAnyOrder("v1-lightbulbs", "WA");
                assertThat(thing.billingGroupName()).contains("LightBulbBillingGroup");
                assertThat(device.deviceConfiguration()).containsEntry("LocationUrl", "https://example.aws");
            }
            // the hook ran for every RegisterThing and refused XX-999, which got no thing
            assertThat(events).filteredOn(e -> e.type() == EventType.HOOK).hasSizeGreaterThanOrEqualTo(3);
            assertThat(result.rejectedErrorCode()).isNotEmpty();
            assertThat(core.registry().findThing("lightbulb-XX-999")).isEmpty();

            // [7] by trusted user: LB-000002 came with the temporary claim
            assertThat(events).filteredOn(e -> e.type() == EventType.REQUEST
                            && e.clientId().orElse("").equals("lightbulb-LB-000002"))
                    .allSatisfy(e -> assertThat(e.details()).containsEntry("claimCertificateId", result.temporaryClaimId()))
                    .isNotEmpty();
            // [8] five minutes on, the same claim is refused at CONNECT and no LB-000003 exists
            assertThat(result.expiredClaimRefused()).contains(true);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(EventType.CONNECT);
                assertThat(e.clientId()).contains("lightbulb-LB-000003");
                assertThat(e.outcome()).isEqualTo("REFUSED");
                assertThat(e.details()).containsEntry("certificateId", result.temporaryClaimId());
            });
            assertThat(core.registry().findThing("lightbulb-LB-000003")).isEmpty();
            assertThat(printedText).doesNotContain("PRIVATE KEY");

            ProvisioningByClaimWalkthrough.cleanUp(target, result, out);
        }
        assertThat(core.registry().findProvisioningTemplate(result.templateName())).isEmpty();
        assertThat(core.registry().findCertificate(result.claimCertificateId())).isEmpty();
        assertThat(core.registry().findThing("lightbulb-LB-000001")).isEmpty();
        for (String group : result.createdGroups().getOrDefault("thingGroup", List.of())) {
            assertThat(core.registry().findThingGroup(group)).isEmpty();
        }
    }

    @Test
    void serialNumberHook_allowsOnlyKnownWellFormedSerials_andSetsCertDateAsTheWalkthroughDoes() {
        var hook = ProvisioningByClaimWalkthrough.serialNumberHook();

        assertThat(hook.apply(request("LB-000001")).allowProvisioning()).isTrue();
        assertThat(hook.apply(request("LB-000001")).parameterOverrides()).containsKey("CertDate");
        assertThat(hook.apply(request("LB-000001")).parameterOverrides().get("CertDate")).matches("\\d\\d/\\d\\d/\\d\\d");
        assertThat(hook.apply(request("LB-999999")).allowProvisioning()).isFalse();
        assertThat(hook.apply(request("XX-999")).allowProvisioning()).isFalse();
    }

    @Test
    void lambdaHandler_answersTheHookInputWithTheSameDecisionsAsTheLocalHook() {
        SerialNumberHookHandler handler = new SerialNumberHookHandler();
        Map<String, Object> event = Map.of("claimCertificateId", "a".repeat(64), "certificateId", "b".repeat(64),
                "certificatePem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
                "templateArn", "arn:aws:iot:us-east-1:123456789012:provisioningtemplate/T",
                "clientId", "lightbulb-1", "parameters", Map.of("SerialNumber", "LB-000001"));

        Map<String, Object> allowed = handler.handleRequest(event, null);
        Map<String, Object> denied = handler.handleRequest(Map.of("claimCertificateId", "a".repeat(64),
                "certificateId", "b".repeat(64), "certificatePem", "x", "templateArn",
                "arn:aws:iot:us-east-1:123456789012:provisioningtemplate/T", "clientId", "c",
                "parameters", Map.of("SerialNumber", "XX-999")), null);

        assertThat(allowed).containsEntry("allowProvisioning", true).containsKey("parameterOverrides");
        assertThat(denied).containsEntry("allowProvisioning", false);
        assertThat(Set.copyOf(allowed.keySet())).isEqualTo(Set.of("allowProvisioning", "parameterOverrides"));
    }

    private static HookRequest request(String serial) {
        return HookRequest.builder().claimCertificateId("a".repeat(64)).certificateId("b".repeat(64))
                .certificatePem("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
                .templateArn("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/T").clientId("lightbulb-1")
                .parameter("SerialNumber", serial).build();
    }
}
