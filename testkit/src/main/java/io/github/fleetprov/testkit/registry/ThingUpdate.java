package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.core.CopyableBuilder;
import io.github.fleetprov.core.ToCopyableBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The changes of an UpdateThing call: a new thing type (or its removal), attributes to merge or to
 * replace (with {@code merge}, an empty value removes the attribute, as in AWS IoT), and the version
 * the caller expects.
 */
public final class ThingUpdate implements ToCopyableBuilder<ThingUpdate.Builder, ThingUpdate> {

    private final String thingTypeName;
    private final boolean removeThingType;
    private final Map<String, String> attributes;
    private final boolean merge;
    private final Long expectedVersion;

    private ThingUpdate(Builder b) {
        this.thingTypeName = b.thingTypeName;
        this.removeThingType = b.removeThingType;
        this.attributes = b.attributes == null ? null : Map.copyOf(b.attributes);
        this.merge = b.merge;
        this.expectedVersion = b.expectedVersion;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new builder holding this update's values.
     *
     * @return a new builder
     */
    @Override
    public Builder toBuilder() {
        Builder b = new Builder();
        b.thingTypeName = thingTypeName;
        b.removeThingType = removeThingType;
        b.attributes = attributes == null ? null : new LinkedHashMap<>(attributes);
        b.merge = merge;
        b.expectedVersion = expectedVersion;
        return b;
    }

    /** @return the new thing type, if it changes */
    public Optional<String> thingTypeName() {
        return Optional.ofNullable(thingTypeName);
    }

    /** @return whether the thing type is removed */
    public boolean removeThingType() {
        return removeThingType;
    }

    /** @return the attributes to set, if they change */
    public Optional<Map<String, String>> attributes() {
        return Optional.ofNullable(attributes);
    }

    /** @return whether attributes are merged into the existing ones (otherwise they replace them) */
    public boolean merge() {
        return merge;
    }

    /** @return the version the caller expects the thing to have */
    public OptionalLong expectedVersion() {
        return expectedVersion == null ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
    }

    /** Builds a {@link ThingUpdate}. */
    public static final class Builder implements CopyableBuilder<Builder, ThingUpdate> {
        private String thingTypeName;
        private boolean removeThingType;
        private Map<String, String> attributes;
        private boolean merge;
        private Long expectedVersion;

        private Builder() {
        }

        /**
         * Sets a new thing type.
         *
         * @param thingTypeName the thing type (must exist)
         * @return this builder
         */
        public Builder thingTypeName(String thingTypeName) {
            this.thingTypeName = Objects.requireNonNull(thingTypeName, "thingTypeName");
            return this;
        }

        /**
         * Removes the thing type.
         *
         * @return this builder
         */
        public Builder removeThingType() {
            this.removeThingType = true;
            return this;
        }

        /**
         * Sets the attributes.
         *
         * @param attributes the attributes
         * @param merge {@code true} to merge into the existing attributes (an empty value removes one),
         *     {@code false} to replace them all
         * @return this builder
         */
        public Builder attributes(Map<String, String> attributes, boolean merge) {
            this.attributes = new LinkedHashMap<>(Objects.requireNonNull(attributes, "attributes"));
            this.merge = merge;
            return this;
        }

        /**
         * Sets the version the thing must have for the update to apply.
         *
         * @param expectedVersion the expected version
         * @return this builder
         */
        public Builder expectedVersion(long expectedVersion) {
            this.expectedVersion = expectedVersion;
            return this;
        }

        /**
         * Builds the update.
         *
         * @return the update
         * @throws RegistryException {@code InvalidRequestException} if a type is both set and removed
         */
        @Override
        public ThingUpdate build() {
            if (removeThingType && thingTypeName != null) {
                throw RegistryException.invalidRequest("thingTypeName: set together with removeThingType."
                        + " Either set a thing type or remove it.");
            }
            return new ThingUpdate(this);
        }
    }
}
