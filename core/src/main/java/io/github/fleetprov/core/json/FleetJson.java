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
 */
public final class FleetJson {

    private static final ObjectMapper MAPPER = newMapper();

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
        return JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }
}
