package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.Thing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class DeviceSdkFleetProvisioningTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void run_provisionsOneDeviceWithServerKeysAndOneWithItsOwnRsaKey_overMqtt5(LocalIotCore core, @TempDir Path dir) {
        String suffix = Samples.uniqueSuffix();
        DeviceSdkFleetProvisioning.Result result;
        try (Target target = Target.local(core)) {
            result = DeviceSdkFleetProvisioning.run(target, suffix, dir, out);

            assertThat(result.published()).isEqualTo(2);
            assertThat(result.devices()).extracting(DeviceIdentity::thingName)
                    .containsExactly("ThingPrefix_1-" + suffix, "ThingPrefix_2-" + suffix);
            for (DeviceIdentity device : result.devices()) {
                Thing thing = core.registry().describeThing(device.thingName());
                assertThat(thing.attributes()).containsEntry("version", "v1").containsEntry("serialNumber", "serialNumber");
                assertThat(core.registry().describeCertificate(device.certificateId()).status())
                        .isEqualTo(CertificateStatus.ACTIVE);
                assertThat(core.registry().listThingPrincipals(device.thingName())).hasSize(1);
                assertThat(device.deviceConfiguration()).isEqualTo(Map.of(
                        "FallbackUrl", "https://www.example.com/test-site", "LocationUrl", "https://example.aws"));
                assertThat(CertificateInfo.of(device.certificate()).keyAlgorithm()).isEqualTo("RSA");
            }
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY");

            DeviceSdkFleetProvisioning.cleanUp(target, result, out);
        }
        for (DeviceIdentity device : result.devices()) {
            assertThat(core.registry().findThing(device.thingName())).isEmpty();
            assertThat(core.registry().findCertificate(device.certificateId())).isEmpty();
        }
        assertThat(core.registry().findProvisioningTemplate(result.templateName())).isEmpty();
    }
}
