package io.github.fleetprov.device.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.device.ConnectionLostException;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.ProvisioningTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A scripted fleet provisioning service behind a fake transport: it issues real certificates from
 * a test CA, answers per a script of outcomes, and logs every event in order.
 */
final class ScriptedCloud implements TransportFactory {

    enum Outcome { ACCEPT, THROTTLE, REJECT_INVALID, DROP_REPLY, DISCONNECT }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final CertificateAuthority ca = CertificateAuthority.create("Scripted test CA");
    final List<String> log;
    final Map<String, String> tokens = new HashMap<>();
    final Map<String, String> registeredThings = new HashMap<>();
    final Deque<Outcome> connectScript = new ArrayDeque<>();
    final Deque<Outcome> createScript = new ArrayDeque<>();
    final Deque<Outcome> registerScript = new ArrayDeque<>();
    final List<String> createdCertificateIds = new ArrayList<>();
    final List<Map<String, String>> registerParameters = new ArrayList<>();
    int connections;
    boolean refuseConnect;
    boolean consumeTokens;

    ScriptedCloud(List<String> log) {
        this.log = log;
    }

    @Override
    public ProvisioningTransport create(TlsIdentity identity, String clientId) {
        return new Transport(clientId, Certificates.awsCertificateId(identity.certificate()));
    }

    private final class Transport implements ProvisioningTransport {
        private final String clientId;
        private final String certificateId;
        private boolean connected;

        Transport(String clientId, String certificateId) {
            this.clientId = clientId;
            this.certificateId = certificateId;
        }

        @Override
        public void open(List<FleetOperation> operations, Duration timeout) {
            if (refuseConnect || (createdCertificateIds.contains(certificateId)
                    && !registeredThings.containsKey(certificateId))) {
                throw new ConnectionRefusedException("CONNACK NOT_AUTHORIZED", "test hint", false);
            }
            Outcome outcome = connectScript.isEmpty() ? Outcome.ACCEPT : connectScript.poll();
            log.add("connect " + clientId);
            if (outcome == Outcome.DROP_REPLY) {
                throw new ProvisioningTimeoutException(ProvisioningStep.CONNECT, timeout);
            }
            if (outcome == Outcome.DISCONNECT) {
                throw new ConnectionRefusedException("AWS_ERROR_MQTT_UNEXPECTED_HANGUP", "test", true);
            }
            connections++;
            connected = true;
        }

        @Override
        public Reply request(FleetOperation operation, byte[] payload, ProvisioningStep step, Duration timeout) {
            if (!connected) {
                throw new ConnectionLostException(step, "not connected");
            }
            boolean register = operation.requestTopic().startsWith("$aws/provisioning-templates/");
            log.add((register ? "register " : "create ") + operation.requestTopic());
            Deque<Outcome> script = register ? registerScript : createScript;
            Outcome outcome = script.isEmpty() ? Outcome.ACCEPT : script.poll();
            switch (outcome) {
                case THROTTLE:
                    return rejected(400, "ThrottlingException", "Rate exceeded");
                case REJECT_INVALID:
                    return rejected(400, "InvalidParameters", "Missing parameter SerialNumber");
                case DROP_REPLY:
                    serve(operation, payload, register);
                    throw new ProvisioningTimeoutException(step, timeout);
                case DISCONNECT:
                    connected = false;
                    throw new ConnectionLostException(step, "AWS_ERROR_MQTT_UNEXPECTED_HANGUP");
                default:
                    return serve(operation, payload, register);
            }
        }

        private Reply serve(FleetOperation operation, byte[] payload, boolean register) {
            JsonNode request = read(payload);
            ObjectNode answer = MAPPER.createObjectNode();
            if (register) {
                String token = request.path("certificateOwnershipToken").asText();
                String certificateId = consumeTokens ? tokens.remove(token) : tokens.get(token);
                if (certificateId == null) {
                    return rejected(400, "InvalidCertificateOwnershipToken", "unknown token");
                }
                Map<String, String> parameters = new HashMap<>();
                request.path("parameters").properties().forEach(e -> parameters.put(e.getKey(),
                        e.getValue().asText()));
                registerParameters.add(parameters);
                String thingName = "thing-" + parameters.getOrDefault("SerialNumber", "x");
                registeredThings.put(certificateId, thingName);
                answer.put("thingName", thingName);
                answer.putObject("deviceConfiguration").put("FallbackUrl", "https://www.example.com/test-site");
            } else {
                String certificatePem;
                if (operation.equals(FleetOperation.CREATE_CERTIFICATE_FROM_CSR)) {
                    CertificateSigningRequest csr = CertificateSigningRequest.parse(
                            request.path("certificateSigningRequest").asText());
                    certificatePem = Pem.certificateToPem(ca.issue(csr, Duration.ofDays(365)));
                } else {
                    IssuedCertificate issued = ca.issueWithKey(Subject.ofCommonName("AWS IoT Certificate"),
                            KeyAlgorithm.RSA_2048, Duration.ofDays(365));
                    certificatePem = Pem.certificateToPem(issued.certificate());
                    answer.put("privateKey", Pem.privateKeyToPem(issued.keyPair().getPrivate()));
                }
                String certificateId = Certificates.awsCertificateId(Pem.readCertificate(certificatePem));
                String token = UUID.randomUUID().toString();
                tokens.put(token, certificateId);
                createdCertificateIds.add(certificateId);
                answer.put("certificateId", certificateId);
                answer.put("certificatePem", certificatePem);
                answer.put("certificateOwnershipToken", token);
            }
            return new Reply(true, answer.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void close() {
            if (connected) {
                log.add("close");
            }
            connected = false;
        }
    }

    private static Reply rejected(int status, String code, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("statusCode", status);
        node.put("errorCode", code);
        node.put("errorMessage", message);
        return new Reply(false, node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(byte[] payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
