package io.github.fleetprov.template.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ArrayMapTest {

    private static final String[] KEYS = {"b", "a", "c"};

    @Test
    void behavesAsAnOrderedMapEqualToALinkedHashMapWithTheSameEntries() {
        ArrayMap map = new ArrayMap(KEYS, new String[] {"2", "1", "3"});
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("b", "2");
        expected.put("a", "1");
        expected.put("c", "3");

        assertThat(map).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"), Map.entry("c", "3"));
        assertThat(map).isEqualTo(expected);
        assertThat(expected).isEqualTo(map);
        assertThat(map.hashCode()).isEqualTo(expected.hashCode());
        assertThat(map.toString()).isEqualTo(expected.toString());
        assertThat(map.get("a")).isEqualTo("1");
        assertThat(map.get("z")).isNull();
        assertThat(map.containsKey("c")).isTrue();
        assertThat(map.containsKey("z")).isFalse();
        assertThat(map.size()).isEqualTo(3);
    }

    @Test
    void cannotBeChanged() {
        ArrayMap map = new ArrayMap(KEYS, new String[] {"2", "1", "3"});

        assertThatThrownBy(() -> map.put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(map).containsEntry("a", "1").hasSize(3);
    }

    @Test
    void refusesKeysAndValuesOfDifferentLengths() {
        assertThatThrownBy(() -> new ArrayMap(KEYS, new String[] {"1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 keys but 1 values");
    }
}
