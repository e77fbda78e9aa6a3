package io.github.fleetprov.template.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.fleetprov.template.TemplateParseException;

/**
 * A JSON tree that remembers where each value starts in the text, by JSON pointer. Duplicate keys
 * are refused (AWS would keep one of them silently).
 */
public final class LocatedJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<String, JsonLocation> locations;

    private LocatedJson(JsonNode root, Map<String, JsonLocation> locations) {
        this.root = root;
        this.locations = locations;
    }

    /**
     * Parses a JSON text.
     *
     * @param text the text
     * @param what what the text is, for messages (e.g. {@code "template body"})
     * @return the tree with locations
     * @throws TemplateParseException if the text is not one JSON value or has a duplicate key
     */
    public static LocatedJson parse(String text, String what) {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new TemplateParseException("", 1, 1, "the " + what + " is empty", "Give a JSON object.", null);
            }
            JsonNode root = read(parser, "", locations);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new TemplateParseException("", at.getLineNr(), at.getColumnNr(),
                        "unexpected content after the end of the " + what, "Remove it.", null);
            }
            return new LocatedJson(root, locations);
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            throw new TemplateParseException("", at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "the " + what + " is not valid JSON: " + e.getOriginalMessage(),
                    "Fix the JSON syntax (quotes, commas, brackets) at that position.", e);
        } catch (IOException e) {
            throw new TemplateParseException("", 0, 0, "the " + what + " cannot be read: " + e.getMessage(),
                    "Give the body as a string.", e);
        }
    }

    private static JsonNode read(JsonParser p, String pointer, Map<String, JsonLocation> locations) throws IOException {
        locations.put(pointer, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode node = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation keyAt = p.currentTokenLocation();
                    String child = pointer + "/" + Expressions.token(key);
                    if (node.has(key)) {
                        throw new TemplateParseException(child, keyAt.getLineNr(), keyAt.getColumnNr(),
                                "the key '" + key + "' appears twice", "Keep one of them.", null);
                    }
                    p.nextToken();
                    node.set(key, read(p, child, locations));
                }
                return node;
            }
            case START_ARRAY: {
                ArrayNode node = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    node.add(read(p, pointer + "/" + i, locations));
                    i++;
                }
                return node;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(p.getDecimalValue().toBigInteger());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                JsonLocation at = p.currentTokenLocation();
                throw new TemplateParseException(pointer, at.getLineNr(), at.getColumnNr(),
                        "unexpected JSON token " + t, "Give a JSON value.", null);
        }
    }

    /**
     * The tree.
     *
     * @return the root value
     */
    public JsonNode root() {
        return root;
    }

    /**
     * Where a value starts; for a pointer that is not in the document, where its nearest existing
     * parent starts.
     *
     * @param pointer the JSON pointer
     * @return the location, or {@code null} if none is known
     */
    public JsonLocation locate(String pointer) {
        String p = pointer;
        while (true) {
            JsonLocation at = locations.get(p);
            if (at != null || p.isEmpty()) {
                return at;
            }
            int slash = p.lastIndexOf('/');
            p = slash < 0 ? "" : p.substring(0, slash);
        }
    }

    /**
     * A parse error at a pointer, with its line and column.
     *
     * @param pointer the JSON pointer
     * @param problem what is wrong
     * @param fix what to do
     * @param cause the underlying failure, or {@code null}
     * @return the exception
     */
    public TemplateParseException error(String pointer, String problem, String fix, Throwable cause) {
        JsonLocation at = locate(pointer);
        return new TemplateParseException(pointer, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                problem, fix, cause);
    }
}
