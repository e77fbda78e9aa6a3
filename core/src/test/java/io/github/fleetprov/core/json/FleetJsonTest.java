package io.github.fleetprov.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetJsonTest {

    record Reply(String certificateId) {
    }

    @Test
    void mapper_rejectsDuplicateKeysTrailingCommasAndTrailingTokens() {
        assertThatThrownBy(() -> FleetJson.mapper().readTree("{\"a\":1,\"a\":2}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> FleetJson.mapper().readTree("{\"a\":1,}"))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> FleetJson.mapper().readValue("{\"a\":1}}", JsonNode.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void mapper_errorsDoNotQuoteTheDocument() {
        assertThatThrownBy(() -> FleetJson.mapper().readTree("{\"privateKey\":\"SECRETVALUE\" x}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageNotContaining("SECRETVALUE");
    }

    @Test
    void mapper_ignoresUnknownPropertiesAndOmitsNulls() throws Exception {
        assertThat(FleetJson.mapper().readValue("{\"certificateId\":\"abc\",\"newField\":1}", Reply.class))
                .isEqualTo(new Reply("abc"));
        assertThat(FleetJson.mapper().writeValueAsString(new Reply(null))).isEqualTo("{}");
    }

    @Test
    void newMapper_isIndependentOfSharedMapper() {
        assertThat(FleetJson.newMapper()).isNotSameAs(FleetJson.mapper());
        assertThat(FleetJson.mapper()).isSameAs(FleetJson.mapper());
        assertThat(FleetJson.mapper().convertValue(Map.of("k", "v"), JsonNode.class).get("k").asText()).isEqualTo("v");
    }

    @Test
    void lenientMapper_keepsJacksonDefaultsForDuplicatesTrailingDataAndNulls() throws Exception {
        assertThat(FleetJson.lenientMapper().readTree("{\"a\":1,\"a\":2}").get("a").asInt()).isEqualTo(2);
        assertThat(FleetJson.lenientMapper().readValue("{\"a\":1}}", JsonNode.class).get("a").asInt()).isEqualTo(1);
        assertThat(FleetJson.lenientMapper().writeValueAsString(new Reply(null))).isEqualTo("{\"certificateId\":null}");
        java.util.Map<String, String> withNull = new java.util.LinkedHashMap<>();
        withNull.put("k", null);
        assertThat(FleetJson.lenientMapper().writeValueAsString(withNull)).isEqualTo("{\"k\":null}");
    }

    @Test
    void lenientMapper_keepsTheSharedRulesOtherwise() throws Exception {
        assertThat(FleetJson.lenientMapper().readValue("{\"certificateId\":\"abc\",\"newField\":1}", Reply.class))
                .isEqualTo(new Reply("abc"));
        assertThatThrownBy(() -> FleetJson.lenientMapper().readTree("{\"privateKey\":\"SECRETVALUE\" x}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageNotContaining("SECRETVALUE");
        assertThat(FleetJson.lenientMapper()).isSameAs(FleetJson.lenientMapper()).isNotSameAs(FleetJson.newLenientMapper());
    }
}
