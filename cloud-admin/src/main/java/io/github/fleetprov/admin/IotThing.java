package io.github.fleetprov.admin;

import java.util.Map;
import java.util.Objects;

/**
 * A thing in the AWS IoT registry.
 *
 * @param name the thing name
 * @param arn the thing ARN
 * @param id the thing id AWS assigned
 * @param thingTypeName the thing type, or the empty string if the thing has none
 * @param attributes the attributes (unmodifiable)
 */
public record IotThing(String name, String arn, String id, String thingTypeName, Map<String, String> attributes) {

    /**
     * Validates and copies the parts.
     *
     * @param name the thing name
     * @param arn the thing ARN
     * @param id the thing id
     * @param thingTypeName the thing type or empty
     * @param attributes the attributes
     */
    public IotThing {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(thingTypeName, "thingTypeName");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }
}
