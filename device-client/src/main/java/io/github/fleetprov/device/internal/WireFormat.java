package io.github.fleetprov.device.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.device.ProvisioningStep;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON payloads of the fleet provisioning MQTT API, as AWS documents them. */
public final class WireFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private WireFormat() {
    }

    /**
     * A certificate created by CreateCertificateFromCsr or CreateKeysAndCertificate.
     *
     * @param certificateId the certificate id
     * @param certificatePem the certificate
     * @param privateKeyPem the key AWS IoT made, {@code null} for a CSR
     * @param ownershipToken the certificate ownership token
     */
    public record CreatedCertificate(String certificateId, String certificatePem, String privateKeyPem,
            String ownershipToken) {
        @Override
        public String toString() {
            return "CreatedCertificate[certificateId=" + certificateId + ", privateKey=***, ownershipToken=***]";
        }
    }

    /**
     * The accepted answer of RegisterThing.
     *
     * @param thingName the thing's name
     * @param deviceConfiguration the template's device configuration
     */
    public record RegisteredThing(String thingName, Map<String, String> deviceConfiguration) {
    }

    /**
     * The CreateKeysAndCertificate request payload: an empty object.
     *
     * @return the payload
     */
    public static byte[] createKeysAndCertificateRequest() {
        return EMPTY_OBJECT.clone();
    }

    /**
     * The CreateCertificateFromCsr request payload.
     *
     * @param csrPem the CSR, PEM
     * @return the payload
     */
    public static byte[] createCertificateFromCsrRequest(String csrPem) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("certificateSigningRequest", csrPem);
        return write(node);
    }

    /**
     * The RegisterThing request payload.
     *
     * @param ownershipToken the certificate ownership token
     * @param parameters the template parameters
     * @return the payload
     */
    public static byte[] registerThingRequest(String ownershipToken, Map<String, String> parameters) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("certificateOwnershipToken", ownershipToken);
        ObjectNode params = node.putObject("parameters");
        parameters.forEach(params::put);
        return write(node);
    }

    /**
     * Reads an accepted CreateCertificateFromCsr or CreateKeysAndCertificate answer.
     *
     * @param payload the payload
     * @param withKey {@code true} for CreateKeysAndCertificate, whose answer holds the private key
     * @return the certificate
     * @throws FleetProvisioningException if a field is missing
     */
    public static CreatedCertificate readCreatedCertificate(byte[] payload, boolean withKey) {
        JsonNode node = read(payload, ProvisioningStep.CREATE_CERTIFICATE);
        return new CreatedCertificate(
                text(node, "certificateId", ProvisioningStep.CREATE_CERTIFICATE),
                text(node, "certificatePem", ProvisioningStep.CREATE_CERTIFICATE),
                withKey ? text(node, "privateKey", ProvisioningStep.CREATE_CERTIFICATE) : null,
                text(node, "certificateOwnershipToken", ProvisioningStep.CREATE_CERTIFICATE));
    }

    /**
     * Reads an accepted RegisterThing answer.
     *
     * @param payload the payload
     * @return the thing and its device configuration
     * @throws FleetProvisioningException if the thing name is missing
     */
    public static RegisteredThing readRegisteredThing(byte[] payload) {
        JsonNode node = read(payload, ProvisioningStep.REGISTER_THING);
        String thingName = text(node, "thingName", ProvisioningStep.REGISTER_THING);
        Map<String, String> configuration = new LinkedHashMap<>();
        JsonNode config = node.get("deviceConfiguration");
        if (config != null && config.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                configuration.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        }
        return new RegisteredThing(thingName, Map.copyOf(configuration));
    }

    /**
     * Reads a rejected answer ({@code statusCode}, {@code errorCode}, {@code errorMessage}) into an
     * exception; missing fields read as 0 and empty text.
     *
     * @param payload the payload
     * @param step the rejected step
     * @return the exception to throw
     */
    public static ProvisioningRejectedException readRejection(byte[] payload, ProvisioningStep step) {
        JsonNode node;
        try {
            node = MAPPER.readTree(payload);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return new ProvisioningRejectedException(step, 0, "", "the rejection's payload is not a JSON object");
        }
        return new ProvisioningRejectedException(step, node.path("statusCode").asInt(0),
                node.path("errorCode").asText(""), node.path("errorMessage").asText(""));
    }

    private static JsonNode read(byte[] payload, ProvisioningStep step) {
        try {
            JsonNode node = MAPPER.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new FleetProvisioningException(step + ": the accepted reply is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new FleetProvisioningException(step + ": the accepted reply is not valid JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String text(JsonNode node, String field, ProvisioningStep step) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new FleetProvisioningException(step + ": the accepted reply has no '" + field + "'");
        }
        return value.asText();
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new FleetProvisioningException("Cannot write a JSON request", e);
        }
    }
}
