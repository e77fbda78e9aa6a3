package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.samples.support.Tools;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class ThinEdgeConnectTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void register_makesTedgesSelfSignedCertificate_registersItWithoutACa_andAttachesThingAndPolicy(LocalIotCore core,
            @TempDir Path dir) throws Exception {
        String deviceId = "my-device-" + Samples.uniqueSuffix();
        ThinEdgeConnect.Registration registration;
        try (Target target = Target.local(core)) {
            registration = ThinEdgeConnect.register(target, deviceId, dir, out);
            String certificateArn = registration.certificate().arn();

            // [1] the subject as tedge makes it, self-signed
            List<String> rdns = new LdapName(registration.deviceCertificate().getSubjectX500Principal().getName())
                    .getRdns().stream().map(Rdn::toString).toList();
            assertThat(rdns).containsExactlyInAnyOrder("CN=" + deviceId, "O=Thin Edge", "OU=Test Device");
            assertThat(registration.deviceCertificate().getSubjectX500Principal())
                    .isEqualTo(registration.deviceCertificate().getIssuerX500Principal());
            // [3] registered without a CA, active, with its thing and policy
            var certificate = core.registry().describeCertificate(registration.certificate().id());
            assertThat(certificate.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(certificate.caCertificateId()).isEmpty();
            assertThat(core.registry().listThingPrincipals(deviceId)).containsExactly(certificateArn);
            assertThat(core.registry().listAttachedPolicies(certificateArn))
                    .extracting(p -> p.policyName()).containsExactly(registration.policyName());
            // [2] tedge cert show
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("CN=" + deviceId).contains("O=Thin Edge").contains("OU=Test Device")
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
    void run_bridgesARealMosquittoToLocalIotCore_checksTheConnection_andTheTelemetryArrivesOnTheDocumentsTopic(
            LocalIotCore core, @TempDir Path dir) throws Exception {
        if (!Tools.inCi()) {
            assumeTrue(Tools.find("mosquitto").isPresent() && Tools.find("mosquitto_sub").isPresent(),
                    "mosquitto is not installed");
        }
        String suffix = Samples.uniqueSuffix();
        String deviceId = "my-device-" + suffix;
        String cloudTopic = "thinedge/devices/" + deviceId + "/messages/";
        // A subscriber in the cloud, with its own certificate, listening on the topic the document names
        String observer = "observer-" + suffix;
        String arn = "arn:aws:iot:" + core.region() + ":" + core.accountId() + ":";
        core.registry().createPolicy(observer, "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + arn + "client/" + observer + "\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"" + arn + "topicfilter/" + cloudTopic + "\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"" + arn + "topic/" + cloudTopic + "\"}]}");
        var issued = core.createDeviceCertificate(observer, observer);
        Path observerCert = Files.writeString(dir.resolve("observer.pem.crt"), issued.certificatePem());
        Path observerKey = Files.writeString(dir.resolve("observer.private.key"), issued.privateKeyPem());
        Path ca = Files.writeString(dir.resolve("observer-ca.pem"), core.caCertificatePem());
        Process subscriber = new ProcessBuilder(Tools.find("mosquitto_sub").orElseThrow().toString(),
                "-h", core.mqttHost(), "-p", Integer.toString(core.mqttPort()), "--cafile", ca.toString(),
                "--cert", observerCert.toString(), "--key", observerKey.toString(), "-i", observer,
                "-V", "mqttv311", "-q", "1", "-t", cloudTopic, "-C", "1", "-W", "120", "-v")
                .redirectErrorStream(true).start();
        long mark = core.events().lastSequence();
        try (Target target = Target.local(core)) {
            core.events().await(e -> e.type() == EventType.CONNECT && e.clientId().orElse("").equals(observer),
                    java.time.Duration.ofSeconds(30));
            ThinEdgeConnect.Result result = ThinEdgeConnect.run(target, deviceId, dir, out);

            // [4] and [5]: mosquitto's bridge with the device certificate, MQTT 3.1.1, and its state
            String config = Files.readString(dir.resolve("mosquitto").resolve("mosquitto.conf"));
            assertThat(config).contains("connection edge_to_aws")
                    .contains("address " + core.mqttHost() + ":" + core.mqttPort())
                    .contains("bridge_certfile " + dir.resolve("tedge-certificate.pem"))
                    .contains("bridge_keyfile " + dir.resolve("tedge-private-key.pem"))
                    .contains("bridge_protocol_version mqttv311");
            assertThat(result.bridged()).isTrue();
            assertThat(result.bridgeState()).isEqualTo("1");
            assertThat(result.connectionChecked()).isTrue();
            List<Event> events = core.events().since(mark);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(EventType.CONNECT);
                assertThat(e.clientId()).contains(deviceId);
                assertThat(e.outcome()).isEqualTo("ACCEPTED");
                assertThat(e.details()).containsEntry("certificateId", result.certificateId())
                        .containsEntry("mqttVersion", "V_3_1_1");
            });
            // [6]: aws/messages/ on the device arrives in AWS IoT as thinedge/devices/<id>/messages/
            assertThat(result.published()).isTrue();
            assertThat(result.cloudTelemetryTopic()).isEqualTo(cloudTopic);
            assertThat(subscriber.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(new String(subscriber.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(cloudTopic + " {\"temperature\": 20}");
            assertThat(core.events().since(mark)).filteredOn(e -> e.type() == EventType.AUTHORIZATION
                    && e.clientId().orElse("").equals(deviceId)).allSatisfy(e ->
                            assertThat(e.outcome()).isEqualTo("ALLOWED"));
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("Received expected response on topic aws/connection-success")
                    .doesNotContain("PRIVATE KEY");

            ThinEdgeConnect.cleanUp(target, result, out);
            assertThat(core.registry().findThing(deviceId)).isEmpty();
            assertThat(core.registry().findCertificate(result.certificateId())).isEmpty();
        } finally {
            subscriber.destroy();
        }
    }
}
