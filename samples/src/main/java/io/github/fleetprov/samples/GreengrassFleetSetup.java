package io.github.fleetprov.samples;

import static io.github.fleetprov.template.Expression.ref;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.FleetProvisioningAdmin;
import io.github.fleetprov.admin.FleetSetup;
import io.github.fleetprov.admin.FleetSpec;
import io.github.fleetprov.admin.TearDownReport;
import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PemFiles;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.HttpProxy;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.iam.IamPolicies;
import io.github.fleetprov.samples.greengrass.GreengrassPluginConfig;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The "Set up AWS IoT fleet provisioning" resources for AWS IoT Greengrass V2 core devices, in the
 * document's order, through {@link FleetProvisioningAdmin} (one idempotent set-up of roles, alias,
 * policies, template and claim).
 *
 * <ol>
 *   <li>A token exchange role (trusted by {@code credentials.iot.amazonaws.com}) with the
 *       permissions core devices need.</li>
 *   <li>A role alias that points to it.</li>
 *   <li>The Greengrass core devices' IoT policy, with {@code iot:AssumeRoleWithCertificate} on the
 *       alias.</li>
 *   <li>A provisioning role and a fleet provisioning template that gives each core device its thing,
 *       an active certificate and that policy.</li>
 *   <li>A claim certificate and key, with a least-privilege claim policy for this template, written
 *       where the plugin's configuration example puts them ({@code <rootPath>/claim-certs}).</li>
 *   <li>The complete {@code config.yaml} of the Greengrass fleet provisioning plugin
 *       ({@link GreengrassPluginConfig}): the nucleus section and every plugin parameter.</li>
 *   <li>A check with exactly the values of that file, read back: a core device provisions by claim
 *       and exchanges its new certificate for AWS credentials through the role alias.</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=GreengrassFleetSetup}.
 */
public final class GreengrassFleetSetup {

    private GreengrassFleetSetup() {
    }

    /** The nucleus version the generated {@code config.yaml} installs. */
    public static final String NUCLEUS_VERSION = "2.14.3";

    /**
     * What the set-up made.
     *
     * @param setup what {@link FleetProvisioningAdmin#setUp} made (roles, alias, policies, template, claim)
     * @param thingPolicyName the core devices' IoT policy
     * @param configFile the plugin's {@code config.yaml}
     * @param config its settings, as read back from the file
     * @param coreDevice the core device the check provisioned
     * @param credentialsExpiration when the credentials the core device got expire
     */
    public record Result(FleetSetup setup, String thingPolicyName, Path configFile, GreengrassPluginConfig config,
            DeviceIdentity coreDevice, java.time.Instant credentialsExpiration) {
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
        out.println("Greengrass fleet provisioning set-up against " + target.description());

        // 1.-5. Token exchange role, role alias, the core devices' IoT policy, provisioning role and
        // template, claim certificate with its claim policy: one FleetProvisioningAdmin set-up.
        String tokenExchangeRoleName = "GreengrassV2TokenExchangeRole-" + suffix;
        String aliasName = "GreengrassV2TokenExchangeRoleAlias-" + suffix;
        String aliasArn = target.arn("iot", "rolealias/" + aliasName);
        String thingPolicyName = "GreengrassV2IoTThingPolicy-" + suffix;
        String templateName = "GreengrassFleetTemplate-" + suffix;
        IotPolicy thingPolicy = greengrassThingPolicy(context, aliasArn);
        ProvisioningTemplate template = template(templateName, thingPolicyName);
        FleetSpec spec = FleetSpec.builder()
                .fleetName("greengrass-" + suffix)
                .accountId(target.accountId())
                .tokenExchangeAccess(IamPolicies.greengrassTokenExchangeAccess())
                .tokenExchangeRoleName(tokenExchangeRoleName)
                .roleAliasName(aliasName)
                .devicePolicy(thingPolicyName, thingPolicy)
                .provisioningRoleName("GreengrassFleetProvisioningRole-" + suffix)
                .template(template)
                .claimPolicyName("GreengrassProvisioningClaimPolicy-" + suffix)
                .claimMode(ClaimMode.BOTH)
                .clientIdPattern("GreengrassCore-*")
                .claimCertificate(dir.resolve("claim-store"))
                .build();
        FleetSetup setup = FleetProvisioningAdmin.create(target.iot(), target.iam()).setUp(spec);
        FleetSetup.RoleAlias alias = setup.roleAlias().orElseThrow();
        out.println();
        out.println("[1] Token exchange role " + alias.tokenExchangeRoleArn());
        out.println("[2] Role alias " + alias.arn() + " -> " + alias.tokenExchangeRoleName());
        out.println("[3] IoT policy " + thingPolicyName + ":");
        out.println(thingPolicy.toJson(true));
        out.println("[4] Provisioning role " + setup.template().provisioningRoleArn() + ", template "
                + templateName + ":");
        out.println(template.toJson(true));

        // 5. The claim certificate and key where the plugin's configuration example keeps them
        Path rootPath = dir.resolve("greengrass").resolve("v2");
        Path claimCertificate = rootPath.resolve("claim-certs").resolve("claim.pem.crt");
        Path claimKey = rootPath.resolve("claim-certs").resolve("claim.private.pem.key");
        Files.createDirectories(claimCertificate.getParent());
        ClaimIdentity claim = setup.claimIdentity();
        PemFiles.replace(claimCertificate, claim.certificatePem(), claimKey, claim.privateKeyPem());
        out.println("[5] Claim certificate " + claim.certificateId() + " -> " + claimCertificate + ", key "
                + claimKey + " (not printed), policy " + setup.policies().claimPolicyName());

        // 6. The Greengrass fleet provisioning plugin's config.yaml, complete
        // Amazon Root CA 1 and 3 on AWS; the emulator's own CA locally.
        Path rootCa = rootPath.resolve(target.isLocal() ? "LocalIotCoreRootCA.pem" : "AmazonRootCA1.pem");
        Files.writeString(rootCa, target.dataCaPem(), StandardCharsets.US_ASCII);
        String thingName = "GreengrassCore-" + suffix;
        GreengrassPluginConfig generated = new GreengrassPluginConfig(NUCLEUS_VERSION, rootPath.toString(),
                setup.region(), setup.endpoints().data(), setup.endpoints().credentials(), alias.name(),
                setup.template().name(), claimCertificate.toString(), claimKey.toString(), rootCa.toString(),
                Map.of("ThingName", thingName), thingName, target.dataPort(), null, null, null);
        Path configFile = dir.resolve("config.yaml");
        Files.writeString(configFile, generated.toYaml(), StandardCharsets.UTF_8);
        out.println();
        out.println("[6] Fleet provisioning plugin settings, " + configFile + ":");
        out.print(generated.toYaml());

        // 7. Check with exactly the file's values: a core device provisions, then trades its
        // certificate for AWS credentials through the role alias
        GreengrassPluginConfig config = GreengrassPluginConfig.fromYaml(Files.readString(configFile));
        FleetProvisioningClient.Builder client = FleetProvisioningClient.builder()
                .endpoint(config.iotDataEndpoint()).port(config.mqttPort())
                .certificateAuthorityPem(Files.readString(Path.of(config.rootCaPath())))
                .claim(ClaimCredentials.fromPemFiles(Path.of(config.claimCertificatePath()),
                        Path.of(config.claimCertificatePrivateKeyPath())))
                .clientId(config.deviceIdValue().orElseGet(() -> java.util.UUID.randomUUID().toString()))
                .templateName(config.provisioningTemplate())
                .templateParameters(config.templateParameters())
                .credentialStore(Path.of(config.rootPath()).resolve("device-identity"));
        proxy(config).ifPresent(client::httpProxy);
        DeviceIdentity core = client.build().provision();
        AwsSessionCredentials credentials;
        IotCredentialsProvider.Builder provider = IotCredentialsProvider.builder()
                .device(core).endpoint(config.iotCredentialEndpoint()).roleAlias(config.iotRoleAlias())
                .certificateAuthorityPem(target.credentialsCaPem());
        proxy(config).ifPresent(provider::httpProxy);
        try (IotCredentialsProvider p = provider.build()) {
            credentials = (AwsSessionCredentials) p.resolveCredentials();
        }
        out.println();
        out.println("[7] With the values of " + configFile + ": core device " + core.thingName()
                + " provisioned (certificate " + core.certificateId() + "); credentials through "
                + config.iotRoleAlias() + ": access key " + Samples.accessKeyIdPrefix(credentials.accessKeyId())
                + ", expires " + credentials.expirationTime().orElseThrow());
        return new Result(setup, thingPolicyName, configFile, config, core,
                credentials.expirationTime().orElseThrow());
    }

    /** The plugin's proxy settings as the device client's proxy. */
    private static java.util.Optional<HttpProxy> proxy(GreengrassPluginConfig config) {
        if (config.proxyUrl() == null) {
            return java.util.Optional.empty();
        }
        java.net.URI url = java.net.URI.create(config.proxyUrl());
        int port = url.getPort() != -1 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
        HttpProxy proxy = HttpProxy.of(url.getHost(), port);
        if (config.proxyUserName() != null) {
            proxy = proxy.withBasicAuth(config.proxyUserName(),
                    config.proxyPassword() == null ? new char[0] : config.proxyPassword().toCharArray());
        }
        return java.util.Optional.of(proxy);
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
        registry.deleteThing(result.coreDevice().thingName());
        registry.deleteCertificate(result.coreDevice().certificateId());
        TearDownReport report = FleetProvisioningAdmin.create(target.iot(), target.iam()).tearDown(result.setup());
        out.println();
        out.println("Cleaned up: core device thing and certificate; " + report.removed().size()
                + " fleet resources removed" + (report.isComplete() ? "" : ", left: " + report.notRemoved())
                + " (keep them with --keep)");
    }
}
