package io.github.fleetprov.admin.internal;

import static io.github.fleetprov.admin.internal.IotOps.IOT;

import io.github.fleetprov.admin.AwsCallException;
import io.github.fleetprov.admin.EnsuredPolicy;
import io.github.fleetprov.admin.EnsuredResource;
import io.github.fleetprov.admin.FleetPlan;
import io.github.fleetprov.admin.FleetProvisioningAdmin;
import io.github.fleetprov.admin.FleetSetup;
import io.github.fleetprov.admin.FleetSpec;
import io.github.fleetprov.admin.Outcome;
import io.github.fleetprov.admin.PlannedCall;
import io.github.fleetprov.admin.ProvisioningClaim;
import io.github.fleetprov.admin.TearDownReport;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.Arn;
import io.github.fleetprov.core.arn.IotResourceType;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.policy.ClaimPolicies;
import io.github.fleetprov.policy.IotPolicies;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.iam.IamPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.DescribeProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.ProvisioningHook;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateVersionSummary;
import software.amazon.awssdk.services.iot.model.TemplateType;

/** The {@link FleetProvisioningAdmin} over IoT and IAM clients. */
public final class DefaultFleetProvisioningAdmin implements FleetProvisioningAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultFleetProvisioningAdmin.class);
    /** The payload version AWS IoT documents for pre-provisioning hooks. */
    static final String HOOK_PAYLOAD_VERSION = "2020-04-01";
    private static final int ROLE_PROPAGATION_ATTEMPTS = 10;

    private final IotClient iot;
    private final IotOps iotOps;
    private final IamOps iamOps;

    /**
     * Creates the facade.
     *
     * @param iot the IoT client
     * @param iam the IAM client
     */
    public DefaultFleetProvisioningAdmin(IotClient iot, IamClient iam) {
        this.iot = iot;
        this.iotOps = new IotOps(iot);
        this.iamOps = new IamOps(iam);
    }

    @Override
    public FleetSetup setUp(FleetSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Changes changes = Changes.applying();
        FleetSetup setup = run(spec, changes);
        LOG.info("Fleet {} set up with {} change(s)", spec.fleetName(), setup.changes().size());
        return setup;
    }

    @Override
    public FleetPlan plan(FleetSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Changes changes = Changes.planning();
        run(spec, changes);
        return new FleetPlan(changes.calls());
    }

    private String region() {
        var region = iot.serviceClientConfiguration().region();
        if (region == null) {
            throw new InvalidInputException("iot", "the IoT client has no region",
                    "Build the IotClient with .region(..); the fleet lives in that region.");
        }
        return region.id();
    }

    private FleetSetup run(FleetSpec spec, Changes changes) {
        String region = region();
        String partition = spec.partition();
        String account = spec.accountId();

        EnsuredResource provisioningRole = iamOps.ensureRole(changes, spec.provisioningRoleName(),
                IamPolicies.fleetProvisioningRoleTrust().toJson(),
                List.of(inPartition(IamPolicies.AWS_IOT_THINGS_REGISTRATION_POLICY_ARN, partition)), Map.of(),
                roleArn(partition, account, spec.provisioningRoleName()));

        List<String> devicePolicies = new ArrayList<>();
        for (Map.Entry<String, IotPolicy> p : spec.devicePolicies().entrySet()) {
            iotOps.ensurePolicy(changes, p.getKey(), p.getValue().toJson(),
                    Arn.iot(partition, region, account, IotResourceType.POLICY, p.getKey()).toString());
            devicePolicies.add(p.getKey());
        }

        EnsuredResource tokenRole = null;
        EnsuredResource alias = null;
        if (spec.tokenExchangeAccessJson().isPresent()) {
            tokenRole = iamOps.ensureRole(changes, spec.tokenExchangeRoleName(),
                    IamPolicies.tokenExchangeRoleTrust().toJson(), List.of(),
                    Map.of(spec.tokenExchangeRoleName() + "Access", spec.tokenExchangeAccessJson().get()),
                    roleArn(partition, account, spec.tokenExchangeRoleName()));
            alias = iotOps.ensureRoleAlias(changes, spec.roleAliasName(), tokenRole.arn(),
                    DefaultRoleAliasAdmin.durationSeconds(spec.credentialDuration()),
                    Arn.iot(partition, region, account, IotResourceType.ROLEALIAS, spec.roleAliasName()).toString());
            iotOps.ensurePolicy(changes, spec.aliasPolicyName(),
                    IotPolicies.assumeRoleWithCertificate(alias.arn()).toJson(),
                    Arn.iot(partition, region, account, IotResourceType.POLICY, spec.aliasPolicyName()).toString());
        }

        String templateArn = ensureTemplate(changes, spec, provisioningRole,
                Arn.iot(partition, region, account, IotResourceType.PROVISIONINGTEMPLATE, spec.templateName()).toString());

        ClaimPolicies.Builder claimPolicyBuilder = ClaimPolicies.builder().templateNames(spec.templateName()).partition(partition)
                .region(region).accountId(account).mode(spec.claimMode()).clientIdPattern(spec.clientIdPattern());
        EnsuredPolicy claimPolicy = iotOps.ensurePolicy(changes, spec.claimPolicyName(), claimPolicyBuilder.build().toJson(),
                Arn.iot(partition, region, account, IotResourceType.POLICY, spec.claimPolicyName()).toString());

        String dataEndpoint = iotOps.endpoint("iot:Data-ATS");
        String credentialsEndpoint = iotOps.endpoint("iot:CredentialProvider");

        FleetSetup.Claim claim = null;
        if (spec.claimStore().isPresent()) {
            Path dir = spec.claimStore().get();
            String[] idAndArn = ensureClaimCertificate(changes, spec, dir, claimPolicy.name(), dataEndpoint);
            if (!idAndArn[0].isEmpty()) { // empty while planning: nothing was made
                claim = new FleetSetup.Claim(idAndArn[0], idAndArn[1], dir.toAbsolutePath().normalize());
            }
        }
        FleetSetup.RoleAlias roleAlias = alias == null ? null : new FleetSetup.RoleAlias(alias.name(), alias.arn(),
                tokenRole.name(), tokenRole.arn(), spec.aliasPolicyName(),
                DefaultRoleAliasAdmin.credentialsUrl(credentialsEndpoint, alias.name()));

        return FleetSetup.builder().fleetName(spec.fleetName()).partition(partition).region(region).accountId(account)
                .template(new FleetSetup.Template(spec.templateName(), templateArn, provisioningRole.name(),
                        provisioningRole.arn()))
                .policies(new FleetSetup.Policies(claimPolicy.name(), claimPolicy.arn(), devicePolicies))
                .endpoints(new FleetSetup.Endpoints(dataEndpoint, credentialsEndpoint))
                .claim(claim).roleAlias(roleAlias).changes(changes.calls()).build();
    }

    private static String inPartition(String awsArn, String partition) {
        return Arn.parse(awsArn).withPartition(partition).toString();
    }

    private static String roleArn(String partition, String account, String roleName) {
        return Arn.iamRole(partition, account, roleName).toString();
    }

    private String ensureTemplate(Changes changes, FleetSpec spec, EnsuredResource role, String planArn) {
        String name = spec.templateName();
        String body = spec.template().toJson();
        TemplateType type = TemplateType.fromValue(spec.template().type().name());
        ProvisioningHook hook = spec.preProvisioningHookArn().map(arn -> ProvisioningHook.builder().targetArn(arn)
                .payloadVersion(HOOK_PAYLOAD_VERSION).build()).orElse(null);
        Optional<DescribeProvisioningTemplateResponse> existing = Calls.find(IOT, "DescribeProvisioningTemplate", name,
                () -> iot.describeProvisioningTemplate(r -> r.templateName(name)));
        if (existing.isEmpty()) {
            return changes.mutate(new PlannedCall(IOT, "CreateProvisioningTemplate", name, "template does not exist"),
                    () -> createTemplate(spec, name, body, type, hook, role), planArn);
        }
        DescribeProvisioningTemplateResponse current = existing.get();
        if (current.type() != null && current.type() != type) {
            throw new InvalidInputException("template.type", "template " + name + " exists with type "
                    + current.typeAsString() + ", the spec asks for " + type,
                    "AWS cannot change a template's type: use another template name, or tear the fleet down first.");
        }
        if (!Json.sameDocument(current.templateBody(), body)) {
            changes.mutate(new PlannedCall(IOT, "CreateProvisioningTemplateVersion", name, "template body changed"
                    + " (the oldest non-default version is deleted first if AWS's limit of " + IotOps.MAX_VERSIONS
                    + " versions is reached)"), () -> createTemplateVersion(name, body));
        }
        boolean hookDiffers = hook == null ? current.preProvisioningHook() != null
                : current.preProvisioningHook() == null
                        || !hook.targetArn().equals(current.preProvisioningHook().targetArn());
        boolean descriptionDiffers = !spec.templateDescription().equals(
                current.description() == null ? "" : current.description());
        if (!role.arn().equals(current.provisioningRoleArn()) || hookDiffers || !Boolean.TRUE.equals(current.enabled())
                || descriptionDiffers) {
            changes.mutate(new PlannedCall(IOT, "UpdateProvisioningTemplate", name,
                    "role, hook, description or enabled flag changed"),
                    () -> Calls.call(IOT, "UpdateProvisioningTemplate", name, () -> iot.updateProvisioningTemplate(r -> {
                        r.templateName(name).provisioningRoleArn(role.arn()).enabled(true)
                                .description(spec.templateDescription());
                        if (hook != null) {
                            r.preProvisioningHook(hook);
                        } else if (current.preProvisioningHook() != null) {
                            r.removePreProvisioningHook(true);
                        }
                    })));
        }
        return current.templateArn();
    }

    private void createTemplateVersion(String name, String body) {
        try {
            Calls.call(IOT, "CreateProvisioningTemplateVersion", name, () -> iot.createProvisioningTemplateVersion(
                    r -> r.templateName(name).templateBody(body).setAsDefault(true)));
            return;
        } catch (AwsCallException e) {
            if (!IotOps.is(e, "VersionsLimitExceededException")) {
                throw e;
            }
        }
        // At AWS's limit: only now list the versions and delete the oldest non-default one.
        List<ProvisioningTemplateVersionSummary> removable = new ArrayList<>(Calls.call(IOT,
                "ListProvisioningTemplateVersions", name,
                () -> iot.listProvisioningTemplateVersions(r -> r.templateName(name)).versions()).stream()
                .filter(v -> !Boolean.TRUE.equals(v.isDefaultVersion())).toList());
        removable.sort(Comparator.comparing(v -> v.versionId() == null ? Integer.MAX_VALUE : v.versionId()));
        if (removable.isEmpty()) {
            throw new FleetProvisioningException("IoT template " + name + " is at AWS's version limit and has no "
                    + "non-default version to delete; delete a version yourself and run setUp again.");
        }
        Integer oldest = removable.get(0).versionId();
        Calls.call(IOT, "DeleteProvisioningTemplateVersion", name,
                () -> iot.deleteProvisioningTemplateVersion(r -> r.templateName(name).versionId(oldest)));
        Calls.call(IOT, "CreateProvisioningTemplateVersion", name, () -> iot.createProvisioningTemplateVersion(
                r -> r.templateName(name).templateBody(body).setAsDefault(true)));
    }

    private String createTemplate(FleetSpec spec, String name, String body, TemplateType type, ProvisioningHook hook,
            EnsuredResource role) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Calls.call(IOT, "CreateProvisioningTemplate", name, () -> iot.createProvisioningTemplate(r -> {
                    r.templateName(name).templateBody(body).provisioningRoleArn(role.arn()).enabled(true).type(type);
                    if (!spec.templateDescription().isEmpty()) {
                        r.description(spec.templateDescription());
                    }
                    if (hook != null) {
                        r.preProvisioningHook(hook);
                    }
                })).templateArn();
            } catch (AwsCallException e) {
                // A role IAM made seconds ago may not be assumable by AWS IoT yet (IAM is eventually consistent).
                boolean freshRole = role.outcome() == Outcome.CREATED && IotOps.is(e, "InvalidRequestException");
                if (!freshRole || attempt >= ROLE_PROPAGATION_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Provisioning role {} not usable yet (attempt {}); waiting for IAM", role.name(), attempt);
                sleep(2000L);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("Interrupted while waiting for IAM; run setUp again to continue.", e);
        }
    }

    private String[] ensureClaimCertificate(Changes changes, FleetSpec spec, Path dir, String claimPolicyName,
            String dataEndpoint) {
        Optional<ClaimIdentity> stored = Files.isDirectory(dir) ? CredentialStore.open(dir).readClaim() : Optional.empty();
        if (stored.isPresent()) {
            String id = stored.get().certificateId();
            CertificateDescription cert = iotOps.describeCertificate(id).orElseThrow(() -> new InvalidInputException(
                    "claimStore", dir + " holds claim certificate " + id
                    + " that AWS IoT does not know in this account and region",
                    "Point claimCertificate(..) at a new directory, or delete the store's claim."));
            String arn = cert.certificateArn();
            if (!iotOps.attachedPolicies(arn).contains(claimPolicyName)) {
                changes.mutate(new PlannedCall(IOT, "AttachPolicy", claimPolicyName, "claim certificate " + id
                        + " lacks the claim policy"),
                        () -> Calls.call(IOT, "AttachPolicy", claimPolicyName,
                                () -> iot.attachPolicy(r -> r.policyName(claimPolicyName).target(arn))));
            }
            return new String[] {id, arn};
        }
        String[] created = changes.mutate(new PlannedCall(IOT, "CreateKeysAndCertificate", "claim certificate",
                "no claim in " + dir), () -> createClaim(spec, dir, dataEndpoint), new String[] {"", ""});
        changes.mutate(new PlannedCall(IOT, "AttachPolicy", claimPolicyName, "attach the claim policy to the claim"),
                () -> Calls.call(IOT, "AttachPolicy", claimPolicyName,
                        () -> iot.attachPolicy(r -> r.policyName(claimPolicyName).target(created[1]))));
        return created;
    }

    private String[] createClaim(FleetSpec spec, Path dir, String dataEndpoint) {
        var r = Calls.call(IOT, "CreateKeysAndCertificate", "claim certificate",
                () -> iot.createKeysAndCertificate(b -> b.setAsActive(true)));
        try {
            CredentialStore.open(dir).writeClaim(ClaimIdentity.builder().certificatePem(r.certificatePem())
                    .privateKey(Pem.readPrivateKey(r.keyPair().privateKey())).endpoint(dataEndpoint)
                    .templateName(spec.templateName()).build());
        } catch (RuntimeException e) {
            try {
                iotOps.deleteCertificate(r.certificateId());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new String[] {r.certificateId(), r.certificateArn()};
    }

    @Override
    public ProvisioningClaim createProvisioningClaim(FleetSetup setup, Path storeDirectory) {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(storeDirectory, "storeDirectory");
        String template = setup.template().name();
        var r = Calls.call(IOT, "CreateProvisioningClaim", template,
                () -> iot.createProvisioningClaim(b -> b.templateName(template)));
        CredentialStore store = CredentialStore.open(storeDirectory);
        store.writeClaim(ClaimIdentity.builder().certificatePem(r.certificatePem())
                .privateKey(Pem.readPrivateKey(r.keyPair().privateKey())).endpoint(setup.endpoints().data())
                .templateName(template).build());
        return new ProvisioningClaim(r.certificateId(), template, r.expiration(), store.directory());
    }

    @Override
    public TearDownReport tearDown(FleetSetup setup) {
        Objects.requireNonNull(setup, "setup");
        TearDown t = new TearDown();
        setup.claim().ifPresent(claim -> {
            String id = claim.certificateId();
            t.run("IoT claim certificate " + id, () -> iotOps.deleteCertificate(id),
                    "Detach it from its things and policies, set it INACTIVE and delete it in the AWS IoT console.");
            if (Files.isDirectory(claim.store())) {
                CredentialStore store = CredentialStore.open(claim.store());
                if (store.readClaim().map(c -> c.certificateId().equals(id)).orElse(false)) {
                    store.deleteClaim();
                }
            }
        });
        String name = setup.template().name();
        t.run("IoT provisioning template " + name, () -> Calls.ifExists(IOT, "DeleteProvisioningTemplate", name,
                () -> iot.deleteProvisioningTemplate(r -> r.templateName(name))), "Delete it in the AWS IoT console.");
        List<String> policies = new ArrayList<>();
        policies.add(setup.policies().claimPolicyName());
        setup.roleAlias().ifPresent(alias -> policies.add(alias.policyName()));
        policies.addAll(setup.policies().devicePolicyNames());
        policies.forEach(t::policy);
        setup.roleAlias().ifPresent(alias -> t.run("IoT role alias " + alias.name(), () -> Calls.ifExists(IOT,
                "DeleteRoleAlias", alias.name(), () -> iot.deleteRoleAlias(r -> r.roleAlias(alias.name()))),
                "Delete it in the AWS IoT console."));
        List<String> roles = new ArrayList<>();
        setup.roleAlias().ifPresent(alias -> roles.add(alias.tokenExchangeRoleName()));
        roles.add(setup.template().provisioningRoleName());
        for (String role : roles) {
            t.run("IAM role " + role, () -> iamOps.deleteRole(role), "Detach its policies and delete it in the IAM console.");
        }
        return new TearDownReport(t.removed, t.gone, t.left);
    }

    private final class TearDown {
        final List<String> removed = new ArrayList<>();
        final List<String> gone = new ArrayList<>();
        final List<TearDownReport.NotRemoved> left = new ArrayList<>();

        void run(String resource, java.util.function.BooleanSupplier delete, String fix) {
            try {
                if (delete.getAsBoolean()) {
                    removed.add(resource);
                } else {
                    gone.add(resource);
                }
            } catch (AwsCallException e) {
                left.add(new TearDownReport.NotRemoved(resource, e.getMessage(), fix));
            }
        }

        void policy(String name) {
            String resource = "IoT policy " + name;
            try {
                if (iotOps.deletePolicy(name)) {
                    removed.add(resource);
                } else {
                    gone.add(resource);
                }
            } catch (AwsCallException e) {
                if (IotOps.is(e, "DeleteConflictException")) {
                    String where;
                    try {
                        List<String> targets = iotOps.policyTargets(name);
                        where = targets.size() + " target(s)" + (targets.isEmpty() ? "" : ", e.g. " + targets.get(0));
                    } catch (AwsCallException listing) {
                        where = "certificates (ListTargetsForPolicy failed: " + listing.errorCode().orElse("no answer") + ")";
                    }
                    left.add(new TearDownReport.NotRemoved(resource, "DeleteConflictException: still attached to "
                            + where, "Detach it from those certificates (or delete the devices) and run tearDown again."));
                } else {
                    left.add(new TearDownReport.NotRemoved(resource, e.getMessage(), "Delete it in the AWS IoT console."));
                }
            }
        }
    }
}
