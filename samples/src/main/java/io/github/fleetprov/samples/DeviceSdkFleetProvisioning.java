package io.github.fleetprov.samples;

import static io.github.fleetprov.template.Expression.findInMap;
import static io.github.fleetprov.template.Expression.join;
import static io.github.fleetprov.template.Expression.literal;
import static io.github.fleetprov.template.Expression.ref;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PemFiles;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.DeviceConnection;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.KeyStrategy;
import io.github.fleetprov.device.MqttVersion;
import io.github.fleetprov.device.Qos;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.iam.IamPolicies;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.samples.support.Tools;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.iot.model.CreateProvisioningClaimResponse;

/**
 * The AWS IoT Device SDK's "Fleet provisioning MQTT5" sample flow, in Java with fleetprov, step by
 * step in the document's order.
 *
 * <ol>
 *   <li>The provisioning role, trusted by {@code iot.amazonaws.com}, with the managed policy
 *       {@code AWSIoTThingsRegistration} ({@code aws iam create-role}, {@code attach-role-policy}).</li>
 *   <li>The document's template (parameters {@code SerialNumber} and {@code DeviceLocation}, the
 *       {@code LocationTable} mapping, a thing {@code ThingPrefix_<serial>}, an active certificate, a
 *       policy, and a device configuration), written with the template DSL
 *       ({@code aws iot create-provisioning-template}).</li>
 *   <li>A provisioning claim, valid five minutes ({@code aws iot create-provisioning-claim}), written as
 *       {@code parse_cert_set_result.py --path ./tmp --filename provision} writes it
 *       ({@code tmp/provision.cert.pem}, {@code tmp/provision.private.key},
 *       {@code tmp/provision.public.key}) and read back from those files; its private key never goes
 *       to the screen.</li>
 *   <li>The CreateKeysAndCertificate workflow: AWS IoT makes the key; one device over MQTT 5, one over
 *       MQTT 3.1.1 (the document's two {@code IotIdentityClient} set-ups).</li>
 *   <li>The certificate signing request workflow: {@code openssl genrsa -out deviceCert.key 2048} and
 *       {@code openssl req -new -key deviceCert.key -out deviceCert.csr}, then the CSR file is passed
 *       ({@code --csr}), again over MQTT 5 and MQTT 3.1.1. Without openssl, outside CI, this step is
 *       skipped and says so.</li>
 *   <li>Every device connects with its new certificate, over the MQTT version it provisioned with, and
 *       publishes.</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=DeviceSdkFleetProvisioning}.
 */
public final class DeviceSdkFleetProvisioning {

    private DeviceSdkFleetProvisioning() {
    }

    /** The two workflows of the document. */
    public enum Workflow {
        /** AWS IoT makes the key: CreateKeysAndCertificate. */
        CREATE_KEYS_AND_CERTIFICATE,
        /** The device's CSR file made with openssl: CreateCertificateFromCsr. */
        CSR_FILE
    }

    /**
     * One provisioned device.
     *
     * @param workflow how it got its certificate
     * @param mqttVersion the MQTT version it provisioned and connected with
     * @param clientId the client id of its claim connection
     * @param identity its identity
     */
    public record Device(Workflow workflow, MqttVersion mqttVersion, String clientId, DeviceIdentity identity) {
    }

    /**
     * What the flow made.
     *
     * @param roleName the provisioning role
     * @param templateName the template
     * @param claimCertificateFile the claim certificate file ({@code tmp/provision.cert.pem})
     * @param devices the provisioned devices, in the order of the steps
     * @param csrWorkflowRan false if the CSR workflow was skipped because openssl is not installed
     * @param published how many devices published with their new identity
     */
    public record Result(String roleName, String templateName, Path claimCertificateFile, List<Device> devices,
            boolean csrWorkflowRan, int published) {
    }

    static final String USAGE = """
            usage: DeviceSdkFleetProvisioning [--dir DIR] [--keep] [--aws [--region R]]

            Fleet provisioning as the AWS IoT Device SDK sample does it: provisioning role, template,
            provisioning claim written to DIR/tmp, then devices with CreateKeysAndCertificate and with a
            CSR file made by openssl, each over MQTT 5 and MQTT 3.1.1.

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
     * @param argv {@code [--dir DIR] [--keep] [--aws [--region R]]}
     */
    public static void main(String[] argv) {
        Samples.exit(() -> {
            Args args = Args.parse(argv, USAGE, Set.of("--dir", Target.REGION_OPTION), Set.of(Target.AWS_FLAG, "--keep"));
            Path dir = Samples.workDir(args.option("--dir"), "device-sdk");
            try (Target target = Target.fromArgs(args)) {
                Result result = run(target, Samples.uniqueSuffix(), dir, System.out);
                if (!args.flag("--keep")) {
                    cleanUp(target, result, System.out);
                }
                return result.published() == result.devices().size() ? Samples.OK : Samples.FAILED;
            }
        });
    }

    /**
     * The seed's template, written with the template DSL (its JSON equals the seed's body).
     *
     * @param templateName the template name
     * @return the template
     */
    public static ProvisioningTemplate template(String templateName) {
        return ProvisioningTemplate.builder()
                .name(templateName)
                .addParameter("DeviceLocation")
                .addParameter(PseudoParameter.CERTIFICATE_ID)
                .addParameter("SerialNumber")
                .addMapping("LocationTable", "Seattle", "LocationUrl", "https://example.aws")
                .thing(t -> t
                        .thingName(join("", literal("ThingPrefix_"), ref("SerialNumber")))
                        .attribute("version", "v1")
                        .attribute("serialNumber", "serialNumber")
                        .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE)
                        .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE)
                        .override(OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING))
                .certificate(c -> c
                        .certificateId(ref(PseudoParameter.CERTIFICATE_ID))
                        .status("Active")
                        .override(OverrideProperty.STATUS, OverrideAction.REPLACE))
                .addPolicy(p -> p.policyDocument(IotPolicy.builder()
                        .addStatement(s -> s.allow()
                                .actions(IotAction.CONNECT, IotAction.SUBSCRIBE, IotAction.PUBLISH, IotAction.RECEIVE)
                                .resources(IotResource.all()))
                        .build()))
                .deviceConfiguration("FallbackUrl", "https://www.example.com/test-site")
                .deviceConfiguration("LocationUrl", findInMap("LocationTable", ref("DeviceLocation"), "LocationUrl"))
                .build();
    }

    /**
     * The flow, against a target.
     *
     * @param target where the cloud side is
     * @param suffix makes the names of this run unique
     * @param dir where the devices keep their identities
     * @param out where to print what happens
     * @return what was made
     */
    public static Result run(Target target, String suffix, Path dir, PrintStream out) {
        Objects.requireNonNull(target, "target");
        out.println("Fleet provisioning over MQTT 5 and MQTT 3.1.1 against " + target.description());

        // 1. aws iam create-role ... ; aws iam attach-role-policy ... AWSIoTThingsRegistration
        String roleName = "FleetProvisioningRole-" + suffix;
        out.println();
        out.println("[1] Provisioning role " + roleName);
        String roleArn = target.iam().createRole(r -> r.roleName(roleName)
                .assumeRolePolicyDocument(IamPolicies.fleetProvisioningRoleTrust().toJson())).role().arn();
        target.iam().attachRolePolicy(r -> r.roleName(roleName)
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));
        out.println("    " + roleArn + " + " + IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN);

        // 2. aws iot create-provisioning-template --template-body <the seed's JSON> --enabled
        String templateName = "FleetTemplate-" + suffix;
        ProvisioningTemplate template = template(templateName);
        out.println();
        out.println("[2] Provisioning template " + templateName + ":");
        out.println(template.toJson(true));
        target.iot().createProvisioningTemplate(r -> r.templateName(templateName).provisioningRoleArn(roleArn)
                .templateBody(template.toJson()).enabled(true));

        // 3. aws iot create-provisioning-claim --template-name <name>
        //      | python3 ./utils/parse_cert_set_result.py --path ./tmp --filename provision
        out.println();
        out.println("[3] Provisioning claim for " + templateName);
        CreateProvisioningClaimResponse claimResponse = target.iot()
                .createProvisioningClaim(r -> r.templateName(templateName));
        Path tmp = dir.resolve("tmp");
        Path claimCertificate = tmp.resolve("provision.cert.pem");
        Path claimKey = tmp.resolve("provision.private.key");
        writeClaimFiles(tmp, claimResponse);
        ClaimCredentials claim = ClaimCredentials.fromPemFiles(claimCertificate, claimKey);
        out.println("    claim certificate " + claimResponse.certificateId() + ", expires "
                + claimResponse.expiration() + ", written to " + claimCertificate + " and " + claimKey
                + " (the private key is not printed)");

        // 4. The CreateKeysAndCertificate workflow, with MQTT 5 and with MQTT 3.1.1
        List<Device> devices = new ArrayList<>();
        out.println();
        out.println("[4] CreateKeysAndCertificate workflow: AWS IoT makes each device's key");
        for (MqttVersion version : List.of(MqttVersion.MQTT_5, MqttVersion.MQTT_3_1_1)) {
            devices.add(provision(target, claim, templateName, suffix, dir, devices.size() + 1,
                    Workflow.CREATE_KEYS_AND_CERTIFICATE, version, KeyStrategy.createKeysAndCertificate(), out));
        }

        // 5. The CSR workflow: openssl genrsa; openssl req -new; the sample's --csr <file>
        out.println();
        out.println("[5] Certificate signing request workflow: the key and the CSR made with openssl");
        Optional<Path> openssl = Tools.requireOrSkip("openssl");
        if (openssl.isEmpty()) {
            out.println("    skipped: openssl is not installed (install it to run this workflow)");
        }
        for (MqttVersion version : openssl.isPresent() ? List.of(MqttVersion.MQTT_5, MqttVersion.MQTT_3_1_1)
                : List.<MqttVersion>of()) {
            int n = devices.size() + 1;
            Path csrDir = dir.resolve("csr-" + n);
            Path key = csrDir.resolve("deviceCert.key");
            Path csr = csrDir.resolve("deviceCert.csr");
            try {
                Files.createDirectories(csrDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + csrDir, e);
            }
            String bin = openssl.get().toString();
            Tools.run(List.of(bin, "genrsa", "-out", key.toString(), "2048"));
            Tools.run(List.of(bin, "req", "-new", "-key", key.toString(), "-out", csr.toString(),
                    "-subj", "/CN=device-" + n + "-" + suffix));
            out.println("    openssl genrsa -out " + key + " 2048");
            out.println("    openssl req -new -key " + key + " -out " + csr);
            devices.add(provision(target, claim, templateName, suffix, dir, n, Workflow.CSR_FILE, version,
                    KeyStrategy.csrFromFiles(csr, key), out));
        }

        // 6. Each device connects with its own certificate
        out.println();
        out.println("[6] The devices connect with their new certificates and publish");
        int published = 0;
        for (Device device : devices) {
            DeviceIdentity identity = device.identity();
            try (DeviceConnection connection = DeviceConnection.builder(identity)
                    .certificateAuthorityPem(target.dataCaPem()).mqttVersion(device.mqttVersion()).connect()) {
                String topic = "dt/" + identity.thingName() + "/hello";
                connection.publish(topic, "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8),
                        Qos.AT_LEAST_ONCE).join();
                out.println("    " + identity.thingName() + " published to " + topic + " over " + device.mqttVersion());
                published++;
            }
        }
        return new Result(roleName, templateName, claimCertificate, List.copyOf(devices), openssl.isPresent(),
                published);
    }

    private static Device provision(Target target, ClaimCredentials claim, String templateName, String suffix,
            Path dir, int n, Workflow workflow, MqttVersion version, KeyStrategy strategy, PrintStream out) {
        String serial = n + "-" + suffix;
        String clientId = "test-" + UUID.randomUUID();
        out.println("    device " + n + " over " + version + " (client id " + clientId + "), then RegisterThing with"
                + " SerialNumber=" + serial + ", DeviceLocation=Seattle");
        FleetProvisioningClient client = FleetProvisioningClient.builder()
                .endpoint(target.dataEndpoint())
                .port(target.dataPort())
                .certificateAuthorityPem(target.dataCaPem())
                .claim(claim)
                .clientId(clientId)
                .templateName(templateName)
                .templateParameters(Map.of("SerialNumber", serial, "DeviceLocation", "Seattle"))
                .keyStrategy(strategy)
                .mqttVersion(version)
                .credentialStore(dir.resolve("device-" + n))
                .build();
        DeviceIdentity identity = client.provision();
        CertificateInfo info = CertificateInfo.of(identity.certificate());
        out.println("      thing               " + identity.thingName());
        out.println("      certificate         " + identity.certificateId());
        out.println("      key                 " + info.keyAlgorithm() + " " + info.keySize()
                + " bits, stored in " + dir.resolve("device-" + n));
        out.println("      deviceConfiguration " + identity.deviceConfiguration());
        return new Device(workflow, version, clientId, identity);
    }

    /** The three files parse_cert_set_result.py writes from a CreateProvisioningClaim answer. */
    private static void writeClaimFiles(Path tmp, CreateProvisioningClaimResponse claim) {
        try {
            Files.createDirectories(tmp);
            PemFiles.replace(tmp.resolve("provision.cert.pem"), claim.certificatePem(),
                    tmp.resolve("provision.private.key"), claim.keyPair().privateKey());
            Files.writeString(tmp.resolve("provision.public.key"), claim.keyPair().publicKey(),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the claim files in " + tmp, e);
        }
    }

    /**
     * Removes what {@link #run} made: the things, their certificates and the policies the template made
     * for them, the template, the role.
     *
     * @param target the target
     * @param result what was made
     * @param out where to print
     */
    public static void cleanUp(Target target, Result result, PrintStream out) {
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        Set<String> policies = new java.util.TreeSet<>();
        for (DeviceIdentity device : result.devices().stream().map(Device::identity).toList()) {
            String certificateArn = target.iot().describeCertificate(r -> r.certificateId(device.certificateId()))
                    .certificateDescription().certificateArn();
            target.iot().listAttachedPolicies(r -> r.target(certificateArn)).policies()
                    .forEach(p -> policies.add(p.policyName()));
            registry.deleteThing(device.thingName());
            registry.deleteCertificate(device.certificateId());
        }
        // The template's policy has no name: AWS IoT names it, and the devices share it.
        policies.forEach(registry::deletePolicy);
        target.iot().deleteProvisioningTemplate(r -> r.templateName(result.templateName()));
        target.iam().detachRolePolicy(r -> r.roleName(result.roleName())
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));
        target.iam().deleteRole(r -> r.roleName(result.roleName()));
        out.println();
        out.println("Cleaned up: " + result.devices().size() + " things with their certificates and policies, template "
                + result.templateName() + ", role " + result.roleName() + " (keep them with --keep)");
    }
}
