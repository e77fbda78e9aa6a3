package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A thing type.
 *
 * @param thingTypeName the name
 * @param thingTypeArn the ARN
 * @param thingTypeId the id AWS IoT would generate
 * @param description the description, empty if none was given
 * @param searchableAttributes the searchable attribute names (at most 3)
 * @param deprecated whether the type is deprecated (no new things may use it)
 * @param creationDate when it was created
 */
public record ThingType(String thingTypeName, String thingTypeArn, String thingTypeId, String description,
        List<String> searchableAttributes, boolean deprecated, Instant creationDate) {

    /** Validates and copies the components. */
    public ThingType {
        Objects.requireNonNull(thingTypeName, "thingTypeName");
        Objects.requireNonNull(thingTypeArn, "thingTypeArn");
        Objects.requireNonNull(thingTypeId, "thingTypeId");
        Objects.requireNonNull(description, "description");
        searchableAttributes = List.copyOf(searchableAttributes);
        Objects.requireNonNull(creationDate, "creationDate");
    }
}
