package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneServer;
import io.github.fleetprov.testkit.internal.controlplane.IotOperations;
import io.github.fleetprov.testkit.internal.controlplane.PolicyAuthorization;
import io.github.fleetprov.testkit.internal.http.LoopbackHttp;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The health URL that scripts poll before using the emulator ({@code GET /_fleetprov/health}) says
 * "ok" only once the emulator is up, MQTT broker included: the control plane itself starts while the
 * broker is still starting.
 */
class HealthUrlTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static IotOperations operations() {
        Clock clock = Clock.systemUTC();
        IotRegistry registry = IotRegistry.inMemory("aws", "us-east-1", "123456789012", clock, EventLog.create(clock));
        return new IotOperations(registry, CertificateAuthority.create("health CA"), KeyAlgorithm.EC_P256,
                type -> Optional.of("127.0.0.1"), new PolicyAuthorization(registry));
    }

    private static HttpResponse<String> get(URI endpoint, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(ControlPlaneServer.HEALTH_PATH))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersStartingUntilTheEmulatorIsReadyThenOk() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(operations(),
                operation -> ControlPlaneServer.FaultOutcome.PROCEED, ControlPlaneServer.CallerCheck.NONE,
                LoopbackHttp.loopback(0), false)) {
            HttpResponse<String> starting = get(server.endpoint(), "GET");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).isEqualTo("{\"status\":\"starting\"}");

            server.ready();

            HttpResponse<String> ok = get(server.endpoint(), "GET");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(get(server.endpoint(), "POST").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aServerStartedReadyAnswersOkAtOnce() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(operations(),
                operation -> ControlPlaneServer.FaultOutcome.PROCEED)) {
            assertThat(get(server.endpoint(), "GET").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aStartedLocalIotCoreAnswersOk() throws Exception {
        LocalIotCore iot = LocalIotCore.shared();
        HttpResponse<String> response = get(iot.controlPlaneEndpoint(), "GET");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }
}
