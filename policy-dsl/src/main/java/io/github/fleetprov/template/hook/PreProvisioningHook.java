package io.github.fleetprov.template.hook;

import org.jspecify.annotations.Nullable;

/**
 * A pre-provisioning hook written in Java: decides whether a RegisterThing request may proceed and
 * which parameters to override, as an AWS Lambda hook would. Run it with the offline evaluator
 * through {@link io.github.fleetprov.template.TemplateEvaluator#evaluate(
 * io.github.fleetprov.template.ProvisioningTemplate, HookRequest, PreProvisioningHook,
 * io.github.fleetprov.template.CertificateContext)}.
 */
@FunctionalInterface
public interface PreProvisioningHook {

    /**
     * Decides on one request.
     *
     * @param request what AWS IoT sends to the hook
     * @return the decision; a {@code null} answer counts as a denial
     */
    @Nullable HookResponse apply(HookRequest request);

    /**
     * A hook that allows every request and overrides nothing.
     *
     * @return the hook
     */
    static PreProvisioningHook allowAll() {
        return request -> HookResponse.allow();
    }
}
