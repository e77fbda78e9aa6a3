package io.github.fleetprov.testkit.internal.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks IAM applies to trust policies and permissions policies before it stores them, with
 * {@code MalformedPolicyDocument} refusals that say what is wrong.
 */
public final class IamPolicyDocuments {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> STATEMENT_KEYS = Set.of(
            "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");

    private IamPolicyDocuments() {
    }

    /**
     * Checks a role trust policy: statements need a principal and must not name resources.
     *
     * @param document the JSON document
     * @return the parsed document
     * @throws AwsApiException {@code 400 MalformedPolicyDocument} when the document is refused
     */
    public static JsonNode checkTrustPolicy(String document) {
        JsonNode root = parse(document);
        for (JsonNode statement : statements(root)) {
            if (!statement.has("Principal") && !statement.has("NotPrincipal")) {
                throw malformed("Missing required field Principal");
            }
            if (statement.has("Resource") || statement.has("NotResource")) {
                throw malformed("Has prohibited field Resource");
            }
            requireAction(statement);
        }
        return root;
    }

    /**
     * Checks an identity (permissions) policy: statements need resources and must not name principals.
     *
     * @param document the JSON document
     * @return the parsed document
     * @throws AwsApiException {@code 400 MalformedPolicyDocument} when the document is refused
     */
    public static JsonNode checkPermissionsPolicy(String document) {
        JsonNode root = parse(document);
        for (JsonNode statement : statements(root)) {
            if (statement.has("Principal") || statement.has("NotPrincipal")) {
                throw malformed("Policy document should not specify a principal.");
            }
            if (!statement.has("Resource") && !statement.has("NotResource")) {
                throw malformed("Policy statement must contain resources.");
            }
            requireAction(statement);
        }
        return root;
    }

    /**
     * Whether a trust policy lets an AWS service principal call {@code sts:AssumeRole}.
     *
     * @param trustPolicy the stored trust policy
     * @param servicePrincipal e.g. {@code credentials.iot.amazonaws.com}
     * @return {@code true} if an Allow statement names the service and the action
     */
    public static boolean trustsService(String trustPolicy, String servicePrincipal) {
        JsonNode root = parse(trustPolicy);
        boolean allowed = false;
        for (JsonNode statement : statements(root)) {
            boolean matches = values(statement.path("Principal").path("Service")).contains(servicePrincipal)
                    && values(statement.get("Action")).stream().anyMatch(
                            a -> a.equalsIgnoreCase("sts:AssumeRole") || a.equals("sts:*") || a.equals("*"));
            if (matches && "Deny".equals(statement.path("Effect").asText())) {
                return false;
            }
            allowed |= matches && "Allow".equals(statement.path("Effect").asText());
        }
        return allowed;
    }

    private static JsonNode parse(String document) {
        JsonNode root;
        try {
            root = STRICT.readTree(document);
        } catch (JsonProcessingException e) {
            throw malformed("This policy contains invalid Json");
        }
        if (root == null || !root.isObject()) {
            throw malformed("This policy contains invalid Json");
        }
        if (root.has("Version") && !VERSIONS.contains(root.path("Version").asText())) {
            throw malformed("The policy failed legacy parsing: Version must be 2012-10-17 or 2008-10-17");
        }
        if (!root.has("Statement")) {
            throw malformed("Syntax errors in policy: the policy has no Statement");
        }
        return root;
    }

    private static List<JsonNode> statements(JsonNode root) {
        JsonNode node = root.get("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        if (list.isEmpty()) {
            throw malformed("Syntax errors in policy: Statement is empty");
        }
        for (JsonNode statement : list) {
            if (!statement.isObject()) {
                throw malformed("Syntax errors in policy: each Statement must be an object");
            }
            statement.fieldNames().forEachRemaining(name -> {
                if (!STATEMENT_KEYS.contains(name)) {
                    throw malformed("Syntax errors in policy: unknown statement field " + name);
                }
            });
            String effect = statement.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw malformed("Syntax errors in policy: Effect must be Allow or Deny");
            }
        }
        return list;
    }

    private static void requireAction(JsonNode statement) {
        if (!statement.has("Action") && !statement.has("NotAction")) {
            throw malformed("Policy statement must contain actions.");
        }
    }

    private static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(v -> out.add(v.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static AwsApiException malformed(String message) {
        return new AwsApiException(400, "MalformedPolicyDocument", message);
    }
}
