package io.github.fleetprov.admin;

import io.github.fleetprov.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A thing to create: name, optional thing type, attributes and thing groups.
 *
 * @param name the thing name: 1 to 128 characters of {@code [a-zA-Z0-9:_-]}
 * @param thingTypeName the thing type, or the empty string for none
 * @param attributes the attributes (unmodifiable)
 * @param thingGroups static thing groups to add the thing to, created if missing (unmodifiable)
 */
public record ThingSpec(String name, String thingTypeName, Map<String, String> attributes, List<String> thingGroups) {

    /**
     * Validates and copies the parts.
     *
     * @param name the thing name
     * @param thingTypeName the thing type or empty
     * @param attributes the attributes
     * @param thingGroups the groups
     * @throws InvalidInputException if the name is not a valid thing name
     */
    public ThingSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(thingTypeName, "thingTypeName");
        if (!name.matches("[a-zA-Z0-9:_-]{1,128}")) {
            throw new InvalidInputException("name", "'" + name + "' is not a valid thing name",
                    "Use 1 to 128 characters of letters, digits, ':', '_' and '-'.");
        }
        attributes = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(attributes, "attributes")));
        thingGroups = List.copyOf(Objects.requireNonNull(thingGroups, "thingGroups"));
    }

    /**
     * A thing with only a name.
     *
     * @param name the thing name
     * @return the spec
     */
    public static ThingSpec named(String name) {
        return new ThingSpec(name, "", Map.of(), List.of());
    }

    /**
     * A copy with a thing type.
     *
     * @param thingType the thing type name
     * @return the copy
     */
    public ThingSpec withThingType(String thingType) {
        return new ThingSpec(name, Objects.requireNonNull(thingType, "thingType"), attributes, thingGroups);
    }

    /**
     * A copy with one more attribute.
     *
     * @param key the attribute name
     * @param value the value
     * @return the copy
     */
    public ThingSpec withAttribute(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(attributes);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ThingSpec(name, thingTypeName, m, thingGroups);
    }

    /**
     * A copy in one more thing group.
     *
     * @param group the static thing group name
     * @return the copy
     */
    public ThingSpec withThingGroup(String group) {
        List<String> g = new ArrayList<>(thingGroups);
        g.add(Objects.requireNonNull(group, "group"));
        return new ThingSpec(name, thingTypeName, attributes, g);
    }
}
