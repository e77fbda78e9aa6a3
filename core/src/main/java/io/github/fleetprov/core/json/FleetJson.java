package io.github.fleetprov.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON settings every fleetprov module shares.
 *
 * <p>The mapper is strict about syntax and lenient about content: duplicate keys, trailing tokens and
 * trailing commas are errors (AWS rejects such documents); parse errors never quote the
 * document (it may hold secrets); unknown properties are ignored (AWS adds
 * fields to its answers); {@code null} members are not written.
 *
 * <p>{@link #mapper()} returns one shared, thread-safe instance: never reconfigure it. Use
 * {@link #newMapper()} (or {@code mapper().copy()}) for a mapper of your own.
 *
 * <p>{@link #lenientMapper()} is the same configuration with Jackson's own defaults for the three
 * syntax and output rules where fleetprov is stricter, for the places that compare, forward or
 * re-read documents exactly as other tools accept them.
 */
public final class FleetJson {

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectMapper LENIENT = newLenientMapper();

    private FleetJson() {
    }

    /**
     * The shared mapper. Do not reconfigure it.
     *
     * @return the shared mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A new mapper with fleetprov's settings, free to reconfigure.
     *
     * @return a new mapper
     */
    public static ObjectMapper newMapper() {
        return builder().build();
    }

    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
    }

    /**
     * The shared lenient mapper. Do not reconfigure it.
     *
     * <p>Like {@link #mapper()}, except in three rules where it keeps Jackson's defaults:
     * <ul>
     *   <li>a duplicate key is not an error: the last value wins;</li>
     *   <li>content after the first JSON value is ignored, not an error;</li>
     *   <li>{@code null} members and {@code null} map values are written.</li>
     * </ul>
     * The device client's MQTT payloads and credentials-provider answers, cloud-admin's comparison of
     * documents the services hand back, and the template and hook readers and writers use it: there
     * documents from other producers are read as they always were, and written as they always were.
     *
     * @return the shared lenient mapper
     */
    public static ObjectMapper lenientMapper() {
        return LENIENT;
    }

    /**
     * A new lenient mapper (see {@link #lenientMapper()}), free to reconfigure.
     *
     * @return a new lenient mapper
     */
    public static ObjectMapper newLenientMapper() {
        return builder()
                .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS,
                        JsonInclude.Include.ALWAYS))
                .build();
    }
}
