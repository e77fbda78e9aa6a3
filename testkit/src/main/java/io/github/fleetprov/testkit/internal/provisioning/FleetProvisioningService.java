package io.github.fleetprov.testkit.internal.provisioning;

import io.github.fleetprov.core.json.FleetJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.template.CertificateContext;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.PlannedPolicy;
import io.github.fleetprov.template.ProvisioningPlan;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateEvaluationException;
import io.github.fleetprov.template.TemplateEvaluator;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.FaultRule;
import io.github.fleetprov.testkit.fault.Faults;
import io.github.fleetprov.testkit.internal.broker.Connection;
import io.github.fleetprov.testkit.internal.broker.MqttOutbound;
import io.github.fleetprov.testkit.internal.broker.MqttRequestHandler;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.Thing;
import io.github.fleetprov.testkit.registry.ThingUpdate;
import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS IoT fleet provisioning MQTT API: CreateKeysAndCertificate, CreateCertificateFromCsr and
 * RegisterThing, in JSON and CBOR, answered on {@code <request topic>/accepted} or {@code /rejected}
 * to the requesting client only.
 */
public final class FleetProvisioningService implements MqttRequestHandler, AutoCloseable {

    /** The operation names, as used by fault rules and events. */
    public static final String CREATE_KEYS_AND_CERTIFICATE = "CreateKeysAndCertificate";
    /** CreateCertificateFromCsr. */
    public static final String CREATE_CERTIFICATE_FROM_CSR = "CreateCertificateFromCsr";
    /** RegisterThing. */
    public static final String REGISTER_THING = "RegisterThing";

    private static final Logger LOG = LoggerFactory.getLogger(FleetProvisioningService.class);
    private static final Pattern CREATE = Pattern.compile("\\$aws/certificates/create/(json|cbor)");
    private static final Pattern CREATE_FROM_CSR = Pattern.compile("\\$aws/certificates/create-from-csr/(json|cbor)");
    private static final Pattern REGISTER = Pattern.compile("\\$aws/provisioning-templates/([^/+#]+)/provision/(json|cbor)");
    private static final Pattern REPLY = Pattern.compile("\\$aws/(certificates/create|certificates/create-from-csr"
            + "|provisioning-templates/[^/]+/provision)/(json|cbor)/(accepted|rejected)");
    private static final String ISSUED_SUBJECT = "AWS IoT Certificate";
    /** The share of one client: requests queued or running at once before it is throttled. */
    static final int MAX_IN_FLIGHT_PER_CLIENT = 16;

    /** Settings of the service. */
    public record Settings(KeyAlgorithm serverKeyAlgorithm, Duration certificateValidity, Duration hookTimeout) {
    }

    private final IotRegistry registry;
    private final CertificateAuthority ca;
    private final Faults faults;
    private final Settings settings;
    private final PayloadCodec codec = new PayloadCodec();
    private final OwnershipTokens tokens = new OwnershipTokens();
    private final ExecutorService workers;
    private final FairScheduler scheduler;
    private final ExecutorService hooks;
    private final ScheduledExecutorService timer;
    private final Map<String, TemplateEvaluator> evaluators = new ConcurrentHashMap<>();
    private final Object provisioningLock = new Object();
    private volatile MqttOutbound outbound;

    /**
     * Creates the service.
     *
     * @param registry the registry
     * @param ca the CA that signs device certificates
     * @param faults the fault rules
     * @param settings the settings
     */
    public FleetProvisioningService(IotRegistry registry, CertificateAuthority ca, Faults faults, Settings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.settings = Objects.requireNonNull(settings, "settings");
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        this.workers = Executors.newFixedThreadPool(threads, daemon("local-iot-provisioning"));
        this.scheduler = new FairScheduler(workers, MAX_IN_FLIGHT_PER_CLIENT);
        this.hooks = Executors.newCachedThreadPool(daemon("local-iot-provisioning-hook"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("local-iot-provisioning-timer"));
        timer.scheduleWithFixedDelay(this::expireTokens, 1, 1, TimeUnit.SECONDS);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Connects the service to the broker it answers through.
     *
     * @param mqtt the broker's outbound side
     */
    public void bind(MqttOutbound mqtt) {
        this.outbound = Objects.requireNonNull(mqtt, "mqtt");
    }

    @Override
    public boolean handles(String topic) {
        return CREATE.matcher(topic).matches() || CREATE_FROM_CSR.matcher(topic).matches()
                || REGISTER.matcher(topic).matches();
    }

    @Override
    public boolean isReplyTopic(String topic) {
        return REPLY.matcher(topic).matches();
    }

    /**
     * Takes a request. Each client has a bounded share of the service ({@value #MAX_IN_FLIGHT_PER_CLIENT}
     * requests queued or running) and clients are served in turn; a request past its client's share is
     * answered at once on the rejected topic with {@code statusCode} 429 and {@code errorCode}
     * {@code Throttling} (429 is the throttling status among those the AWS IoT Device SDK for
     * Embedded C's fleet provisioning library handles on a rejected reply), so one client flooding the API does not delay the others. AWS documents its
     * fleet provisioning limits per account (AWS IoT Core quotas, "Fleet provisioning"); a per-client
     * share is the emulator's way to keep its one machine fair.
     */
    @Override
    public void submit(Connection connection, String topic, byte[] payload) {
        if (!scheduler.submit(connection.clientId(), () -> process(connection, topic, payload))) {
            String operation = operationOf(topic);
            registry.events().record(Event.builder(EventType.REQUEST, operation).clientId(connection.clientId())
                    .resource(topic).detail("claimCertificateId", connection.certificateId()));
            reject(connection, operation, topic, topic.endsWith("/cbor"), new ProvisioningRejection(429,
                    ProvisioningRejection.THROTTLING, "Rate exceeded: this client has " + MAX_IN_FLIGHT_PER_CLIENT
                    + " requests in progress; wait for their replies before sending more"));
        }
    }

    // ---- request processing ----

    private static String operationOf(String topic) {
        if (CREATE.matcher(topic).matches()) {
            return CREATE_KEYS_AND_CERTIFICATE;
        }
        if (CREATE_FROM_CSR.matcher(topic).matches()) {
            return CREATE_CERTIFICATE_FROM_CSR;
        }
        return REGISTER_THING;
    }

    private void process(Connection connection, String topic, byte[] payload) {
        String operation = operationOf(topic);
        boolean cbor = topic.endsWith("/cbor");
        registry.events().record(Event.builder(EventType.REQUEST, operation).clientId(connection.clientId())
                .resource(topic).detail("claimCertificateId", connection.certificateId()));
        Optional<FaultRule> fault = faults.fire(operation, topic, connection.clientId());
        if (fault.isPresent()) {
            FaultRule rule = fault.get();
            switch (rule.kind()) {
                case REJECT:
                    reject(connection, operation, topic, cbor,
                            new ProvisioningRejection(rule.statusCode(), rule.errorCode(), rule.message()));
                    return;
                case THROTTLE:
                    reject(connection, operation, topic, cbor, new ProvisioningRejection(429,
                            ProvisioningRejection.THROTTLING, "Rate exceeded"));
                    return;
                case DISCONNECT:
                    outbound.disconnect(connection.clientId());
                    return;
                case DELAY:
                    timer.schedule(() -> workers.execute(() -> answer(connection, operation, topic, cbor, payload, true)),
                            rule.delay().toMillis(), TimeUnit.MILLISECONDS);
                    return;
                case DROP_REPLY:
                    answer(connection, operation, topic, cbor, payload, false);
                    return;
                default:
                    throw new IllegalStateException("unknown fault kind " + rule.kind());
            }
        }
        answer(connection, operation, topic, cbor, payload, true);
    }

    private void answer(Connection connection, String operation, String topic, boolean cbor, byte[] payload,
            boolean sendReply) {
        ObjectNode reply;
        try {
            JsonNode request = codec.read(payload, cbor, !operation.equals(CREATE_KEYS_AND_CERTIFICATE));
            switch (operation) {
                case CREATE_KEYS_AND_CERTIFICATE:
                    reply = createKeysAndCertificate(connection);
                    break;
                case CREATE_CERTIFICATE_FROM_CSR:
                    reply = createCertificateFromCsr(connection, request);
                    break;
                default:
                    Matcher m = REGISTER.matcher(topic);
                    if (!m.matches()) {
                        throw new IllegalStateException("not a RegisterThing topic: " + topic);
                    }
                    reply = registerThing(connection, m.group(1), request);
                    break;
            }
        } catch (ProvisioningRejection e) {
            if (sendReply) {
                reject(connection, operation, topic, cbor, e);
            } else {
                recordDropped(connection, operation, topic);
            }
            return;
        } catch (RuntimeException e) {
            LOG.debug("{} failed inside the emulator", operation, e);
            ProvisioningRejection failure = new ProvisioningRejection(500, ProvisioningRejection.INTERNAL_FAILURE,
                    "The emulator failed to process the request: " + e.getClass().getSimpleName());
            if (sendReply) {
                reject(connection, operation, topic, cbor, failure);
            }
            return;
        }
        if (!sendReply) {
            recordDropped(connection, operation, topic);
            return;
        }
        String replyTopic = topic + "/accepted";
        byte[] bytes = codec.write(reply, cbor);
        outbound.publishToClient(connection.clientId(), replyTopic, bytes).thenAccept(delivery ->
                registry.events().record(Event.builder(EventType.REPLY, operation).clientId(connection.clientId())
                        .resource(replyTopic).outcome("accepted").message("delivery: " + delivery)
                        .detail("certificateId", textOrNull(reply, "certificateId"))
                        .detail("thingName", textOrNull(reply, "thingName"))));
    }

    private static String textOrNull(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v == null ? null : v.asText();
    }

    private void recordDropped(Connection connection, String operation, String topic) {
        registry.events().record(Event.builder(EventType.FAULT, operation).clientId(connection.clientId())
                .resource(topic).outcome("DROP_REPLY").message("the request was processed and its reply dropped"));
    }

    private void reject(Connection connection, String operation, String topic, boolean cbor, ProvisioningRejection e) {
        ObjectNode body = codec.object();
        body.put("statusCode", e.statusCode());
        body.put("errorCode", e.errorCode());
        body.put("errorMessage", e.getMessage());
        String replyTopic = topic + "/rejected";
        outbound.publishToClient(connection.clientId(), replyTopic, codec.write(body, cbor)).thenAccept(delivery ->
                registry.events().record(Event.builder(EventType.REJECTION, operation).clientId(connection.clientId())
                        .resource(replyTopic).outcome(e.errorCode()).message(e.getMessage())
                        .detail("statusCode", String.valueOf(e.statusCode())).detail("delivery", delivery.name())));
    }

    // ---- CreateKeysAndCertificate / CreateCertificateFromCsr ----

    private ObjectNode createKeysAndCertificate(Connection connection) {
        IssuedCertificate issued = ca.issueWithKey(Subject.ofCommonName(ISSUED_SUBJECT),
                settings.serverKeyAlgorithm(), settings.certificateValidity());
        ObjectNode reply = newCertificate(connection, issued.certificatePem());
        reply.put("privateKey", Pem.privateKeyToPem(issued.keyPair().getPrivate()));
        return reply;
    }

    private ObjectNode createCertificateFromCsr(Connection connection, JsonNode request) {
        JsonNode csrNode = request.get("certificateSigningRequest");
        if (csrNode == null || !csrNode.isTextual() || csrNode.asText().isBlank()) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                    "certificateSigningRequest is missing. Send the CSR in PEM.");
        }
        CertificateSigningRequest csr;
        try {
            csr = CertificateSigningRequest.parse(csrNode.asText());
        } catch (InvalidInputException e) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                    "certificateSigningRequest is not acceptable: " + e.problem() + ". " + e.fix());
        } catch (RuntimeException e) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                    "certificateSigningRequest is not a valid PEM certificate signing request.");
        }
        if (!csr.verifySignature()) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                    "The CSR's signature does not verify: it was not signed with the key it carries.");
        }
        String weakness = weakness(csr.publicKey());
        if (weakness != null) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD, weakness);
        }
        String pem = Pem.certificateToPem(ca.issue(csr, settings.certificateValidity()));
        return newCertificate(connection, pem);
    }

    static String weakness(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits < 2048 ? "The CSR's RSA key has " + bits + " bits. AWS IoT requires at least 2048." : null;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits < 256 ? "The CSR's EC key is on a " + bits + "-bit curve. Use P-256, P-384 or P-521." : null;
        }
        return "The CSR's key type " + key.getAlgorithm() + " is not supported. Use RSA (2048 bits or more) or"
                + " ECDSA P-256/P-384/P-521.";
    }

    private ObjectNode newCertificate(Connection connection, String certificatePem) {
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(certificatePem)
                .status(CertificateStatus.PENDING_ACTIVATION).build());
        String token = tokens.issue(cert.certificateId(), connection.certificateId(), registry.clock().instant());
        ObjectNode reply = codec.object();
        reply.put("certificateId", cert.certificateId());
        reply.put("certificatePem", certificatePem);
        reply.put("certificateOwnershipToken", token);
        return reply;
    }

    // ---- RegisterThing ----

    private ObjectNode registerThing(Connection connection, String templateName, JsonNode request) {
        ProvisioningTemplateRecord template = registry.findProvisioningTemplate(templateName).orElseThrow(() ->
                new ProvisioningRejection(404, ProvisioningRejection.RESOURCE_NOT_FOUND, "The provisioning template "
                        + templateName + " does not exist."));
        if (!template.enabled()) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_REQUEST, "The provisioning template "
                    + templateName + " is disabled. Enable it with UpdateProvisioningTemplate.");
        }
        requireNotProvisioningClaimMisuse(connection, templateName);
        JsonNode tokenNode = request.get("certificateOwnershipToken");
        if (tokenNode == null || !tokenNode.isTextual() || tokenNode.asText().isEmpty()) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_TOKEN,
                    "Certificate ownership token cannot be empty.");
        }
        String token = tokenNode.asText();
        OwnershipTokens.Grant grant = tokens.find(token).orElseThrow(() -> new ProvisioningRejection(400,
                ProvisioningRejection.INVALID_TOKEN, "The certificate ownership token is not valid. Create a new"
                        + " certificate to get a new token."));
        if (!registry.clock().instant().isBefore(grant.expiry())) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_TOKEN, "The certificate ownership"
                    + " token expired (tokens are valid for one hour). Create a new certificate.");
        }
        Certificate cert = registry.findCertificate(grant.certificateId()).orElseThrow(() ->
                new ProvisioningRejection(400, ProvisioningRejection.INVALID_TOKEN, "The certificate of this"
                        + " ownership token no longer exists. Create a new certificate."));
        Map<String, String> parameters = parameters(request);
        Optional<PreProvisioningHookConfig> hookConfig = template.preProvisioningHook();
        if (hookConfig.isPresent()) {
            parameters = runHook(hookConfig.get(), HookRequest.builder()
                    .claimCertificateId(connection.certificateId()).certificateId(cert.certificateId())
                    .certificatePem(cert.certificatePem()).templateArn(template.templateArn())
                    .clientId(connection.clientId()).parameters(parameters).build(), connection);
        }
        ProvisioningPlan plan;
        try {
            TemplateEvaluator evaluator = evaluators.computeIfAbsent(template.templateArn() + "#"
                    + template.defaultVersionId() + "#" + template.lastModifiedDate(),
                    k -> TemplateEvaluator.of(ProvisioningTemplate.fromJson(template.templateBody())));
            plan = evaluator.evaluate(parameters, CertificateContext.of(cert.certificateId(), cert.certificate()));
        } catch (TemplateEvaluationException e) {
            throw new ProvisioningRejection(e.statusCode(), e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_REQUEST, "The template body of "
                    + templateName + " cannot be evaluated: " + e.getMessage());
        }
        String thingName;
        synchronized (provisioningLock) {
            if (tokens.find(token).isEmpty()) {
                throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_TOKEN,
                        "The certificate ownership token was already used.");
            }
            thingName = apply(plan, cert);
            tokens.consume(token);
        }
        ObjectNode reply = codec.object();
        ObjectNode config = reply.putObject("deviceConfiguration");
        plan.deviceConfiguration().forEach(config::put);
        if (thingName != null) {
            reply.put("thingName", thingName);
        }
        return reply;
    }

    private void requireNotProvisioningClaimMisuse(Connection connection, String templateName) {
        Optional<String> claimTemplate = registry.findCertificate(connection.certificateId())
                .flatMap(Certificate::claimTemplateName);
        if (claimTemplate.isPresent() && !claimTemplate.get().equals(templateName)) {
            throw new ProvisioningRejection(403, TemplateEvaluationException.ACCESS_DENIED, "This provisioning claim"
                    + " was created for template " + claimTemplate.get() + ", not " + templateName + ".");
        }
    }

    private static Map<String, String> parameters(JsonNode request) {
        JsonNode node = request.get("parameters");
        Map<String, String> parameters = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return parameters;
        }
        if (!node.isObject()) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                    "parameters must be an object of string values.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getValue().isTextual()) {
                throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD, "parameters."
                        + f.getKey() + " must be a string.");
            }
            parameters.put(f.getKey(), f.getValue().asText());
        }
        return parameters;
    }

    private Map<String, String> runHook(PreProvisioningHookConfig config, HookRequest request, Connection connection) {
        PreProvisioningHook hook = config.hook()
                .or(() -> config.targetArn().flatMap(registry::findHookFunction))
                .orElseThrow(() -> new ProvisioningRejection(403, TemplateEvaluationException.ACCESS_DENIED,
                        "The pre-provisioning hook " + config.targetArn().orElse("") + " could not be invoked."));
        String target = config.targetArn().orElse("java callback");
        Future<HookResponse> call = hooks.submit(() -> hook.apply(request));
        HookResponse response;
        try {
            response = call.get(settings.hookTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            recordHook(connection, target, "TIMEOUT", "the hook did not answer within " + settings.hookTimeout());
            throw new ProvisioningRejection(403, TemplateEvaluationException.ACCESS_DENIED, "The pre-provisioning"
                    + " hook did not return within " + settings.hookTimeout().toSeconds() + " seconds.");
        } catch (ExecutionException e) {
            recordHook(connection, target, "FAILED", "the hook threw " + e.getCause().getClass().getSimpleName());
            throw new ProvisioningRejection(403, TemplateEvaluationException.ACCESS_DENIED,
                    "The pre-provisioning hook failed.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningRejection(500, ProvisioningRejection.INTERNAL_FAILURE, "Interrupted.");
        }
        if (response == null || !response.allowProvisioning()) {
            recordHook(connection, target, "DENIED", "the hook did not allow provisioning");
            throw new ProvisioningRejection(403, TemplateEvaluationException.ACCESS_DENIED,
                    "The pre-provisioning hook did not allow provisioning.");
        }
        recordHook(connection, target, "ALLOWED", "overrides " + response.parameterOverrides().keySet());
        Map<String, String> parameters = new LinkedHashMap<>(request.parameters());
        parameters.putAll(response.parameterOverrides());
        return parameters;
    }

    private void recordHook(Connection connection, String target, String outcome, String message) {
        registry.events().record(Event.builder(EventType.HOOK, "PreProvisioningHook").clientId(connection.clientId())
                .resource(target).outcome(outcome).message(message));
    }

    /**
     * Applies a plan evaluated for a certificate outside RegisterThing (just-in-time provisioning, AWS
     * IoT developer guide "Just-in-time provisioning"): things, groups, policies and the certificate's
     * status as the template says, with the same checks and override settings as RegisterThing.
     *
     * @param plan the evaluated template
     * @param cert the certificate, registered
     * @return the thing name, or {@code null} if the template has no thing
     * @throws ProvisioningRejection if the plan cannot be applied (nothing is changed then)
     */
    public String provisionJustInTime(ProvisioningPlan plan, Certificate cert) {
        synchronized (provisioningLock) {
            return apply(plan, cert);
        }
    }

    /**
     * Creates or updates what the plan describes; checks everything that can fail before changing
     * anything.
     */
    private String apply(ProvisioningPlan plan, Certificate cert) {
        if (plan.certificateId().isPresent() && !plan.certificateId().get().equals(cert.certificateId())) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PARAMETERS, "The template's"
                    + " certificate id does not match the certificate of the ownership token.");
        }
        List<Policy> policies = new ArrayList<>();
        List<PlannedPolicy> toCreate = new ArrayList<>();
        for (PlannedPolicy p : plan.policies()) {
            Optional<Policy> existing = registry.findPolicy(p.effectiveName());
            if (existing.isPresent()) {
                policies.add(existing.get());
            } else if (p.document().isPresent()) {
                toCreate.add(p);
            } else {
                throw new ProvisioningRejection(404, ProvisioningRejection.RESOURCE_NOT_FOUND, "The policy "
                        + p.effectiveName() + " named in the template does not exist.");
            }
        }
        String thingName = plan.thingName().orElse(null);
        Optional<Thing> existingThing = thingName == null ? Optional.empty() : registry.findThing(thingName);
        if (thingName != null) {
            plan.thingTypeName().ifPresent(t -> requireExists("thing type", t, registry.findThingType(t).isPresent()));
            for (String g : plan.thingGroups()) {
                requireExists("thing group", g, registry.findThingGroup(g).isPresent());
            }
            plan.billingGroup().ifPresent(b -> requireExists("billing group", b,
                    registry.findBillingGroup(b).isPresent()));
            existingThing.ifPresent(t -> checkFailOverrides(plan, t));
        }
        try {
            for (PlannedPolicy p : toCreate) {
                policies.add(registry.createPolicy(p.effectiveName(), p.document().get().toJson()));
            }
            if (thingName != null) {
                if (existingThing.isEmpty()) {
                    registry.createThing(thingName, plan.thingTypeName().orElse(null), plan.attributes(),
                            plan.billingGroup().orElse(null));
                    for (String g : plan.thingGroups()) {
                        registry.addThingToThingGroup(g, thingName);
                    }
                } else {
                    updateExisting(plan, existingThing.get());
                }
                registry.attachThingPrincipal(thingName, cert.certificateArn());
            }
            for (Policy p : policies) {
                registry.attachPolicy(p.policyName(), cert.certificateArn());
            }
            CertificateStatus status = CertificateStatus.valueOf(plan.certificateStatus().name());
            registry.updateCertificateStatus(cert.certificateId(), status);
        } catch (RegistryException e) {
            throw new ProvisioningRejection(e.httpStatus(), e.errorCode().replace("Exception", ""), e.getMessage());
        }
        return thingName;
    }

    private static void requireExists(String kind, String name, boolean exists) {
        if (!exists) {
            throw new ProvisioningRejection(404, ProvisioningRejection.RESOURCE_NOT_FOUND, "The " + kind + " " + name
                    + " named in the template does not exist. Create it before provisioning.");
        }
    }

    private static OverrideAction action(ProvisioningPlan plan, OverrideProperty property) {
        return plan.overrideSetting(property).orElse(OverrideAction.DO_NOTHING);
    }

    private static void checkFailOverrides(ProvisioningPlan plan, Thing thing) {
        List<String> conflicts = new ArrayList<>();
        if (action(plan, OverrideProperty.ATTRIBUTE_PAYLOAD) == OverrideAction.FAIL
                && !thing.attributes().equals(plan.attributes())) {
            conflicts.add("AttributePayload");
        }
        if (action(plan, OverrideProperty.THING_TYPE_NAME) == OverrideAction.FAIL
                && !thing.thingTypeName().equals(plan.thingTypeName())) {
            conflicts.add("ThingTypeName");
        }
        if (action(plan, OverrideProperty.THING_GROUPS) == OverrideAction.FAIL
                && !thing.thingGroups().equals(Set.copyOf(plan.thingGroups()))) {
            conflicts.add("ThingGroups");
        }
        if (!conflicts.isEmpty()) {
            throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_REQUEST, "The thing "
                    + thing.thingName() + " exists with different " + conflicts + " and the template's"
                    + " OverrideSettings say FAIL.");
        }
    }

    private void updateExisting(ProvisioningPlan plan, Thing thing) {
        ThingUpdate.Builder update = ThingUpdate.builder();
        boolean changed = false;
        OverrideAction attributes = action(plan, OverrideProperty.ATTRIBUTE_PAYLOAD);
        if (attributes == OverrideAction.REPLACE) {
            update.attributes(plan.attributes(), false);
            changed = true;
        } else if (attributes == OverrideAction.MERGE) {
            update.attributes(plan.attributes(), true);
            changed = true;
        }
        if (action(plan, OverrideProperty.THING_TYPE_NAME) == OverrideAction.REPLACE) {
            if (plan.thingTypeName().isPresent()) {
                update.thingTypeName(plan.thingTypeName().get());
            } else {
                update.removeThingType();
            }
            changed = true;
        }
        if (changed) {
            registry.updateThing(thing.thingName(), update.build());
        }
        OverrideAction groups = action(plan, OverrideProperty.THING_GROUPS);
        if (groups == OverrideAction.REPLACE) {
            for (String g : thing.thingGroups()) {
                if (!plan.thingGroups().contains(g)) {
                    registry.removeThingFromThingGroup(g, thing.thingName());
                }
            }
        }
        if (groups == OverrideAction.REPLACE || groups == OverrideAction.MERGE) {
            for (String g : new LinkedHashSet<>(plan.thingGroups())) {
                registry.addThingToThingGroup(g, thing.thingName());
            }
        }
    }

    // ---- expiry ----

    /**
     * Expires the ownership tokens whose hour is over, and deletes their certificates if they were
     * never activated nor attached, as AWS IoT does.
     */
    public void expireTokens() {
        try {
            Instant now = registry.clock().instant();
            for (OwnershipTokens.Grant grant : tokens.expire(now)) {
                Optional<Certificate> cert = registry.findCertificate(grant.certificateId());
                boolean unused = cert.isPresent() && cert.get().status() == CertificateStatus.PENDING_ACTIVATION
                        && registry.listPrincipalThings(cert.get().certificateArn()).isEmpty()
                        && registry.listAttachedPolicies(cert.get().certificateArn()).isEmpty();
                if (unused) {
                    registry.deleteCertificate(grant.certificateId(), true);
                }
                registry.events().record(Event.builder(EventType.EXPIRY, "CertificateOwnershipToken")
                        .resource(cert.map(Certificate::certificateArn).orElse(grant.certificateId()))
                        .outcome(unused ? "CERTIFICATE_DELETED" : "EXPIRED")
                        .detail("certificateId", grant.certificateId()));
            }
        } catch (RuntimeException e) {
            LOG.debug("token expiry sweep failed", e);
        }
    }

    /** @return how many ownership tokens are outstanding */
    public int outstandingTokens() {
        return tokens.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        hooks.shutdownNow();
    }

    /** JSON and CBOR payloads. */
    private static final class PayloadCodec {
        private final ObjectMapper json = FleetJson.lenientMapper();
        private final ObjectMapper cbor = new ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());

        ObjectNode object() {
            return json.createObjectNode();
        }

        JsonNode read(byte[] payload, boolean isCbor, boolean required) {
            if (payload.length == 0) {
                if (required) {
                    throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                            "The request payload is empty.");
                }
                return json.createObjectNode();
            }
            try {
                JsonNode node = (isCbor ? cbor : json).readTree(payload);
                if (node == null || !node.isObject()) {
                    throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                            "The request payload is not a " + (isCbor ? "CBOR map" : "JSON object") + ".");
                }
                return node;
            } catch (IOException e) {
                throw new ProvisioningRejection(400, ProvisioningRejection.INVALID_PAYLOAD,
                        "The request payload is not valid " + (isCbor ? "CBOR" : "JSON") + ".");
            }
        }

        byte[] write(ObjectNode node, boolean isCbor) {
            ObjectMapper mapper = isCbor ? cbor : json;
            try {
                return mapper.writeValueAsBytes(node);
            } catch (JsonProcessingException e) {
                // A reply can quote the request (a parameter name in an error message), and a request's text
                // can hold an unpaired UTF-16 surrogate, which neither UTF-8 JSON nor CBOR can carry: each
                // becomes U+FFFD, as a UTF-8 decoder shows it, and the device still gets its answer.
                try {
                    return mapper.writeValueAsBytes(wellFormed(node));
                } catch (JsonProcessingException again) {
                    throw new IllegalStateException("cannot encode a reply", again);
                }
            }
        }

        private static JsonNode wellFormed(JsonNode node) {
            if (node.isTextual()) {
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(wellFormed(node.textValue()));
            }
            if (node instanceof ObjectNode object) {
                ObjectNode copy = object.objectNode();
                object.properties().forEach(f -> copy.set(wellFormed(f.getKey()), wellFormed(f.getValue())));
                return copy;
            }
            if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
                com.fasterxml.jackson.databind.node.ArrayNode copy = array.arrayNode();
                array.forEach(element -> copy.add(wellFormed(element)));
                return copy;
            }
            return node;
        }

        private static String wellFormed(String text) {
            StringBuilder out = null;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (paired) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                } else if (Character.isSurrogate(c)) {
                    if (out == null) {
                        out = new StringBuilder(text.length()).append(text, 0, i);
                    }
                    out.append('\uFFFD');
                } else if (out != null) {
                    out.append(c);
                }
            }
            return out == null ? text : out.toString();
        }
    }
}
