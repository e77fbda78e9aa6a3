package io.github.fleetprov.template.hook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.fleetprov.template.internal.HookJson;

/**
 * What a pre-provisioning hook answers: {@code {"allowProvisioning": true, "parameterOverrides":
 * {...}}}. Overrides are added to (and replace) the request parameters before the template is
 * evaluated. Immutable.
 */
public final class HookResponse {

    private final boolean allowProvisioning;
    private final Map<String, String> parameterOverrides;

    private HookResponse(boolean allowProvisioning, Map<String, String> parameterOverrides) {
        this.allowProvisioning = allowProvisioning;
        Map<String, String> copy = new LinkedHashMap<>();
        parameterOverrides.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameterOverrides key"),
                Objects.requireNonNull(v, "parameterOverrides value")));
        this.parameterOverrides = Collections.unmodifiableMap(copy);
    }

    /**
     * Allows provisioning without overrides.
     *
     * @return the response
     */
    public static HookResponse allow() {
        return new HookResponse(true, Map.of());
    }

    /**
     * Allows provisioning with parameter overrides.
     *
     * @param parameterOverrides values that replace or add request parameters
     * @return the response
     */
    public static HookResponse allow(Map<String, String> parameterOverrides) {
        return new HookResponse(true, Objects.requireNonNull(parameterOverrides, "parameterOverrides"));
    }

    /**
     * Refuses provisioning.
     *
     * @return the response
     */
    public static HookResponse deny() {
        return new HookResponse(false, Map.of());
    }

    /**
     * A response with both fields given.
     *
     * @param allowProvisioning whether to allow provisioning
     * @param parameterOverrides overrides (ignored by AWS when provisioning is denied)
     * @return the response
     */
    public static HookResponse of(boolean allowProvisioning, Map<String, String> parameterOverrides) {
        return new HookResponse(allowProvisioning, Objects.requireNonNull(parameterOverrides, "parameterOverrides"));
    }

    /**
     * Reads a hook's JSON answer. {@code allowProvisioning} may be a boolean or the string
     * {@code "true"}/{@code "false"}, as hook examples write both.
     *
     * @param json the answer
     * @return the response
     * @throws io.github.fleetprov.core.InvalidInputException if the answer does not have the hook output shape
     *     (or the text is longer than 262,144 characters, checked before parsing: the RegisterThing
     *     parameters a hook sees and overrides fit in one 128 KB AWS IoT message)
     */
    public static HookResponse fromJson(String json) {
        return HookJson.readResponse(Objects.requireNonNull(json, "json"));
    }

    /**
     * The answer as JSON.
     *
     * @return {@code {"allowProvisioning":...,"parameterOverrides":{...}}}
     */
    public String toJson() {
        return HookJson.write(this);
    }

    /**
     * Whether the request may proceed.
     *
     * @return {@code true} to allow provisioning
     */
    public boolean allowProvisioning() {
        return allowProvisioning;
    }

    /**
     * Parameter values that replace or add request parameters.
     *
     * @return overrides by parameter name
     */
    public Map<String, String> parameterOverrides() {
        return parameterOverrides;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HookResponse r && allowProvisioning == r.allowProvisioning
                && parameterOverrides.equals(r.parameterOverrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowProvisioning, parameterOverrides);
    }

    @Override
    public String toString() {
        return "HookResponse[allowProvisioning=" + allowProvisioning + ", parameterOverrides=" + parameterOverrides + "]";
    }
}
