package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.MqttVersion;
import io.github.fleetprov.samples.DeviceSdkFleetProvisioning.Device;
import io.github.fleetprov.samples.DeviceSdkFleetProvisioning.Workflow;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.samples.support.Tools;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.Thing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class DeviceSdkFleetProvisioningTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void run_walksTheDocumentsSteps_keysAndCsrFileWorkflowsOverMqtt5AndMqtt311(LocalIotCore core, @TempDir Path dir)
            throws Exception {
        if (!Tools.inCi()) {
            assumeTrue(Tools.find("openssl").isPresent(), "openssl is not installed");
        }
        String suffix = Samples.uniqueSuffix();
        long mark = core.events().lastSequence();
        DeviceSdkFleetProvisioning.Result result;
        try (Target target = Target.local(core)) {
            result = DeviceSdkFleetProvisioning.run(target, suffix, dir, out);

            // [1] and [2]: the role and the template
            assertThat(core.registry().findProvisioningTemplate(result.templateName())).hasValueSatisfying(t ->
                    assertThat(t.provisioningRoleArn()).endsWith(":role/" + result.roleName()));
            // [3]: the claim as parse_cert_set_result.py writes it, and it is the claim the devices used
            Path tmp = dir.resolve("tmp");
            assertThat(result.claimCertificateFile()).isEqualTo(tmp.resolve("provision.cert.pem"));
            assertThat(tmp.resolve("provision.private.key")).exists();
            assertThat(tmp.resolve("provision.public.key")).exists();
            String claimId = io.github.fleetprov.core.pki.Certificates.awsCertificateId(
                    Pem.readCertificate(Files.readString(result.claimCertificateFile())));
            assertThat(core.registry().describeCertificate(claimId).status()).isEqualTo(CertificateStatus.ACTIVE);

            // [4] and [5]: each workflow over MQTT 5 and MQTT 3.1.1, in the document's order
            assertThat(result.csrWorkflowRan()).isTrue();
            assertThat(result.devices()).extracting(Device::workflow, Device::mqttVersion).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Workflow.CREATE_KEYS_AND_CERTIFICATE, MqttVersion.MQTT_5),
                    org.assertj.core.groups.Tuple.tuple(Workflow.CREATE_KEYS_AND_CERTIFICATE, MqttVersion.MQTT_3_1_1),
                    org.assertj.core.groups.Tuple.tuple(Workflow.CSR_FILE, MqttVersion.MQTT_5),
                    org.assertj.core.groups.Tuple.tuple(Workflow.CSR_FILE, MqttVersion.MQTT_3_1_1));
            List<Event> events = core.events().since(mark);
            for (int i = 0; i < result.devices().size(); i++) {
                Device device = result.devices().get(i);
                DeviceIdentity identity = device.identity();
                assertThat(identity.thingName()).isEqualTo("ThingPrefix_" + (i + 1) + "-" + suffix);
                Thing thing = core.registry().describeThing(identity.thingName());
                assertThat(thing.attributes()).containsEntry("version", "v1").containsEntry("serialNumber", "serialNumber");
                assertThat(core.registry().describeCertificate(identity.certificateId()).status())
                        .isEqualTo(CertificateStatus.ACTIVE);
                assertThat(identity.deviceConfiguration()).isEqualTo(Map.of(
                        "FallbackUrl", "https://www.example.com/test-site", "LocationUrl", "https://example.aws"));
                assertThat(CertificateInfo.of(identity.certificate()).keyAlgorithm()).isEqualTo("RSA");

                // The event log says which path the device took: the operation that issued its certificate
                String expected = device.workflow() == Workflow.CSR_FILE
                        ? "CreateCertificateFromCsr" : "CreateKeysAndCertificate";
                assertThat(events).filteredOn(e -> e.type() == EventType.REPLY
                                && identity.certificateId().equals(e.details().get("certificateId"))
                                && !e.operation().equals("RegisterThing"))
                        .singleElement().satisfies(e -> {
                            assertThat(e.operation()).isEqualTo(expected);
                            assertThat(e.clientId()).contains(device.clientId());
                        });
                assertThat(events).filteredOn(e -> e.type() == EventType.REQUEST
                                && e.clientId().orElse("").equals(device.clientId()))
                        .extracting(Event::operation).containsExactly(expected, "RegisterThing");
                // ... and with which MQTT version it came, as the claim and as the new device
                String wire = device.mqttVersion() == MqttVersion.MQTT_5 ? "V_5" : "V_3_1_1";
                assertThat(events).filteredOn(e -> e.type() == EventType.CONNECT
                                && e.clientId().orElse("").equals(device.clientId()))
                        .first().satisfies(e -> {
                            assertThat(e.details()).containsEntry("mqttVersion", wire);
                            assertThat(e.details()).containsEntry("certificateId", claimId);
                        });
                assertThat(events).filteredOn(e -> e.type() == EventType.CONNECT
                                && identity.certificateId().equals(e.details().get("certificateId")))
                        .isNotEmpty().allSatisfy(e -> assertThat(e.details()).containsEntry("mqttVersion", wire));
                if (device.workflow() == Workflow.CSR_FILE) {
                    // the certificate is for openssl's key, from openssl's CSR file
                    Path csrDir = dir.resolve("csr-" + (i + 1));
                    CertificateSigningRequest csr = CertificateSigningRequest.parse(
                            Files.readString(csrDir.resolve("deviceCert.csr")));
                    assertThat(identity.certificate().getPublicKey()).isEqualTo(csr.publicKey());
                    assertThat(identity.privateKey()).isEqualTo(
                            Pem.readPrivateKey(Files.readString(csrDir.resolve("deviceCert.key"))));
                }
            }
            // [6]: every device published with its new certificate
            assertThat(result.published()).isEqualTo(4);
            for (Device device : result.devices()) {
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.type()).isEqualTo(EventType.CONNECT);
                    assertThat(e.details()).containsEntry("certificateId", device.identity().certificateId());
                });
            }
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY")
                    .contains("openssl genrsa -out").contains("openssl req -new -key");

            DeviceSdkFleetProvisioning.cleanUp(target, result, out);
        }
        for (Device device : result.devices()) {
            assertThat(core.registry().findThing(device.identity().thingName())).isEmpty();
            assertThat(core.registry().findCertificate(device.identity().certificateId())).isEmpty();
        }
        assertThat(core.registry().findProvisioningTemplate(result.templateName())).isEmpty();
    }
}
