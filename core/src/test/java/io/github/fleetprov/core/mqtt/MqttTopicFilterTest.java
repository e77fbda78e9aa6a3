package io.github.fleetprov.core.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttTopicFilterTest {

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
        "sport/tennis/player1, sport/tennis/player1",
        "sport/tennis/+, sport/tennis/player1",
        "sport/+/player1, sport/tennis/player1",
        "+/+, /finance",
        "/+, /finance",
        "+, ''",
        "sport/#, sport",
        "sport/#, sport/tennis/player1/ranking",
        "#, sport/tennis",
        "sport/+/, sport/tennis/",
        "$aws/certificates/+/json, $aws/certificates/create/json",
        "$aws/provisioning-templates/#, $aws/provisioning-templates/t/provision/json",
        "$SYS/#, $SYS/broker/clients",
        "$SYS/+/clients, $SYS/broker/clients",
    })
    void matches_whenTopicFitsTheFilter_returnsTrue(String filter, String topic) {
        assertThat(MqttTopicFilter.matches(filter, topic)).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
        "sport/tennis/player1, sport/tennis/player2",
        "sport/tennis/+, sport/tennis/player1/ranking",
        "sport/tennis/+, sport/tennis",
        "sport/+, sport",
        "+, /finance",
        "sport/tennis, sport/tennis/player1",
        "sport/tennis/player1, sport/tennis",
        "$aws/certificates/+, $aws/certificates/create/json",
        "Sport/#, sport/tennis",
    })
    void matches_whenTopicDoesNotFitTheFilter_returnsFalse(String filter, String topic) {
        assertThat(MqttTopicFilter.matches(filter, topic)).isFalse();
    }

    @ParameterizedTest(name = "{0} does not match the $-topic {1}")
    @CsvSource({
        "#, $SYS/broker/clients",
        "+/broker/clients, $SYS/broker/clients",
        "+/#, $aws/things/t/shadow/update",
        "#, $aws/certificates/create/json",
    })
    void matches_whenFilterStartsWithWildcardAndTopicWithDollar_returnsFalse(String filter, String topic) {
        assertThat(MqttTopicFilter.matches(filter, topic)).isFalse();
    }

    @Test
    void matches_whenAnArgumentIsNull_namesIt() {
        assertThatThrownBy(() -> MqttTopicFilter.matches(null, "a")).isInstanceOf(NullPointerException.class)
                .hasMessage("filter");
        assertThatThrownBy(() -> MqttTopicFilter.matches("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("topic");
    }
}
