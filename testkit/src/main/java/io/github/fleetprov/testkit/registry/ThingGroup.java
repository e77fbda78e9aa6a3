package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A static thing group. Policies attached to a group's ARN apply to the certificates of its things.
 *
 * @param thingGroupName the name
 * @param thingGroupArn the ARN
 * @param thingGroupId the id
 * @param description the description, empty if none
 * @param attributes the group's attributes
 * @param version the version, 1 at creation and one more at each UpdateThingGroup
 * @param creationDate when it was created
 */
public record ThingGroup(String thingGroupName, String thingGroupArn, String thingGroupId, String description,
        Map<String, String> attributes, long version, Instant creationDate) {

    /** Validates and copies the components. */
    public ThingGroup {
        Objects.requireNonNull(thingGroupName, "thingGroupName");
        Objects.requireNonNull(thingGroupArn, "thingGroupArn");
        Objects.requireNonNull(thingGroupId, "thingGroupId");
        Objects.requireNonNull(description, "description");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(creationDate, "creationDate");
    }
}
