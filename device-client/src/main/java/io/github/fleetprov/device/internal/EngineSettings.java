package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.KeyStrategy;
import io.github.fleetprov.device.PayloadFormat;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the provisioning engine needs to know.
 *
 * @param endpoint the data endpoint host
 * @param port the MQTT port
 * @param claim the claim identity
 * @param clientId the client id for the claim connection
 * @param templateName the provisioning template
 * @param parameters the template parameters
 * @param keyStrategy where the new key comes from
 * @param timeouts the time limit of each step
 * @param retryPolicy the retry policy
 * @param storeDirectory the credential-store directory, or {@code null}
 * @param payloadFormat the payload format of the fleet provisioning API
 */
public record EngineSettings(String endpoint, int port, TlsIdentity claim, String clientId, String templateName,
        Map<String, String> parameters, KeyStrategy keyStrategy, Map<ProvisioningStep, Duration> timeouts,
        RetryPolicy retryPolicy, Path storeDirectory, PayloadFormat payloadFormat) {

    /**
     * The time limit of a step.
     *
     * @param step the step
     * @return the limit
     */
    public Duration timeout(ProvisioningStep step) {
        return timeouts.getOrDefault(step, Duration.ofSeconds(10));
    }
}
