package io.github.fleetprov.policy.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotConditionOperator;
import io.github.fleetprov.policy.IotEffect;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.PolicyDocumentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads IoT policy documents: a {@code Statement} object or array, scalar or array values, with
 * errors located by JSON pointer, line and column.
 */
public final class IotPolicyReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Condition");

    private IotPolicyReader() {
    }

    /**
     * Reads and validates a policy.
     *
     * @param json the document
     * @return the policy
     * @throws PolicyDocumentException with pointer, line and column
     */
    public static IotPolicy read(String json) {
        PolicyDocumentException tooLarge = sizeProblem(json, true);
        if (tooLarge != null) {
            throw tooLarge;
        }
        IotPolicy policy = readUnvalidated(json);
        List<LintFinding> errors = PolicyValidator.validate(policy);
        if (!errors.isEmpty()) {
            LintFinding first = errors.get(0);
            throw located(json, first.pointer(), first.message(), first.fix(), null);
        }
        return policy;
    }

    /**
     * Reads the shape of a policy without the checks of {@code build()}, for the linter.
     *
     * @param json the document
     * @return the policy as written
     * @throws PolicyDocumentException if the text is not JSON or not shaped like a policy
     */
    public static IotPolicy readUnvalidated(String json) {
        PolicyDocumentException tooLong = sizeProblem(json, false);
        if (tooLong != null) {
            throw tooLong;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            int column = loc == null ? 0 : loc.getColumnNr();
            throw new PolicyDocumentException("", line, column, "not valid JSON: " + e.getOriginalMessage(),
                    syntaxFix(e.getOriginalMessage()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new PolicyDocumentException("", 0, 0, "the document is empty",
                    "Give a policy object: {\"Version\": \"2012-10-17\", \"Statement\": [...]}.", null);
        }
        try {
            return parse(root);
        } catch (ShapeException e) {
            throw located(json, e.pointer, e.getMessage(), e.fix, null);
        } catch (InvalidInputException e) {
            throw located(json, "", e.getMessage(), "", e);
        }
    }

    /**
     * The size check of a document text, done before parsing: its length against
     * {@link IotPolicy#MAX_DOCUMENT_LENGTH} and, when {@code exact}, its characters without white
     * space against {@link IotPolicy#MAX_SIZE_WITHOUT_WHITESPACE}.
     *
     * @param json the raw document
     * @param exact whether to apply the limit of AWS IoT as well as the length bound
     * @return the exception to throw, or {@code null} if the size is acceptable
     */
    public static PolicyDocumentException sizeProblem(String json, boolean exact) {
        if (json.length() > IotPolicy.MAX_DOCUMENT_LENGTH) {
            return new PolicyDocumentException("", 0, 0, "the document is " + DocumentSize.format(json.length())
                    + " characters long; AWS IoT takes policy documents of at most "
                    + DocumentSize.format(IotPolicy.MAX_DOCUMENT_LENGTH) + " characters, and at most "
                    + DocumentSize.format(IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE) + " without white space",
                    SIZE_FIX, null);
        }
        if (exact) {
            int size = DocumentSize.withoutWhitespace(json);
            if (size > IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE) {
                return new PolicyDocumentException("", 0, 0, "the document has " + DocumentSize.format(size)
                        + " characters without white space; AWS IoT accepts at most "
                        + DocumentSize.format(IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE), SIZE_FIX, null);
            }
        }
        return null;
    }

    private static final String SIZE_FIX = "Use * wildcards or policy variables such as "
            + "${iot:Connection.Thing.ThingName} to merge resources, or split the permissions into several "
            + "policies attached to the certificate.";

    private static String syntaxFix(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("duplicate field")) {
            return "Each element may appear once per object; merge the duplicates.";
        }
        if (m.contains("expected a value") || m.contains("was expecting double-quote")
                || m.contains("unexpected character (']'") || m.contains("unexpected character ('}'")) {
            return "Remove the trailing comma before the closing bracket or brace, or add the missing value.";
        }
        if (m.contains("was expecting comma")) {
            return "Separate the array elements or object members with a comma.";
        }
        if (m.contains("end-of-input")) {
            return "Close every { and [ that is opened.";
        }
        return "Fix the JSON syntax at this position.";
    }

    private static IotPolicy parse(JsonNode root) {
        if (!root.isObject()) {
            throw new ShapeException("", "the document is not a JSON object",
                    "Give a policy object: {\"Version\": \"2012-10-17\", \"Statement\": [...]}.");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                throw new ShapeException("/" + PointerText.escape(field), "'" + field + "' is not an element of "
                        + "an IoT policy", "Use only Version, Id and Statement at the top level (names are "
                        + "case-sensitive).");
            }
        }
        String version = IotPolicy.VERSION_2012_10_17;
        if (root.has("Version")) {
            version = text(root.get("Version"), "/Version");
        }
        String id = root.has("Id") ? text(root.get("Id"), "/Id") : null;
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new ShapeException("", "the policy has no Statement",
                    "Add \"Statement\": [{\"Effect\": \"Allow\", \"Action\": ..., \"Resource\": ...}].");
        }
        List<IotStatement> statements = new ArrayList<>();
        if (statementNode.isObject()) {
            statements.add(statement(statementNode, "/Statement", 0));
        } else if (statementNode.isArray()) {
            for (int i = 0; i < statementNode.size(); i++) {
                statements.add(statement(statementNode.get(i), "/Statement/" + i, i));
            }
        } else {
            throw new ShapeException("/Statement", "Statement must be an object or an array of objects",
                    "Write \"Statement\": [{...}, {...}].");
        }
        return DefaultIotPolicy.unvalidated(version, id, statements);
    }

    private static IotStatement statement(JsonNode node, String at, int index) {
        if (!node.isObject()) {
            throw new ShapeException(at, "statement " + index + " is not an object",
                    "Write each statement as {\"Effect\": ..., \"Action\": ..., \"Resource\": ...}.");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (field.equals("Principal") || field.equals("NotPrincipal")) {
                throw new ShapeException(at + "/" + field, "statement " + index + ": an IoT policy has no "
                        + field, "Remove it: an IoT policy applies to the certificates, thing groups or Cognito "
                        + "identities it is attached to.");
            }
            if (!STATEMENT.contains(field)) {
                throw new ShapeException(at + "/" + PointerText.escape(field), "statement " + index + ": '" + field
                        + "' is not an element of a statement", "Use Sid, Effect, Action, NotAction, Resource, "
                        + "NotResource and Condition (names are case-sensitive).");
            }
        }
        IotStatement.Builder b = IotStatement.builder();
        if (node.has("Sid")) {
            b.sid(text(node.get("Sid"), at + "/Sid"));
        }
        JsonNode effect = node.get("Effect");
        if (effect == null) {
            throw new ShapeException(at, "statement " + index + " has no Effect", "Add \"Effect\": \"Allow\" or \"Deny\".");
        }
        try {
            b.effect(IotEffect.create(text(effect, at + "/Effect")));
        } catch (InvalidInputException e) {
            throw new ShapeException(at + "/Effect", "statement " + index + ": " + e.problem(), e.fix());
        }
        boolean hasAction = node.has("Action");
        boolean hasNotAction = node.has("NotAction");
        if (hasAction == hasNotAction) {
            throw new ShapeException(at, "statement " + index + (hasAction ? " has both Action and NotAction"
                    : " has no Action"), "Give exactly one of Action and NotAction.");
        }
        String actionField = hasAction ? "Action" : "NotAction";
        List<IotAction> actions = new ArrayList<>();
        List<String> actionTexts = strings(node.get(actionField), at + "/" + actionField);
        for (int k = 0; k < actionTexts.size(); k++) {
            try {
                actions.add(IotAction.create(actionTexts.get(k)));
            } catch (InvalidInputException e) {
                throw new ShapeException(at + "/" + actionField + "/" + k, "statement " + index + ": " + e.problem(),
                        e.fix());
            }
        }
        if (actions.isEmpty()) {
            throw new ShapeException(at + "/" + actionField, "statement " + index + ": " + actionField + " is empty",
                    "Name at least one action, e.g. iot:Connect.");
        }
        if (hasAction) {
            b.actions(actions);
        } else {
            b.notActions(actions);
        }
        boolean hasResource = node.has("Resource");
        boolean hasNotResource = node.has("NotResource");
        if (hasResource == hasNotResource) {
            throw new ShapeException(at, "statement " + index + (hasResource ? " has both Resource and NotResource"
                    : " has no Resource"), "Give exactly one of Resource and NotResource.");
        }
        String resourceField = hasResource ? "Resource" : "NotResource";
        List<IotResource> resources = new ArrayList<>();
        List<String> resourceTexts = strings(node.get(resourceField), at + "/" + resourceField);
        for (int k = 0; k < resourceTexts.size(); k++) {
            try {
                resources.add(IotResource.create(resourceTexts.get(k)));
            } catch (InvalidInputException e) {
                throw new ShapeException(at + "/" + resourceField + "/" + k, "statement " + index + ": "
                        + e.problem(), e.fix());
            }
        }
        if (resources.isEmpty()) {
            throw new ShapeException(at + "/" + resourceField, "statement " + index + ": " + resourceField
                    + " is empty", "Name at least one resource ARN, or *.");
        }
        if (hasResource) {
            b.resources(resources);
        } else {
            b.notResources(resources);
        }
        JsonNode condition = node.get("Condition");
        if (condition != null) {
            if (!condition.isObject()) {
                throw new ShapeException(at + "/Condition", "statement " + index + ": Condition is not an object",
                        "Write \"Condition\": {\"<operator>\": {\"<key>\": \"<value>\"}}.");
            }
            for (Map.Entry<String, JsonNode> op : condition.properties()) {
                String opAt = at + "/Condition/" + PointerText.escape(op.getKey());
                IotConditionOperator operator;
                try {
                    operator = IotConditionOperator.create(op.getKey());
                } catch (InvalidInputException e) {
                    throw new ShapeException(opAt, "statement " + index + ": " + e.problem(), e.fix());
                }
                if (!op.getValue().isObject()) {
                    throw new ShapeException(opAt, "statement " + index + ": the " + op.getKey()
                            + " block is not an object", "Write {\"<key>\": \"<value>\" or [values]}.");
                }
                for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                    String keyAt = opAt + "/" + PointerText.escape(key.getKey());
                    if (key.getKey().isEmpty()) {
                        throw new ShapeException(keyAt, "statement " + index + ": empty condition key",
                                "Name a condition key, e.g. iot:Connection.Thing.IsAttached.");
                    }
                    b.addCondition(new IotCondition(operator, key.getKey(), conditionValues(key.getValue(), keyAt)));
                }
            }
        }
        return b.build();
    }

    private static List<String> conditionValues(JsonNode node, String at) {
        if (node.isArray()) {
            List<String> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                out.add(scalar(node.get(i), at + "/" + i));
            }
            return out;
        }
        return List.of(scalar(node, at));
    }

    private static String scalar(JsonNode node, String at) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean() || node.isNumber()) {
            return node.asText();
        }
        throw new ShapeException(at, "a condition value must be a string, number or boolean",
                "Write the value as a string, or a list of strings.");
    }

    private static List<String> strings(JsonNode node, String at) {
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new ShapeException(at, "must be a string or an array of strings",
                    "Write \"value\" or [\"value1\", \"value2\"].");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(text(node.get(i), at + "/" + i));
        }
        return out;
    }

    private static String text(JsonNode node, String at) {
        if (!node.isTextual()) {
            throw new ShapeException(at, "must be a string", "Write the value in double quotes.");
        }
        return node.textValue();
    }

    /**
     * Builds an exception for a problem at a JSON pointer, with the line and column of the value
     * there (or of its nearest written ancestor: a scalar stands for a one-element array, a single
     * statement object for {@code Statement/0}).
     */
    static PolicyDocumentException located(String json, String pointer, String message, String fix, Throwable cause) {
        JsonLocation loc = locate(json, pointer);
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        return new PolicyDocumentException(pointer, line, column, message, fix, cause);
    }

    private static JsonLocation locate(String json, String pointer) {
        Map<String, JsonLocation> index = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.END_ARRAY && t != JsonToken.END_OBJECT && t != JsonToken.FIELD_NAME) {
                    JsonPointer ptr = p.getParsingContext().pathAsPointer();
                    index.putIfAbsent(ptr.toString(), p.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            return null;
        }
        String candidate = pointer;
        while (true) {
            JsonLocation loc = index.get(candidate);
            if (loc != null) {
                return loc;
            }
            String collapsed = candidate.replaceFirst("^/Statement/0(?=/|$)", "/Statement");
            if (!collapsed.equals(candidate) && index.containsKey(collapsed)) {
                return index.get(collapsed);
            }
            if (candidate.isEmpty()) {
                return null;
            }
            candidate = candidate.substring(0, candidate.lastIndexOf('/'));
        }
    }

    /** A shape problem at a pointer; turned into a located {@link PolicyDocumentException}. */
    private static final class ShapeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String pointer;
        private final String fix;

        ShapeException(String pointer, String message, String fix) {
            super(message, null, false, false);
            this.pointer = pointer;
            this.fix = fix;
        }
    }
}
