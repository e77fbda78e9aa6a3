package io.github.fleetprov.template;

import java.util.Objects;
import java.util.Optional;

import io.github.fleetprov.core.InvalidInputException;

/**
 * A declared template parameter: a name, its {@code Type} (AWS documents only {@code String}) and
 * an optional {@code Default} used when the request does not carry a value. Immutable.
 */
public final class TemplateParameter {

    /** The only parameter type AWS documents for provisioning templates. */
    public static final String STRING = "String";

    private final String name;
    private final String defaultValue;

    private TemplateParameter(String name, String defaultValue) {
        this.name = name;
        this.defaultValue = defaultValue;
    }

    /**
     * A {@code String} parameter without a default: every request must carry it.
     *
     * @param name the parameter name
     * @return the parameter
     */
    public static TemplateParameter string(String name) {
        return new TemplateParameter(requireName(name), null);
    }

    /**
     * A {@code String} parameter with a default.
     *
     * @param name the parameter name
     * @param defaultValue the value used when the request has none
     * @return the parameter
     */
    public static TemplateParameter string(String name, String defaultValue) {
        return new TemplateParameter(requireName(name), Objects.requireNonNull(defaultValue, "defaultValue"));
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new InvalidInputException("Parameters", "a parameter name is empty", "Give every parameter a name.");
        }
        return name;
    }

    /**
     * The name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The type, always {@value #STRING}.
     *
     * @return the type
     */
    public String type() {
        return STRING;
    }

    /**
     * The {@code Default}.
     *
     * @return the default value, if declared
     */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateParameter p && name.equals(p.name) && Objects.equals(defaultValue, p.defaultValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, defaultValue);
    }

    @Override
    public String toString() {
        return "TemplateParameter[" + name + (defaultValue != null ? ", default=" + defaultValue : "") + "]";
    }
}
