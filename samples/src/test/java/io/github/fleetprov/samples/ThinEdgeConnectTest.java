package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class ThinEdgeConnectTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void register_registersTheSelfSignedCertificateWithoutACa_activatesIt_andAttachesThingAndPolicy(LocalIotCore core,
            @TempDir Path dir) {
        String deviceId = "my-device-" + Samples.uniqueSuffix();
        ThinEdgeConnect.Registration registration;
        try (Target target = Target.local(core)) {
            registration = ThinEdgeConnect.register(target, deviceId, dir, out);
            String certificateArn = registration.certificate().arn();

            var certificate = core.registry().describeCertificate(registration.certificate().id());
            assertThat(certificate.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(certificate.caCertificateId()).isEmpty();
            assertThat(registration.identity().certificate().getSubjectX500Principal())
                    .isEqualTo(registration.identity().certificate().getIssuerX500Principal());
            assertThat(core.registry().listThingPrincipals(deviceId)).containsExactly(certificateArn);
            assertThat(core.registry().listAttachedPolicies(certificateArn))
                    .extracting(p -> p.policyName()).containsExactly(registration.policyName());
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("Subject: CN=" + deviceId)
                    .contains("Issuer: CN=" + deviceId)
                    .containsPattern("Thumbprint: [0-9A-F]{40}")
                    .doesNotContain("PRIVATE KEY");
            assertThat(dir.resolve("tedge-certificate.pem")).exists();
            assertThat(dir.resolve("tedge-private-key.pem")).exists();

            ThinEdgeConnect.cleanUp(target, registration, out);
        }
        assertThat(core.registry().findThing(deviceId)).isEmpty();
        assertThat(core.registry().findCertificate(registration.certificate().id())).isEmpty();
        assertThat(core.registry().findPolicy(registration.policyName())).isEmpty();
    }

    @Test
    void run_selfSignedDeviceConnectsAsItself_andReceivesItsOwnTelemetry(LocalIotCore core, @TempDir Path dir)
            throws Exception {
        String deviceId = "my-device-" + Samples.uniqueSuffix();
        ThinEdgeConnect.Result result;
        try (Target target = Target.local(core)) {
            result = ThinEdgeConnect.run(target, deviceId, dir, out);

            assertThat(result.deviceId()).isEqualTo(deviceId);
            assertThat(result.telemetryTopic()).isEqualTo("thinedge/" + deviceId + "/telemetry");
            assertThat(result.echoed()).isTrue();
            assertThat(core.registry().describeCertificate(result.certificateId()).caCertificateId()).isEmpty();
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("connected, client id " + deviceId)
                    .contains("received it back: yes")
                    .doesNotContain("PRIVATE KEY");

            ThinEdgeConnect.cleanUp(target, result, out);
        }
        assertThat(core.registry().findThing(deviceId)).isEmpty();
        assertThat(core.registry().findCertificate(result.certificateId())).isEmpty();
        assertThat(core.registry().findPolicy(result.policyName())).isEmpty();
    }
}
