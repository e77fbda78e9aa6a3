package io.github.fleetprov.samples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.samples.ProvisioningByClaimWalkthrough;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import java.util.Map;
import java.util.Objects;

/**
 * The walkthrough's pre-provisioning hook packaged as an AWS Lambda function: the same Java logic
 * that runs locally ({@link ProvisioningByClaimWalkthrough#serialNumberHook()}) behind the Lambda
 * Java runtime's {@link RequestHandler}.
 *
 * <p>AWS IoT invokes the function with the hook input ({@code claimCertificateId},
 * {@code certificateId}, {@code certificatePem}, {@code templateArn}, {@code clientId},
 * {@code parameters}) and expects {@code {"allowProvisioning": ..., "parameterOverrides": {...}}}
 * (AWS IoT Developer Guide, "Pre-provisioning hooks"). The runtime hands the event over as a map;
 * the handler reads it with policy-dsl's {@link HookRequest} and answers with {@link HookResponse}.
 *
 * <p>To deploy: build a jar with the samples and their dependencies (for example with the Maven Shade
 * plugin), create a Java 17 function with the handler
 * {@code io.github.fleetprov.samples.lambda.SerialNumberHookHandler::handleRequest}, allow AWS IoT to
 * invoke it ({@code aws lambda add-permission --principal iot.amazonaws.com}), and pass its ARN to the
 * sample with {@code --aws --hook-arn ARN}.
 */
public final class SerialNumberHookHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PreProvisioningHook hook;

    /** The handler the Lambda runtime creates: the walkthrough's serial number check. */
    public SerialNumberHookHandler() {
        this(ProvisioningByClaimWalkthrough.serialNumberHook());
    }

    /**
     * A handler around another hook.
     *
     * @param hook the hook logic
     */
    public SerialNumberHookHandler(PreProvisioningHook hook) {
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    /**
     * Answers one hook invocation.
     *
     * @param event the hook input as the Lambda runtime decoded it
     * @param context the Lambda context (its logger gets one line: the client id and the decision)
     * @return {@code allowProvisioning} and {@code parameterOverrides}
     * @throws InvalidInputException if the event is not a pre-provisioning hook input
     */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Objects.requireNonNull(event, "event");
        try {
            HookRequest request = HookRequest.fromJson(JSON.writeValueAsString(event));
            HookResponse response = hook.apply(request);
            if (context != null && context.getLogger() != null) {
                context.getLogger().log("pre-provisioning hook: clientId=" + request.clientId()
                        + " allowProvisioning=" + response.allowProvisioning());
            }
            return JSON.readValue(response.toJson(), new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("event", "cannot be read as JSON (" + e.getOriginalMessage() + ")",
                    "Invoke the function with the pre-provisioning hook input.", e);
        }
    }
}
