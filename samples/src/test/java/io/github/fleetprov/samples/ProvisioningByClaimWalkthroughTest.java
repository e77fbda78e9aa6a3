package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.registry.Thing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class ProvisioningByClaimWalkthroughTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void run_provisionsApprovedSerials_byClaimAndByTrustedUser_andTheHookRefusesTheUnknownOne(LocalIotCore core,
            @TempDir Path dir) {
        ProvisioningByClaimWalkthrough.Result result;
        try (Target target = Target.local(core)) {
            result = ProvisioningByClaimWalkthrough.run(target, Samples.uniqueSuffix(), Optional.empty(), dir, out);

            assertThat(result.provisioned()).extracting(DeviceIdentity::thingName)
                    .containsExactly("lightbulb-LB-000001", "lightbulb-LB-000002");
            assertThat(result.rejectedErrorCode()).isNotEmpty();
            for (DeviceIdentity device : result.provisioned()) {
                Thing thing = core.registry().describeThing(device.thingName());
                assertThat(thing.thingTypeName()).contains(result.thingTypeName());
                assertThat(thing.attributes()).containsEntry("version", "v1")
                        .containsKey("provisionedOn").doesNotContainEntry("provisionedOn", "unknown");
                assertThat(core.registry().listAttachedPolicies(
                        core.registry().describeCertificate(device.certificateId()).certificateArn()))
                        .extracting(p -> p.policyName()).containsExactly(result.devicePolicyName());
            }
            assertThat(core.registry().findThing("lightbulb-XX-999")).isEmpty();
            String claimPolicy = core.registry().getPolicy(result.claimPolicyName()).document();
            assertThat(claimPolicy).contains("topicfilter/$aws/certificates/create-from-csr/json/accepted")
                    .contains("topic/$aws/provisioning-templates/" + result.templateName() + "/provision/json")
                    .doesNotContain("create/*");
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY");

            ProvisioningByClaimWalkthrough.cleanUp(target, result, out);
        }
        assertThat(core.registry().findProvisioningTemplate(result.templateName())).isEmpty();
        assertThat(core.registry().findCertificate(result.claimCertificateId())).isEmpty();
        assertThat(core.registry().findThing("lightbulb-LB-000001")).isEmpty();
    }

    @Test
    void serialNumberHook_allowsOnlyKnownWellFormedSerials_andStampsTheDate() {
        var hook = ProvisioningByClaimWalkthrough.serialNumberHook();

        assertThat(hook.apply(request("LB-000001")).allowProvisioning()).isTrue();
        assertThat(hook.apply(request("LB-000001")).parameterOverrides()).containsKey("ProvisionedOn");
        assertThat(hook.apply(request("LB-999999")).allowProvisioning()).isFalse();
        assertThat(hook.apply(request("XX-999")).allowProvisioning()).isFalse();
    }

    private static HookRequest request(String serial) {
        return HookRequest.builder().claimCertificateId("a".repeat(64)).certificateId("b".repeat(64))
                .certificatePem("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
                .templateArn("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/T").clientId("lightbulb-1")
                .parameter("SerialNumber", serial).build();
    }
}
