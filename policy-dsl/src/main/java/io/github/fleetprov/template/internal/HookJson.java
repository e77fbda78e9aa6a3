package io.github.fleetprov.template.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.internal.DocumentSize;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;

/** Reads and writes the pre-provisioning hook input and output. */
public final class HookJson {

    /**
     * The longest hook input or answer text the readers parse, in characters: 256 KiB, twice the
     * 128 KB AWS IoT Core message size limit ("AWS IoT Core endpoints and quotas", message broker:
     * payload size). The RegisterThing request whose parameters the hook sees, and whose parameters
     * its overrides replace, is one MQTT message within that limit; the certificate PEM and ids add a
     * few kilobytes. A longer text is refused from its length, before parsing.
     */
    public static final int MAX_JSON_LENGTH = 256 * 1024;

    private HookJson() {
    }

    /**
     * Reads hook input.
     *
     * @param json the text
     * @return the request
     */
    public static HookRequest readRequest(String json) {
        JsonNode root = parse(json, "hook request");
        HookRequest.Builder b = HookRequest.builder();
        b.claimCertificateId(text(root, "claimCertificateId"));
        b.certificateId(text(root, "certificateId"));
        b.certificatePem(text(root, "certificatePem"));
        b.templateArn(text(root, "templateArn"));
        b.clientId(text(root, "clientId"));
        b.parameters(stringMap(root.get("parameters"), "parameters"));
        return b.build();
    }

    /**
     * Reads hook output.
     *
     * @param json the text
     * @return the response
     */
    public static HookResponse readResponse(String json) {
        JsonNode root = parse(json, "hook response");
        JsonNode allow = root.get("allowProvisioning");
        boolean allowed;
        if (allow == null || allow.isNull()) {
            throw new InvalidInputException("allowProvisioning", "is missing from the hook response",
                    "Answer {\"allowProvisioning\": true|false, \"parameterOverrides\": {...}}.");
        } else if (allow.isBoolean()) {
            allowed = allow.booleanValue();
        } else if (allow.isTextual() && (allow.textValue().equalsIgnoreCase("true") || allow.textValue().equalsIgnoreCase("false"))) {
            allowed = Boolean.parseBoolean(allow.textValue().toLowerCase(Locale.ROOT));
        } else {
            throw new InvalidInputException("allowProvisioning", "must be true or false, found " + allow,
                    "Answer a boolean.");
        }
        return HookResponse.of(allowed, stringMap(root.get("parameterOverrides"), "parameterOverrides"));
    }

    /**
     * The hook input as it is written: members in the order AWS documents them.
     *
     * @param claimCertificateId the claim certificate's id
     * @param certificateId the new certificate's id
     * @param certificatePem the new certificate
     * @param templateArn the template's ARN
     * @param clientId the MQTT client id
     * @param parameters the RegisterThing parameters
     */
    record RequestDocument(String claimCertificateId, String certificateId, String certificatePem,
            String templateArn, String clientId, Map<String, String> parameters) {
    }

    /**
     * The hook output as it is written.
     *
     * @param allowProvisioning whether provisioning goes on
     * @param parameterOverrides the parameters the hook replaces
     */
    record ResponseDocument(boolean allowProvisioning, Map<String, String> parameterOverrides) {
    }

    /**
     * Writes hook input.
     *
     * @param r the request
     * @return the JSON text
     */
    public static String write(HookRequest r) {
        return write(new RequestDocument(r.claimCertificateId(), r.certificateId(), r.certificatePem(),
                r.templateArn(), r.clientId(), r.parameters()));
    }

    /**
     * Writes hook output.
     *
     * @param r the response
     * @return the JSON text
     */
    public static String write(HookResponse r) {
        return write(new ResponseDocument(r.allowProvisioning(), r.parameterOverrides()));
    }

    private static String write(Record document) {
        try {
            return TemplateJsonWriter.MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new FleetProvisioningException("Writing hook JSON failed: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String json, String what) {
        if (json.length() > MAX_JSON_LENGTH) {
            throw new InvalidInputException(what, "is " + DocumentSize.format(json.length())
                    + " characters long; a hook " + (what.endsWith("request") ? "input" : "answer")
                    + " is at most " + DocumentSize.format(MAX_JSON_LENGTH) + " characters, since the "
                    + "RegisterThing parameters it carries fit in one 128 KB MQTT message",
                    "Send only the fields of the hook " + (what.endsWith("request") ? "input" : "output")
                            + ", with parameter values of the size a device sends.");
        }
        JsonNode root;
        try {
            root = TemplateJsonWriter.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what, "is not valid JSON: " + e.getOriginalMessage(),
                    "Send a JSON object.", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(what, "is not a JSON object", "Send a JSON object.");
        }
        return root;
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException(field, v == null ? "is missing" : "must be a string",
                    "The hook input carries claimCertificateId, certificateId, certificatePem, templateArn, clientId and parameters.");
        }
        return v.textValue();
    }

    private static Map<String, String> stringMap(JsonNode node, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(field, "must be an object of strings", "Write {\"Name\": \"value\"}.");
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new InvalidInputException(field + "/" + e.getKey(), "must be a string", "Quote the value.");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }
}
