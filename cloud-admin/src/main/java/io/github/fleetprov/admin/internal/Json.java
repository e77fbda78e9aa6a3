package io.github.fleetprov.admin.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.json.FleetJson;

/** JSON helpers for comparing documents the services hand back. */
public final class Json {

    /**
     * The mapper used by cloud-admin for documents the services hand back and for bulk registration
     * lines: {@link FleetJson#lenientMapper()}, so a duplicate key keeps its last value and a
     * {@code null} parameter value is written as {@code null}, as before.
     */
    public static final ObjectMapper MAPPER = FleetJson.lenientMapper();

    private Json() {
    }

    /**
     * Whether two JSON texts are the same document (white space and member order aside).
     *
     * @param a one document
     * @param b the other
     * @return {@code true} if equal as JSON trees; {@code false} if they differ or one is not JSON
     */
    public static boolean sameDocument(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            return tree(a).equals(tree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static JsonNode tree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }
}
