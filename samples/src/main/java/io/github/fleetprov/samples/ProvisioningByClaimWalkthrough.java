package io.github.fleetprov.samples;

import static io.github.fleetprov.template.Expression.findInMap;
import static io.github.fleetprov.template.Expression.literal;
import static io.github.fleetprov.template.Expression.ref;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.ClaimPolicies;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.PolicyLinter;
import io.github.fleetprov.policy.PolicyVariable;
import io.github.fleetprov.policy.iam.IamPolicies;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iot.model.CreateProvisioningClaimResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;

/**
 * The "Fleet Provisioning: provisioning devices to AWS IoT in advance" walkthrough, in Java.
 *
 * <ol>
 *   <li>A claim certificate and key, written to files (the console's "Create certificate").</li>
 *   <li>The provisioning role with {@code AWSIoTThingsRegistration}.</li>
 *   <li>The claim policy. The walkthrough's sample policy allows Connect on {@code *} and the topics
 *       {@code $aws/certificates/create/*}; the linter says what that lets a stolen claim do. fleetprov
 *       generates the least-privilege one instead: exact {@code topic/} and {@code topicfilter/} ARNs
 *       for this template and the CSR flow only.</li>
 *   <li>The template, with {@code OverrideSettings} for a thing that exists already, and a
 *       pre-provisioning hook.</li>
 *   <li>The pre-provisioning hook validates the serial number before any certificate is activated
 *       (the walkthrough's Lambda function; locally a Java function registered under the Lambda ARN,
 *       with {@code --aws} your deployed function, {@code --hook-arn}).</li>
 *   <li>Provisioning by claim: a device with an approved serial number gets its thing; one with an
 *       unknown serial number is refused by the hook.</li>
 *   <li>Provisioning by trusted user: an installer's app calls CreateProvisioningClaim and hands the
 *       five-minute claim to the device, which provisions with it.</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=ProvisioningByClaimWalkthrough}.
 */
public final class ProvisioningByClaimWalkthrough {

    /** The serial numbers the hook's "device database" knows. */
    static final Set<String> APPROVED_SERIALS = Set.of("LB-000001", "LB-000002");

    private static final Pattern SERIAL = Pattern.compile("LB-\\d{6}");

    private ProvisioningByClaimWalkthrough() {
    }

    /**
     * What the flow made and saw.
     *
     * @param roleName the provisioning role
     * @param templateName the template
     * @param claimPolicyName the claim policy
     * @param devicePolicyName the device policy the template attaches
     * @param claimCertificateId the claim certificate
     * @param thingTypeName the thing type
     * @param provisioned the devices provisioned: by claim first, by trusted user second
     * @param rejectedErrorCode the error code the device with the unknown serial number got
     */
    public record Result(String roleName, String templateName, String claimPolicyName, String devicePolicyName,
            String claimCertificateId, String thingTypeName, List<DeviceIdentity> provisioned,
            String rejectedErrorCode) {
    }

    static final String USAGE = """
            usage: ProvisioningByClaimWalkthrough [--dir DIR] [--keep] [--aws [--region R] --hook-arn ARN]

            Provisioning by claim with a least-privilege claim policy, a template with a pre-provisioning
            hook that checks the serial number, and provisioning by trusted user.

              --hook-arn ARN  the pre-provisioning hook's Lambda function (required with --aws)
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
     * @param argv {@code [--dir DIR] [--keep] [--aws [--region R] --hook-arn LAMBDA_ARN]}
     */
    public static void main(String[] argv) {
        Samples.exit(() -> {
            Args args = Args.parse(argv, USAGE, Set.of("--dir", "--hook-arn", Target.REGION_OPTION),
                    Set.of(Target.AWS_FLAG, "--keep"));
            if (args.flag(Target.AWS_FLAG) && args.option("--hook-arn").isEmpty()) {
                throw new InvalidInputException("--hook-arn", "is required with --aws",
                        "Deploy a Lambda function that validates SerialNumber and give its ARN.");
            }
            Path dir = Samples.workDir(args.option("--dir"), "claim-walkthrough");
            try (Target target = Target.fromArgs(args)) {
                Result result = run(target, Samples.uniqueSuffix(), args.option("--hook-arn"), dir, System.out);
                if (!args.flag("--keep")) {
                    cleanUp(target, result, System.out);
                }
                boolean asExpected = result.provisioned().size() == 2 && !result.rejectedErrorCode().isEmpty();
                return asExpected ? Samples.OK : Samples.FAILED;
            }
        });
    }

    /**
     * The walkthrough's pre-provisioning hook: allow only well-formed serial numbers that the device
     * database knows, and stamp the provisioning date on the thing.
     *
     * @return the hook
     */
    public static PreProvisioningHook serialNumberHook() {
        return request -> {
            String serial = request.parameters().getOrDefault("SerialNumber", "");
            if (!SERIAL.matcher(serial).matches() || !APPROVED_SERIALS.contains(serial)) {
                return HookResponse.deny();
            }
            return HookResponse.allow(Map.of("ProvisionedOn", LocalDate.now(ZoneOffset.UTC).toString()));
        };
    }

    /**
     * The flow, against a target.
     *
     * @param target where the cloud side is
     * @param suffix makes the names of this run unique
     * @param hookArn the deployed hook function (required on AWS); locally the sample's Java hook
     *     is registered under a Lambda ARN of its own
     * @param dir where the claim and the devices keep their files
     * @param out where to print what happens
     * @return what was made
     */
    public static Result run(Target target, String suffix, Optional<String> hookArn, Path dir, PrintStream out) {
        Objects.requireNonNull(target, "target");
        PolicyContext context = PolicyContext.of(target.region(), target.accountId());
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        String templateName = "LightBulbs-" + suffix;
        out.println("Provisioning by claim, walkthrough, against " + target.description());

        // 1. Claim certificate and key, to files
        out.println();
        out.println("[1] Claim certificate and key");
        Path claimCertificate = dir.resolve("claim.pem.crt");
        Path claimKey = dir.resolve("claim.private.pem.key");
        IotCertificate claim = registry.createKeysAndCertificate(claimCertificate, claimKey, true);
        out.println("    " + claim.id() + " -> " + claimCertificate + ", key " + claimKey + " (not printed)");

        // 2. Provisioning role
        String roleName = "LightBulbProvisioning-" + suffix;
        out.println();
        out.println("[2] Provisioning role " + roleName + " with AWSIoTThingsRegistration");
        String roleArn = target.iam().createRole(r -> r.roleName(roleName)
                .assumeRolePolicyDocument(IamPolicies.fleetProvisioningRoleTrust().toJson())).role().arn();
        target.iam().attachRolePolicy(r -> r.roleName(roleName)
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));

        // 3. Claim policy: what the walkthrough suggests, what the linter says, what fleetprov generates
        out.println();
        out.println("[3] Claim policy");
        IotPolicy walkthroughPolicy = walkthroughClaimPolicy(context, templateName);
        out.println("    The walkthrough's policy, linted:");
        for (LintFinding finding : PolicyLinter.lint(walkthroughPolicy)) {
            out.println("      " + finding.severity() + " " + finding.ruleId() + " at " + finding.pointer() + ": "
                    + finding.message());
        }
        IotPolicy claimPolicy = ClaimPolicies.builder()
                .templateNames(templateName)
                .partition("aws").region(target.region()).accountId(target.accountId())
                .mode(ClaimMode.CSR)
                .clientIdPattern("lightbulb-*")
                .build();
        String claimPolicyName = "LightBulbClaim-" + suffix;
        registry.ensurePolicy(claimPolicyName, claimPolicy.toJson());
        registry.attachPolicy(claimPolicyName, claim.arn());
        out.println("    Least privilege, exact ARNs, attached to the claim as " + claimPolicyName + ":");
        out.println(indent(claimPolicy.toJson(true)));

        // 4. Template with OverrideSettings, for things that may exist before the device does
        // A thing type is deleted only five minutes after it is deprecated: one for every run.
        String thingTypeName = "LightBulb";
        try {
            target.iot().createThingType(r -> r.thingTypeName(thingTypeName));
        } catch (ResourceAlreadyExistsException e) {
            // made by an earlier run
        }
        String devicePolicyName = "LightBulbDevice-" + suffix;
        registry.ensurePolicy(devicePolicyName, devicePolicy(context).toJson());
        ProvisioningTemplate template = template(templateName, thingTypeName, devicePolicyName);
        out.println();
        out.println("[4] Template " + templateName + " (thing type " + thingTypeName + ", device policy "
                + devicePolicyName + "):");
        out.println(template.toJson(true));

        // 5. The pre-provisioning hook
        String functionArn = hookArn.orElseGet(() -> target.arn("lambda", "function:ValidateSerialNumber-" + suffix));
        target.localIotCore().ifPresent(core -> core.registry().registerHookFunction(functionArn, serialNumberHook()));
        out.println();
        out.println("[5] Pre-provisioning hook " + functionArn);
        out.println(target.isLocal()
                ? "    (local: the Java function serialNumberHook() runs in place of the Lambda function;"
                        + " approved serial numbers " + new java.util.TreeSet<>(APPROVED_SERIALS) + ")"
                : "    (your deployed Lambda function)");
        target.iot().createProvisioningTemplate(r -> r.templateName(templateName).provisioningRoleArn(roleArn)
                .templateBody(template.toJson()).enabled(true)
                .preProvisioningHook(h -> h.targetArn(functionArn)));

        // 6. Provisioning by claim
        ClaimCredentials claimCredentials = ClaimCredentials.fromPemFiles(claimCertificate, claimKey);
        List<DeviceIdentity> provisioned = new ArrayList<>();
        out.println();
        out.println("[6] Provisioning by claim");
        provisioned.add(provision(target, claimCredentials, templateName, "LB-000001", dir, out));
        String rejected = "";
        try {
            provision(target, claimCredentials, templateName, "XX-999", dir, out);
            out.println("    XX-999 was provisioned: the hook did not refuse it");
        } catch (ProvisioningRejectedException e) {
            rejected = e.errorCode();
            out.println("    XX-999 refused as expected: " + e.step() + " " + e.statusCode() + " " + e.errorCode());
        }

        // 7. Provisioning by trusted user: the installer's app gets a 5-minute claim for the device
        out.println();
        out.println("[7] Provisioning by trusted user (CreateProvisioningClaim)");
        CreateProvisioningClaimResponse temporary = target.iot()
                .createProvisioningClaim(r -> r.templateName(templateName));
        out.println("    temporary claim " + temporary.certificateId() + ", expires " + temporary.expiration());
        ClaimCredentials installerClaim = ClaimCredentials.fromPem(temporary.certificatePem(),
                temporary.keyPair().privateKey());
        provisioned.add(provision(target, installerClaim, templateName, "LB-000002", dir, out));

        // What AWS IoT holds now
        out.println();
        out.println("[8] Things in the registry");
        for (DeviceIdentity device : provisioned) {
            var thing = target.iot().describeThing(r -> r.thingName(device.thingName()));
            out.println("    " + thing.thingName() + " type " + thing.thingTypeName() + " attributes "
                    + new java.util.TreeMap<>(thing.attributes()));
        }
        return new Result(roleName, templateName, claimPolicyName, devicePolicyName, claim.id(), thingTypeName,
                List.copyOf(provisioned), rejected);
    }

    private static DeviceIdentity provision(Target target, ClaimCredentials claim, String templateName,
            String serial, Path dir, PrintStream out) {
        FleetProvisioningClient client = FleetProvisioningClient.builder()
                .endpoint(target.dataEndpoint())
                .port(target.dataPort())
                .certificateAuthorityPem(target.dataCaPem())
                .claim(claim)
                .clientId("lightbulb-" + serial)
                .templateName(templateName)
                .templateParameter("SerialNumber", serial)
                .templateParameter("DeviceLocation", "Seattle")
                .credentialStore(dir.resolve("device-" + serial))
                .build();
        DeviceIdentity device = client.provision();
        out.println("    " + serial + " -> thing " + device.thingName() + ", certificate " + device.certificateId()
                + ", deviceConfiguration " + device.deviceConfiguration());
        return device;
    }

    /**
     * The claim policy the walkthrough pastes into the console, for the linter to read.
     *
     * @param context the region and account
     * @param templateName the template
     * @return the policy
     */
    static IotPolicy walkthroughClaimPolicy(PolicyContext context, String templateName) {
        return IotPolicy.builder().context(context)
                .addStatement(s -> s.allow().actions(IotAction.CONNECT).resources(IotResource.all()))
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH, IotAction.RECEIVE).resources(
                        IotResource.topic("$aws/certificates/create/*"),
                        IotResource.topic("$aws/provisioning-templates/" + templateName + "/provision/*")))
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE).resources(
                        IotResource.topicFilter("$aws/certificates/create/*"),
                        IotResource.topicFilter("$aws/provisioning-templates/" + templateName + "/provision/*")))
                .build();
    }

    /**
     * The policy provisioned light bulbs get: connect as their own thing, publish and receive on their
     * own topics.
     *
     * @param context the region and account
     * @return the policy
     */
    static IotPolicy devicePolicy(PolicyContext context) {
        String thing = PolicyVariable.THING_NAME.toString();
        return IotPolicy.builder().context(context)
                .addStatement(s -> s.allow().actions(IotAction.CONNECT).resources(IotResource.client(thing))
                        .addCondition(IotCondition.thingIsAttached()))
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH, IotAction.RECEIVE)
                        .resources(IotResource.topic("lightbulbs/" + thing + "/*")))
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
                        .resources(IotResource.topicFilter("lightbulbs/" + thing + "/*")))
                .build();
    }

    /**
     * The walkthrough's template: parameters from the device, a location mapping, a thing whose
     * attributes merge into an existing thing's and whose type replaces it, an active certificate, the
     * device policy by name, and the device configuration.
     *
     * @param templateName the template name
     * @param thingTypeName the thing type
     * @param devicePolicyName the device policy
     * @return the template
     */
    static ProvisioningTemplate template(String templateName, String thingTypeName, String devicePolicyName) {
        return ProvisioningTemplate.builder()
                .name(templateName)
                .addParameter("SerialNumber")
                .addParameter("DeviceLocation")
                .addParameter("ProvisionedOn", "unknown")
                .addParameter(PseudoParameter.CERTIFICATE_ID)
                .addMapping("LocationTable", "Seattle", "LocationUrl", "https://example.aws")
                .thing(t -> t
                        .thingName(io.github.fleetprov.template.Expression.join("", literal("lightbulb-"),
                                ref("SerialNumber")))
                        .attribute("version", "v1")
                        .attribute("serialNumber", ref("SerialNumber"))
                        .attribute("provisionedOn", ref("ProvisionedOn"))
                        .thingTypeName(thingTypeName)
                        .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE)
                        .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE)
                        .override(OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)).status("Active"))
                .addPolicy(p -> p.policyName(devicePolicyName))
                .deviceConfiguration("FallbackUrl", "https://www.example.com/test-site")
                .deviceConfiguration("LocationUrl", findInMap("LocationTable", ref("DeviceLocation"), "LocationUrl"))
                .build();
    }

    /**
     * Removes what {@link #run} made.
     *
     * @param target the target
     * @param result what was made
     * @param out where to print
     */
    public static void cleanUp(Target target, Result result, PrintStream out) {
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        for (DeviceIdentity device : result.provisioned()) {
            registry.deleteThing(device.thingName());
            registry.deleteCertificate(device.certificateId());
        }
        registry.deleteCertificate(result.claimCertificateId());
        registry.deletePolicy(result.claimPolicyName());
        registry.deletePolicy(result.devicePolicyName());
        target.iot().deleteProvisioningTemplate(r -> r.templateName(result.templateName()));
        target.iam().detachRolePolicy(r -> r.roleName(result.roleName())
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));
        target.iam().deleteRole(r -> r.roleName(result.roleName()));
        out.println();
        out.println("Cleaned up: " + result.provisioned().size() + " things and certificates, the claim, "
                + "policies, template and role; the thing type " + result.thingTypeName() + " stays"
                + " (keep everything with --keep)");
    }

    private static String indent(String text) {
        return "      " + text.replace("\n", "\n      ");
    }
}
