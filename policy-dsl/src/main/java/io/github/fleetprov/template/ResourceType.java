package io.github.fleetprov.template;

import java.util.Objects;

/**
 * The {@code Type} of a template resource. An open value set: the three types AWS documents are
 * constants, and {@link #create(String)} names any other.
 */
public final class ResourceType {

    /** {@code AWS::IoT::Thing}. */
    public static final ResourceType THING = new ResourceType("AWS::IoT::Thing");
    /** {@code AWS::IoT::Certificate}. */
    public static final ResourceType CERTIFICATE = new ResourceType("AWS::IoT::Certificate");
    /** {@code AWS::IoT::Policy}. */
    public static final ResourceType POLICY = new ResourceType("AWS::IoT::Policy");

    private final String value;

    private ResourceType(String value) {
        this.value = value;
    }

    /**
     * A resource type by name; the documented ones return their constant.
     *
     * @param value e.g. {@code AWS::IoT::Thing}
     * @return the type
     */
    public static ResourceType create(String value) {
        Objects.requireNonNull(value, "value");
        if (THING.value.equals(value)) {
            return THING;
        }
        if (CERTIFICATE.value.equals(value)) {
            return CERTIFICATE;
        }
        if (POLICY.value.equals(value)) {
            return POLICY;
        }
        return new ResourceType(value);
    }

    /**
     * The type as written in templates.
     *
     * @return e.g. {@code AWS::IoT::Thing}
     */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceType other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
