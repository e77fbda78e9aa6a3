package io.github.fleetprov.samples;

import static io.github.fleetprov.template.Expression.findInMap;
import static io.github.fleetprov.template.Expression.join;
import static io.github.fleetprov.template.Expression.literal;
import static io.github.fleetprov.template.Expression.ref;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.store.DeviceIdentity;
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
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.iot.model.CreateProvisioningClaimResponse;

/**
 * The AWS IoT Device SDK's "Fleet provisioning MQTT5" sample flow, in Java with fleetprov.
 *
 * <ol>
 *   <li>The provisioning role, trusted by {@code iot.amazonaws.com}, with the managed policy
 *       {@code AWSIoTThingsRegistration} ({@code aws iam create-role}, {@code attach-role-policy}).</li>
 *   <li>The sample's template (parameters {@code SerialNumber} and {@code DeviceLocation}, the
 *       {@code LocationTable} mapping, a thing {@code ThingPrefix_<serial>}, an active certificate, a
 *       policy, and a device configuration), written with the template DSL
 *       ({@code aws iot create-provisioning-template}).</li>
 *   <li>A provisioning claim, valid five minutes ({@code aws iot create-provisioning-claim}); its
 *       private key goes to the device, never to the screen.</li>
 *   <li>Device one provisions over MQTT 5 with CreateKeysAndCertificate: AWS IoT makes its key.</li>
 *   <li>Device two provisions over MQTT 5 with a certificate signing request for an RSA-2048 key it
 *       made itself ({@code openssl genrsa 2048}, {@code openssl req -new}): the key never leaves it.</li>
 *   <li>Both connect with their new certificates and publish.</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=DeviceSdkFleetProvisioning}.
 */
public final class DeviceSdkFleetProvisioning {

    private DeviceSdkFleetProvisioning() {
    }

    /**
     * What the flow made.
     *
     * @param roleName the provisioning role
     * @param templateName the template
     * @param devices the two provisioned devices: CreateKeysAndCertificate first, CSR second
     * @param published how many devices published with their new identity
     */
    public record Result(String roleName, String templateName, List<DeviceIdentity> devices, int published) {
    }

    static final String USAGE = """
            usage: DeviceSdkFleetProvisioning [--dir DIR] [--keep] [--aws [--region R]]

            Fleet provisioning over MQTT 5 as the AWS IoT Device SDK sample does it: provisioning role,
            template, provisioning claim, then one device with CreateKeysAndCertificate and one with a CSR.

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
        out.println("Fleet provisioning over MQTT 5 against " + target.description());

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
        out.println();
        out.println("[3] Provisioning claim for " + templateName);
        CreateProvisioningClaimResponse claimResponse = target.iot()
                .createProvisioningClaim(r -> r.templateName(templateName));
        ClaimCredentials claim = ClaimCredentials.fromPem(claimResponse.certificatePem(),
                claimResponse.keyPair().privateKey());
        out.println("    claim certificate " + claimResponse.certificateId() + ", expires "
                + claimResponse.expiration() + " (private key handed to the devices, not printed)");

        // 4. and 5. The devices: one with CreateKeysAndCertificate, one with a CSR
        List<DeviceIdentity> devices = new ArrayList<>();
        String[] labels = {"CreateKeysAndCertificate", "CreateCertificateFromCsr with its own RSA-2048 key"};
        KeyStrategy[] strategies = {KeyStrategy.createKeysAndCertificate(), KeyStrategy.csrWithNewKey(KeyAlgorithm.RSA_2048)};
        for (int i = 0; i < strategies.length; i++) {
            String serial = (i + 1) + "-" + suffix;
            out.println();
            out.println("[" + (4 + i) + "] Device " + (i + 1) + ": " + labels[i] + ", then RegisterThing with "
                    + "SerialNumber=" + serial + ", DeviceLocation=Seattle");
            FleetProvisioningClient client = FleetProvisioningClient.builder()
                    .endpoint(target.dataEndpoint())
                    .port(target.dataPort())
                    .certificateAuthorityPem(target.dataCaPem())
                    .claim(claim)
                    .clientId("test-" + UUID.randomUUID())
                    .templateName(templateName)
                    .templateParameters(Map.of("SerialNumber", serial, "DeviceLocation", "Seattle"))
                    .keyStrategy(strategies[i])
                    .mqttVersion(MqttVersion.MQTT_5)
                    .credentialStore(dir.resolve("device-" + (i + 1)))
                    .build();
            DeviceIdentity device = client.provision();
            CertificateInfo info = CertificateInfo.of(device.certificate());
            out.println("    thing               " + device.thingName());
            out.println("    certificate         " + device.certificateId());
            out.println("    key                 " + info.keyAlgorithm() + " " + info.keySize()
                    + " bits, stored in " + dir.resolve("device-" + (i + 1)));
            out.println("    deviceConfiguration " + device.deviceConfiguration());
            devices.add(device);
        }

        // 6. Each device connects with its own certificate
        out.println();
        out.println("[6] The devices connect with their new certificates over MQTT 5 and publish");
        int published = 0;
        for (DeviceIdentity device : devices) {
            try (DeviceConnection connection = DeviceConnection.builder(device)
                    .certificateAuthorityPem(target.dataCaPem()).mqttVersion(MqttVersion.MQTT_5).connect()) {
                String topic = "dt/" + device.thingName() + "/hello";
                connection.publish(topic, "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8),
                        Qos.AT_LEAST_ONCE).join();
                out.println("    " + device.thingName() + " published to " + topic);
                published++;
            }
        }
        return new Result(roleName, templateName, List.copyOf(devices), published);
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
        for (DeviceIdentity device : result.devices()) {
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
