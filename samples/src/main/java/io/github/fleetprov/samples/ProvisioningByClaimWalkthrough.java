package io.github.fleetprov.samples;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.ClaimPolicies;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.PolicyLinter;
import io.github.fleetprov.policy.iam.IamPolicies;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.testkit.LocalIotCore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 *   <li>A claim certificate and key, written to files with the root CA beside them (the console's
 *       "Create certificate" and its downloads).</li>
 *   <li>The provisioning role with {@code AWSIoTThingsRegistration}.</li>
 *   <li>The claim policy. The walkthrough's sample policy allows Connect on {@code *} and the topics
 *       {@code $aws/certificates/create/*}; the linter says what that lets a stolen claim do. fleetprov
 *       generates the least-privilege one instead: exact {@code topic/} and {@code topicfilter/} ARNs
 *       for this template and the CSR flow only.</li>
 *   <li>The walkthrough's template exactly as it writes it, with the thing types, thing groups and
 *       billing group it names, and a pre-provisioning hook.</li>
 *   <li>The pre-provisioning hook validates the serial number before any certificate is activated
 *       (the walkthrough's Lambda function; locally a Java function registered under the Lambda ARN,
 *       with {@code --aws} your deployed function, {@code --hook-arn}).</li>
 *   <li>Provisioning by claim: a device with an approved serial number gets its thing; one with an
 *       unknown serial number is refused by the hook.</li>
 *   <li>Provisioning by trusted user: an installer's app calls CreateProvisioningClaim and hands the
 *       five-minute claim to the device, which provisions with it; five minutes later the same
 *       claim is refused (locally the emulator's clock is moved on; on AWS the sample does not wait).</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=ProvisioningByClaimWalkthrough}.
 */
public final class ProvisioningByClaimWalkthrough {

    /** The serial numbers the hook's "device database" knows. */
    static final Set<String> APPROVED_SERIALS = Set.of("LB-000001", "LB-000002", "LB-000003");

    private static final Pattern SERIAL = Pattern.compile("LB-\\d{6}");

    private ProvisioningByClaimWalkthrough() {
    }

    /**
     * What the flow made and saw.
     *
     * @param roleName the provisioning role
     * @param templateName the template
     * @param claimPolicyName the claim policy
     * @param claimCertificateId the claim certificate
     * @param claimDirectory where the claim certificate, key and root CA were written
     * @param thingTypeNames the thing types the template names (they stay: AWS deletes a thing type
     *     only five minutes after it is deprecated)
     * @param createdGroups the thing groups and billing group this run created (cleaned up), by kind
     * @param provisioned the devices provisioned: by claim first, by trusted user second
     * @param rejectedErrorCode the error code the device with the unknown serial number got
     * @param temporaryClaimId the trusted user's claim certificate
     * @param expiredClaimRefused whether the trusted user's claim was refused once five minutes had
     *     passed; empty on AWS, where the sample does not wait
     */
    public record Result(String roleName, String templateName, String claimPolicyName, String claimCertificateId,
            Path claimDirectory, List<String> thingTypeNames, Map<String, List<String>> createdGroups,
            List<DeviceIdentity> provisioned, String rejectedErrorCode, String temporaryClaimId,
            Optional<Boolean> expiredClaimRefused) {
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
                boolean asExpected = result.provisioned().size() == 2 && !result.rejectedErrorCode().isEmpty()
                        && result.expiredClaimRefused().orElse(true);
                return asExpected ? Samples.OK : Samples.FAILED;
            }
        });
    }

    /**
     * The walkthrough's pre-provisioning hook: provisioning is refused unless the serial number passes
     * the validation (here: well-formed and known to the device database), and the answer carries the
     * {@code CertDate} parameter override the walkthrough's function sets ({@code %m/%d/%y}).
     *
     * @return the hook
     */
    public static PreProvisioningHook serialNumberHook() {
        return request -> {
            String serial = request.parameters().getOrDefault("SerialNumber", "");
            String certDate = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MM/dd/yy"));
            boolean approved = SERIAL.matcher(serial).matches() && APPROVED_SERIALS.contains(serial);
            return HookResponse.of(approved, Map.of("CertDate", certDate));
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
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        String templateName = "LightBulbs-" + suffix;
        out.println("Provisioning by claim, walkthrough, against " + target.description());

        // 1. Create certificate: download the certificate, the private key and the root CA
        out.println();
        out.println("[1] Claim certificate and key, and the root CA beside them");
        Path claimDir = dir.resolve("claim");
        Path claimCertificate = claimDir.resolve("certificate.pem.crt");
        Path claimKey = claimDir.resolve("private.pem.key");
        Path amazonRootCa = claimDir.resolve("AmazonRootCA1.pem");
        // Locally the emulator's CA signs the server certificate, so the device trusts that one.
        Path deviceRootCa = target.isLocal() ? claimDir.resolve("LocalIotCoreRootCA.pem") : amazonRootCa;
        IotCertificate claim;
        try {
            Files.createDirectories(claimDir);
            claim = registry.createKeysAndCertificate(claimCertificate, claimKey, true);
            Files.writeString(amazonRootCa, Pem.certificateToPem(AmazonRootCas.rootCa1()), StandardCharsets.US_ASCII);
            if (target.isLocal()) {
                Files.writeString(deviceRootCa, target.dataCaPem(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the claim files in " + claimDir, e);
        }
        out.println("    " + claim.id() + " -> " + claimCertificate + ", key " + claimKey + " (not printed), root CA "
                + amazonRootCa + (target.isLocal() ? " (the device trusts " + deviceRootCa + " locally)" : ""));

        // 2. Create the provisioning template: the IoT service role with AWSIoTThingsRegistration
        String roleName = "LightBulbProvisioning-" + suffix;
        out.println();
        out.println("[2] Provisioning role " + roleName + " with AWSIoTThingsRegistration");
        String roleArn = target.iam().createRole(r -> r.roleName(roleName)
                .assumeRolePolicyDocument(IamPolicies.fleetProvisioningRoleTrust().toJson())).role().arn();
        target.iam().attachRolePolicy(r -> r.roleName(roleName)
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));

        // 3. Claim certificate policy: the walkthrough's, linted, beside the least-privilege one
        out.println();
        out.println("[3] Claim policy");
        String walkthroughPolicy = walkthroughClaimPolicyJson(target.region(), target.accountId(), templateName);
        out.println("    The walkthrough's policy, as it writes it:");
        out.println(indent(walkthroughPolicy.strip()));
        List<LintFinding> findings = PolicyLinter.lint(walkthroughPolicy);
        out.println("    linted:");
        for (LintFinding finding : findings) {
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
        out.println("    fleetprov's least-privilege policy, exact ARNs, attached to the claim as " + claimPolicyName
                + " (linter findings: " + PolicyLinter.lint(claimPolicy).size() + "):");
        out.println(indent(claimPolicy.toJson(true)));

        // 4. Configure pre-provisioning: the walkthrough's template as written, and what it names
        List<String> thingTypes = new ArrayList<>();
        for (String serial : APPROVED_SERIALS.stream().sorted().toList()) {
            String thingType = "ThingPrefix_" + serial;
            try {
                target.iot().createThingType(r -> r.thingTypeName(thingType));
            } catch (ResourceAlreadyExistsException e) {
                // made by an earlier run: thing types outlive their deletion by five minutes
            }
            thingTypes.add(thingType);
        }
        Map<String, List<String>> created = new java.util.LinkedHashMap<>();
        for (String group : THING_GROUPS) {
            if (target.iot().listThingGroups(r -> r.namePrefixFilter(group)).thingGroups().stream()
                    .noneMatch(g -> g.groupName().equals(group))) {
                target.iot().createThingGroup(r -> r.thingGroupName(group));
                created.computeIfAbsent("thingGroup", k -> new ArrayList<>()).add(group);
            }
        }
        if (target.iot().listBillingGroups(r -> r.namePrefixFilter(BILLING_GROUP)).billingGroups().stream()
                .noneMatch(g -> g.groupName().equals(BILLING_GROUP))) {
            target.iot().createBillingGroup(r -> r.billingGroupName(BILLING_GROUP));
            created.computeIfAbsent("billingGroup", k -> new ArrayList<>()).add(BILLING_GROUP);
        }
        out.println();
        out.println("[4] Template " + templateName + ", the walkthrough's body as written (thing types " + thingTypes
                + ", thing groups " + THING_GROUPS + ", billing group " + BILLING_GROUP + ")");

        // 5. The pre-provisioning hook
        String functionArn = hookArn.orElseGet(() -> target.arn("lambda", "function:ValidateSerialNumber-" + suffix));
        target.localIotCore().ifPresent(core -> core.registry().registerHookFunction(functionArn, serialNumberHook()));
        out.println();
        out.println("[5] Pre-provisioning hook " + functionArn);
        out.println(target.isLocal()
                ? "    (local: the Java function serialNumberHook() runs in place of the Lambda function;"
                        + " approved serial numbers " + new java.util.TreeSet<>(APPROVED_SERIALS)
                        + "; on AWS deploy lambda.SerialNumberHookHandler)"
                : "    (your deployed Lambda function)");
        target.iot().createProvisioningTemplate(r -> r.templateName(templateName).provisioningRoleArn(roleArn)
                .templateBody(WALKTHROUGH_TEMPLATE).enabled(true)
                .preProvisioningHook(h -> h.targetArn(functionArn)));

        // 6. Device side: the claim files moved to the device; provisioning by claim
        ClaimCredentials claimCredentials = ClaimCredentials.fromPemFiles(claimCertificate, claimKey);
        String rootCaPem = readString(deviceRootCa);
        List<DeviceIdentity> provisioned = new ArrayList<>();
        out.println();
        out.println("[6] Provisioning by claim");
        provisioned.add(provision(target, rootCaPem, claimCredentials, templateName, "LB-000001", dir, out));
        String rejected = "";
        try {
            provision(target, rootCaPem, claimCredentials, templateName, "XX-999", dir, out);
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
        provisioned.add(provision(target, rootCaPem, installerClaim, templateName, "LB-000002", dir, out));

        // 8. Five minutes later the trusted user's claim is refused (locally: the emulator's clock moves)
        Optional<Boolean> expiredRefused = Optional.empty();
        if (target.localIotCore().isPresent()) {
            LocalIotCore core = target.localIotCore().get();
            core.advanceClock(Duration.between(core.clock().instant(), temporary.expiration()).plusSeconds(1));
            try {
                provision(target, rootCaPem, installerClaim, templateName, "LB-000003", dir, out);
                out.println("    the expired claim was accepted");
                expiredRefused = Optional.of(false);
            } catch (ConnectionRefusedException e) {
                out.println("    after " + temporary.expiration() + " the same claim is refused: " + e.getMessage());
                expiredRefused = Optional.of(true);
            }
        } else {
            out.println("    (on AWS the claim stops working at " + temporary.expiration() + "; the sample does not wait)");
        }

        // What AWS IoT holds now
        out.println();
        out.println("[9] Things in the registry");
        for (DeviceIdentity device : provisioned) {
            var thing = target.iot().describeThing(r -> r.thingName(device.thingName()));
            out.println("    " + thing.thingName() + " type " + thing.thingTypeName() + ", billing group "
                    + thing.billingGroupName() + ", attributes " + new java.util.TreeMap<>(thing.attributes()));
        }
        return new Result(roleName, templateName, claimPolicyName, claim.id(), claimDir, List.copyOf(thingTypes),
                Map.copyOf(created), List.copyOf(provisioned), rejected, temporary.certificateId(), expiredRefused);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static DeviceIdentity provision(Target target, String rootCaPem, ClaimCredentials claim,
            String templateName, String serial, Path dir, PrintStream out) {
        FleetProvisioningClient client = FleetProvisioningClient.builder()
                .endpoint(target.dataEndpoint())
                .port(target.dataPort())
                .certificateAuthorityPem(rootCaPem)
                .claim(claim)
                .clientId("lightbulb-" + serial)
                .templateName(templateName)
                .templateParameter("ThingName", "lightbulb-" + serial)
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
     * The walkthrough's template, exactly as the walkthrough writes it (the AWS IoT Developer Guide's
     * fleet provisioning example): parameters {@code ThingName}, {@code SerialNumber},
     * {@code DeviceLocation}; thing type {@code ThingPrefix_<serial>}, thing groups
     * {@code v1-lightbulbs} and {@code WA}, billing group {@code LightBulbBillingGroup}; an active
     * certificate; an inline policy; the device configuration.
     */
    static final String WALKTHROUGH_TEMPLATE = """
            {
                "Parameters" : {
                    "ThingName" : {
                        "Type" : "String"
                    },
                    "SerialNumber": {
                        "Type": "String"
                    },
                    "DeviceLocation": {
                        "Type": "String"
                    }
                },
                "Mappings": {
                    "LocationTable": {
                        "Seattle": {
                            "LocationUrl": "https://example.aws"
                        }
                    }
                },
                "Resources" : {
                    "thing" : {
                        "Type" : "AWS::IoT::Thing",
                        "Properties" : {
                            "AttributePayload" : {
                                "version" : "v1",
                                "serialNumber" : "serialNumber"
                            },
                            "ThingName" : {"Ref" : "ThingName"},
                            "ThingTypeName" : {"Fn::Join":["",["ThingPrefix_",{"Ref":"SerialNumber"}]]},
                            "ThingGroups" : ["v1-lightbulbs", "WA"],
                            "BillingGroup": "LightBulbBillingGroup"
                        },
                        "OverrideSettings" : {
                            "AttributePayload" : "MERGE",
                            "ThingTypeName" : "REPLACE",
                            "ThingGroups" : "DO_NOTHING"
                        }
                    },
                    "certificate" : {
                        "Type" : "AWS::IoT::Certificate",
                        "Properties" : {
                            "CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                            "Status" : "Active"
                        }
                    },
                    "policy" : {
                        "Type" : "AWS::IoT::Policy",
                        "Properties" : {
                            "PolicyDocument" : {
                                "Version": "2012-10-17",
                                "Statement": [{
                                    "Effect": "Allow",
                                    "Action":["iot:Publish"],
                                    "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/foo/bar"]
                                }]
                            }
                        }
                    }
                },
                "DeviceConfiguration": {
                    "FallbackUrl": "https://www.example.com/test-site",
                    "LocationUrl": {
                        "Fn::FindInMap": ["LocationTable",{"Ref": "DeviceLocation"}, "LocationUrl"]}
                    }
            }
            """;

    /** The thing groups and the billing group the walkthrough's template names. */
    static final List<String> THING_GROUPS = List.of("v1-lightbulbs", "WA");
    /** The billing group the walkthrough's template names. */
    static final String BILLING_GROUP = "LightBulbBillingGroup";

    /**
     * The claim policy exactly as the walkthrough pastes it into the console, with its placeholders
     * {@code aws-region}, {@code aws-account-id} and {@code templateName} filled in.
     *
     * @param region the region
     * @param accountId the account
     * @param templateName the template
     * @return the policy JSON
     */
    static String walkthroughClaimPolicyJson(String region, String accountId, String templateName) {
        return """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["iot:Connect"],
                            "Resource": "*"
                        },
                        {
                            "Effect": "Allow",
                            "Action": ["iot:Publish","iot:Receive"],
                            "Resource": [
                                "arn:aws:iot:aws-region:aws-account-id:topic/$aws/certificates/create/*",
                                "arn:aws:iot:aws-region:aws-account-id:topic/$aws/provisioning-templates/templateName/provision/*"
                            ]
                        },
                        {
                            "Effect": "Allow",
                            "Action": "iot:Subscribe",
                            "Resource": [
                                "arn:aws:iot:aws-region:aws-account-id:topicfilter/$aws/certificates/create/*",
                                "arn:aws:iot:aws-region:aws-account-id:topicfilter/$aws/provisioning-templates/templateName/provision/*"
                            ]
                        }
                    ]
                }
                """.replace("aws-region", region).replace("aws-account-id", accountId)
                .replace("/templateName/", "/" + templateName + "/");
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
        Set<String> templatePolicies = new java.util.TreeSet<>();
        for (DeviceIdentity device : result.provisioned()) {
            String certificateArn = target.iot().describeCertificate(r -> r.certificateId(device.certificateId()))
                    .certificateDescription().certificateArn();
            target.iot().listAttachedPolicies(r -> r.target(certificateArn)).policies()
                    .forEach(p -> templatePolicies.add(p.policyName()));
            registry.deleteThing(device.thingName());
            registry.deleteCertificate(device.certificateId());
        }
        // The template's inline policy: AWS IoT names one for every device.
        templatePolicies.forEach(registry::deletePolicy);
        registry.deleteCertificate(result.claimCertificateId());
        registry.deleteCertificate(result.temporaryClaimId());
        registry.deletePolicy(result.claimPolicyName());
        target.iot().deleteProvisioningTemplate(r -> r.templateName(result.templateName()));
        for (String group : result.createdGroups().getOrDefault("thingGroup", List.of())) {
            target.iot().deleteThingGroup(r -> r.thingGroupName(group));
        }
        for (String group : result.createdGroups().getOrDefault("billingGroup", List.of())) {
            target.iot().deleteBillingGroup(r -> r.billingGroupName(group));
        }
        target.iam().detachRolePolicy(r -> r.roleName(result.roleName())
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));
        target.iam().deleteRole(r -> r.roleName(result.roleName()));
        out.println();
        out.println("Cleaned up: " + result.provisioned().size() + " things, their certificates and policies, the"
                + " claims, the claim policy, template, the groups this run made, and the role; the thing types "
                + result.thingTypeNames() + " stay (keep everything with --keep)");
    }

    private static String indent(String text) {
        return "      " + text.replace("\n", "\n      ");
    }
}
