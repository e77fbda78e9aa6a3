package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;

/**
 * The effect of a policy statement: {@link #ALLOW} or {@link #DENY}. An explicit deny always wins
 * over any allow.
 */
public final class IotEffect {

    /** Grants the actions on the resources. */
    public static final IotEffect ALLOW = new IotEffect("Allow");
    /** Refuses the actions on the resources, whatever other statements allow. */
    public static final IotEffect DENY = new IotEffect("Deny");

    private final String value;

    private IotEffect(String value) {
        this.value = value;
    }

    /**
     * Returns the effect with this text.
     *
     * @param value {@code Allow} or {@code Deny} (case-sensitive, as AWS requires)
     * @return the effect
     * @throws InvalidInputException for any other text
     */
    public static IotEffect create(String value) {
        Objects.requireNonNull(value, "value");
        if (value.equals(ALLOW.value)) {
            return ALLOW;
        }
        if (value.equals(DENY.value)) {
            return DENY;
        }
        throw new InvalidInputException("Effect", "'" + value + "' is not an effect",
                "Write \"Allow\" or \"Deny\" (capitalised).");
    }

    /** @return {@code Allow} or {@code Deny} */
    public String value() {
        return value;
    }

    /** @return {@code true} for {@link #ALLOW} */
    public boolean isAllow() {
        return this == ALLOW;
    }

    /** @return the effect text */
    @Override
    public String toString() {
        return value;
    }
}
