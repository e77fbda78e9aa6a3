package io.github.fleetprov.device.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.device.PayloadFormat;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.device.ProvisioningStep;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payloads of the fleet provisioning MQTT API, as AWS documents them, in JSON or CBOR: the same
 * fields in either encoding.
 */
public final class WireFormat {

    /** JSON payloads. */
    public static final WireFormat JSON = new WireFormat(FleetJson.lenientMapper(), "JSON", "a JSON object");
    /** CBOR payloads. */
    public static final WireFormat CBOR = new WireFormat(new CBORMapper(), "CBOR", "a CBOR map");

    private final ObjectMapper mapper;
    private final String name;
    private final String objectName;

    private WireFormat(ObjectMapper mapper, String name, String objectName) {
        this.mapper = mapper;
        this.name = name;
        this.objectName = objectName;
    }

    /**
     * The codec of a payload format.
     *
     * @param format the format
     * @return its codec
     */
    public static WireFormat of(PayloadFormat format) {
        return format == PayloadFormat.CBOR ? CBOR : JSON;
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
    public byte[] createKeysAndCertificateRequest() {
        return write(mapper.createObjectNode());
    }

    /**
     * The CreateCertificateFromCsr request payload.
     *
     * @param csrPem the CSR, PEM
     * @return the payload
     */
    public byte[] createCertificateFromCsrRequest(String csrPem) {
        ObjectNode node = mapper.createObjectNode();
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
    public byte[] registerThingRequest(String ownershipToken, Map<String, String> parameters) {
        ObjectNode node = mapper.createObjectNode();
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
    public CreatedCertificate readCreatedCertificate(byte[] payload, boolean withKey) {
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
    public RegisteredThing readRegisteredThing(byte[] payload) {
        JsonNode node = read(payload, ProvisioningStep.REGISTER_THING);
        String thingName = text(node, "thingName", ProvisioningStep.REGISTER_THING);
        Map<String, String> configuration = new LinkedHashMap<>();
        JsonNode config = node.get("deviceConfiguration");
        if (config != null && config.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = config.properties().iterator();
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
    public ProvisioningRejectedException readRejection(byte[] payload, ProvisioningStep step) {
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return new ProvisioningRejectedException(step, 0, "", "the rejection's payload is not " + objectName);
        }
        return new ProvisioningRejectedException(step, node.path("statusCode").asInt(0),
                node.path("errorCode").asText(""), node.path("errorMessage").asText(""));
    }

    private JsonNode read(byte[] payload, ProvisioningStep step) {
        try {
            JsonNode node = mapper.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new FleetProvisioningException(step + ": the accepted reply is not " + objectName);
            }
            return node;
        } catch (IOException e) {
            throw new FleetProvisioningException(step + ": the accepted reply is not valid " + name + " ("
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

    private byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new FleetProvisioningException("Cannot write a " + name + " request", e);
        }
    }

    @Override
    public String toString() {
        return "WireFormat[" + name + "]";
    }
}
