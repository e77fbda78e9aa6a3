package io.github.fleetprov.testkit.internal.controlplane;

import io.github.fleetprov.testkit.internal.http.AwsApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One decoded REST-JSON request: the operation it routed to, its URI labels, query string, headers
 * and JSON body.
 *
 * @param operation the AWS operation name, e.g. {@code CreateThing}
 * @param pathParams decoded URI labels by name
 * @param query decoded query parameters
 * @param headers request headers, names in lower case
 * @param body the JSON body (an empty object when there is none)
 */
public record RestRequest(
        String operation,
        Map<String, String> pathParams,
        Map<String, String> query,
        Map<String, String> headers,
        ObjectNode body) {

    /** Copies the maps. */
    public RestRequest {
        Objects.requireNonNull(operation, "operation");
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * A URI label (always present once routed).
     *
     * @param name the label name
     * @return its decoded value
     */
    public String path(String name) {
        return pathParams.get(name);
    }

    /**
     * A query parameter.
     *
     * @param name the parameter name
     * @return its value, if given
     */
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /**
     * A boolean query parameter; {@code true} only for {@code true} (any case).
     *
     * @param name the parameter name
     * @return the value, or {@code false} if absent
     */
    public boolean queryFlag(String name) {
        return queryParam(name).map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    /**
     * A header.
     *
     * @param name the header name, any case
     * @return its value, if given
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * A string member of the body.
     *
     * @param member the member name
     * @return the value, if present and not null
     */
    public Optional<String> string(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw AwsApiException.invalidRequest("Member " + member + " must be a string.");
        }
        return Optional.of(node.asText());
    }

    /**
     * A required string member of the body.
     *
     * @param member the member name
     * @return the value
     * @throws AwsApiException {@code InvalidRequestException} when it is missing
     */
    public String requiredString(String member) {
        return string(member).orElseThrow(() -> AwsApiException.invalidRequest(
                "1 validation error detected: Value null at '" + member + "' failed to satisfy constraint: Member must not be null"));
    }
}
