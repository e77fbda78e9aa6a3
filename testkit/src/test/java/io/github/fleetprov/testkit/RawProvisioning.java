package io.github.fleetprov.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fleet provisioning MQTT API spoken directly over an MQTT 5 test client (subscribe to the reply
 * topics, publish the request, read the reply), for tests that need to see every field.
 */
final class RawProvisioning {

    static final String CSR_TOPIC = "$aws/certificates/create-from-csr/json";
    static final String KEYS_TOPIC = "$aws/certificates/create/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reply: accepted or rejected, and its JSON body. */
    record Reply(boolean accepted, JsonNode body) {
        String text(String field) {
            JsonNode v = body.get(field);
            return v == null ? null : v.asText();
        }
    }

    private final Mqtt5TestClient client;

    RawProvisioning(Mqtt5TestClient client) {
        this.client = client;
    }

    static String registerTopic(String templateName) {
        return "$aws/provisioning-templates/" + templateName + "/provision/json";
    }

    static String csrPem() {
        return CertificateSigningRequest.create(KeyPairs.generate(), Subject.ofCommonName("device")).toPem();
    }

    Reply createFromCsr(String csrPem) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("certificateSigningRequest", csrPem);
        return call(CSR_TOPIC, body.toString(), Duration.ofSeconds(30));
    }

    Reply registerThing(String templateName, String token, Map<String, String> parameters) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        if (token != null) {
            body.put("certificateOwnershipToken", token);
        }
        ObjectNode params = body.putObject("parameters");
        parameters.forEach(params::put);
        return call(registerTopic(templateName), body.toString(), Duration.ofSeconds(30));
    }

    /** Publishes a request and waits for the next reply on its accepted or rejected topic. */
    Reply call(String topic, String payload, Duration timeout) throws Exception {
        int seen = client.received().size();
        client.subscribe(topic + "/accepted");
        client.subscribe(topic + "/rejected");
        client.publish(topic, payload).get(20, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var received = client.received();
            for (int i = seen; i < received.size(); i++) {
                Mqtt5TestClient.Received r = received.get(i);
                if (r.topic().equals(topic + "/accepted") || r.topic().equals(topic + "/rejected")) {
                    return new Reply(r.topic().endsWith("/accepted"), JSON.readTree(r.payload()));
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no reply on " + topic + "/accepted|rejected within " + timeout);
    }
}
