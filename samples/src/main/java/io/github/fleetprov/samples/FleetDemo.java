package io.github.fleetprov.samples;

import static io.github.fleetprov.template.Expression.join;
import static io.github.fleetprov.template.Expression.literal;
import static io.github.fleetprov.template.Expression.ref;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.FleetProvisioningAdmin;
import io.github.fleetprov.admin.FleetSetup;
import io.github.fleetprov.admin.FleetSpec;
import io.github.fleetprov.admin.TearDownReport;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.ConnectionLostException;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.DeviceConnection;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.device.ProvisioningTimeoutException;
import io.github.fleetprov.device.Qos;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.PolicyVariable;
import io.github.fleetprov.samples.demo.DemoReport;
import io.github.fleetprov.samples.demo.DeviceOutcome;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.Progress;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The fleet demo: the whole fleet provisioning story, end to end, on a laptop.
 *
 * <ol>
 *   <li>Starts {@code LocalIotCore} (or, with {@code --aws --region R}, uses a real AWS account).</li>
 *   <li>Sets up a fleet with {@link FleetProvisioningAdmin} through the real AWS SDK clients:
 *       provisioning role, template, least-privilege claim policy, claim certificate, token exchange
 *       role and role alias.</li>
 *   <li>Provisions N simulated devices in parallel with {@link FleetProvisioningClient}: each makes
 *       its own key, sends a CSR, registers its thing, stores its identity, then connects with it and
 *       publishes one telemetry message.</li>
 *   <li>Exchanges one device's certificate for temporary AWS credentials through
 *       {@link IotCredentialsProvider} (only the access key id's first characters are printed).</li>
 *   <li>Tears everything down and prints a summary; exits non-zero if anything failed.</li>
 * </ol>
 *
 * <p>Run from the repository root: {@code ./mvnw -B -q -pl samples -am -Prun compile}; options with
 * {@code -Dsample.args="--devices 100 --json"}.
 */
public final class FleetDemo {

    static final String USAGE = """
            usage: FleetDemo [--devices N] [--parallel N] [--json] [--dir DIR] [--aws [--region R]]

            The fleet demo: starts LocalIotCore (or uses a real AWS account with --aws), sets up a fleet,
            provisions N simulated devices by claim in parallel, fetches AWS credentials for one of them,
            tears everything down and prints a summary.

              --devices N     how many devices (1 to 10000, default 25)
              --parallel N    how many provision at the same time (1 to 256, default 8, or fewer devices)
              --json          the summary as JSON on standard output instead of a table
              --dir DIR       where the claim and the device identities are stored
                              (default: a new temporary directory, mode 0700)
              --aws           run against a real AWS account (the AWS SDK's default credentials)
              --region R      the AWS region, with --aws (default: the SDK's configured region)
              --help          this text

            Exit status: 0 if every device provisioned and published, 1 if anything failed,
            2 for a bad command line or missing credentials.
            """;

    private final Target target;
    private final int devices;
    private final int parallelism;
    private final Path dir;
    private final PrintStream log;
    private final boolean interactive;

    /**
     * A demo run.
     *
     * @param target where to run it
     * @param devices how many devices to provision
     * @param parallelism how many devices provision at the same time
     * @param dir where the claim and the devices' identities are stored
     * @param log where progress goes (standard error)
     * @param interactive whether to redraw a progress bar in place (a terminal) or print a line per 10%
     */
    public FleetDemo(Target target, int devices, int parallelism, Path dir, PrintStream log, boolean interactive) {
        this.target = Objects.requireNonNull(target, "target");
        this.devices = devices;
        this.parallelism = parallelism;
        this.dir = Objects.requireNonNull(dir, "dir");
        this.log = Objects.requireNonNull(log, "log");
        this.interactive = interactive;
    }

    /**
     * Runs the demo and exits: status 0 if every device provisioned and published and the rest of the
     * flow worked, 1 if anything failed, 2 for a bad command line.
     *
     * @param argv {@code [--devices N] [--parallel N] [--json] [--dir DIR] [--aws [--region R]]}
     */
    public static void main(String[] argv) {
        Samples.exit(() -> run(argv, System.out, System.err));
    }

    /**
     * Runs the demo with the given command line.
     *
     * @param argv the command line
     * @param out where the summary goes (a table, or JSON with {@code --json})
     * @param err where progress goes
     * @return the exit status
     * @throws Exception if the set-up fails
     */
    public static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        return run(argv, out, err, Target::fromArgs);
    }

    /**
     * Runs the demo with the given command line against the target it picks.
     *
     * @param argv the command line
     * @param out where the summary goes
     * @param err where progress goes
     * @param targets picks the target from the parsed command line ({@link Target#fromArgs(Args)}
     *     by default; tests hand in the JVM's shared emulator)
     * @return the exit status
     * @throws Exception if the set-up fails
     */
    static int run(String[] argv, PrintStream out, PrintStream err, Function<Args, Target> targets) throws Exception {
        Args args = Args.parse(argv, USAGE, Set.of("--devices", "--parallel", "--dir", Target.REGION_OPTION),
                Set.of("--json", Target.AWS_FLAG));
        int devices = args.intOption("--devices", 25, 1, 10_000);
        int parallelism = args.intOption("--parallel", Math.min(devices, 8), 1, 256);
        Path dir = Samples.workDir(args.option("--dir"), "demo");
        err.println("fleetprov fleet demo: " + devices + " devices, " + parallelism + " at a time");
        Instant start = Instant.now();
        try (Target target = targets.apply(args)) {
            err.println("target: " + target.description() + " (started in "
                    + Duration.between(start, Instant.now()).toMillis() + " ms)");
            DemoReport report = new FleetDemo(target, devices, parallelism, dir, err, System.console() != null).run();
            out.print(args.flag("--json") ? report.toJson() + "\n" : "\n" + report.toTable());
            out.flush();
            return report.allGood() ? Samples.OK : Samples.FAILED;
        }
    }

    /**
     * Runs the demo: set-up, devices, credentials, tear-down.
     *
     * @return the report
     */
    public DemoReport run() {
        Instant start = Instant.now();
        String suffix = Samples.uniqueSuffix();
        String fleetName = "fleetprov-demo-" + suffix;
        FleetProvisioningAdmin admin = FleetProvisioningAdmin.create(target.iot(), target.iam());

        // 1. The fleet: provisioning role, template, claim policy and certificate, token exchange role, role alias
        log.println("setting up fleet " + fleetName + " ...");
        FleetSetup setup = admin.setUp(fleetSpec(fleetName, dir.resolve("claim")));
        FleetSetup.RoleAlias roleAlias = setup.roleAlias().orElseThrow();
        // The claim that set-up stored, with its endpoint and template: what every device provisions with.
        ClaimIdentity claim = setup.claimIdentity();
        log.println("  template " + setup.template().name() + ", claim policy " + setup.policies().claimPolicyName()
                + ", claim certificate " + claim.certificateId().substring(0, 12) + "..., role alias "
                + roleAlias.name());

        List<DeviceIdentity> provisioned = new ArrayList<>();
        try {
            // 2. The devices, in parallel
            Progress progress = new Progress(log, "provisioning", devices, interactive);
            List<DeviceOutcome> outcomes = new ArrayList<>();
            Instant provisioningStart = Instant.now();
            long cpuStart = processCpuNanos();
            ExecutorService pool = Executors.newFixedThreadPool(parallelism);
            try {
                List<Future<DeviceRun>> futures = new ArrayList<>();
                for (int i = 1; i <= devices; i++) {
                    String serial = String.format("SN%06d", i);
                    futures.add(pool.submit(() -> {
                        DeviceRun run = device(setup, claim, serial);
                        progress.advance(run.outcome().succeeded());
                        return run;
                    }));
                }
                for (Future<DeviceRun> future : futures) {
                    DeviceRun run = future.get();
                    outcomes.add(run.outcome());
                    run.device().ifPresent(provisioned::add);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetProvisioningException("the demo was interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new FleetProvisioningException("a device task failed unexpectedly", e.getCause());
            } finally {
                pool.shutdownNow();
            }
            Duration provisioningWallTime = Duration.between(provisioningStart, Instant.now());
            long cpuUsed = processCpuNanos() - cpuStart;
            if (cpuStart >= 0 && cpuUsed >= 0) {
                // The whole process's CPU time (devices and the in-process emulator alike) over the devices:
                // less sensitive to other load on the machine than the wall time.
                log.printf("provisioning used %.1f s of CPU, %.1f ms per device%n", cpuUsed / 1e9,
                        cpuUsed / 1e6 / devices);
            }

            // 3. The registry has every thing
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
            int verified = (int) provisioned.stream()
                    .filter(d -> registry.describeThing(d.thingName()).isPresent()).count();

            // 4. AWS credentials for one device, from its certificate
            String keyPrefix = "";
            Optional<Instant> expiration = Optional.empty();
            Optional<String> credentialsFailure = Optional.empty();
            if (provisioned.isEmpty()) {
                credentialsFailure = Optional.of("no device was provisioned");
            } else {
                DeviceIdentity device = provisioned.get(0);
                try (IotCredentialsProvider credentials = IotCredentialsProvider.builder()
                        .device(device)
                        .endpoint(target.credentialsEndpoint())
                        .roleAlias(roleAlias.name())
                        .certificateAuthorityPem(target.credentialsCaPem())
                        .build()) {
                    AwsSessionCredentials session = (AwsSessionCredentials) credentials.resolveCredentials();
                    keyPrefix = Samples.accessKeyIdPrefix(session.accessKeyId());
                    expiration = session.expirationTime();
                    log.println("credentials for " + device.thingName() + " via role alias " + roleAlias.name()
                            + ": access key " + keyPrefix + " expires " + expiration.map(Instant::toString).orElse("?"));
                } catch (FleetProvisioningException e) {
                    credentialsFailure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            // 5. Tear-down: the devices' things and certificates, then the fleet
            List<String> problems = tearDown(admin, setup, provisioned);
            return new DemoReport(target.description(), fleetName, outcomes, Duration.between(start, Instant.now()),
                    provisioningWallTime, verified, keyPrefix, expiration, credentialsFailure, problems);
        } catch (RuntimeException e) {
            log.println("the demo failed (" + e.getClass().getSimpleName() + "); removing what it made ...");
            tearDown(admin, setup, provisioned).forEach(p -> log.println("  left behind: " + p));
            throw e;
        }
    }

    /**
     * Removes the devices' things and certificates, then the fleet.
     *
     * @return what could not be removed, and why
     */
    private List<String> tearDown(FleetProvisioningAdmin admin, FleetSetup setup, List<DeviceIdentity> provisioned) {
        log.println("tearing down ...");
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        List<String> problems = new ArrayList<>();
        for (DeviceIdentity device : provisioned) {
            try {
                registry.deleteThing(device.thingName());
                registry.deleteCertificate(device.certificateId());
            } catch (FleetProvisioningException e) {
                problems.add(device.thingName() + ": " + e.getMessage());
            }
        }
        TearDownReport tearDown = admin.tearDown(setup);
        tearDown.notRemoved().forEach(n -> problems.add(n.resource() + ": " + n.reason()));
        return problems;
    }

    /**
     * The fleet: each device gets a thing named after the fleet and its serial number, an active
     * certificate from its CSR, and a policy that lets it connect as that thing, publish on its own
     * topics and exchange its certificate for AWS credentials through the fleet's role alias.
     *
     * @param fleetName the fleet's name, also the template's and the prefix of every resource
     * @param claimStore where the claim certificate and key go
     * @return the fleet spec
     */
    private FleetSpec fleetSpec(String fleetName, Path claimStore) {
        String devicePolicyName = fleetName + "-DevicePolicy";
        String roleAliasName = fleetName + "-RoleAlias";
        ProvisioningTemplate template = ProvisioningTemplate.builder()
                .name(fleetName)
                .addParameter("SerialNumber")
                .addParameter(PseudoParameter.CERTIFICATE_ID)
                .thing(t -> t.thingName(join("", literal(fleetName + "-"), ref("SerialNumber")))
                        .attribute("serialNumber", ref("SerialNumber")))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)).status("Active"))
                .addPolicy(p -> p.policyName(devicePolicyName))
                .deviceConfiguration("telemetryTopic",
                        join("", literal("dt/" + fleetName + "-"), ref("SerialNumber"), literal("/telemetry")))
                .build();
        String thing = PolicyVariable.THING_NAME.toString();
        PolicyContext context = PolicyContext.of(target.region(), target.accountId());
        IotPolicy devicePolicy = IotPolicy.builder().context(context)
                .addStatement(st -> st.allow().actions(IotAction.CONNECT).resources(IotResource.client(thing))
                        .addCondition(IotCondition.thingIsAttached()))
                .addStatement(st -> st.allow().actions(IotAction.PUBLISH).resources(IotResource.topic("dt/" + thing + "/*")))
                .addStatement(st -> st.allow().actions(IotAction.ASSUME_ROLE_WITH_CERTIFICATE)
                        .resources(IotResource.roleAlias(roleAliasName)))
                .build();
        return FleetSpec.builder()
                .fleetName(fleetName)
                .accountId(target.accountId())
                .template(template)
                .devicePolicy(devicePolicyName, devicePolicy)
                .claimMode(ClaimMode.CSR)
                .clientIdPattern(fleetName + "-*")
                .claimCertificate(claimStore)
                .tokenExchangeAccess("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"s3:GetBucketLocation\",\"Resource\":\"*\"}]}")
                .roleAliasName(roleAliasName)
                .build();
    }

    /** The CPU time this process has used, in nanoseconds, or -1 where the JVM cannot say. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** One device's outcome and, if it provisioned, its identity. */
    private record DeviceRun(DeviceOutcome outcome, Optional<DeviceIdentity> device) {
    }

    /**
     * One device: provision with a CSR, connect with the new identity, publish one telemetry message.
     *
     * @return the outcome and, if it provisioned, the identity
     */
    private DeviceRun device(FleetSetup setup, ClaimIdentity claim, String serial) {
        DeviceIdentity device;
        Instant begin = Instant.now();
        try {
            device = FleetProvisioningClient.builder()
                    .claim(claim)                   // claim certificate and key, data endpoint, template
                    .port(target.dataPort())
                    .certificateAuthorityPem(target.dataCaPem())
                    // Not the thing name the device connects as afterwards: AWS IoT Core takes one CONNECT
                    // per second per client id, so reusing it would hold the second connection back a second.
                    .clientId(setup.fleetName() + "-claim-" + serial)
                    .templateParameter("SerialNumber", serial)
                    .credentialStore(dir.resolve("devices").resolve(serial))
                    .build()
                    .provision();
        } catch (RuntimeException e) {
            return new DeviceRun(new DeviceOutcome(serial, "", "", Duration.ZERO, Optional.of(reason(e))),
                    Optional.empty());
        }
        Duration latency = Duration.between(begin, Instant.now());
        // The template told the device where to publish, in its device configuration.
        String topic = device.deviceConfiguration().getOrDefault("telemetryTopic", "dt/" + device.thingName() + "/telemetry");
        String payload = "{\"serialNumber\":\"" + serial + "\",\"temperature\":21.5}";
        try (DeviceConnection connection = DeviceConnection.builder(device)
                .certificateAuthorityPem(target.dataCaPem()).connect()) {
            connection.publish(topic, payload.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE).join();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return new DeviceRun(new DeviceOutcome(serial, device.thingName(), device.certificateId(), latency,
                    Optional.of("telemetry: " + reason(cause))), Optional.of(device));
        }
        return new DeviceRun(new DeviceOutcome(serial, device.thingName(), device.certificateId(), latency,
                Optional.empty()), Optional.of(device));
    }

    /**
     * A short, secret-free reason for a failure, for counting failures by reason.
     *
     * @param failure the failure
     * @return the reason
     */
    static String reason(Throwable failure) {
        if (failure instanceof ProvisioningRejectedException rejected) {
            return rejected.step() + " rejected: " + rejected.errorCode();
        }
        if (failure instanceof ProvisioningTimeoutException timeout) {
            return timeout.step() + " timed out";
        }
        if (failure instanceof ConnectionRefusedException refused) {
            return "connection refused: " + refused.reason();
        }
        if (failure instanceof ConnectionLostException lost) {
            return lost.step() + " connection lost";
        }
        return failure.getClass().getSimpleName();
    }
}
