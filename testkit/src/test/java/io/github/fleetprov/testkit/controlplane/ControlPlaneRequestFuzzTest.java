package io.github.fleetprov.testkit.controlplane;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.core.testing.FuzzGuard;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneServer;
import io.github.fleetprov.testkit.internal.controlplane.IotOperations;
import io.github.fleetprov.testkit.internal.controlplane.PolicyAuthorization;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the request bodies of LocalIotCore's control plane (REST-JSON, as the AWS SDKs and CLI send
 * them) over HTTP.
 *
 * <p>The first byte picks one of the operations that read a body (or a query, or a principal header);
 * the rest is the body. Property: every request is answered, never with a 500 (the server's answer to
 * an unexpected exception), and every refusal is AWS-shaped (error code in {@code x-amzn-ErrorType},
 * a JSON body with a message), within {@link FuzzGuard}'s bound. Regression inputs:
 * {@code src/test/resources/io/github/fleetprov/testkit/controlplane/ControlPlaneRequestFuzzTestInputs/controlPlaneRequest/}.
 */
class ControlPlaneRequestFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ControlPlaneServer server;
    private static HttpClient http;
    private static List<String[]> operations;

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.systemUTC();
        IotRegistry registry = IotRegistry.inMemory("aws", "us-east-1", "123456789012", clock, EventLog.create(clock));
        IotOperations iot = new IotOperations(registry, CertificateAuthority.create("fuzz CA"), KeyAlgorithm.EC_P256,
                type -> Optional.of("127.0.0.1"), new PolicyAuthorization(registry));
        server = ControlPlaneServer.start(iot, operation -> ControlPlaneServer.FaultOutcome.PROCEED);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        String certificateId = registry.registerCertificate(CertificateRegistration.builder(Pem.certificateToPem(
                SelfSignedCertificates.create(KeyPairs.generate(), "fuzz-device", Duration.ofDays(1)))).build())
                .certificateId();
        String certificateArn = "arn:aws:iot:us-east-1:123456789012:cert/" + certificateId;
        String target = URLEncoder.encode(certificateArn, StandardCharsets.UTF_8);
        operations = List.of(
                new String[] {"POST", "/thing-types/FuzzType"},
                new String[] {"POST", "/things/fuzz-thing"},
                new String[] {"PATCH", "/things/fuzz-thing"},
                new String[] {"POST", "/keys-and-certificate?setAsActive=true"},
                new String[] {"POST", "/certificate/register-no-ca"},
                new String[] {"POST", "/certificate/register"},
                new String[] {"PUT", "/certificates/" + certificateId + "?newStatus=ACTIVE"},
                new String[] {"POST", "/policies/FuzzPolicy"},
                new String[] {"POST", "/policies/FuzzPolicy/version?setAsDefault=true"},
                new String[] {"PUT", "/target-policies/FuzzPolicy"},
                new String[] {"POST", "/target-policies/FuzzPolicy"},
                new String[] {"POST", "/attached-policies/" + target + "?recursive=false"},
                new String[] {"PUT", "/things/fuzz-thing/principals", certificateArn},
                new String[] {"POST", "/thing-groups/FuzzGroup"},
                new String[] {"PUT", "/thing-groups/addThingToThingGroup"},
                new String[] {"POST", "/role-aliases/FuzzAlias"},
                new String[] {"PUT", "/role-aliases/FuzzAlias"},
                new String[] {"POST", "/provisioning-templates"},
                new String[] {"PATCH", "/provisioning-templates/FuzzTemplate"},
                new String[] {"POST", "/provisioning-templates/FuzzTemplate/versions?setAsDefault=true"},
                new String[] {"POST", "/provisioning-templates/FuzzTemplate/provisioning-claim"},
                new String[] {"POST", "/test-authorization"});
        send(operations.get(1), "{}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        FuzzGuard.report(ControlPlaneRequestFuzzTest.class);
        server.close();
    }

    private static HttpResponse<byte[]> send(String[] operation, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + operation[1]))
                .timeout(Duration.ofSeconds(FuzzGuard.HANG_BOUND_SECONDS))
                .header("Content-Type", "application/json")
                .method(operation[0], HttpRequest.BodyPublishers.ofByteArray(body));
        if (operation.length > 2) {
            request.header("x-amzn-principal", operation[2]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @FuzzTest(maxDuration = "10s")
    void controlPlaneRequest(byte[] data) {
        FuzzGuard.input();
        String[] operation = operations.get((data.length == 0 ? 0 : data[0] & 0xff) % operations.size());
        byte[] body = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        HttpResponse<byte[]> response = FuzzGuard.check(NoException.class, () -> send(operation, body));
        int status = response.statusCode();
        if (status >= 500) {
            throw new AssertionError(operation[0] + " " + operation[1] + " failed with " + status + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        if (status >= 400) {
            Optional<String> code = response.headers().firstValue("x-amzn-ErrorType");
            JsonNode error = FuzzGuard.check(NoException.class, () -> JSON.readTree(response.body()));
            if (code.isEmpty() || !error.path("message").isTextual()) {
                throw new AssertionError("a refusal that is not AWS-shaped: " + status + " " + response.headers().map());
            }
        }
    }

    /** No exception is acceptable. */
    private static final class NoException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
