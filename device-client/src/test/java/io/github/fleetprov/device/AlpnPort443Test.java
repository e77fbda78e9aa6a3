package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.testkit.LocalIotCore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT with X.509 on AWS IoT's port 443: the device client provisions and connects through LocalIotCore's
 * listener that requires the ALPN protocol {@code x-amzn-mqtt-ca} (the Device SDK's clients over
 * aws-crt), while mosquitto's client without ALPN is refused there and gets in with it.
 */
class AlpnPort443Test {

    @TempDir
    Path store;

    @Test
    void provision_overMqtt5WithAlpn_thenConnectAndPublishOnTheAlpnListener() {
        Fleet fleet = Fleet.create();
        LocalIotCore iot = fleet.iot;
        int alpnPort = iot.mqttAlpnPort();
        long mark = iot.events().lastSequence();

        DeviceIdentity device = fleet.client(store).mqttOverPort443().port(alpnPort).build().provision();

        assertThat(device.port()).isEqualTo(alpnPort);
        assertThat(fleet.newActiveCertificateIds()).containsExactly(device.certificateId());
        try (DeviceConnection connection = DeviceConnection.builder(device).mqttOverPort443().port(alpnPort)
                .certificateAuthorityPem(iot.caCertificatePem()).connect()) {
            assertThat(connection.publish("dt/" + device.thingName() + "/telemetry",
                    "{\"t\":1}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE))
                    .succeedsWithin(Duration.ofSeconds(20));
        }
        assertThat(iot.events().since(mark)).noneMatch(e -> "REFUSED".equals(e.outcome()));
    }

    @Test
    void provision_overMqtt311WithAlpn_succeeds() {
        Fleet fleet = Fleet.create();

        DeviceIdentity device = fleet.client(store).mqttVersion(MqttVersion.MQTT_3_1_1).mqttOverPort443()
                .port(fleet.iot.mqttAlpnPort()).build().provision();

        assertThat(fleet.newActiveCertificateIds()).containsExactly(device.certificateId());
    }

    @Test
    void mosquittoClient_isRefusedWithoutAlpn_andConnectsWithIt() throws Exception {
        Path mosquittoPub = Tools.require("mosquitto_pub", "apt-get install mosquitto-clients");
        LocalIotCore iot = LocalIotCore.shared();
        String thing = "alpn-mosq-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String policy = "alpn-" + thing;
        iot.registry().createPolicy(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"iot:Connect\",\"iot:Publish\"],\"Resource\":\"*\"}]}");
        var cert = iot.createDeviceCertificate(thing, policy);
        Path certFile = Files.writeString(store.resolve("cert.pem"), cert.certificatePem());
        Path keyFile = Files.writeString(store.resolve("key.pem"), cert.privateKeyPem());

        List<String> base = new ArrayList<>(List.of(mosquittoPub.toString(), "-h", "localhost",
                "-p", String.valueOf(iot.mqttAlpnPort()), "--cafile", iot.caPath().toString(), "--cert",
                certFile.toString(), "--key", keyFile.toString(), "-i", thing, "-t", "dt/" + thing, "-m", "{}",
                "-q", "1", "-V", "mqttv5"));
        List<String> withAlpn = new ArrayList<>(base);
        withAlpn.addAll(List.of("--tls-alpn", "x-amzn-mqtt-ca"));

        assertThat(run(base)).as("exit status without ALPN").isNotZero();
        assertThat(run(withAlpn)).as("exit status with ALPN x-amzn-mqtt-ca").isZero();
    }

    @Test
    void port443_outOfRangePortHint_namesTheAlpnOption() {
        assertThatThrownBy(() -> Fleet.create().client(store).port(0).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("port")
                .hasMessageContaining("mqttOverPort443()");
        assertThatThrownBy(() -> DeviceConnection.builder(sampleIdentity()).port(70000))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("mqttOverPort443()");
    }

    @Test
    void mqttOverPort443_setsPort443AndShowsAlpnInToString() {
        FleetProvisioningClient client = Fleet.create().client(store).mqttOverPort443().build();

        assertThat(client.toString()).contains(":443").contains("alpn=x-amzn-mqtt-ca");
        assertThat(client.toBuilder().build().toString()).contains("alpn=x-amzn-mqtt-ca");
    }

    private DeviceIdentity sampleIdentity() {
        Fleet fleet = Fleet.create();
        return fleet.client(store.resolve("sample")).build().provision();
    }

    private static int run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mosquitto_pub did not finish: " + command);
        }
        return process.exitValue();
    }
}
