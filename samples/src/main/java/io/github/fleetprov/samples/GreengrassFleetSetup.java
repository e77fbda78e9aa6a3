package io.github.fleetprov.samples;

import static io.github.fleetprov.template.Expression.ref;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.EnsuredResource;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.admin.RoleAliasAdmin;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.ClaimPolicies;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.iam.IamPolicies;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.template.OverrideAction;
import io.github.fleetprov.template.OverrideProperty;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.PseudoParameter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The "Set up AWS IoT fleet provisioning" resources for AWS IoT Greengrass V2 core devices.
 *
 * <ol>
 *   <li>A token exchange role (trusted by {@code credentials.iot.amazonaws.com}) with the
 *       permissions core devices need.</li>
 *   <li>A role alias that points to it.</li>
 *   <li>The Greengrass core devices' IoT policy, with {@code iot:AssumeRoleWithCertificate} on the
 *       alias.</li>
 *   <li>A provisioning role and a fleet provisioning template that gives each core device its thing,
 *       an active certificate and that policy.</li>
 *   <li>A claim certificate and key, with a least-privilege claim policy for this template.</li>
 *   <li>The settings of the Greengrass fleet provisioning plugin.</li>
 *   <li>A check: a core device provisions by claim and exchanges its new certificate for AWS
 *       credentials through the role alias.</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=GreengrassFleetSetup}.
 */
public final class GreengrassFleetSetup {

    private GreengrassFleetSetup() {
    }

    /**
     * What the set-up made.
     *
     * @param tokenExchangeRoleName the token exchange role
     * @param roleAliasName the role alias
     * @param roleAliasArn its ARN
     * @param thingPolicyName the core devices' IoT policy
     * @param provisioningRoleName the provisioning role
     * @param templateName the template
     * @param claimCertificateId the claim certificate
     * @param claimPolicyName the claim policy
     * @param coreDevice the core device the check provisioned
     * @param credentialsExpiration when the credentials the core device got expire
     */
    public record Result(String tokenExchangeRoleName, String roleAliasName, String roleAliasArn,
            String thingPolicyName, String provisioningRoleName, String templateName, String claimCertificateId,
            String claimPolicyName, DeviceIdentity coreDevice, java.time.Instant credentialsExpiration) {
    }

    static final String USAGE = """
            usage: GreengrassFleetSetup [--dir DIR] [--keep] [--aws [--region R]]

            Greengrass fleet provisioning set-up: token exchange role and role alias, the core devices' IoT
            policy, provisioning role and template, claim certificate, then a core device provisions by claim
            and fetches AWS credentials.

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
            Path dir = Samples.workDir(args.option("--dir"), "greengrass");
            try (Target target = Target.fromArgs(args)) {
                Result result = run(target, Samples.uniqueSuffix(), dir, System.out);
                if (!args.flag("--keep")) {
                    cleanUp(target, result, System.out);
                }
                return Samples.OK;
            }
        });
    }

    /**
     * The core devices' IoT policy from the set-up guide: MQTT and Greengrass on {@code *}, and
     * {@code iot:AssumeRoleWithCertificate} on the role alias.
     *
     * @param context the region and account
     * @param roleAliasArn the role alias ARN
     * @return the policy
     */
    public static IotPolicy greengrassThingPolicy(PolicyContext context, String roleAliasArn) {
        return IotPolicy.builder().context(context)
                .addStatement(s -> s.allow()
                        .actions(IotAction.PUBLISH, IotAction.SUBSCRIBE, IotAction.RECEIVE, IotAction.CONNECT,
                                IotAction.create("greengrass:*"))
                        .resources(IotResource.all()))
                .addStatement(s -> s.allow().actions(IotAction.ASSUME_ROLE_WITH_CERTIFICATE)
                        .addResource(roleAliasArn))
                .build();
    }

    /**
     * The template a Greengrass core device provisions with: its thing named by the device, an active
     * certificate, and the core devices' policy.
     *
     * @param templateName the template name
     * @param thingPolicyName the core devices' policy
     * @return the template
     */
    public static ProvisioningTemplate template(String templateName, String thingPolicyName) {
        return ProvisioningTemplate.builder()
                .name(templateName)
                .addParameter("ThingName")
                .addParameter(PseudoParameter.CERTIFICATE_ID)
                .thing(t -> t.thingName(ref("ThingName"))
                        .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.REPLACE)
                        .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)).status("Active"))
                .addPolicy(p -> p.policyName(thingPolicyName))
                .build();
    }

    /**
     * The set-up and the check, against a target.
     *
     * @param target where the cloud side is
     * @param suffix makes the names of this run unique
     * @param dir where the claim files and the core device's identity go
     * @param out where to print what happens
     * @return what was made
     * @throws IOException if the plugin settings cannot be written
     */
    public static Result run(Target target, String suffix, Path dir, PrintStream out) throws IOException {
        Objects.requireNonNull(target, "target");
        PolicyContext context = PolicyContext.of(target.region(), target.accountId());
        RoleAliasAdmin roleAliases = RoleAliasAdmin.create(target.iot(), target.iam());
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        out.println("Greengrass fleet provisioning set-up against " + target.description());

        // 1. Token exchange role
        String tokenExchangeRoleName = "GreengrassV2TokenExchangeRole-" + suffix;
        EnsuredResource role = roleAliases.ensureTokenExchangeRole(tokenExchangeRoleName,
                IamPolicies.greengrassTokenExchangeAccess().toJson());
        out.println();
        out.println("[1] Token exchange role " + role.arn() + " (" + role.outcome() + ")");

        // 2. aws iot create-role-alias --role-alias ... --role-arn ...
        String aliasName = "GreengrassV2TokenExchangeRoleAlias-" + suffix;
        EnsuredResource alias = roleAliases.ensureRoleAlias(aliasName, role.arn(),
                RoleAliasAdmin.DEFAULT_CREDENTIAL_DURATION);
        out.println("[2] Role alias " + alias.arn() + " -> " + tokenExchangeRoleName);

        // 3. The core devices' IoT policy
        String thingPolicyName = "GreengrassV2IoTThingPolicy-" + suffix;
        IotPolicy thingPolicy = greengrassThingPolicy(context, alias.arn());
        registry.ensurePolicy(thingPolicyName, thingPolicy.toJson());
        out.println("[3] IoT policy " + thingPolicyName + ":");
        out.println(thingPolicy.toJson(true));

        // 4. Provisioning role and template
        String provisioningRoleName = "GreengrassFleetProvisioningRole-" + suffix;
        String provisioningRoleArn = target.iam().createRole(r -> r.roleName(provisioningRoleName)
                .assumeRolePolicyDocument(IamPolicies.fleetProvisioningRoleTrust().toJson())).role().arn();
        target.iam().attachRolePolicy(r -> r.roleName(provisioningRoleName)
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));
        String templateName = "GreengrassFleetTemplate-" + suffix;
        ProvisioningTemplate template = template(templateName, thingPolicyName);
        target.iot().createProvisioningTemplate(r -> r.templateName(templateName)
                .provisioningRoleArn(provisioningRoleArn).templateBody(template.toJson()).enabled(true));
        out.println();
        out.println("[4] Provisioning role " + provisioningRoleArn + ", template " + templateName + ":");
        out.println(template.toJson(true));

        // 5. Claim certificate and key, with a claim policy for this template only
        Path claimCertificate = dir.resolve("claim.pem.crt");
        Path claimKey = dir.resolve("claim.private.pem.key");
        IotCertificate claim = registry.createKeysAndCertificate(claimCertificate, claimKey, true);
        String claimPolicyName = "GreengrassProvisioningClaimPolicy-" + suffix;
        IotPolicy claimPolicy = ClaimPolicies.builder().templateNames(templateName).partition("aws")
                .region(target.region()).accountId(target.accountId()).mode(ClaimMode.BOTH).clientIdPattern("GreengrassCore-*").build();
        registry.ensurePolicy(claimPolicyName, claimPolicy.toJson());
        registry.attachPolicy(claimPolicyName, claim.arn());
        out.println();
        out.println("[5] Claim certificate " + claim.id() + " -> " + claimCertificate + ", key " + claimKey
                + " (not printed), policy " + claimPolicyName);

        // 6. The Greengrass fleet provisioning plugin's settings
        // Amazon Root CA 1 and 3 on AWS; the emulator's own CA locally.
        Path rootCa = dir.resolve("root-ca.pem");
        Files.writeString(rootCa, target.dataCaPem(), StandardCharsets.US_ASCII);
        String pluginConfig = pluginConfig(target, templateName, aliasName, claimCertificate, claimKey, rootCa);
        Path configFile = dir.resolve("config.yaml");
        Files.writeString(configFile, pluginConfig, StandardCharsets.UTF_8);
        out.println();
        out.println("[6] Fleet provisioning plugin settings, " + configFile + ":");
        out.print(pluginConfig);

        // 7. Check: a core device provisions, then trades its certificate for AWS credentials
        String thingName = "GreengrassCore-" + suffix;
        DeviceIdentity core = FleetProvisioningClient.builder()
                .endpoint(target.dataEndpoint()).port(target.dataPort())
                .certificateAuthorityPem(target.dataCaPem())
                .claim(ClaimCredentials.fromPemFiles(claimCertificate, claimKey))
                .clientId(thingName)
                .templateName(templateName)
                .templateParameter("ThingName", thingName)
                .credentialStore(dir.resolve("core-device"))
                .build()
                .provision();
        AwsSessionCredentials credentials;
        try (IotCredentialsProvider provider = IotCredentialsProvider.builder()
                .device(core).endpoint(target.credentialsEndpoint()).roleAlias(aliasName)
                .certificateAuthorityPem(target.credentialsCaPem()).build()) {
            credentials = (AwsSessionCredentials) provider.resolveCredentials();
        }
        out.println();
        out.println("[7] Core device " + core.thingName() + " provisioned (certificate " + core.certificateId()
                + "); credentials through " + aliasName + ": access key "
                + Samples.accessKeyIdPrefix(credentials.accessKeyId()) + ", expires "
                + credentials.expirationTime().orElseThrow());
        return new Result(tokenExchangeRoleName, aliasName, alias.arn(), thingPolicyName, provisioningRoleName,
                templateName, claim.id(), claimPolicyName, core, credentials.expirationTime().orElseThrow());
    }

    private static String pluginConfig(Target target, String templateName, String aliasName, Path claimCertificate,
            Path claimKey, Path rootCa) {
        return "services:\n"
                + "  aws.greengrass.FleetProvisioningByClaim:\n"
                + "    configuration:\n"
                + "      rootPath: /greengrass/v2\n"
                + "      awsRegion: " + target.region() + "\n"
                + "      iotDataEndpoint: " + target.dataEndpoint() + "\n"
                + "      iotCredentialEndpoint: " + target.credentialsEndpoint() + "\n"
                + "      iotRoleAlias: " + aliasName + "\n"
                + "      provisioningTemplate: " + templateName + "\n"
                + "      claimCertificatePath: " + claimCertificate + "\n"
                + "      claimCertificatePrivateKeyPath: " + claimKey + "\n"
                + "      rootCaPath: " + rootCa + "\n";
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
        RoleAliasAdmin roleAliases = RoleAliasAdmin.create(target.iot(), target.iam());
        registry.deleteThing(result.coreDevice().thingName());
        registry.deleteCertificate(result.coreDevice().certificateId());
        registry.deleteCertificate(result.claimCertificateId());
        registry.deletePolicy(result.claimPolicyName());
        registry.deletePolicy(result.thingPolicyName());
        target.iot().deleteProvisioningTemplate(r -> r.templateName(result.templateName()));
        target.iam().detachRolePolicy(r -> r.roleName(result.provisioningRoleName())
                .policyArn(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN));
        target.iam().deleteRole(r -> r.roleName(result.provisioningRoleName()));
        roleAliases.deleteRoleAlias(result.roleAliasName());
        roleAliases.deleteRole(result.tokenExchangeRoleName());
        out.println();
        out.println("Cleaned up: core device thing and certificate, claim, policies, template, role alias and"
                + " roles (keep them with --keep)");
    }
}
