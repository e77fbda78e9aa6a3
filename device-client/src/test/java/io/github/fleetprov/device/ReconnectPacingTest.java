package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.internal.ConnectPacer;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The device client respects AWS IoT Core's "Connect requests per second per client ID" quota (1), which
 * LocalIotCore enforces by default: reconnecting at once with the same client id is paced, not refused,
 * and a CONNECT refused because another client used the id a moment before is retried and accepted.
 */
class ReconnectPacingTest {

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- the pacer on a fake clock

    private long now;
    private final List<Duration> slept = new ArrayList<>();

    private ConnectPacer pacer(long jitter) {
        return new ConnectPacer(() -> now, bound -> Math.min(bound, jitter), slept::add);
    }

    @Test
    void pacer_firstConnectOfAClientId_goesAtOnce() {
        ConnectPacer pacer = pacer(0);

        assertThat(pacer.reserve("a")).isZero();
        assertThat(pacer.reserve("b")).isZero();
    }

    @Test
    void pacer_secondConnectWithinASecond_waitsUntilASecondAfterTheFirstPlusJitter() {
        ConnectPacer pacer = pacer(TimeUnit.MILLISECONDS.toNanos(100));
        pacer.reserve("a");
        now += TimeUnit.MILLISECONDS.toNanos(300);

        assertThat(pacer.reserve("a")).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void pacer_concurrentCallersWithOneClientId_getSuccessiveSlots() {
        ConnectPacer pacer = pacer(0);
        pacer.reserve("a");

        assertThat(pacer.reserve("a")).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.reserve("a")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void pacer_connectASecondOrMoreLater_goesAtOnce() {
        ConnectPacer pacer = pacer(0);
        pacer.reserve("a");
        now += TimeUnit.SECONDS.toNanos(1);

        assertThat(pacer.reserve("a")).isZero();
    }

    @Test
    void pacer_countsTheNextSlotFromTheAnswerOfTheLastConnect() {
        ConnectPacer pacer = pacer(0);
        pacer.reserve("a");
        now += TimeUnit.MILLISECONDS.toNanos(400);
        pacer.answered("a");
        now += TimeUnit.MILLISECONDS.toNanos(700);

        assertThat(pacer.reserve("a")).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void pacer_jitterStaysWithinItsBound() {
        ConnectPacer pacer = new ConnectPacer(() -> now, bound -> bound, slept::add);
        pacer.reserve("a");

        pacer.awaitTurn("a");

        assertThat(slept).containsExactly(ConnectPacer.MIN_INTERVAL.plus(ConnectPacer.MAX_JITTER));
    }

    // ---------------------------------------------------------------- against LocalIotCore

    private static List<String> connectOutcomes(Fleet fleet, String clientId, long since) {
        return fleet.iot.events().since(since).stream()
                .filter(e -> e.type() == EventType.CONNECT && e.clientId().filter(clientId::equals).isPresent())
                .map(Event::outcome).collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void deviceConnection_reconnectingAtOnceWithTheSameClientId_isPacedAndNeverRefused(MqttVersion version) {
        Fleet fleet = Fleet.create();
        assertThat(fleet.iot.isConnectRateLimited()).isTrue();
        DeviceIdentity device = fleet.client(dir.resolve("store")).build().provision();
        long mark = fleet.iot.events().lastSequence();

        for (int i = 0; i < 3; i++) {
            try (DeviceConnection connection = DeviceConnection.builder(device).mqttVersion(version)
                    .certificateAuthorityPem(fleet.iot.caCertificatePem()).connectTimeout(Duration.ofSeconds(20))
                    .connect()) {
                assertThat(connection.isConnected()).isTrue();
            }
        }

        assertThat(connectOutcomes(fleet, device.thingName(), mark)).containsExactly("ACCEPTED", "ACCEPTED", "ACCEPTED");
    }

    @Test
    void deviceConnection_afterAnotherClientConnectedWithTheId_isAcceptedOnceASecondHasPassed() throws Exception {
        Path mosquittoPub = Tools.require("mosquitto_pub", "apt-get install mosquitto-clients");
        Fleet fleet = Fleet.create();
        DeviceIdentity device = fleet.client(dir.resolve("store")).build().provision();
        Path cert = Files.writeString(dir.resolve("device.pem"), device.certificatePem());
        Path key = Files.writeString(dir.resolve("device.key"),
                io.github.fleetprov.core.pki.Pem.privateKeyToPem(device.privateKey()));
        long mark = fleet.iot.events().lastSequence();
        Process other = new ProcessBuilder(mosquittoPub.toString(), "-h", fleet.iot.mqttHost(), "-p",
                String.valueOf(fleet.iot.mqttPort()), "--cafile", fleet.iot.caPath().toString(), "--cert",
                cert.toString(), "--key", key.toString(), "-i", device.thingName(), "-t", "dt/" + device.thingName(),
                "-m", "{}", "-q", "1", "-V", "mqttv5").redirectErrorStream(true).start();
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).as(new String(other.getInputStream().readAllBytes())).isZero();

        try (DeviceConnection connection = DeviceConnection.builder(device)
                .certificateAuthorityPem(fleet.iot.caCertificatePem()).connectTimeout(Duration.ofSeconds(20))
                .connect()) {
            assertThat(connection.isConnected()).isTrue();
        }

        // The device's first CONNECT is refused if it came within a second of mosquitto's (it usually does);
        // whichever, the device ends up connected and every refusal is followed by an accepted CONNECT.
        List<String> outcomes = connectOutcomes(fleet, device.thingName(), mark);
        assertThat(outcomes).first().isEqualTo("ACCEPTED");
        assertThat(outcomes).last().isEqualTo("ACCEPTED");
        assertThat(outcomes.subList(1, outcomes.size() - 1)).allMatch("REFUSED"::equals);
        assertThat(fleet.iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT
                && "REFUSED".equals(e.outcome())).allSatisfy(e -> assertThat(e.message()).contains("less than a second"));
    }
}
