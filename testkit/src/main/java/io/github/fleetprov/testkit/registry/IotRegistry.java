package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.internal.registry.InMemoryIotRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulated AWS IoT registry: thing types, things, thing and billing groups, certificates, CA
 * certificates, IoT policies with versions, policy and thing-principal attachments, provisioning
 * templates with versions and hooks, and role aliases.
 *
 * <p>In memory and thread-safe; every change is recorded in the {@link #events() event log}. Each
 * operation behaves like the AWS IoT operation of the same name and refuses what AWS IoT refuses with
 * a {@link RegistryException} carrying AWS's error code and HTTP status. Reads return immutable
 * snapshots. Principals are certificate ARNs ({@link Certificate#certificateArn()}).
 */
public interface IotRegistry {

    /** The most versions a policy or a provisioning template may have. */
    int MAX_VERSIONS = 5;

    /** The most policies that may be attached to one target. */
    int MAX_POLICIES_PER_TARGET = 10;

    /**
     * Creates an empty in-memory registry.
     *
     * @param partition the partition of the ARNs, e.g. {@code aws}
     * @param region the region of the ARNs
     * @param accountId the account id of the ARNs
     * @param clock the clock for creation dates and expiries
     * @param events the log that records every change
     * @return the registry
     */
    static IotRegistry inMemory(String partition, String region, String accountId, Clock clock, EventLog events) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        return new InMemoryIotRegistry(partition, region, accountId, clock, events);
    }

    /** @return the partition of the registry's ARNs */
    String partition();

    /** @return the region of the registry's ARNs */
    String region();

    /** @return the account id of the registry's ARNs */
    String accountId();

    /** @return the clock the registry uses */
    Clock clock();

    /** @return the event log that records every change */
    EventLog events();

    /**
     * Builds an IoT ARN of this registry's partition, region and account.
     *
     * @param resourceType the resource kind as it appears in ARNs, e.g. {@code thing}, {@code cert}
     * @param resourceId the resource id
     * @return the ARN text
     */
    String arn(String resourceType, String resourceId);

    // ---- thing types ----

    /**
     * Creates a thing type (CreateThingType).
     *
     * @param thingTypeName the name (1-128 of {@code [a-zA-Z0-9:_-]})
     * @param description the description, empty for none
     * @param searchableAttributes at most 3 searchable attribute names
     * @return the new type
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code InvalidRequestException}
     */
    ThingType createThingType(String thingTypeName, String description, List<String> searchableAttributes);

    /**
     * Describes a thing type.
     *
     * @param thingTypeName the name
     * @return the type
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ThingType describeThingType(String thingTypeName);

    /**
     * Finds a thing type.
     *
     * @param thingTypeName the name
     * @return the type, if it exists
     */
    Optional<ThingType> findThingType(String thingTypeName);

    /** @return every thing type, by name */
    List<ThingType> listThingTypes();

    /**
     * Deprecates a thing type or undoes the deprecation (DeprecateThingType).
     *
     * @param thingTypeName the name
     * @param undoDeprecate {@code true} to make it usable again
     * @return the type after the change
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ThingType deprecateThingType(String thingTypeName, boolean undoDeprecate);

    /**
     * Deletes a deprecated thing type (DeleteThingType).
     *
     * @param thingTypeName the name
     * @throws RegistryException {@code ResourceNotFoundException}; {@code InvalidRequestException} if not
     *     deprecated or still used by things
     */
    void deleteThingType(String thingTypeName);

    // ---- things ----

    /**
     * Creates a thing without type, attributes or billing group.
     *
     * @param thingName the name
     * @return the thing
     * @throws RegistryException see {@link #createThing(String, String, Map, String)}
     */
    Thing createThing(String thingName);

    /**
     * Creates a thing (CreateThing). Creating a thing that exists with the same type, attributes and
     * billing group returns the existing thing, as AWS does.
     *
     * @param thingName the name (1-128 of {@code [a-zA-Z0-9:_-]})
     * @param thingTypeName an existing, non-deprecated thing type, or {@code null}
     * @param attributes the attributes
     * @param billingGroupName an existing billing group, or {@code null}
     * @return the thing
     * @throws RegistryException {@code ResourceAlreadyExistsException} (exists differently),
     *     {@code ResourceNotFoundException} (type or billing group), {@code InvalidRequestException}
     */
    Thing createThing(String thingName, String thingTypeName, Map<String, String> attributes, String billingGroupName);

    /**
     * Describes a thing.
     *
     * @param thingName the name
     * @return the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Thing describeThing(String thingName);

    /**
     * Finds a thing.
     *
     * @param thingName the name
     * @return the thing, if it exists
     */
    Optional<Thing> findThing(String thingName);

    /** @return every thing, by name */
    List<Thing> listThings();

    /**
     * Updates a thing (UpdateThing); the version increases by one.
     *
     * @param thingName the name
     * @param update the changes
     * @return the thing after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code VersionConflictException},
     *     {@code InvalidRequestException}
     */
    Thing updateThing(String thingName, ThingUpdate update);

    /**
     * Deletes a thing (DeleteThing); deleting a thing that does not exist succeeds, as in AWS IoT.
     *
     * @param thingName the name
     * @throws RegistryException {@code InvalidRequestException} if principals are still attached
     */
    void deleteThing(String thingName);

    // ---- thing groups and billing groups ----

    /**
     * Creates a static thing group (CreateThingGroup); creating an identical one returns it.
     *
     * @param thingGroupName the name
     * @param description the description, empty for none
     * @param attributes the group's attributes
     * @return the group
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code InvalidRequestException}
     */
    ThingGroup createThingGroup(String thingGroupName, String description, Map<String, String> attributes);

    /**
     * Describes a thing group.
     *
     * @param thingGroupName the name
     * @return the group
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ThingGroup describeThingGroup(String thingGroupName);

    /**
     * Finds a thing group.
     *
     * @param thingGroupName the name
     * @return the group, if it exists
     */
    Optional<ThingGroup> findThingGroup(String thingGroupName);

    /** @return every thing group, by name */
    List<ThingGroup> listThingGroups();

    /**
     * Deletes a thing group; its things leave it and its policy attachments go.
     *
     * @param thingGroupName the name
     */
    void deleteThingGroup(String thingGroupName);

    /**
     * Adds a thing to a thing group (AddThingToThingGroup).
     *
     * @param thingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void addThingToThingGroup(String thingGroupName, String thingName);

    /**
     * Removes a thing from a thing group.
     *
     * @param thingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void removeThingFromThingGroup(String thingGroupName, String thingName);

    /**
     * The things in a group.
     *
     * @param thingGroupName the group
     * @return the thing names, sorted
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    List<String> listThingsInThingGroup(String thingGroupName);

    /**
     * Creates a billing group; creating an existing one returns it.
     *
     * @param billingGroupName the name
     * @return the group
     */
    BillingGroup createBillingGroup(String billingGroupName);

    /**
     * Finds a billing group.
     *
     * @param billingGroupName the name
     * @return the group, if it exists
     */
    Optional<BillingGroup> findBillingGroup(String billingGroupName);

    /** @return every billing group, by name */
    List<BillingGroup> listBillingGroups();

    /**
     * Puts a thing in a billing group (a thing is in at most one).
     *
     * @param billingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void addThingToBillingGroup(String billingGroupName, String thingName);

    /**
     * Takes a thing out of a billing group.
     *
     * @param billingGroupName the group
     * @param thingName the thing
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void removeThingFromBillingGroup(String billingGroupName, String thingName);

    /**
     * Deletes a billing group; its things leave it.
     *
     * @param billingGroupName the name
     */
    void deleteBillingGroup(String billingGroupName);

    // ---- certificates ----

    /**
     * Registers a certificate (RegisterCertificate / RegisterCertificateWithoutCA, and the internal
     * registration of certificates the emulator issues).
     *
     * @param registration the PEM, status and options
     * @return the registered certificate
     * @throws RegistryException {@code ResourceAlreadyExistsException} (same id),
     *     {@code CertificateValidationException} (not a certificate), {@code ResourceNotFoundException}
     *     (unknown CA)
     */
    Certificate registerCertificate(CertificateRegistration registration);

    /**
     * Registers a certificate without a CA with a status (RegisterCertificateWithoutCA).
     *
     * @param certificatePem the certificate PEM
     * @param status the status
     * @return the registered certificate
     * @throws RegistryException see {@link #registerCertificate(CertificateRegistration)}
     */
    Certificate registerCertificate(String certificatePem, CertificateStatus status);

    /**
     * Describes a certificate.
     *
     * @param certificateId the id
     * @return the certificate
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Certificate describeCertificate(String certificateId);

    /**
     * Finds a certificate, temporary provisioning claims included.
     *
     * @param certificateId the id
     * @return the certificate, if it is registered
     */
    Optional<Certificate> findCertificate(String certificateId);

    /**
     * Finds a certificate by its ARN (a principal).
     *
     * @param certificateArn the ARN
     * @return the certificate, if it is registered
     */
    Optional<Certificate> findCertificateByArn(String certificateArn);

    /** @return every certificate except temporary provisioning claims, by id */
    List<Certificate> listCertificates();

    /**
     * Changes a certificate's status (UpdateCertificate). A REVOKED certificate cannot change, and a
     * PENDING_TRANSFER one cannot be updated, as in AWS IoT.
     *
     * @param certificateId the id
     * @param newStatus the new status
     * @return the certificate after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code CertificateStateException}
     */
    Certificate updateCertificateStatus(String certificateId, CertificateStatus newStatus);

    /**
     * Sets or clears the claim expiry of a certificate (for tests of expired claims).
     *
     * @param certificateId the id
     * @param expiry the new expiry
     * @return the certificate after the change
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Certificate setClaimExpiry(String certificateId, java.time.Instant expiry);

    /**
     * Deletes a certificate (DeleteCertificate). An ACTIVE certificate cannot be deleted; one with
     * things attached cannot either; one with policies attached only with {@code forceDelete}, which
     * detaches them.
     *
     * @param certificateId the id
     * @param forceDelete whether to detach policies first
     * @throws RegistryException {@code ResourceNotFoundException}, {@code CertificateStateException},
     *     {@code DeleteConflictException}
     */
    void deleteCertificate(String certificateId, boolean forceDelete);

    /**
     * Registers a CA certificate (RegisterCACertificate).
     *
     * @param caCertificatePem the CA certificate PEM
     * @param active whether it is ACTIVE
     * @param autoRegistration whether auto-registration is on
     * @return the CA certificate
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code CertificateValidationException}
     */
    CaCertificate registerCaCertificate(String caCertificatePem, boolean active, boolean autoRegistration);

    /**
     * Finds a CA certificate.
     *
     * @param certificateId the CA certificate id
     * @return the CA certificate, if registered
     */
    Optional<CaCertificate> findCaCertificate(String certificateId);

    /** @return every registered CA certificate */
    List<CaCertificate> listCaCertificates();

    /**
     * Deletes a CA certificate.
     *
     * @param certificateId the CA certificate id
     * @throws RegistryException {@code ResourceNotFoundException}; {@code CertificateStateException} if ACTIVE
     */
    void deleteCaCertificate(String certificateId);

    // ---- policies ----

    /**
     * Creates an IoT policy with version 1 as default (CreatePolicy).
     *
     * @param policyName the name (1-128 of {@code [\w+=,.@-]})
     * @param policyDocument the JSON document
     * @return the policy
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code MalformedPolicyException},
     *     {@code InvalidRequestException}
     */
    Policy createPolicy(String policyName, String policyDocument);

    /**
     * Adds a version to a policy (CreatePolicyVersion).
     *
     * @param policyName the policy
     * @param policyDocument the JSON document
     * @param setAsDefault whether the new version becomes the default
     * @return the new version
     * @throws RegistryException {@code ResourceNotFoundException}, {@code MalformedPolicyException},
     *     {@code VersionsLimitExceededException} (already 5 versions)
     */
    PolicyVersion createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault);

    /**
     * Makes a version the default (SetDefaultPolicyVersion).
     *
     * @param policyName the policy
     * @param versionId the version
     * @return the policy after the change
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Policy setDefaultPolicyVersion(String policyName, String versionId);

    /**
     * Deletes a non-default version (DeletePolicyVersion).
     *
     * @param policyName the policy
     * @param versionId the version
     * @throws RegistryException {@code ResourceNotFoundException}; {@code DeleteConflictException} for the default
     */
    void deletePolicyVersion(String policyName, String versionId);

    /**
     * Gets a policy (GetPolicy).
     *
     * @param policyName the name
     * @return the policy
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Policy getPolicy(String policyName);

    /**
     * Finds a policy.
     *
     * @param policyName the name
     * @return the policy, if it exists
     */
    Optional<Policy> findPolicy(String policyName);

    /** @return every policy, by name */
    List<Policy> listPolicies();

    /**
     * Deletes a policy (DeletePolicy): it must not be attached and must have only its default version.
     *
     * @param policyName the name
     * @throws RegistryException {@code ResourceNotFoundException}, {@code DeleteConflictException}
     */
    void deletePolicy(String policyName);

    /**
     * Attaches a policy to a target (AttachPolicy): a certificate ARN or a thing group ARN. Attaching
     * twice is harmless.
     *
     * @param policyName the policy
     * @param target the certificate or thing group ARN
     * @throws RegistryException {@code ResourceNotFoundException}, {@code InvalidRequestException},
     *     {@code LimitExceededException} (more than 10 policies on the target)
     */
    void attachPolicy(String policyName, String target);

    /**
     * Detaches a policy from a target (DetachPolicy); detaching what is not attached is harmless.
     *
     * @param policyName the policy
     * @param target the certificate or thing group ARN
     */
    void detachPolicy(String policyName, String target);

    /**
     * The policies attached directly to a target (ListAttachedPolicies).
     *
     * @param target the certificate or thing group ARN
     * @return the policies, in attachment order
     */
    List<Policy> listAttachedPolicies(String target);

    /**
     * The targets of a policy (ListTargetsForPolicy).
     *
     * @param policyName the policy
     * @return the target ARNs, sorted
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    List<String> listTargetsForPolicy(String policyName);

    /**
     * The policies that apply to a connection with a certificate: those attached to the certificate,
     * plus those attached to the thing groups of the things attached to it.
     *
     * @param certificateId the certificate id
     * @return the effective policies (no duplicates)
     */
    List<Policy> effectivePolicies(String certificateId);

    // ---- thing principals ----

    /**
     * Attaches a principal (certificate ARN) to a thing (AttachThingPrincipal); attaching twice is harmless.
     *
     * @param thingName the thing
     * @param principal the certificate ARN
     * @throws RegistryException {@code ResourceNotFoundException} (thing or certificate)
     */
    void attachThingPrincipal(String thingName, String principal);

    /**
     * Detaches a principal from a thing (DetachThingPrincipal).
     *
     * @param thingName the thing
     * @param principal the certificate ARN
     * @throws RegistryException {@code ResourceNotFoundException} (thing)
     */
    void detachThingPrincipal(String thingName, String principal);

    /**
     * The principals of a thing (ListThingPrincipals).
     *
     * @param thingName the thing
     * @return the certificate ARNs, sorted
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    List<String> listThingPrincipals(String thingName);

    /**
     * The things of a principal (ListPrincipalThings).
     *
     * @param principal the certificate ARN
     * @return the thing names, sorted
     */
    List<String> listPrincipalThings(String principal);

    // ---- provisioning templates ----

    /**
     * Creates a provisioning template with version 1 as default (CreateProvisioningTemplate).
     *
     * @param spec the template
     * @return the template
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code InvalidRequestException}
     *     (e.g. a body that is not a JSON object)
     */
    ProvisioningTemplateRecord createProvisioningTemplate(ProvisioningTemplateSpec spec);

    /**
     * Describes a provisioning template.
     *
     * @param templateName the name
     * @return the template
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ProvisioningTemplateRecord describeProvisioningTemplate(String templateName);

    /**
     * Finds a provisioning template.
     *
     * @param templateName the name
     * @return the template, if it exists
     */
    Optional<ProvisioningTemplateRecord> findProvisioningTemplate(String templateName);

    /** @return every provisioning template, by name */
    List<ProvisioningTemplateRecord> listProvisioningTemplates();

    /**
     * Updates a template (UpdateProvisioningTemplate).
     *
     * @param templateName the name
     * @param update the changes
     * @return the template after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code InvalidRequestException}
     */
    ProvisioningTemplateRecord updateProvisioningTemplate(String templateName, ProvisioningTemplateUpdate update);

    /**
     * Adds a version to a template (CreateProvisioningTemplateVersion).
     *
     * @param templateName the name
     * @param templateBody the body
     * @param setAsDefault whether it becomes the default
     * @return the new version
     * @throws RegistryException {@code ResourceNotFoundException}, {@code VersionsLimitExceededException},
     *     {@code InvalidRequestException}
     */
    ProvisioningTemplateVersion createProvisioningTemplateVersion(String templateName, String templateBody,
            boolean setAsDefault);

    /**
     * Deletes a non-default version of a template.
     *
     * @param templateName the name
     * @param versionId the version
     * @throws RegistryException {@code ResourceNotFoundException}; {@code DeleteConflictException} for the default
     */
    void deleteProvisioningTemplateVersion(String templateName, int versionId);

    /**
     * Deletes a template (DeleteProvisioningTemplate).
     *
     * @param templateName the name
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void deleteProvisioningTemplate(String templateName);

    /**
     * Registers the Java callback that runs in place of a hook function ARN.
     *
     * @param targetArn the function ARN used in templates
     * @param hook the callback
     */
    void registerHookFunction(String targetArn, PreProvisioningHook hook);

    /**
     * The Java callback registered for a hook function ARN.
     *
     * @param targetArn the function ARN
     * @return the callback, if one is registered
     */
    Optional<PreProvisioningHook> findHookFunction(String targetArn);

    // ---- role aliases ----

    /**
     * Creates a role alias (CreateRoleAlias).
     *
     * @param roleAlias the alias (1-128 of {@code [\w=,@-]})
     * @param roleArn the IAM role ARN
     * @param credentialDurationSeconds 900 to 43200 (AWS's default is 3600)
     * @return the alias
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code InvalidRequestException}
     */
    RoleAlias createRoleAlias(String roleAlias, String roleArn, int credentialDurationSeconds);

    /**
     * Describes a role alias.
     *
     * @param roleAlias the alias
     * @return the alias
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    RoleAlias describeRoleAlias(String roleAlias);

    /**
     * Finds a role alias.
     *
     * @param roleAlias the alias
     * @return the alias, if it exists
     */
    Optional<RoleAlias> findRoleAlias(String roleAlias);

    /** @return every role alias, by name */
    List<RoleAlias> listRoleAliases();

    /**
     * Updates a role alias (UpdateRoleAlias).
     *
     * @param roleAlias the alias
     * @param roleArn the new role ARN, or {@code null} to keep it
     * @param credentialDurationSeconds the new duration, or {@code null} to keep it
     * @return the alias after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code InvalidRequestException}
     */
    RoleAlias updateRoleAlias(String roleAlias, String roleArn, Integer credentialDurationSeconds);

    /**
     * Deletes a role alias.
     *
     * @param roleAlias the alias
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void deleteRoleAlias(String roleAlias);
}
