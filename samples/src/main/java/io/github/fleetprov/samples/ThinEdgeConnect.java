package io.github.fleetprov.samples;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.admin.ThingSpec;
import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.PemFiles;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.PolicyVariable;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.MosquittoBridge;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.samples.support.Tools;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The thin-edge.io "connect your device to AWS IoT" flow, in Java, with the broker thin-edge uses: a
 * real mosquitto bridged to AWS IoT.
 *
 * <ol>
 *   <li>{@code tedge cert create --device-id my-device}: a key and a self-signed certificate with the
 *       subject tedge gives it, {@code CN=<device id>, O=Thin Edge, OU=Test Device}.</li>
 *   <li>{@code tedge cert show}: its subject, issuer, validity and thumbprint.</li>
 *   <li>The cloud side registers the certificate without a CA, activates it, creates the thing,
 *       attaches the certificate to it, and attaches a policy that lets the device connect as itself
 *       and use its own {@code thinedge/devices/<id>/} topics.</li>
 *   <li>{@code tedge config set aws.url ...} and the root certificate the bridge trusts.</li>
 *   <li>{@code tedge connect aws}: the mosquitto bridge configuration, mosquitto started with it, the
 *       bridge's connection state ({@code $SYS/broker/connection/<id>/state}) and the connection check
 *       ({@code aws/test-connection} echoed back on {@code aws/connection-success}).</li>
 *   <li>{@code tedge mqtt pub aws/messages/ '{"temperature": 20}'}: published to the local broker,
 *       forwarded by the bridge to {@code thinedge/devices/<id>/messages/} in AWS IoT.</li>
 * </ol>
 *
 * <p>Steps 5 and 6 need mosquitto ({@code mosquitto}, {@code mosquitto_sub}, {@code mosquitto_pub});
 * without it, outside CI, they are skipped and the sample says so.
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
     * @param bridged whether mosquitto ran and bridged (false when it is not installed, outside CI)
     * @param bridgeState the last bridge state mosquitto published ({@code 1} connected), or empty
     * @param connectionChecked whether the connection check's message came back on {@code aws/connection-success}
     * @param cloudTelemetryTopic the AWS IoT topic the telemetry is forwarded to
     * @param published whether the telemetry was published to the local broker and the bridge forwarded it
     */
    public record Result(String deviceId, String certificateId, String certificateArn, String policyName,
            boolean bridged, String bridgeState, boolean connectionChecked, String cloudTelemetryTopic,
            boolean published) {
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
                    Result result = connectAndPublish(target, registration, dir, System.out);
                    boolean worked = !result.bridged() || result.connectionChecked() && result.published();
                    return worked ? Samples.OK : Samples.FAILED;
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
        return connectAndPublish(target, registration, dir, out);
    }

    /**
     * A device registered with AWS IoT by its self-signed certificate.
     *
     * @param deviceId the device id
     * @param deviceCertificate the device's self-signed certificate
     * @param certificateFile where it is ({@code tedge-certificate.pem})
     * @param keyFile where its key is ({@code tedge-private-key.pem}, mode 0600)
     * @param certificate the certificate as AWS IoT registered it
     * @param policyName the policy attached to it
     */
    public record Registration(String deviceId, X509Certificate deviceCertificate, Path certificateFile, Path keyFile,
            IotCertificate certificate, String policyName) {
    }

    /**
     * The subject {@code tedge cert create} gives a device certificate.
     *
     * @param deviceId the device id
     * @return {@code CN=<device id>, O=Thin Edge, OU=Test Device}
     */
    public static Subject tedgeSubject(String deviceId) {
        return Subject.builder().commonName(deviceId).organization("Thin Edge").organizationalUnit("Test Device")
                .build();
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
        out.println("[1] Device: create a self-signed certificate for " + tedgeSubject(deviceId));
        KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.EC_P256);
        X509Certificate certificate = SelfSignedCertificates.create(keyPair, tedgeSubject(deviceId),
                Duration.ofDays(365));
        Path certificateFile = dir.resolve("tedge-certificate.pem");
        Path keyFile = dir.resolve("tedge-private-key.pem");
        PemFiles.writeNew(certificateFile, Pem.certificateToPem(certificate), keyFile,
                Pem.privateKeyToPem(keyPair.getPrivate()));
        out.println("    certificate: " + certificateFile);
        out.println("    private key: " + keyFile + " (mode 0600, not printed)");

        // 2. Device side: tedge cert show
        out.println();
        out.println("[2] Device: show the certificate");
        out.println("Device certificate: " + certificateFile);
        out.println(CertificateInfo.of(certificate));
        out.println("Certificate id: " + Certificates.awsCertificateId(certificate));

        // 3. Cloud side: register without a CA, activate, thing, policy
        out.println();
        out.println("[3] Cloud: register the certificate without a CA, activate it, attach a thing and a policy");
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        IotCertificate registered = registry.registerCertificateWithoutCa(Pem.certificateToPem(certificate),
                CertificateStatus.INACTIVE);
        out.println("    registered   " + registered.id() + " (" + registered.status() + ")");
        registry.activate(registered.id());
        out.println("    activated    " + registered.id());
        registry.createThing(ThingSpec.named(deviceId));
        registry.attachPrincipal(deviceId, registered.arn());
        out.println("    thing        " + deviceId + " <- certificate attached");
        String policyName = "thin-edge-" + deviceId;
        IotPolicy policy = devicePolicy(target);
        registry.ensurePolicy(policyName, policy.toJson());
        registry.attachPolicy(policyName, registered.arn());
        out.println("    policy       " + policyName + " attached:");
        out.println(indent(policy.toJson(true), "        "));
        return new Registration(deviceId, certificate, certificateFile, keyFile, registered, policyName);
    }

    /**
     * Steps 4 to 6: the bridge configured and mosquitto started with it, the bridge's state and the
     * connection check, then the first telemetry through the local broker.
     *
     * @param target where the cloud side is
     * @param registration the registered device
     * @param dir where the root CA and mosquitto's files go
     * @param out where to print what happens
     * @return what the flow made
     */
    public static Result connectAndPublish(Target target, Registration registration, Path dir, PrintStream out) {
        String deviceId = registration.deviceId();
        IotCertificate certificate = registration.certificate();
        String cloudTelemetry = "thinedge/devices/" + deviceId + "/messages/";

        // 4. tedge config set aws.url <endpoint>; the root certificate the bridge trusts
        out.println();
        String address = target.dataEndpoint() + ":" + target.dataPort();
        Path rootCa = dir.resolve(target.isLocal() ? "LocalIotCoreRootCA.pem" : "AmazonRootCA1.pem");
        try {
            Files.writeString(rootCa, target.isLocal() ? target.dataCaPem() : Pem.certificateToPem(AmazonRootCas.rootCa1()),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rootCa, e);
        }
        out.println("[4] Device: aws.url = " + address + ", root certificate " + rootCa);

        // 5. tedge connect aws: the mosquitto bridge, its state, the connection check
        out.println();
        out.println("[5] Device: connect the local mosquitto to AWS IoT (tedge connect aws)");
        Optional<Path> mosquitto = Tools.requireOrSkip("mosquitto");
        Optional<Path> mosquittoSub = Tools.requireOrSkip("mosquitto_sub");
        if (mosquitto.isEmpty() || mosquittoSub.isEmpty()) {
            out.println("    skipped: mosquitto is not installed (Debian: apt-get install mosquitto mosquitto-clients)");
            return new Result(deviceId, certificate.id(), certificate.arn(), registration.policyName(), false, "",
                    false, cloudTelemetry, false);
        }
        String bridge = MosquittoBridge.bridgeConfig(deviceId, address, rootCa, registration.certificateFile(),
                registration.keyFile());
        out.println(indent(bridge.strip(), "        "));
        try (MosquittoBridge broker = MosquittoBridge.start(mosquitto.get(), dir.resolve("mosquitto"), deviceId, bridge)) {
            out.println("    mosquitto listening on 127.0.0.1:" + broker.port() + ", configuration " + broker.configFile());
            String state = broker.awaitConnected(mosquittoSub.get(), Duration.ofSeconds(30)).orElse("");
            out.println("    " + broker.stateTopic() + " = " + state + ("1".equals(state) ? " (connected)" : " (not connected)"));
            Optional<String> echo = broker.subscribeOnce(mosquittoSub.get(), "aws/connection-success",
                    new String[] {"aws/test-connection", ""}, Duration.ofSeconds(10));
            boolean checked = echo.isPresent();
            out.println(checked ? "    Received expected response on topic aws/connection-success, connection check"
                    + " is successful." : "    No response on aws/connection-success: the connection check failed.");

            // 6. tedge mqtt pub aws/messages/ '{"temperature": 20}'
            out.println();
            out.println("[6] Device: publish the first telemetry to aws/messages/ (forwarded to " + cloudTelemetry + ")");
            broker.publish(mosquittoSub.get().resolveSibling("mosquitto_pub"), "aws/messages/", "{\"temperature\": 20}");
            // The bridge forwards in order on one connection: once a second connection check comes back,
            // the telemetry before it has reached AWS IoT.
            boolean forwarded = broker.subscribeOnce(mosquittoSub.get(), "aws/connection-success",
                    new String[] {"aws/test-connection", ""}, Duration.ofSeconds(10)).isPresent();
            out.println("    published {\"temperature\": 20}" + (forwarded ? "; the bridge has forwarded it" : ""));
            return new Result(deviceId, certificate.id(), certificate.arn(), registration.policyName(), true, state,
                    checked, cloudTelemetry, forwarded);
        }
    }

    /**
     * The device's policy: connect only as the thing the certificate is attached to, and use only
     * that thing's own topics, {@code thinedge/devices/<thing>/*}, where thin-edge's bridge maps them.
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
                        .resources(IotResource.topic("thinedge/devices/" + thing + "/*")))
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
                        .resources(IotResource.topicFilter("thinedge/devices/" + thing + "/*")))
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
        cleanUp(target, registration.deviceId(), registration.certificate().id(),
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
