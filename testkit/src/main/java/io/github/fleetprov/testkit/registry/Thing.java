package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A thing, as the registry holds it at one moment (an immutable snapshot).
 */
public final class Thing {

    private final String thingName;
    private final String thingArn;
    private final String thingId;
    private final String thingTypeName;
    private final Map<String, String> attributes;
    private final Set<String> thingGroups;
    private final String billingGroupName;
    private final long version;
    private final Instant creationDate;

    /**
     * Creates a snapshot.
     *
     * @param thingName the name
     * @param thingArn the ARN
     * @param thingId the id
     * @param thingTypeName the thing type, or {@code null}
     * @param attributes the attributes
     * @param thingGroups the names of the static thing groups it belongs to
     * @param billingGroupName the billing group, or {@code null}
     * @param version the version, incremented by every update (starts at 1)
     * @param creationDate when it was created
     */
    public Thing(String thingName, String thingArn, String thingId, @Nullable String thingTypeName,
            Map<String, String> attributes, Set<String> thingGroups, @Nullable String billingGroupName, long version,
            Instant creationDate) {
        this.thingName = Objects.requireNonNull(thingName, "thingName");
        this.thingArn = Objects.requireNonNull(thingArn, "thingArn");
        this.thingId = Objects.requireNonNull(thingId, "thingId");
        this.thingTypeName = thingTypeName;
        this.attributes = Map.copyOf(attributes);
        this.thingGroups = Set.copyOf(thingGroups);
        this.billingGroupName = billingGroupName;
        this.version = version;
        this.creationDate = Objects.requireNonNull(creationDate, "creationDate");
    }

    /** @return the thing name */
    public String thingName() {
        return thingName;
    }

    /** @return the thing ARN */
    public String thingArn() {
        return thingArn;
    }

    /** @return the thing id */
    public String thingId() {
        return thingId;
    }

    /** @return the thing type, if the thing has one */
    public Optional<String> thingTypeName() {
        return Optional.ofNullable(thingTypeName);
    }

    /** @return the attributes (unmodifiable) */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** @return the names of the thing groups the thing belongs to (unmodifiable) */
    public Set<String> thingGroups() {
        return thingGroups;
    }

    /** @return the billing group, if the thing is in one */
    public Optional<String> billingGroupName() {
        return Optional.ofNullable(billingGroupName);
    }

    /** @return the version, incremented by every update */
    public long version() {
        return version;
    }

    /** @return when the thing was created */
    public Instant creationDate() {
        return creationDate;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Thing t)) {
            return false;
        }
        return version == t.version && thingName.equals(t.thingName) && thingArn.equals(t.thingArn)
                && thingId.equals(t.thingId) && Objects.equals(thingTypeName, t.thingTypeName)
                && attributes.equals(t.attributes) && thingGroups.equals(t.thingGroups)
                && Objects.equals(billingGroupName, t.billingGroupName) && creationDate.equals(t.creationDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(thingName, thingArn, thingId, thingTypeName, attributes, thingGroups, billingGroupName,
                version, creationDate);
    }

    @Override
    public String toString() {
        return "Thing{" + thingName + ", type=" + thingTypeName + ", attributes=" + new TreeMap<>(attributes)
                + ", groups=" + new TreeSet<>(thingGroups) + ", billingGroup=" + billingGroupName
                + ", version=" + version + "}";
    }
}
