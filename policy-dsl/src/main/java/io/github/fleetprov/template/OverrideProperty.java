package io.github.fleetprov.template;

import java.util.Optional;

/**
 * A property that {@code OverrideSettings} may name. AWS documents the keys both as the property
 * name ({@code "AttributePayload"}, used in template bodies) and as a constant
 * ({@code ATTRIBUTE_PAYLOAD}); both are read, the property name is written.
 */
public enum OverrideProperty {
    /** A thing's {@code AttributePayload}; allows {@link OverrideAction#MERGE}. */
    ATTRIBUTE_PAYLOAD("AttributePayload", ResourceType.THING, true),
    /** A thing's {@code ThingTypeName}. */
    THING_TYPE_NAME("ThingTypeName", ResourceType.THING, false),
    /** A thing's {@code ThingGroups}; allows {@link OverrideAction#MERGE}. */
    THING_GROUPS("ThingGroups", ResourceType.THING, true),
    /** A certificate's {@code Status}. */
    STATUS("Status", ResourceType.CERTIFICATE, false);

    private final String propertyName;
    private final ResourceType resourceType;
    private final boolean mergeAllowed;

    OverrideProperty(String propertyName, ResourceType resourceType, boolean mergeAllowed) {
        this.propertyName = propertyName;
        this.resourceType = resourceType;
        this.mergeAllowed = mergeAllowed;
    }

    /**
     * The key as template bodies write it, e.g. {@code AttributePayload}.
     *
     * @return the property name
     */
    public String propertyName() {
        return propertyName;
    }

    /**
     * The resource type whose property this is.
     *
     * @return the resource type
     */
    public ResourceType resourceType() {
        return resourceType;
    }

    /**
     * Whether AWS accepts {@link OverrideAction#MERGE} for this property.
     *
     * @return {@code true} for attributes and thing groups
     */
    public boolean isMergeAllowed() {
        return mergeAllowed;
    }

    /**
     * Looks a key up as AWS writes it: the property name ({@code ThingGroups}) or the constant
     * ({@code THING_GROUPS}).
     *
     * @param key the key from an {@code OverrideSettings} object
     * @return the property, or empty if the key is unknown
     */
    public static Optional<OverrideProperty> fromKey(String key) {
        for (OverrideProperty p : values()) {
            if (p.propertyName.equals(key) || p.name().equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
