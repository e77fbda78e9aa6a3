package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.template.CertificateContext;
import io.github.fleetprov.template.PlannedPolicy;
import io.github.fleetprov.template.ProvisioningPlan;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateEvaluationException;
import io.github.fleetprov.template.TemplateEvaluator;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.internal.registry.InMemoryIotRegistry;
import io.github.fleetprov.testkit.internal.registry.RegistrationTaskStore;
import io.github.fleetprov.testkit.internal.registry.RegistrationTaskStore.Status;
import io.github.fleetprov.testkit.internal.registry.RegistrationTaskStore.Task;
import io.github.fleetprov.testkit.internal.registry.RegistryTables;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.Thing;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Bulk registration (StartThingRegistrationTask, DescribeThingRegistrationTask,
 * ListThingRegistrationTasks, ListThingRegistrationTaskReports, StopThingRegistrationTask): request
 * and response members, constraints and error codes from the AWS IoT service model; behaviour from
 * the developer guide's "Bulk registration" page.
 *
 * <p>The input file is read from S3 with the AWS SDK's S3 client at the endpoint given with
 * {@link #useS3}: newline-delimited JSON, one object of template parameters per line. Each line is
 * provisioned with the template through policy-dsl's {@link TemplateEvaluator}, the evaluation the
 * emulator's RegisterThing uses: the certificate comes from the template's
 * {@code CertificateSigningRequest} (signed by the emulator's CA), {@code CertificatePem} (registered)
 * or {@code CertificateId} (must exist); the thing and policies are created unless they exist; the
 * policies are attached to the certificate and the certificate to the thing. A line that fails
 * changes nothing (everything it names is checked before anything is created).
 *
 * <p>Tasks run one at a time on a single thread, as AWS runs one bulk registration task at a time
 * per account; {@link #close()} stops it. When every line has been tried, the results and the errors
 * are written back next to the input file, one JSON line per input line with its {@code offset} (the
 * 0-based line number): {@code {"offset":0,"response":{"CertificatePem":..,"ResourceArns":{..}}}} and
 * {@code {"offset":1,"errorCode":..,"errorMessage":..}}, at
 * {@code thing-registration-tasks/<taskId>/results.json} and {@code .../errors.json} in the input
 * file's bucket. ListThingRegistrationTaskReports lists them as pre-signed GET URLs, as AWS does.
 */
public final class RegistrationTaskOperations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationTaskOperations.class);
    /** {@code RegistryS3BucketName}: 3 to 256 characters. */
    private static final Pattern BUCKET = Pattern.compile("[a-zA-Z0-9._-]{3,256}");
    /** {@code RegistryS3KeyName}: 1 to 1024 characters. */
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9!_.*'()\\-/]{1,1024}");
    /** {@code TaskId}: at most 40 characters. */
    private static final Pattern TASK_ID = Pattern.compile("[^/]{1,40}");
    /** The certificate id given to the first evaluation of a line, before its certificate exists. */
    private static final String PENDING_CERTIFICATE_ID = "0".repeat(64);
    /** How long a report link stays valid. */
    private static final Duration LINK_VALIDITY = Duration.ofHours(1);

    private final IotRegistry registry;
    private final RegistrationTaskStore tasks;
    private final CertificateAuthority authority;
    private volatile S3 s3;
    private ExecutorService runner;
    private boolean closed;

    /** The S3 clients of one configuration. */
    private record S3(S3Client client, S3Presigner presigner, URI endpoint) {
        void close() {
            client.close();
            presigner.close();
        }
    }

    /**
     * Creates the family.
     *
     * @param registry the registry lines are provisioned in (its registration task table when it is
     *     the emulator's in-memory registry)
     * @param authority the CA that signs the certificate signing requests of the input lines
     */
    RegistrationTaskOperations(IotRegistry registry, CertificateAuthority authority) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.authority = Objects.requireNonNull(authority, "authority");
        this.tasks = registry instanceof InMemoryIotRegistry r ? r.registrationTasks()
                : new RegistrationTaskStore(new RegistryTables(), registry.clock());
        tasks.failInterrupted();
    }

    /**
     * Reads input files and writes reports through S3 at an endpoint (moto_server, LocalStack, or
     * AWS), with path-style requests; replaces any endpoint set before.
     *
     * @param endpoint the S3 endpoint, e.g. {@code http://127.0.0.1:5000}
     * @param credentials the credentials for it
     * @param region the signing region
     * @return this
     */
    public synchronized RegistrationTaskOperations useS3(URI endpoint, AwsCredentialsProvider credentials, String region) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(region, "region");
        S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        // Checksums only where S3 requires them: moto_server and LocalStack do not all read the
        // SDK's default trailing checksums.
        S3 next = new S3(S3Client.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials).serviceConfiguration(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build(),
                S3Presigner.builder().endpointOverride(endpoint).region(Region.of(region))
                        .credentialsProvider(credentials).serviceConfiguration(pathStyle).build(), endpoint);
        S3 previous = s3;
        s3 = next;
        if (previous != null) {
            previous.close();
        }
        return this;
    }

    /**
     * The S3 endpoint in use.
     *
     * @return the endpoint, if one was set
     */
    public Optional<URI> s3Endpoint() {
        S3 current = s3;
        return current == null ? Optional.empty() : Optional.of(current.endpoint());
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "POST", "/thing-registration-tasks", "StartThingRegistrationTask", this::start);
        add(routes, "GET", "/thing-registration-tasks", "ListThingRegistrationTasks", this::list);
        add(routes, "GET", "/thing-registration-tasks/{taskId}", "DescribeThingRegistrationTask", this::describe);
        add(routes, "GET", "/thing-registration-tasks/{taskId}/reports", "ListThingRegistrationTaskReports",
                this::listReports);
        add(routes, "PUT", "/thing-registration-tasks/{taskId}/cancel", "StopThingRegistrationTask", this::stop);
    }

    private S3 s3() {
        S3 current = s3;
        if (current == null) {
            throw AwsApiException.invalidRequest("Bulk registration reads its input file from S3, and this emulator"
                    + " has no S3 endpoint. Start it with LocalIotCore.builder().s3Endpoint(uri) (or call"
                    + " setS3Endpoint on a running one; local-iot-core --s3-endpoint URL).");
        }
        return current;
    }

    // ---- StartThingRegistrationTask ----

    private JsonNode start(RestRequest req) {
        String templateBody = req.requiredString("templateBody");
        String bucket = requireName(req.requiredString("inputFileBucket"), "inputFileBucket", BUCKET);
        String key = requireName(req.requiredString("inputFileKey"), "inputFileKey", KEY);
        String roleArn = checkRoleArn(req.requiredString("roleArn"));
        checkTemplateBody(templateBody, "FLEET_PROVISIONING");
        S3 storage = s3();
        requireInputFile(storage, bucket, key);
        Task task = tasks.start(templateBody, bucket, key, roleArn);
        submit(task.taskId());
        return object().put("taskId", task.taskId());
    }

    /** Answers as AWS answers a file its role cannot read: InvalidRequestException naming the file. */
    private static void requireInputFile(S3 storage, String bucket, String key) {
        try {
            storage.client().headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw AwsApiException.invalidRequest("The input file bucket " + bucket + " does not exist. Create it and"
                    + " put the input file in it first.");
        } catch (S3Exception e) {
            throw AwsApiException.invalidRequest("The input file bucket " + bucket + " cannot be read (S3 answered "
                    + e.statusCode() + "). Check the bucket name and the role's s3:GetObject permission.");
        } catch (SdkException e) {
            throw new AwsApiException(500, "InternalFailureException", "S3 could not be reached: " + e.getMessage());
        }
        try {
            storage.client().headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw AwsApiException.invalidRequest("The input file s3://" + bucket + "/" + key + " does not exist."
                    + " Put the newline-delimited JSON file there first.");
        } catch (S3Exception e) {
            throw AwsApiException.invalidRequest("The input file s3://" + bucket + "/" + key + " cannot be read"
                    + " (S3 answered " + e.statusCode() + "). Check the key and the role's s3:GetObject permission.");
        } catch (SdkException e) {
            throw new AwsApiException(500, "InternalFailureException", "S3 could not be reached: " + e.getMessage());
        }
    }

    private synchronized void submit(String taskId) {
        if (closed) {
            tasks.update(taskId, t -> t.withStatus(Status.FAILED, "The emulator is stopping.", registry.clock().instant()));
            throw new AwsApiException(500, "InternalFailureException", "The emulator is stopping.");
        }
        if (runner == null) {
            runner = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "local-iot-thing-registration");
                t.setDaemon(true);
                return t;
            });
        }
        runner.execute(() -> run(taskId));
    }

    // ---- Describe, List, Stop, reports ----

    private Task task(RestRequest req, boolean notFoundIsInvalidRequest) {
        String taskId = requireName(req.path("taskId"), "taskId", TASK_ID);
        return tasks.find(taskId).orElseThrow(() -> notFoundIsInvalidRequest
                ? AwsApiException.invalidRequest("Thing registration task " + taskId + " does not exist.")
                : AwsApiException.notFound("Thing registration task " + taskId + " does not exist."));
    }

    private JsonNode describe(RestRequest req) {
        Task t = task(req, false);
        ObjectNode out = object().put("taskId", t.taskId());
        timestamp(out, "creationDate", t.creationDate());
        timestamp(out, "lastModifiedDate", t.lastModifiedDate());
        out.put("templateBody", t.templateBody()).put("inputFileBucket", t.inputFileBucket())
                .put("inputFileKey", t.inputFileKey()).put("roleArn", t.roleArn())
                .put("status", t.status().wireName());
        if (!t.message().isEmpty()) {
            out.put("message", t.message());
        }
        return out.put("successCount", t.successCount()).put("failureCount", t.failureCount())
                .put("percentageProgress", t.percentageProgress());
    }

    private JsonNode list(RestRequest req) {
        Optional<Status> filter = req.queryParam("status").map(s -> Status.fromWireName(s).orElseThrow(() ->
                AwsApiException.invalidRequest("1 validation error detected: Value '" + s + "' at 'status' failed to"
                        + " satisfy constraint: Member must satisfy enum value set: [InProgress, Completed, Failed,"
                        + " Cancelled, Cancelling]")));
        List<Task> matching = tasks.list().stream().filter(t -> filter.isEmpty() || t.status() == filter.get()).toList();
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, matching, Task::taskId, false, out, "taskIds",
                (list, t) -> list.add(t.taskId()));
        return out;
    }

    private JsonNode stop(RestRequest req) {
        Task t = task(req, false);
        try {
            tasks.requestStop(t.taskId());
        } catch (RegistryException e) {
            throw new AwsApiException(e.httpStatus(), e.errorCode(), e.getMessage());
        }
        return object();
    }

    private JsonNode listReports(RestRequest req) {
        String type = req.queryParam("reportType").orElseThrow(() -> constraint("reportType", "Member must not be null"));
        if (!type.equals("ERRORS") && !type.equals("RESULTS")) {
            throw AwsApiException.invalidRequest("1 validation error detected: Value '" + type + "' at 'reportType'"
                    + " failed to satisfy constraint: Member must satisfy enum value set: [ERRORS, RESULTS]");
        }
        Task t = task(req, true);
        List<String> keys = type.equals("RESULTS") ? t.resultReportKeys() : t.errorReportKeys();
        ObjectNode out = object();
        S3 storage = keys.isEmpty() ? null : s3();
        Pager.page(req, Pager.Style.TOKEN, keys, k -> k, false, out, "resourceLinks",
                (list, k) -> list.add(link(storage, t.inputFileBucket(), k)));
        return out.put("reportType", type);
    }

    private static String link(S3 storage, String bucket, String key) {
        return storage.presigner().presignGetObject(p -> p.signatureDuration(LINK_VALIDITY)
                .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
    }

    // ---- the runner ----

    private void run(String taskId) {
        try {
            runTask(taskId);
        } catch (RuntimeException e) {
            // Whatever goes wrong, the task ends: a client following it must not poll forever.
            LOG.debug("thing registration task {} failed", taskId, e);
            finish(taskId, Status.FAILED, "The task failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void runTask(String taskId) {
        Task task = tasks.find(taskId).orElse(null);
        if (task == null) {
            return;
        }
        S3 storage = s3;
        String text;
        try {
            if (storage == null) {
                throw new IllegalStateException("no S3 endpoint");
            }
            text = storage.client().getObjectAsBytes(r -> r.bucket(task.inputFileBucket()).key(task.inputFileKey()))
                    .asString(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOG.debug("thing registration task {}: the input file cannot be read", taskId, e);
            finish(taskId, Status.FAILED, "The input file s3://" + task.inputFileBucket() + "/" + task.inputFileKey()
                    + " cannot be read: " + e.getMessage());
            return;
        }
        TemplateEvaluator evaluator;
        try {
            evaluator = TemplateEvaluator.of(ProvisioningTemplate.fromJson(task.templateBody()));
        } catch (InvalidInputException e) {
            finish(taskId, Status.FAILED, "The template body is not valid: " + e.getMessage());
            return;
        }
        String[] lines = text.split("\r?\n", -1);
        int total = 0;
        for (String line : lines) {
            if (!line.isBlank()) {
                total++;
            }
        }
        StringBuilder results = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        int success = 0;
        int failure = 0;
        int lastPercent = 0;
        Status end = Status.COMPLETED;
        for (int offset = 0; offset < lines.length; offset++) {
            if (lines[offset].isBlank()) {
                continue;
            }
            if (tasks.find(taskId).map(Task::status).orElse(Status.CANCELLING) == Status.CANCELLING) {
                end = Status.CANCELLED;
                break;
            }
            ObjectNode report = object().put("offset", offset);
            try {
                report.set("response", register(evaluator, parameters(lines[offset])));
                results.append(report).append('\n');
                success++;
            } catch (LineFailure e) {
                report.put("errorCode", e.code).put("errorMessage", e.getMessage());
                errors.append(report).append('\n');
                failure++;
            } catch (InvalidInputException e) {
                report.put("errorCode", "InvalidRequestException").put("errorMessage", e.getMessage());
                errors.append(report).append('\n');
                failure++;
            } catch (RuntimeException e) {
                LOG.debug("thing registration task {}: line {} failed", taskId, offset, e);
                report.put("errorCode", "InternalFailureException").put("errorMessage", "The line could not be"
                        + " registered: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                errors.append(report).append('\n');
                failure++;
            }
            int percent = (success + failure) * 100 / total;
            if (percent != lastPercent || total <= 100) {
                lastPercent = percent;
                int ok = success;
                int failed = failure;
                tasks.update(taskId, t -> t.withProgress(ok, failed, percent, registry.clock().instant()));
            }
        }
        int ok = success;
        int failed = failure;
        boolean allTried = end == Status.COMPLETED;
        tasks.update(taskId, t -> t.withProgress(ok, failed, allTried ? 100 : t.percentageProgress(),
                registry.clock().instant()));
        try {
            List<String> resultKeys = write(storage, task, "results", results);
            List<String> errorKeys = write(storage, task, "errors", errors);
            tasks.update(taskId, t -> t.withReports(resultKeys, errorKeys, registry.clock().instant()));
        } catch (RuntimeException e) {
            LOG.debug("thing registration task {}: the reports cannot be written", taskId, e);
            finish(taskId, Status.FAILED, "The reports cannot be written to s3://" + task.inputFileBucket()
                    + "/thing-registration-tasks/" + taskId + "/: " + e.getMessage());
            return;
        }
        finish(taskId, end, "");
    }

    private void finish(String taskId, Status status, String message) {
        tasks.update(taskId, t -> t.withStatus(status, message, registry.clock().instant()));
    }

    private static List<String> write(S3 storage, Task task, String name, StringBuilder lines) {
        if (lines.length() == 0) {
            return List.of();
        }
        String key = "thing-registration-tasks/" + task.taskId() + "/" + name + ".json";
        storage.client().putObject(r -> r.bucket(task.inputFileBucket()).key(key).contentType("application/json"),
                RequestBody.fromString(lines.toString(), StandardCharsets.UTF_8));
        return List.of(key);
    }

    /** Why one input line was not registered: an AWS error code and a message. */
    private static final class LineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        LineFailure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static Map<String, String> parameters(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new LineFailure("InvalidRequestException", "The line is not valid JSON. Write one JSON object of"
                    + " template parameters per line.");
        }
        if (node == null || !node.isObject()) {
            throw new LineFailure("InvalidRequestException", "The line is not a JSON object. Write one JSON object of"
                    + " template parameters per line.");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!f.getValue().isTextual()) {
                throw new LineFailure("InvalidRequestException", "Parameter " + f.getKey() + " is not a string."
                        + " Template parameters are strings, e.g. \"" + f.getKey() + "\":\"" + f.getValue().asText() + "\".");
            }
            parameters.put(f.getKey(), f.getValue().asText());
        }
        return parameters;
    }

    /**
     * Provisions one line: evaluates the template, checks what it names, makes or finds the
     * certificate, evaluates again with its id, then creates and attaches.
     */
    private ObjectNode register(TemplateEvaluator evaluator, Map<String, String> parameters) {
        ProvisioningPlan draft = evaluate(evaluator, parameters, PENDING_CERTIFICATE_ID);
        check(draft);
        Certificate cert = certificate(draft);
        ProvisioningPlan plan;
        try {
            plan = cert == null ? draft : evaluate(evaluator, parameters, cert.certificateId());
            check(plan);
            return apply(plan, cert);
        } catch (LineFailure | RegistryException e) {
            if (cert != null && draft.certificateId().isEmpty()) {
                // The certificate was made for this line: a failed line leaves nothing behind.
                undo(cert);
            }
            if (e instanceof RegistryException re) {
                throw new LineFailure(re.errorCode(), re.getMessage());
            }
            throw e;
        }
    }

    private void undo(Certificate cert) {
        try {
            for (String thing : registry.listPrincipalThings(cert.certificateArn())) {
                registry.detachThingPrincipal(thing, cert.certificateArn());
            }
            for (Policy p : registry.listAttachedPolicies(cert.certificateArn())) {
                registry.detachPolicy(p.policyName(), cert.certificateArn());
            }
            registry.deleteCertificate(cert.certificateId(), true);
        } catch (RegistryException e) {
            LOG.debug("could not remove the certificate of a failed line", e);
        }
    }

    private static ProvisioningPlan evaluate(TemplateEvaluator evaluator, Map<String, String> parameters, String id) {
        try {
            return evaluator.evaluate(parameters, CertificateContext.of(id));
        } catch (TemplateEvaluationException e) {
            throw new LineFailure("InvalidRequestException", e.getMessage());
        } catch (InvalidInputException e) {
            throw new LineFailure("InvalidRequestException", e.getMessage());
        }
    }

    /** Checks that what the plan names exists (or will be created) before anything changes. */
    private void check(ProvisioningPlan plan) {
        for (PlannedPolicy p : plan.policies()) {
            if (p.document().isEmpty() && registry.findPolicy(p.effectiveName()).isEmpty()) {
                throw new LineFailure("ResourceNotFoundException", "The policy " + p.effectiveName()
                        + " named in the template does not exist. Create it before the task, or give its document.");
            }
        }
        plan.thingTypeName().ifPresent(t -> requireExists("thing type", t, registry.findThingType(t).isPresent()));
        for (String g : plan.thingGroups()) {
            requireExists("thing group", g, registry.findThingGroup(g).isPresent());
        }
        plan.billingGroup().ifPresent(b -> requireExists("billing group", b, registry.findBillingGroup(b).isPresent()));
        if (plan.certificateId().isPresent() && !plan.certificateId().get().equals(PENDING_CERTIFICATE_ID)
                && registry.findCertificate(plan.certificateId().get()).isEmpty()) {
            throw new LineFailure("ResourceNotFoundException", "The certificate " + plan.certificateId().get()
                    + " named in the template does not exist.");
        }
    }

    private static void requireExists(String kind, String name, boolean exists) {
        if (!exists) {
            throw new LineFailure("ResourceNotFoundException", "The " + kind + " " + name
                    + " named in the template does not exist. Create it before the task.");
        }
    }

    /** The line's certificate: signed from its CSR, registered from its PEM, or found by id; null if none. */
    private Certificate certificate(ProvisioningPlan plan) {
        CertificateStatus status = CertificateStatus.valueOf(plan.certificateStatus().name());
        try {
            if (plan.certificateSigningRequest().isPresent()) {
                CertificateSigningRequest csr;
                try {
                    csr = CertificateSigningRequest.parse(plan.certificateSigningRequest().get());
                } catch (InvalidInputException e) {
                    throw new LineFailure("InvalidRequestException", "The certificate signing request is not valid: "
                            + e.getMessage());
                }
                X509Certificate issued = issueUntilEndOf2049(validity -> authority.issue(csr, validity), c -> c);
                return registry.registerCertificate(CertificateRegistration.builder(Pem.certificateToPem(issued))
                        .status(status).build());
            }
            if (plan.certificatePem().isPresent()) {
                return registry.registerCertificate(CertificateRegistration.builder(plan.certificatePem().get())
                        .status(status).build());
            }
            if (plan.certificateId().isPresent()) {
                return registry.findCertificate(plan.certificateId().get()).orElseThrow(() -> new LineFailure(
                        "ResourceNotFoundException", "The certificate " + plan.certificateId().get()
                                + " named in the template does not exist."));
            }
            return null;
        } catch (RegistryException e) {
            throw new LineFailure(e.errorCode(), e.getMessage());
        } catch (InvalidInputException e) {
            throw new LineFailure("InvalidRequestException", e.getMessage());
        }
    }

    private ObjectNode apply(ProvisioningPlan plan, Certificate cert) {
        ObjectNode response = object();
        ObjectNode arns = object();
        List<Policy> policies = new ArrayList<>();
        for (PlannedPolicy p : plan.policies()) {
            Optional<Policy> existing = registry.findPolicy(p.effectiveName());
            policies.add(existing.isPresent() ? existing.get()
                    : registry.createPolicy(p.effectiveName(), p.document().orElseThrow().toJson()));
        }
        if (plan.thingName().isPresent()) {
            String name = plan.thingName().get();
            Thing thing = registry.findThing(name).orElse(null);
            if (thing == null) {
                thing = registry.createThing(name, plan.thingTypeName().orElse(null), plan.attributes(),
                        plan.billingGroup().orElse(null));
                for (String g : plan.thingGroups()) {
                    registry.addThingToThingGroup(g, name);
                }
            }
            if (cert != null) {
                registry.attachThingPrincipal(name, cert.certificateArn());
            }
            arns.put("thing", thing.thingArn());
        }
        if (cert != null) {
            for (Policy p : policies) {
                registry.attachPolicy(p.policyName(), cert.certificateArn());
            }
            response.put("CertificatePem", cert.certificatePem());
            arns.put("certificate", cert.certificateArn());
        }
        if (!policies.isEmpty()) {
            arns.put("policy", policies.get(0).policyArn());
        }
        response.set("ResourceArns", arns);
        return response;
    }

    /** Stops the runner; a task it was running stays as it was. */
    @Override
    public synchronized void close() {
        closed = true;
        if (runner != null) {
            runner.shutdownNow();
            try {
                runner.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        S3 current = s3;
        s3 = null;
        if (current != null) {
            current.close();
        }
    }
}
