package io.github.fleetprov.admin.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.admin.FleetSetup;
import io.github.fleetprov.admin.PlannedCall;
import io.github.fleetprov.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@link FleetSetup} as JSON. */
public final class FleetSetupJson {

    private FleetSetupJson() {
    }

    /**
     * Writes a set-up.
     *
     * @param s the set-up
     * @return pretty JSON
     */
    public static String write(FleetSetup s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("fleetName", s.fleetName());
        o.put("partition", s.partition());
        o.put("region", s.region());
        o.put("accountId", s.accountId());
        o.put("provisioningRoleName", s.provisioningRoleName());
        o.put("provisioningRoleArn", s.provisioningRoleArn());
        o.put("templateName", s.templateName());
        o.put("templateArn", s.templateArn());
        o.put("claimPolicyName", s.claimPolicyName());
        o.put("claimPolicyArn", s.claimPolicyArn());
        ArrayNode dp = o.putArray("devicePolicyNames");
        s.devicePolicyNames().forEach(dp::add);
        o.put("claimCertificateId", s.claimCertificateId());
        o.put("claimCertificateArn", s.claimCertificateArn());
        o.put("claimStore", s.claimStore());
        o.put("tokenExchangeRoleName", s.tokenExchangeRoleName());
        o.put("tokenExchangeRoleArn", s.tokenExchangeRoleArn());
        o.put("roleAliasName", s.roleAliasName());
        o.put("roleAliasArn", s.roleAliasArn());
        o.put("aliasPolicyName", s.aliasPolicyName());
        o.put("dataEndpoint", s.dataEndpoint());
        o.put("credentialsEndpoint", s.credentialsEndpoint());
        o.put("credentialsUrl", s.credentialsUrl());
        ArrayNode changes = o.putArray("changes");
        for (PlannedCall c : s.changes()) {
            ObjectNode n = changes.addObject();
            n.put("service", c.service());
            n.put("operation", c.operation());
            n.put("target", c.target());
            n.put("reason", c.reason());
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /**
     * Reads a set-up.
     *
     * @param json the JSON
     * @return the set-up
     */
    public static FleetSetup read(String json) {
        JsonNode o;
        try {
            o = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("json", "is not JSON (line " + e.getLocation().getLineNr() + ")",
                    "Pass the text FleetSetup.toJson() wrote.", e);
        }
        if (o == null || !o.isObject()) {
            throw new InvalidInputException("json", "is not a JSON object", "Pass the text FleetSetup.toJson() wrote.");
        }
        List<PlannedCall> changes = new ArrayList<>();
        for (JsonNode n : array(o, "changes")) {
            changes.add(new PlannedCall(text(n, "service", true), text(n, "operation", true), text(n, "target", true),
                    text(n, "reason", true)));
        }
        List<String> devicePolicies = new ArrayList<>();
        for (JsonNode n : array(o, "devicePolicyNames")) {
            if (!n.isTextual()) {
                throw new InvalidInputException("/devicePolicyNames", "holds a non-string", "List policy names.");
            }
            devicePolicies.add(n.asText());
        }
        return new FleetSetup(text(o, "fleetName", true), text(o, "partition", true), text(o, "region", true),
                text(o, "accountId", true), text(o, "provisioningRoleName", false), text(o, "provisioningRoleArn", false),
                text(o, "templateName", false), text(o, "templateArn", false), text(o, "claimPolicyName", false),
                text(o, "claimPolicyArn", false), devicePolicies, text(o, "claimCertificateId", false),
                text(o, "claimCertificateArn", false), text(o, "claimStore", false),
                text(o, "tokenExchangeRoleName", false), text(o, "tokenExchangeRoleArn", false),
                text(o, "roleAliasName", false), text(o, "roleAliasArn", false), text(o, "aliasPolicyName", false),
                text(o, "dataEndpoint", false), text(o, "credentialsEndpoint", false), text(o, "credentialsUrl", false),
                changes);
    }

    private static Iterable<JsonNode> array(JsonNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidInputException("/" + name, "is not an array", "Write a JSON array.");
        }
        return n;
    }

    private static String text(JsonNode o, String name, boolean required) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException("/" + name, "is missing", "Pass the text FleetSetup.toJson() wrote.");
            }
            return "";
        }
        if (!n.isTextual()) {
            throw new InvalidInputException("/" + name, "is not a string", "Write it as a JSON string.");
        }
        return n.asText();
    }
}
