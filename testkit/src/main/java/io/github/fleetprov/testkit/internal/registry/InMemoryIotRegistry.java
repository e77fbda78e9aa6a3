package io.github.fleetprov.testkit.internal.registry;

import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.registry.BillingGroup;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.CaRegistrationConfig;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.PolicyVersion;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateUpdate;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateVersion;
import io.github.fleetprov.testkit.registry.RoleAlias;
import io.github.fleetprov.testkit.registry.Thing;
import io.github.fleetprov.testkit.registry.ThingGroup;
import io.github.fleetprov.testkit.registry.ThingType;
import io.github.fleetprov.testkit.registry.ThingUpdate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory {@link IotRegistry}: one store per AWS resource family ({@link ThingStore},
 * {@link CertificateStore}, {@link PolicyStore}, {@link TemplateStore}, {@link RoleAliasStore}) over
 * one set of {@link RegistryTables}, whose single lock keeps attachments and the resources they join
 * in agreement. This class only delegates; reads return immutable snapshots.
 */
public final class InMemoryIotRegistry implements IotRegistry {

    private final RegistryContext ctx;
    private final ThingStore things;
    private final CertificateStore certificates;
    private final PolicyStore policies;
    private final TemplateStore templates;
    private final RoleAliasStore roleAliases;
    private final RegistrationTaskStore registrationTasks;

    /**
     * Creates an empty registry.
     *
     * @param partition the ARN partition
     * @param region the ARN region
     * @param accountId the ARN account
     * @param clock the clock
     * @param events the event log
     */
    public InMemoryIotRegistry(String partition, String region, String accountId, Clock clock, EventLog events) {
        this(partition, region, accountId, clock, events, new RegistryTables());
    }

    /**
     * Creates an empty registry in the given tables (shared with the local IAM, so that one
     * listener hears, and one restore loads, all emulator state).
     *
     * @param partition the ARN partition
     * @param region the ARN region
     * @param accountId the ARN account
     * @param clock the clock
     * @param events the event log
     * @param tables the tables to declare the registry's tables in
     */
    public InMemoryIotRegistry(String partition, String region, String accountId, Clock clock, EventLog events,
            RegistryTables tables) {
        this.ctx = new RegistryContext(partition, region, accountId, clock, events, tables);
        this.things = new ThingStore(ctx);
        this.certificates = new CertificateStore(ctx);
        this.policies = new PolicyStore(ctx);
        this.templates = new TemplateStore(ctx);
        this.roleAliases = new RoleAliasStore(ctx);
        this.registrationTasks = new RegistrationTaskStore(tables, clock);
        ctx.things = things;
        ctx.certificates = certificates;
        ctx.policies = policies;
        ctx.templates = templates;
        ctx.roleAliases = roleAliases;
    }

    /**
     * The tables that hold this registry's state: where a persistence layer listens and restores.
     *
     * @return the tables
     */
    public RegistryTables tables() {
        return ctx.tables;
    }

    /** @return the bulk thing registration tasks, kept in the same tables */
    public RegistrationTaskStore registrationTasks() {
        return registrationTasks;
    }

    @Override
    public String partition() {
        return ctx.partition;
    }

    @Override
    public String region() {
        return ctx.region;
    }

    @Override
    public String accountId() {
        return ctx.accountId;
    }

    @Override
    public Clock clock() {
        return ctx.clock;
    }

    @Override
    public EventLog events() {
        return ctx.events;
    }

    @Override
    public String arn(String resourceType, String resourceId) {
        return ctx.arn(resourceType, resourceId);
    }

    @Override
    public ThingType createThingType(String thingTypeName, String description, List<String> searchableAttributes) {
        return things.createThingType(thingTypeName, description, searchableAttributes);
    }

    @Override
    public ThingType describeThingType(String thingTypeName) {
        return things.describeThingType(thingTypeName);
    }

    @Override
    public Optional<ThingType> findThingType(String thingTypeName) {
        return things.findThingType(thingTypeName);
    }

    @Override
    public List<ThingType> listThingTypes() {
        return things.listThingTypes();
    }

    @Override
    public ThingType deprecateThingType(String thingTypeName, boolean undoDeprecate) {
        return things.deprecateThingType(thingTypeName, undoDeprecate);
    }

    @Override
    public void deleteThingType(String thingTypeName) {
        things.deleteThingType(thingTypeName);
    }

    @Override
    public Thing createThing(String thingName) {
        return things.createThing(thingName);
    }

    @Override
    public Thing createThing(String thingName, String thingTypeName, Map<String, String> attributes, String billingGroupName) {
        return things.createThing(thingName, thingTypeName, attributes, billingGroupName);
    }

    @Override
    public Thing describeThing(String thingName) {
        return things.describeThing(thingName);
    }

    @Override
    public Optional<Thing> findThing(String thingName) {
        return things.findThing(thingName);
    }

    @Override
    public List<Thing> listThings() {
        return things.listThings();
    }

    @Override
    public Thing updateThing(String thingName, ThingUpdate update) {
        return things.updateThing(thingName, update);
    }

    @Override
    public void deleteThing(String thingName) {
        things.deleteThing(thingName);
    }

    @Override
    public ThingGroup createThingGroup(String thingGroupName, String description, Map<String, String> attributes) {
        return things.createThingGroup(thingGroupName, description, attributes);
    }

    @Override
    public ThingGroup describeThingGroup(String thingGroupName) {
        return things.describeThingGroup(thingGroupName);
    }

    @Override
    public Optional<ThingGroup> findThingGroup(String thingGroupName) {
        return things.findThingGroup(thingGroupName);
    }

    @Override
    public List<ThingGroup> listThingGroups() {
        return things.listThingGroups();
    }

    @Override
    public void deleteThingGroup(String thingGroupName) {
        things.deleteThingGroup(thingGroupName);
    }

    @Override
    public void addThingToThingGroup(String thingGroupName, String thingName) {
        things.addThingToThingGroup(thingGroupName, thingName);
    }

    @Override
    public void removeThingFromThingGroup(String thingGroupName, String thingName) {
        things.removeThingFromThingGroup(thingGroupName, thingName);
    }

    @Override
    public List<String> listThingsInThingGroup(String thingGroupName) {
        return things.listThingsInThingGroup(thingGroupName);
    }

    @Override
    public BillingGroup createBillingGroup(String billingGroupName) {
        return things.createBillingGroup(billingGroupName);
    }

    @Override
    public Optional<BillingGroup> findBillingGroup(String billingGroupName) {
        return things.findBillingGroup(billingGroupName);
    }

    @Override
    public List<BillingGroup> listBillingGroups() {
        return things.listBillingGroups();
    }

    @Override
    public void addThingToBillingGroup(String billingGroupName, String thingName) {
        things.addThingToBillingGroup(billingGroupName, thingName);
    }

    @Override
    public void removeThingFromBillingGroup(String billingGroupName, String thingName) {
        things.removeThingFromBillingGroup(billingGroupName, thingName);
    }

    @Override
    public void deleteBillingGroup(String billingGroupName) {
        things.deleteBillingGroup(billingGroupName);
    }

    @Override
    public void attachThingPrincipal(String thingName, String principal) {
        things.attachThingPrincipal(thingName, principal);
    }

    @Override
    public void detachThingPrincipal(String thingName, String principal) {
        things.detachThingPrincipal(thingName, principal);
    }

    @Override
    public List<String> listThingPrincipals(String thingName) {
        return things.listThingPrincipals(thingName);
    }

    @Override
    public List<String> listPrincipalThings(String principal) {
        return things.listPrincipalThings(principal);
    }

    @Override
    public Certificate registerCertificate(CertificateRegistration registration) {
        return certificates.registerCertificate(registration);
    }

    @Override
    public Certificate registerCertificate(String certificatePem, CertificateStatus status) {
        return certificates.registerCertificate(certificatePem, status);
    }

    @Override
    public Certificate describeCertificate(String certificateId) {
        return certificates.describeCertificate(certificateId);
    }

    @Override
    public Optional<Certificate> findCertificate(String certificateId) {
        return certificates.findCertificate(certificateId);
    }

    @Override
    public Optional<Certificate> findCertificateByArn(String certificateArn) {
        return certificates.findCertificateByArn(certificateArn);
    }

    @Override
    public List<Certificate> listCertificates() {
        return certificates.listCertificates();
    }

    @Override
    public Certificate updateCertificateStatus(String certificateId, CertificateStatus newStatus) {
        return certificates.updateCertificateStatus(certificateId, newStatus);
    }

    @Override
    public Certificate setClaimExpiry(String certificateId, Instant expiry) {
        return certificates.setClaimExpiry(certificateId, expiry);
    }

    @Override
    public void deleteCertificate(String certificateId, boolean forceDelete) {
        certificates.deleteCertificate(certificateId, forceDelete);
    }

    @Override
    public CaCertificate registerCaCertificate(String caCertificatePem, boolean active, boolean autoRegistration,
            CaRegistrationConfig registrationConfig) {
        return certificates.registerCaCertificate(caCertificatePem, active, autoRegistration, registrationConfig);
    }

    @Override
    public Optional<CaCertificate> findCaCertificate(String certificateId) {
        return certificates.findCaCertificate(certificateId);
    }

    @Override
    public List<CaCertificate> listCaCertificates() {
        return certificates.listCaCertificates();
    }

    @Override
    public void deleteCaCertificate(String certificateId) {
        certificates.deleteCaCertificate(certificateId);
    }

    @Override
    public Policy createPolicy(String policyName, String policyDocument) {
        return policies.createPolicy(policyName, policyDocument);
    }

    @Override
    public PolicyVersion createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault) {
        return policies.createPolicyVersion(policyName, policyDocument, setAsDefault);
    }

    @Override
    public Policy setDefaultPolicyVersion(String policyName, String versionId) {
        return policies.setDefaultPolicyVersion(policyName, versionId);
    }

    @Override
    public void deletePolicyVersion(String policyName, String versionId) {
        policies.deletePolicyVersion(policyName, versionId);
    }

    @Override
    public Policy getPolicy(String policyName) {
        return policies.getPolicy(policyName);
    }

    @Override
    public Optional<Policy> findPolicy(String policyName) {
        return policies.findPolicy(policyName);
    }

    @Override
    public List<Policy> listPolicies() {
        return policies.listPolicies();
    }

    @Override
    public void deletePolicy(String policyName) {
        policies.deletePolicy(policyName);
    }

    @Override
    public void attachPolicy(String policyName, String target) {
        policies.attachPolicy(policyName, target);
    }

    @Override
    public void detachPolicy(String policyName, String target) {
        policies.detachPolicy(policyName, target);
    }

    @Override
    public List<Policy> listAttachedPolicies(String target) {
        return policies.listAttachedPolicies(target);
    }

    @Override
    public List<String> listTargetsForPolicy(String policyName) {
        return policies.listTargetsForPolicy(policyName);
    }

    @Override
    public List<Policy> effectivePolicies(String certificateId) {
        return policies.effectivePolicies(certificateId);
    }

    @Override
    public ProvisioningTemplateRecord createProvisioningTemplate(ProvisioningTemplateSpec spec) {
        return templates.createProvisioningTemplate(spec);
    }

    @Override
    public ProvisioningTemplateRecord describeProvisioningTemplate(String templateName) {
        return templates.describeProvisioningTemplate(templateName);
    }

    @Override
    public Optional<ProvisioningTemplateRecord> findProvisioningTemplate(String templateName) {
        return templates.findProvisioningTemplate(templateName);
    }

    @Override
    public List<ProvisioningTemplateRecord> listProvisioningTemplates() {
        return templates.listProvisioningTemplates();
    }

    @Override
    public ProvisioningTemplateRecord updateProvisioningTemplate(String templateName, ProvisioningTemplateUpdate update) {
        return templates.updateProvisioningTemplate(templateName, update);
    }

    @Override
    public ProvisioningTemplateVersion createProvisioningTemplateVersion(String templateName, String templateBody, boolean setAsDefault) {
        return templates.createProvisioningTemplateVersion(templateName, templateBody, setAsDefault);
    }

    @Override
    public void deleteProvisioningTemplateVersion(String templateName, int versionId) {
        templates.deleteProvisioningTemplateVersion(templateName, versionId);
    }

    @Override
    public void deleteProvisioningTemplate(String templateName) {
        templates.deleteProvisioningTemplate(templateName);
    }

    @Override
    public void registerHookFunction(String targetArn, PreProvisioningHook hook) {
        templates.registerHookFunction(targetArn, hook);
    }

    @Override
    public Optional<PreProvisioningHook> findHookFunction(String targetArn) {
        return templates.findHookFunction(targetArn);
    }

    @Override
    public RoleAlias createRoleAlias(String roleAlias, String roleArn, int credentialDurationSeconds) {
        return roleAliases.createRoleAlias(roleAlias, roleArn, credentialDurationSeconds);
    }

    @Override
    public RoleAlias describeRoleAlias(String roleAlias) {
        return roleAliases.describeRoleAlias(roleAlias);
    }

    @Override
    public Optional<RoleAlias> findRoleAlias(String roleAlias) {
        return roleAliases.findRoleAlias(roleAlias);
    }

    @Override
    public List<RoleAlias> listRoleAliases() {
        return roleAliases.listRoleAliases();
    }

    @Override
    public RoleAlias updateRoleAlias(String roleAlias, String roleArn, Integer credentialDurationSeconds) {
        return roleAliases.updateRoleAlias(roleAlias, roleArn, credentialDurationSeconds);
    }

    @Override
    public void deleteRoleAlias(String roleAlias) {
        roleAliases.deleteRoleAlias(roleAlias);
    }

    @Override
    public ThingGroup updateThingGroup(String thingGroupName, String description, Map<String, String> attributes,
            boolean merge, Long expectedVersion) {
        return things.updateThingGroup(thingGroupName, description, attributes, merge, expectedVersion);
    }

    @Override
    public void deleteThingGroup(String thingGroupName, Long expectedVersion) {
        things.deleteThingGroup(thingGroupName, expectedVersion);
    }

    @Override
    public BillingGroup createBillingGroup(String billingGroupName, String description) {
        return things.createBillingGroup(billingGroupName, description);
    }

    @Override
    public BillingGroup describeBillingGroup(String billingGroupName) {
        return things.describeBillingGroup(billingGroupName);
    }

    @Override
    public BillingGroup updateBillingGroup(String billingGroupName, String description, Long expectedVersion) {
        return things.updateBillingGroup(billingGroupName, description, expectedVersion);
    }

    @Override
    public void deleteBillingGroup(String billingGroupName, Long expectedVersion) {
        things.deleteBillingGroup(billingGroupName, expectedVersion);
    }

    @Override
    public CaCertificate updateCaCertificate(String certificateId, Boolean active, Boolean autoRegistration,
            CaRegistrationConfig registrationConfig, boolean removeRegistrationConfig) {
        return certificates.updateCaCertificate(certificateId, active, autoRegistration, registrationConfig,
                removeRegistrationConfig);
    }
}
