package io.github.fleetprov.template;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.template.internal.CompiledTemplate;
import io.github.fleetprov.template.internal.DefaultProvisioningTemplate;

/**
 * Runs a provisioning template offline, the way AWS IoT runs it for RegisterThing or JITP, and
 * says what AWS would create for the device, or why AWS would reject the request.
 *
 * <p>Templates are compiled once (parameters resolved to slots, expressions prepared) and the
 * compiled form is cached on templates made by {@link ProvisioningTemplate#builder()} or
 * {@link ProvisioningTemplate#fromJson(String)}; {@link #of(ProvisioningTemplate)} keeps an
 * evaluator for repeated use. Thread-safe.
 *
 * <p>Parameters the request does not carry take their declared {@code Default}; for a
 * {@link TemplateType#JITP} template this includes certificate subject fields the certificate lacks
 * (see {@link PseudoParameter}). Parameters longer in total than the 128 KB AWS IoT message that
 * carries them are refused before evaluation.
 *
 * <pre>{@code
 * ProvisioningPlan plan = TemplateEvaluator.evaluate(template,
 *         Map.of("SerialNumber", "1", "DeviceLocation", "Seattle"),
 *         CertificateContext.of(certificateId, certificate));
 * plan.thingName(); // Optional[ThingPrefix_1]
 * }</pre>
 */
public final class TemplateEvaluator {

    /** How long AWS waits for a pre-provisioning hook before it rejects RegisterThing. */
    public static final Duration AWS_HOOK_TIMEOUT = Duration.ofSeconds(5);

    private final CompiledTemplate compiled;

    private TemplateEvaluator(CompiledTemplate compiled) {
        this.compiled = compiled;
    }

    /**
     * An evaluator for one template.
     *
     * @param template the template
     * @return the evaluator
     */
    public static TemplateEvaluator of(ProvisioningTemplate template) {
        Objects.requireNonNull(template, "template");
        return new TemplateEvaluator(compiled(template));
    }

    private static CompiledTemplate compiled(ProvisioningTemplate template) {
        if (template instanceof DefaultProvisioningTemplate t) {
            return t.compiled();
        }
        return CompiledTemplate.compile(template);
    }

    /**
     * Evaluates a template for one request.
     *
     * @param template the template
     * @param parameters the RegisterThing parameters (after any hook overrides)
     * @param certificate the device certificate
     * @return what AWS would create
     * @throws TemplateEvaluationException with AWS's error code if AWS would reject the request
     */
    public static ProvisioningPlan evaluate(ProvisioningTemplate template, Map<String, String> parameters,
            CertificateContext certificate) {
        Objects.requireNonNull(template, "template");
        return evaluate(compiled(template), parameters, certificate);
    }

    /**
     * Runs a pre-provisioning hook and then the template, as AWS does for RegisterThing: the hook
     * sees the request; if it allows provisioning its overrides are added to the request
     * parameters and the template is evaluated with them.
     *
     * @param template the template
     * @param request the hook input (its {@code parameters} are the RegisterThing parameters)
     * @param hook the hook
     * @param certificate the device certificate
     * @return what AWS would create
     * @throws TemplateEvaluationException {@value TemplateEvaluationException#ACCESS_DENIED} if the
     *     hook denies, answers nothing or throws; otherwise as {@link #evaluate(ProvisioningTemplate,
     *     Map, CertificateContext)}
     */
    public static ProvisioningPlan evaluate(ProvisioningTemplate template, HookRequest request,
            PreProvisioningHook hook, CertificateContext certificate) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(certificate, "certificate");
        return evaluate(compiled(template), parametersAfterHook(request, hook), certificate);
    }

    /**
     * Runs a pre-provisioning hook with a time limit, then the template. AWS gives a hook
     * {@link #AWS_HOOK_TIMEOUT 5 seconds}; a hook that has not answered by then makes AWS reject the
     * request. The hook runs on its own daemon thread, which is interrupted when the time is up.
     *
     * @param template the template
     * @param request the hook input
     * @param hook the hook
     * @param certificate the device certificate
     * @param hookTimeout how long the hook may take, e.g. {@link #AWS_HOOK_TIMEOUT}
     * @return what AWS would create
     * @throws TemplateEvaluationException {@value TemplateEvaluationException#ACCESS_DENIED} if the
     *     hook denies, answers nothing, throws or does not answer in time; otherwise as
     *     {@link #evaluate(ProvisioningTemplate, Map, CertificateContext)}
     */
    public static ProvisioningPlan evaluate(ProvisioningTemplate template, HookRequest request,
            PreProvisioningHook hook, CertificateContext certificate, Duration hookTimeout) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(hookTimeout, "hookTimeout");
        return evaluate(compiled(template), parametersAfterHook(request, timed(hook, hookTimeout)), certificate);
    }

    private static PreProvisioningHook timed(PreProvisioningHook hook, Duration timeout) {
        return request -> {
            FutureTask<HookResponse> task = new FutureTask<>(() -> hook.apply(request));
            Thread thread = new Thread(task, "pre-provisioning-hook");
            thread.setDaemon(true);
            thread.start();
            try {
                return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                task.cancel(true);
                throw new TemplateEvaluationException(TemplateEvaluationException.ACCESS_DENIED, 403, "",
                        "The pre-provisioning hook did not answer within " + timeout.toMillis() + " ms", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException re ? re
                        : new IllegalStateException("pre-provisioning hook failed", cause);
            } catch (InterruptedException e) {
                task.cancel(true);
                Thread.currentThread().interrupt();
                throw new TemplateEvaluationException(TemplateEvaluationException.ACCESS_DENIED, 403, "",
                        "Interrupted while waiting for the pre-provisioning hook", e);
            }
        };
    }

    /**
     * Runs a hook and returns the parameters the template will see: the request parameters with
     * the hook's overrides added.
     *
     * @param request the hook input
     * @param hook the hook
     * @return the parameters
     * @throws TemplateEvaluationException {@value TemplateEvaluationException#ACCESS_DENIED} if the
     *     hook denies, answers nothing or throws
     */
    public static Map<String, String> parametersAfterHook(HookRequest request, PreProvisioningHook hook) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(hook, "hook");
        HookResponse response;
        try {
            response = hook.apply(request);
        } catch (TemplateEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateEvaluationException(TemplateEvaluationException.ACCESS_DENIED, 403, "",
                    "The pre-provisioning hook failed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (response == null) {
            throw new TemplateEvaluationException(TemplateEvaluationException.ACCESS_DENIED, 403, "",
                    "The pre-provisioning hook returned no response");
        }
        if (!response.allowProvisioning()) {
            throw new TemplateEvaluationException(TemplateEvaluationException.ACCESS_DENIED, 403, "",
                    "The pre-provisioning hook did not allow provisioning");
        }
        Map<String, String> parameters = new LinkedHashMap<>(request.parameters());
        parameters.putAll(response.parameterOverrides());
        return parameters;
    }

    /**
     * Evaluates this evaluator's template for one request.
     *
     * @param parameters the RegisterThing parameters
     * @param certificate the device certificate
     * @return what AWS would create
     * @throws TemplateEvaluationException with AWS's error code if AWS would reject the request
     */
    public ProvisioningPlan evaluate(Map<String, String> parameters, CertificateContext certificate) {
        return evaluate(compiled, parameters, certificate);
    }

    private static ProvisioningPlan evaluate(CompiledTemplate compiled, Map<String, String> parameters,
            CertificateContext certificate) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(certificate, "certificate");
        return compiled.evaluate(parameters, certificate);
    }
}
