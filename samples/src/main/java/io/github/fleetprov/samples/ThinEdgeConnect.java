package io.github.fleetprov.samples;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.admin.ThingSpec;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.DeviceCertificates;
import io.github.fleetprov.device.DeviceConnection;
import io.github.fleetprov.device.Qos;
import io.github.fleetprov.device.SelfSignedIdentity;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.PolicyVariable;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The thin-edge.io "connect your device to AWS IoT" flow, in Java.
 *
 * <ol>
 *   <li>The device makes a key and a self-signed certificate whose common name is its device id
 *       ({@code tedge cert create --device-id my-device}) and shows its details
 *       ({@code tedge cert show}).</li>
 *   <li>The cloud side registers the certificate without a CA, activates it, creates the thing,
 *       attaches the certificate to it, and attaches a policy that lets the device connect as itself
 *       and use its own topics.</li>
 *   <li>The device connects with its certificate, checks the connection by receiving its own message
 *       back, and sends its first telemetry ({@code tedge mqtt pub ... '{"temperature": 20}'}).</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=ThinEdgeConnect}; add
 * {@code -Dsample.args="--device-id my-device --aws --region eu-west-1"} for a real account.
 */
public final class ThinEdgeConnect {

    private ThinEdgeConnect() {
    }

    /**
     * What the flow made.
     *
     * @param deviceId the device id, also the thing name and the certificate's common name
     * @param certificateId the registered certificate's id
     * @param certificateArn its ARN
     * @param policyName the IoT policy attached to it
     * @param telemetryTopic the topic the telemetry went to
     * @param echoed whether the device received its own message back
     */
    public record Result(String deviceId, String certificateId, String certificateArn, String policyName,
            String telemetryTopic, boolean echoed) {
    }

    static final String USAGE = """
            usage: ThinEdgeConnect [--device-id ID] [--dir DIR] [--keep] [--aws [--region R]]

            thin-edge.io's connection to AWS IoT: a self-signed device certificate registered without a CA,
            a thing and a policy, then the device connects and publishes telemetry.

              --device-id ID  the device id, the certificate's CN and the thing name (default my-device-<random>)
              --dir DIR       where key files are written (default: a new temporary directory, mode 0700)
              --keep          leave what the sample made in place (by default it cleans up)
              --aws           run against a real AWS account (the AWS SDK's default credentials)
              --region R      the AWS region, with --aws (default: the SDK's configured region)
              --help          this text

            Exit status: 0 if the flow worked, 1 if it failed, 2 for a bad command line or missing credentials.
            """;

    /**
     * Runs the sample.
     *
     * @param argv {@code [--device-id ID] [--dir DIR] [--keep] [--aws [--region R]]}
     */
    public static void main(String[] argv) {
        Samples.exit(() -> {
            Args args = Args.parse(argv, USAGE, Set.of("--device-id", "--dir", Target.REGION_OPTION),
                    Set.of(Target.AWS_FLAG, "--keep"));
            String deviceId = args.option("--device-id").orElse("my-device-" + Samples.uniqueSuffix());
            Path dir = Samples.workDir(args.option("--dir"), "thin-edge");
            try (Target target = Target.fromArgs(args)) {
                Registration registration = register(target, deviceId, dir, System.out);
                try {
                    return connectAndPublish(target, registration, System.out).echoed() ? Samples.OK : Samples.FAILED;
                } finally {
                    if (!args.flag("--keep")) {
                        cleanUp(target, registration, System.out);
                    }
                }
            }
        });
    }

    /**
     * The flow, against a target.
     *
     * @param target where the cloud side is
     * @param deviceId the device id
     * @param dir where the device keeps its certificate and key
     * @param out where to print what happens
     * @return what was made
     * @throws Exception if a step fails
     */
    public static Result run(Target target, String deviceId, Path dir, PrintStream out) throws Exception {
        Registration registration = register(target, deviceId, dir, out);
        return connectAndPublish(target, registration, out);
    }

    /**
     * A device registered with AWS IoT by its self-signed certificate.
     *
     * @param identity the device's key and certificate
     * @param certificate the certificate as AWS IoT registered it
     * @param policyName the policy attached to it
     */
    public record Registration(SelfSignedIdentity identity, IotCertificate certificate, String policyName) {
    }

    /**
     * Steps 1 to 3: the device's self-signed certificate, shown; the cloud side registers it without a
     * CA, activates it, and attaches a thing and a policy.
     *
     * @param target where the cloud side is
     * @param deviceId the device id
     * @param dir where the device keeps its certificate and key
     * @param out where to print what happens
     * @return the registration
     */
    public static Registration register(Target target, String deviceId, Path dir, PrintStream out) {
        Objects.requireNonNull(target, "target");
        out.println("Connecting a thin-edge device to " + target.description());

        // 1. Device side: tedge cert create --device-id <id>
        out.println();
        out.println("[1] Device: create a self-signed certificate with CN=" + deviceId);
        SelfSignedIdentity identity = DeviceCertificates.createSelfSigned(deviceId);
        Path certificateFile = dir.resolve("tedge-certificate.pem");
        Path keyFile = dir.resolve("tedge-private-key.pem");
        identity.writeTo(certificateFile, keyFile);
        out.println("    certificate: " + certificateFile);
        out.println("    private key: " + keyFile + " (mode 0600, not printed)");

        // 2. Device side: tedge cert show
        out.println();
        out.println("[2] Device: show the certificate");
        out.println("Device certificate: " + certificateFile);
        out.println(identity.details());

        // 3. Cloud side: register without a CA, activate, thing, policy
        out.println();
        out.println("[3] Cloud: register the certificate without a CA, activate it, attach a thing and a policy");
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        IotCertificate certificate = registry.registerCertificateWithoutCa(identity.certificatePem(),
                CertificateStatus.INACTIVE);
        out.println("    registered   " + certificate.id() + " (" + certificate.status() + ")");
        registry.activate(certificate.id());
        out.println("    activated    " + certificate.id());
        registry.createThing(ThingSpec.named(deviceId));
        registry.attachPrincipal(deviceId, certificate.arn());
        out.println("    thing        " + deviceId + " <- certificate attached");
        String policyName = "thin-edge-" + deviceId;
        IotPolicy policy = devicePolicy(target);
        registry.ensurePolicy(policyName, policy.toJson());
        registry.attachPolicy(policyName, certificate.arn());
        out.println("    policy       " + policyName + " attached:");
        out.println(indent(policy.toJson(true), "        "));
        return new Registration(identity, certificate, policyName);
    }

    /**
     * Steps 4 and 5: the device connects with its certificate, checks the connection by receiving its
     * own message back, and sends its first telemetry.
     *
     * @param target where the cloud side is
     * @param registration the registered device
     * @param out where to print what happens
     * @return what the flow made
     * @throws Exception if the device cannot connect or publish
     */
    public static Result connectAndPublish(Target target, Registration registration, PrintStream out)
            throws Exception {
        SelfSignedIdentity identity = registration.identity();
        String deviceId = identity.deviceId();
        IotCertificate certificate = registration.certificate();
        String policyName = registration.policyName();
        String topicRoot = "thinedge/" + deviceId;

        // 4. Device side: tedge connect aws, with a connection check
        out.println();
        out.println("[4] Device: connect to " + target.dataEndpoint() + ":" + target.dataPort() + " as " + deviceId);
        DeviceIdentity device = identity.toDevice(target.dataEndpoint(), target.dataPort());
        String topic = topicRoot + "/telemetry";
        byte[] telemetry = "{\"temperature\": 20}".getBytes(StandardCharsets.UTF_8);
        boolean echoed;
        try (DeviceConnection connection = DeviceConnection.builder(device)
                .certificateAuthorityPem(target.dataCaPem()).connect()) {
            out.println("    connected, client id " + connection.clientId());
            CompletableFuture<String> received = new CompletableFuture<>();
            connection.subscribe(topic, Qos.AT_LEAST_ONCE,
                    (t, payload) -> received.complete(new String(payload, StandardCharsets.UTF_8))).join();

            // 5. Device side: tedge mqtt pub aws/messages '{"temperature": 20}'
            out.println();
            out.println("[5] Device: publish the first telemetry to " + topic);
            connection.publish(topic, telemetry, Qos.AT_LEAST_ONCE).join();
            String echo = received.get(10, TimeUnit.SECONDS);
            echoed = echo.equals(new String(telemetry, StandardCharsets.UTF_8));
            out.println("    published " + new String(telemetry, StandardCharsets.UTF_8)
                    + "; received it back: " + (echoed ? "yes" : "no, got " + echo));
        }
        return new Result(deviceId, certificate.id(), certificate.arn(), policyName, topic, echoed);
    }

    /**
     * The device's policy: connect only as the thing the certificate is attached to, and use only
     * that thing's own topics.
     *
     * @param target the target, for the ARNs' region and account
     * @return the policy
     */
    static IotPolicy devicePolicy(Target target) {
        String thing = PolicyVariable.THING_NAME.toString();
        return IotPolicy.builder()
                .context(PolicyContext.of(target.region(), target.accountId()))
                .addStatement(s -> s.allow().actions(IotAction.CONNECT)
                        .resources(IotResource.client(thing))
                        .addCondition(IotCondition.thingIsAttached()))
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH, IotAction.RECEIVE)
                        .resources(IotResource.topic("thinedge/" + thing + "/*")))
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
                        .resources(IotResource.topicFilter("thinedge/" + thing + "/*")))
                .build();
    }

    /**
     * Removes what {@link #run} made: the thing, the certificate (detached and deactivated first) and
     * the policy.
     *
     * @param target the target
     * @param result what was made
     * @param out where to print
     */
    public static void cleanUp(Target target, Result result, PrintStream out) {
        cleanUp(target, result.deviceId(), result.certificateId(), result.policyName(), out);
    }

    /**
     * Removes what {@link #register} made.
     *
     * @param target the target
     * @param registration what was made
     * @param out where to print
     */
    public static void cleanUp(Target target, Registration registration, PrintStream out) {
        cleanUp(target, registration.identity().deviceId(), registration.certificate().id(),
                registration.policyName(), out);
    }

    private static void cleanUp(Target target, String deviceId, String certificateId, String policyName,
            PrintStream out) {
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        registry.deleteThing(deviceId);
        registry.deleteCertificate(certificateId);
        registry.deletePolicy(policyName);
        out.println();
        out.println("Cleaned up: thing " + deviceId + ", certificate " + certificateId + ", policy " + policyName
                + " (keep them with --keep)");
    }

    private static String indent(String text, String prefix) {
        return prefix + text.replace("\n", "\n" + prefix);
    }
}
