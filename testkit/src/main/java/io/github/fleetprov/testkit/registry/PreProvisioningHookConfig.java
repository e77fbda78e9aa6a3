package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.template.hook.PreProvisioningHook;
import java.util.Objects;
import java.util.Optional;

/**
 * The pre-provisioning hook of a provisioning template: a Lambda function ARN (as AWS IoT stores
 * it), a Java callback, or both.
 *
 * <p>The emulator runs a Java callback in place of the Lambda function and holds it to AWS's 5-second
 * limit. A hook given only as an ARN runs the callback registered for that ARN with
 * {@link IotRegistry#registerHookFunction(String, PreProvisioningHook)}; if none is registered,
 * RegisterThing is refused, as AWS refuses it when the function cannot be invoked.
 */
public final class PreProvisioningHookConfig {

    /** The payload version AWS IoT documents for pre-provisioning hooks. */
    public static final String DEFAULT_PAYLOAD_VERSION = "2020-04-01";

    private final String targetArn;
    private final String payloadVersion;
    private final PreProvisioningHook hook;

    private PreProvisioningHookConfig(String targetArn, String payloadVersion, PreProvisioningHook hook) {
        this.targetArn = targetArn;
        this.payloadVersion = payloadVersion;
        this.hook = hook;
    }

    /**
     * A hook given by a Lambda function ARN, with the default payload version.
     *
     * @param targetArn the function ARN
     * @return the configuration
     */
    public static PreProvisioningHookConfig ofArn(String targetArn) {
        return ofArn(targetArn, DEFAULT_PAYLOAD_VERSION);
    }

    /**
     * A hook given by a Lambda function ARN.
     *
     * @param targetArn the function ARN
     * @param payloadVersion the payload version ({@code 2020-04-01})
     * @return the configuration
     */
    public static PreProvisioningHookConfig ofArn(String targetArn, String payloadVersion) {
        Objects.requireNonNull(targetArn, "targetArn");
        Objects.requireNonNull(payloadVersion, "payloadVersion");
        if (targetArn.isBlank()) {
            throw RegistryException.invalidRequest("preProvisioningHook.targetArn: is empty. Give the ARN of the"
                    + " hook function.");
        }
        return new PreProvisioningHookConfig(targetArn, payloadVersion, null);
    }

    /**
     * A hook run as a Java callback (the template shows a synthetic Lambda ARN to the control plane).
     *
     * @param hook the callback
     * @return the configuration
     */
    public static PreProvisioningHookConfig of(PreProvisioningHook hook) {
        Objects.requireNonNull(hook, "hook");
        return new PreProvisioningHookConfig(null, DEFAULT_PAYLOAD_VERSION, hook);
    }

    /**
     * A hook with both an ARN (shown by the control plane) and the Java callback that runs for it.
     *
     * @param targetArn the function ARN
     * @param hook the callback
     * @return the configuration
     */
    public static PreProvisioningHookConfig of(String targetArn, PreProvisioningHook hook) {
        Objects.requireNonNull(targetArn, "targetArn");
        Objects.requireNonNull(hook, "hook");
        return new PreProvisioningHookConfig(targetArn, DEFAULT_PAYLOAD_VERSION, hook);
    }

    /** @return the Lambda function ARN, if one was given */
    public Optional<String> targetArn() {
        return Optional.ofNullable(targetArn);
    }

    /** @return the payload version */
    public String payloadVersion() {
        return payloadVersion;
    }

    /** @return the Java callback, if one was given */
    public Optional<PreProvisioningHook> hook() {
        return Optional.ofNullable(hook);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PreProvisioningHookConfig c)) {
            return false;
        }
        return Objects.equals(targetArn, c.targetArn) && payloadVersion.equals(c.payloadVersion)
                && Objects.equals(hook, c.hook);
    }

    @Override
    public int hashCode() {
        return Objects.hash(targetArn, payloadVersion, hook);
    }

    @Override
    public String toString() {
        return "PreProvisioningHook{" + (targetArn != null ? targetArn : "java callback") + "}";
    }
}
