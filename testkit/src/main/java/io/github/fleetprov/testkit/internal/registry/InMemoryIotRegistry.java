package io.github.fleetprov.testkit.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.Arn;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.BillingGroup;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.PolicyVersion;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateUpdate;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateVersion;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.RoleAlias;
import io.github.fleetprov.testkit.registry.Thing;
import io.github.fleetprov.testkit.registry.ThingGroup;
import io.github.fleetprov.testkit.registry.ThingType;
import io.github.fleetprov.testkit.registry.ThingUpdate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The in-memory {@link IotRegistry}. One monitor guards all state, so that attachments and the
 * resources they join never disagree; reads return immutable snapshots.
 */
public final class InMemoryIotRegistry implements IotRegistry {

    private static final String NAME_PATTERN = "[a-zA-Z0-9:_-]{1,128}";
    private static final String POLICY_NAME_PATTERN = "[\\w+=,.@-]{1,128}";
    private static final String ROLE_ALIAS_PATTERN = "[\\w=,@-]{1,128}";
    private static final int MAX_POLICY_CHARS = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String partition;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final EventLog events;
    private final Object lock = new Object();

    private final Map<String, ThingType> thingTypes = new TreeMap<>();
    private final Map<String, Thing> things = new TreeMap<>();
    private final Map<String, ThingGroup> thingGroups = new TreeMap<>();
    private final Map<String, BillingGroup> billingGroups = new TreeMap<>();
    private final Map<String, Certificate> certificates = new TreeMap<>();
    private final Map<String, String> certificateIdByArn = new HashMap<>();
    private final Map<String, CaCertificate> caCertificates = new TreeMap<>();
    private final Map<String, Policy> policies = new TreeMap<>();
    private final Map<String, Integer> nextPolicyVersion = new HashMap<>();
    /** target ARN to the names of the policies attached to it, in attachment order. */
    private final Map<String, LinkedHashSet<String>> policyAttachments = new HashMap<>();
    /** thing name to principal ARNs. */
    private final Map<String, TreeSet<String>> thingPrincipals = new HashMap<>();
    /** principal ARN to thing names. */
    private final Map<String, TreeSet<String>> principalThings = new HashMap<>();
    private final Map<String, ProvisioningTemplateRecord> templates = new TreeMap<>();
    private final Map<String, Integer> nextTemplateVersion = new HashMap<>();
    private final Map<String, RoleAlias> roleAliases = new TreeMap<>();
    private final Map<String, PreProvisioningHook> hookFunctions = new ConcurrentHashMap<>();

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
        this.partition = Objects.requireNonNull(partition, "partition");
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        // Refuses a malformed partition, region or account now rather than in every ARN later.
        Arn.of(partition, "iot", region, accountId, "thing/validation");
    }

    @Override
    public String partition() {
        return partition;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public String arn(String resourceType, String resourceId) {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
        return "arn:" + partition + ":iot:" + region + ":" + accountId + ":" + resourceType + "/" + resourceId;
    }

    private void changed(String operation, String resource, String detailKey, String detailValue) {
        events.record(Event.builder(EventType.REGISTRY, operation).resource(resource).outcome("OK")
                .detail(detailKey, detailValue));
    }

    private static void requireName(String field, String value, String pattern, String rule) {
        Objects.requireNonNull(value, field);
        if (!value.matches(pattern)) {
            throw RegistryException.invalidRequest(field + ": '" + value + "' is not valid. Use " + rule + ".");
        }
    }

    // ---- thing types ----

    @Override
    public ThingType createThingType(String thingTypeName, String description, List<String> searchableAttributes) {
        requireName("thingTypeName", thingTypeName, NAME_PATTERN, "1 to 128 characters of [a-zA-Z0-9:_-]");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(searchableAttributes, "searchableAttributes");
        if (searchableAttributes.size() > 3) {
            throw RegistryException.invalidRequest("searchableAttributes: " + searchableAttributes.size()
                    + " given. A thing type has at most 3 searchable attributes.");
        }
        synchronized (lock) {
            ThingType existing = thingTypes.get(thingTypeName);
            if (existing != null) {
                throw RegistryException.alreadyExists("Thing type " + thingTypeName + " already exists.",
                        existing.thingTypeId(), existing.thingTypeArn());
            }
            ThingType type = new ThingType(thingTypeName, arn("thingtype", thingTypeName),
                    UUID.randomUUID().toString(), description, searchableAttributes, false, clock.instant());
            thingTypes.put(thingTypeName, type);
            changed("CreateThingType", type.thingTypeArn(), null, null);
            return type;
        }
    }

    @Override
    public ThingType describeThingType(String thingTypeName) {
        return findThingType(thingTypeName).orElseThrow(() -> RegistryException.notFound("Thing type "
                + thingTypeName + " does not exist. Create it with CreateThingType first."));
    }

    @Override
    public Optional<ThingType> findThingType(String thingTypeName) {
        Objects.requireNonNull(thingTypeName, "thingTypeName");
        synchronized (lock) {
            return Optional.ofNullable(thingTypes.get(thingTypeName));
        }
    }

    @Override
    public List<ThingType> listThingTypes() {
        synchronized (lock) {
            return List.copyOf(thingTypes.values());
        }
    }

    @Override
    public ThingType deprecateThingType(String thingTypeName, boolean undoDeprecate) {
        synchronized (lock) {
            ThingType t = describeThingType(thingTypeName);
            ThingType updated = new ThingType(t.thingTypeName(), t.thingTypeArn(), t.thingTypeId(), t.description(),
                    t.searchableAttributes(), !undoDeprecate, t.creationDate());
            thingTypes.put(thingTypeName, updated);
            changed("DeprecateThingType", t.thingTypeArn(), "undoDeprecate", String.valueOf(undoDeprecate));
            return updated;
        }
    }

    @Override
    public void deleteThingType(String thingTypeName) {
        synchronized (lock) {
            ThingType t = describeThingType(thingTypeName);
            if (!t.deprecated()) {
                throw RegistryException.invalidRequest("Thing type " + thingTypeName
                        + " is not deprecated. Deprecate it with DeprecateThingType before deleting it.");
            }
            List<String> users = things.values().stream()
                    .filter(th -> th.thingTypeName().map(thingTypeName::equals).orElse(false))
                    .map(Thing::thingName).limit(5).collect(Collectors.toList());
            if (!users.isEmpty()) {
                throw RegistryException.invalidRequest("Thing type " + thingTypeName + " is still used by " + users
                        + ". Remove the type from those things first.");
            }
            thingTypes.remove(thingTypeName);
            changed("DeleteThingType", t.thingTypeArn(), null, null);
        }
    }

    // ---- things ----

    @Override
    public Thing createThing(String thingName) {
        return createThing(thingName, null, Map.of(), null);
    }

    @Override
    public Thing createThing(String thingName, String thingTypeName, Map<String, String> attributes,
            String billingGroupName) {
        requireName("thingName", thingName, NAME_PATTERN, "1 to 128 characters of [a-zA-Z0-9:_-]");
        Objects.requireNonNull(attributes, "attributes");
        validateAttributes(attributes);
        synchronized (lock) {
            if (thingTypeName != null) {
                ThingType type = describeThingType(thingTypeName);
                if (type.deprecated()) {
                    throw RegistryException.invalidRequest("Thing type " + thingTypeName
                            + " is deprecated. Use another type, or undo the deprecation.");
                }
            }
            if (billingGroupName != null && !billingGroups.containsKey(billingGroupName)) {
                throw RegistryException.notFound("Billing group " + billingGroupName
                        + " does not exist. Create it with CreateBillingGroup first.");
            }
            Thing existing = things.get(thingName);
            if (existing != null) {
                if (Objects.equals(existing.thingTypeName().orElse(null), thingTypeName)
                        && existing.attributes().equals(attributes)
                        && Objects.equals(existing.billingGroupName().orElse(null), billingGroupName)) {
                    return existing;
                }
                throw RegistryException.alreadyExists("Thing " + thingName
                        + " already exists with a different configuration.", existing.thingId(), existing.thingArn());
            }
            Thing thing = new Thing(thingName, arn("thing", thingName), UUID.randomUUID().toString(), thingTypeName,
                    attributes, Set.of(), billingGroupName, 1, clock.instant());
            things.put(thingName, thing);
            changed("CreateThing", thing.thingArn(), "thingTypeName", thingTypeName);
            return thing;
        }
    }

    private static void validateAttributes(Map<String, String> attributes) {
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            Objects.requireNonNull(e.getValue(), "attributes." + e.getKey());
            if (!e.getKey().matches("[a-zA-Z0-9_.,@/:#-]{1,128}")) {
                throw RegistryException.invalidRequest("attributes: name '" + e.getKey()
                        + "' is not valid. Use 1 to 128 characters of [a-zA-Z0-9_.,@/:#-].");
            }
            if (e.getValue().length() > 800) {
                throw RegistryException.invalidRequest("attributes." + e.getKey()
                        + ": value longer than 800 characters. Shorten it.");
            }
        }
    }

    @Override
    public Thing describeThing(String thingName) {
        return findThing(thingName).orElseThrow(() -> RegistryException.notFound("Thing " + thingName
                + " does not exist. Create it with CreateThing, or provision it with RegisterThing."));
    }

    @Override
    public Optional<Thing> findThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        synchronized (lock) {
            return Optional.ofNullable(things.get(thingName));
        }
    }

    @Override
    public List<Thing> listThings() {
        synchronized (lock) {
            return List.copyOf(things.values());
        }
    }

    @Override
    public Thing updateThing(String thingName, ThingUpdate update) {
        Objects.requireNonNull(update, "update");
        synchronized (lock) {
            Thing t = describeThing(thingName);
            if (update.expectedVersion().isPresent() && update.expectedVersion().getAsLong() != t.version()) {
                throw RegistryException.of(RegistryException.VERSION_CONFLICT, "Thing " + thingName + " has version "
                        + t.version() + ", not the expected " + update.expectedVersion().getAsLong()
                        + ". Describe the thing again and retry with its current version.");
            }
            String type = t.thingTypeName().orElse(null);
            if (update.removeThingType()) {
                type = null;
            } else if (update.thingTypeName().isPresent()) {
                ThingType tt = describeThingType(update.thingTypeName().get());
                if (tt.deprecated()) {
                    throw RegistryException.invalidRequest("Thing type " + tt.thingTypeName()
                            + " is deprecated. Use another type, or undo the deprecation.");
                }
                type = tt.thingTypeName();
            }
            Map<String, String> attrs = new LinkedHashMap<>(t.attributes());
            if (update.attributes().isPresent()) {
                Map<String, String> given = update.attributes().get();
                if (update.merge()) {
                    given.forEach((k, v) -> {
                        if (v.isEmpty()) {
                            attrs.remove(k);
                        } else {
                            attrs.put(k, v);
                        }
                    });
                } else {
                    attrs.clear();
                    attrs.putAll(given);
                }
                validateAttributes(attrs);
            }
            Thing updated = new Thing(t.thingName(), t.thingArn(), t.thingId(), type, attrs, t.thingGroups(),
                    t.billingGroupName().orElse(null), t.version() + 1, t.creationDate());
            things.put(thingName, updated);
            changed("UpdateThing", t.thingArn(), "version", String.valueOf(updated.version()));
            return updated;
        }
    }

    @Override
    public void deleteThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        synchronized (lock) {
            Thing t = things.get(thingName);
            if (t == null) {
                return;
            }
            TreeSet<String> principals = thingPrincipals.get(thingName);
            if (principals != null && !principals.isEmpty()) {
                throw RegistryException.invalidRequest("Thing " + thingName + " still has principals attached "
                        + principals + ". Detach them with DetachThingPrincipal first.");
            }
            things.remove(thingName);
            thingPrincipals.remove(thingName);
            changed("DeleteThing", t.thingArn(), null, null);
        }
    }

    private Thing replaceThing(Thing t, Set<String> groups, String billingGroup) {
        Thing updated = new Thing(t.thingName(), t.thingArn(), t.thingId(), t.thingTypeName().orElse(null),
                t.attributes(), groups, billingGroup, t.version(), t.creationDate());
        things.put(t.thingName(), updated);
        return updated;
    }

    // ---- groups ----

    @Override
    public ThingGroup createThingGroup(String thingGroupName, String description, Map<String, String> attributes) {
        requireName("thingGroupName", thingGroupName, NAME_PATTERN, "1 to 128 characters of [a-zA-Z0-9:_-]");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(attributes, "attributes");
        synchronized (lock) {
            ThingGroup existing = thingGroups.get(thingGroupName);
            if (existing != null) {
                if (existing.description().equals(description) && existing.attributes().equals(attributes)) {
                    return existing;
                }
                throw RegistryException.alreadyExists("Thing group " + thingGroupName
                        + " already exists with a different configuration.", existing.thingGroupId(),
                        existing.thingGroupArn());
            }
            ThingGroup g = new ThingGroup(thingGroupName, arn("thinggroup", thingGroupName),
                    UUID.randomUUID().toString(), description, attributes, clock.instant());
            thingGroups.put(thingGroupName, g);
            changed("CreateThingGroup", g.thingGroupArn(), null, null);
            return g;
        }
    }

    @Override
    public ThingGroup describeThingGroup(String thingGroupName) {
        return findThingGroup(thingGroupName).orElseThrow(() -> RegistryException.notFound("Thing group "
                + thingGroupName + " does not exist. Create it with CreateThingGroup first."));
    }

    @Override
    public Optional<ThingGroup> findThingGroup(String thingGroupName) {
        Objects.requireNonNull(thingGroupName, "thingGroupName");
        synchronized (lock) {
            return Optional.ofNullable(thingGroups.get(thingGroupName));
        }
    }

    @Override
    public List<ThingGroup> listThingGroups() {
        synchronized (lock) {
            return List.copyOf(thingGroups.values());
        }
    }

    @Override
    public void deleteThingGroup(String thingGroupName) {
        Objects.requireNonNull(thingGroupName, "thingGroupName");
        synchronized (lock) {
            ThingGroup g = thingGroups.remove(thingGroupName);
            if (g == null) {
                return;
            }
            for (Thing t : List.copyOf(things.values())) {
                if (t.thingGroups().contains(thingGroupName)) {
                    Set<String> groups = new TreeSet<>(t.thingGroups());
                    groups.remove(thingGroupName);
                    replaceThing(t, groups, t.billingGroupName().orElse(null));
                }
            }
            policyAttachments.remove(g.thingGroupArn());
            changed("DeleteThingGroup", g.thingGroupArn(), null, null);
        }
    }

    @Override
    public void addThingToThingGroup(String thingGroupName, String thingName) {
        synchronized (lock) {
            ThingGroup g = describeThingGroup(thingGroupName);
            Thing t = describeThing(thingName);
            if (!t.thingGroups().contains(thingGroupName)) {
                Set<String> groups = new TreeSet<>(t.thingGroups());
                groups.add(thingGroupName);
                replaceThing(t, groups, t.billingGroupName().orElse(null));
                changed("AddThingToThingGroup", g.thingGroupArn(), "thingName", thingName);
            }
        }
    }

    @Override
    public void removeThingFromThingGroup(String thingGroupName, String thingName) {
        synchronized (lock) {
            ThingGroup g = describeThingGroup(thingGroupName);
            Thing t = describeThing(thingName);
            if (t.thingGroups().contains(thingGroupName)) {
                Set<String> groups = new TreeSet<>(t.thingGroups());
                groups.remove(thingGroupName);
                replaceThing(t, groups, t.billingGroupName().orElse(null));
                changed("RemoveThingFromThingGroup", g.thingGroupArn(), "thingName", thingName);
            }
        }
    }

    @Override
    public List<String> listThingsInThingGroup(String thingGroupName) {
        synchronized (lock) {
            describeThingGroup(thingGroupName);
            return things.values().stream().filter(t -> t.thingGroups().contains(thingGroupName))
                    .map(Thing::thingName).collect(Collectors.toUnmodifiableList());
        }
    }

    @Override
    public BillingGroup createBillingGroup(String billingGroupName) {
        requireName("billingGroupName", billingGroupName, NAME_PATTERN, "1 to 128 characters of [a-zA-Z0-9:_-]");
        synchronized (lock) {
            BillingGroup existing = billingGroups.get(billingGroupName);
            if (existing != null) {
                return existing;
            }
            BillingGroup g = new BillingGroup(billingGroupName, arn("billinggroup", billingGroupName),
                    UUID.randomUUID().toString(), clock.instant());
            billingGroups.put(billingGroupName, g);
            changed("CreateBillingGroup", g.billingGroupArn(), null, null);
            return g;
        }
    }

    @Override
    public Optional<BillingGroup> findBillingGroup(String billingGroupName) {
        Objects.requireNonNull(billingGroupName, "billingGroupName");
        synchronized (lock) {
            return Optional.ofNullable(billingGroups.get(billingGroupName));
        }
    }

    @Override
    public List<BillingGroup> listBillingGroups() {
        synchronized (lock) {
            return List.copyOf(billingGroups.values());
        }
    }

    private BillingGroup describeBillingGroup(String billingGroupName) {
        return findBillingGroup(billingGroupName).orElseThrow(() -> RegistryException.notFound("Billing group "
                + billingGroupName + " does not exist. Create it with CreateBillingGroup first."));
    }

    @Override
    public void addThingToBillingGroup(String billingGroupName, String thingName) {
        synchronized (lock) {
            BillingGroup g = describeBillingGroup(billingGroupName);
            Thing t = describeThing(thingName);
            replaceThing(t, t.thingGroups(), billingGroupName);
            changed("AddThingToBillingGroup", g.billingGroupArn(), "thingName", thingName);
        }
    }

    @Override
    public void removeThingFromBillingGroup(String billingGroupName, String thingName) {
        synchronized (lock) {
            BillingGroup g = describeBillingGroup(billingGroupName);
            Thing t = describeThing(thingName);
            if (t.billingGroupName().map(billingGroupName::equals).orElse(false)) {
                replaceThing(t, t.thingGroups(), null);
                changed("RemoveThingFromBillingGroup", g.billingGroupArn(), "thingName", thingName);
            }
        }
    }

    @Override
    public void deleteBillingGroup(String billingGroupName) {
        Objects.requireNonNull(billingGroupName, "billingGroupName");
        synchronized (lock) {
            BillingGroup g = billingGroups.remove(billingGroupName);
            if (g == null) {
                return;
            }
            for (Thing t : List.copyOf(things.values())) {
                if (t.billingGroupName().map(billingGroupName::equals).orElse(false)) {
                    replaceThing(t, t.thingGroups(), null);
                }
            }
            changed("DeleteBillingGroup", g.billingGroupArn(), null, null);
        }
    }

    // ---- certificates ----

    static X509Certificate parseCertificate(String field, String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        if (pem.contains("-----BEGIN") && !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw RegistryException.of(RegistryException.CERTIFICATE_VALIDATION, field
                    + ": is not a certificate PEM. Give a '-----BEGIN CERTIFICATE-----' block.");
        }
        try {
            // core's reader bounds size and nesting before the JDK parser, which recurses without limit.
            return Pem.readCertificate(body);
        } catch (InvalidInputException e) {
            throw RegistryException.of(RegistryException.CERTIFICATE_VALIDATION, field
                    + ": cannot be read as an X.509 certificate (" + e.problem() + "). Give a PEM certificate.");
        }
    }


    @Override
    public Certificate registerCertificate(String certificatePem, CertificateStatus status) {
        return registerCertificate(CertificateRegistration.builder(certificatePem).status(status).build());
    }

    @Override
    public Certificate registerCertificate(CertificateRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        X509Certificate x509 = parseCertificate("certificatePem", registration.certificatePem());
        String id = Certificates.awsCertificateId(x509);
        synchronized (lock) {
            Certificate existing = certificates.get(id);
            if (existing != null) {
                throw RegistryException.alreadyExists("The certificate is already registered (id " + id + ").", id,
                        existing.certificateArn());
            }
            if (registration.caCertificateId().isPresent()
                    && !caCertificates.containsKey(registration.caCertificateId().get())) {
                throw RegistryException.notFound("CA certificate " + registration.caCertificateId().get()
                        + " is not registered. Register it with RegisterCACertificate first.");
            }
            Instant now = clock.instant();
            Certificate c = new Certificate(id, arn("cert", id), registration.certificatePem(), x509,
                    registration.status(), registration.caCertificateId().orElse(null),
                    registration.claimExpiry().orElse(null), registration.claimTemplateName().orElse(null),
                    UUID.randomUUID().toString(), now, now);
            certificates.put(id, c);
            certificateIdByArn.put(c.certificateArn(), id);
            events.record(Event.builder(EventType.REGISTRY, "RegisterCertificate").resource(c.certificateArn())
                    .outcome("OK").detail("certificateId", id).detail("status", c.status().name())
                    .detail("claimTemplateName", registration.claimTemplateName().orElse(null)));
            return c;
        }
    }

    @Override
    public Certificate describeCertificate(String certificateId) {
        return findCertificate(certificateId).orElseThrow(() -> RegistryException.notFound("Certificate "
                + certificateId + " is not registered. Register it, or check the id (the SHA-256 of its DER)."));
    }

    @Override
    public Optional<Certificate> findCertificate(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        synchronized (lock) {
            return Optional.ofNullable(certificates.get(certificateId));
        }
    }

    @Override
    public Optional<Certificate> findCertificateByArn(String certificateArn) {
        Objects.requireNonNull(certificateArn, "certificateArn");
        synchronized (lock) {
            String id = certificateIdByArn.get(certificateArn);
            return id == null ? Optional.empty() : Optional.ofNullable(certificates.get(id));
        }
    }

    @Override
    public List<Certificate> listCertificates() {
        synchronized (lock) {
            return certificates.values().stream().filter(c -> !c.isProvisioningClaim())
                    .collect(Collectors.toUnmodifiableList());
        }
    }

    @Override
    public Certificate updateCertificateStatus(String certificateId, CertificateStatus newStatus) {
        Objects.requireNonNull(newStatus, "newStatus");
        synchronized (lock) {
            Certificate c = describeCertificate(certificateId);
            if (c.status() == CertificateStatus.REVOKED && newStatus != CertificateStatus.REVOKED) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "Certificate " + certificateId
                        + " is REVOKED and cannot change status. Register a new certificate instead.");
            }
            if (c.status() == CertificateStatus.PENDING_TRANSFER) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "Certificate " + certificateId
                        + " is PENDING_TRANSFER. Accept, reject or cancel the transfer first.");
            }
            if (newStatus == CertificateStatus.PENDING_TRANSFER) {
                throw RegistryException.invalidRequest("newStatus: PENDING_TRANSFER cannot be set with"
                        + " UpdateCertificate. Use TransferCertificate.");
            }
            if (c.status() == newStatus) {
                return c;
            }
            Certificate updated = c.withStatus(newStatus, UUID.randomUUID().toString(), clock.instant());
            certificates.put(certificateId, updated);
            changed("UpdateCertificate", c.certificateArn(), "status", newStatus.name());
            return updated;
        }
    }

    @Override
    public Certificate setClaimExpiry(String certificateId, Instant expiry) {
        synchronized (lock) {
            Certificate c = describeCertificate(certificateId);
            Certificate updated = c.withClaimExpiry(expiry, clock.instant());
            certificates.put(certificateId, updated);
            changed("SetClaimExpiry", c.certificateArn(), "claimExpiry", String.valueOf(expiry));
            return updated;
        }
    }

    @Override
    public void deleteCertificate(String certificateId, boolean forceDelete) {
        synchronized (lock) {
            Certificate c = describeCertificate(certificateId);
            if (c.status() == CertificateStatus.ACTIVE) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "Certificate " + certificateId
                        + " is ACTIVE. Set it INACTIVE with UpdateCertificate before deleting it.");
            }
            TreeSet<String> attachedThings = principalThings.get(c.certificateArn());
            if (attachedThings != null && !attachedThings.isEmpty()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Certificate " + certificateId
                        + " is attached to things " + attachedThings + ". Detach it with DetachThingPrincipal first.");
            }
            LinkedHashSet<String> attachedPolicies = policyAttachments.get(c.certificateArn());
            if (attachedPolicies != null && !attachedPolicies.isEmpty()) {
                if (!forceDelete) {
                    throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Certificate " + certificateId
                            + " has policies attached " + attachedPolicies
                            + ". Detach them with DetachPolicy, or delete with forceDelete.");
                }
                policyAttachments.remove(c.certificateArn());
            }
            certificates.remove(certificateId);
            certificateIdByArn.remove(c.certificateArn());
            principalThings.remove(c.certificateArn());
            changed("DeleteCertificate", c.certificateArn(), "certificateId", certificateId);
        }
    }

    @Override
    public CaCertificate registerCaCertificate(String caCertificatePem, boolean active, boolean autoRegistration) {
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
        X509Certificate x509 = parseCertificate("caCertificate", caCertificatePem);
        if (x509.getBasicConstraints() < 0) {
            throw RegistryException.of(RegistryException.CERTIFICATE_VALIDATION,
                    "caCertificate: is not a CA certificate (basic constraints CA=false). Give the CA's certificate.");
        }
        String id = Certificates.awsCertificateId(x509);
        synchronized (lock) {
            CaCertificate existing = caCertificates.get(id);
            if (existing != null) {
                throw RegistryException.alreadyExists("The CA certificate is already registered (id " + id + ").",
                        id, existing.certificateArn());
            }
            CaCertificate ca = new CaCertificate(id, arn("cacert", id), caCertificatePem, x509, active,
                    autoRegistration, clock.instant());
            caCertificates.put(id, ca);
            changed("RegisterCACertificate", ca.certificateArn(), "certificateId", id);
            return ca;
        }
    }

    @Override
    public Optional<CaCertificate> findCaCertificate(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        synchronized (lock) {
            return Optional.ofNullable(caCertificates.get(certificateId));
        }
    }

    @Override
    public List<CaCertificate> listCaCertificates() {
        synchronized (lock) {
            return List.copyOf(caCertificates.values());
        }
    }

    @Override
    public void deleteCaCertificate(String certificateId) {
        synchronized (lock) {
            CaCertificate ca = findCaCertificate(certificateId).orElseThrow(() -> RegistryException.notFound(
                    "CA certificate " + certificateId + " is not registered."));
            if (ca.active()) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "CA certificate " + certificateId
                        + " is ACTIVE. Set it INACTIVE before deleting it.");
            }
            caCertificates.remove(certificateId);
            changed("DeleteCACertificate", ca.certificateArn(), "certificateId", certificateId);
        }
    }

    // ---- policies ----

    private static void validatePolicyDocument(String document) {
        Objects.requireNonNull(document, "policyDocument");
        long significant = document.chars().filter(ch -> !Character.isWhitespace(ch)).count();
        if (significant > MAX_POLICY_CHARS) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY, "policyDocument: has " + significant
                    + " characters without white space, more than the " + MAX_POLICY_CHARS
                    + " AWS IoT allows. Use wildcards or policy variables, or split it into several policies.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (java.io.IOException e) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY,
                    "policyDocument: is not valid JSON. Give a JSON object with Version and Statement.");
        }
        if (root == null || !root.isObject() || !root.has("Statement")) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY,
                    "policyDocument: has no Statement. Give a JSON object with Version and Statement.");
        }
        JsonNode statements = root.get("Statement");
        if (!(statements.isArray() && statements.size() > 0) && !statements.isObject()) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY,
                    "policyDocument: Statement is empty. Give at least one statement.");
        }
    }

    @Override
    public Policy createPolicy(String policyName, String policyDocument) {
        requireName("policyName", policyName, POLICY_NAME_PATTERN, "1 to 128 characters of [\\w+=,.@-]");
        validatePolicyDocument(policyDocument);
        synchronized (lock) {
            Policy existing = policies.get(policyName);
            if (existing != null) {
                throw RegistryException.alreadyExists("Policy " + policyName + " already exists.", policyName,
                        existing.policyArn());
            }
            Instant now = clock.instant();
            Policy p = new Policy(policyName, arn("policy", policyName),
                    List.of(new PolicyVersion("1", policyDocument, true, now)), now, now);
            policies.put(policyName, p);
            nextPolicyVersion.put(policyName, 2);
            changed("CreatePolicy", p.policyArn(), "policyVersionId", "1");
            return p;
        }
    }

    @Override
    public PolicyVersion createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault) {
        validatePolicyDocument(policyDocument);
        synchronized (lock) {
            Policy p = getPolicy(policyName);
            if (p.versions().size() >= MAX_VERSIONS) {
                throw RegistryException.of(RegistryException.VERSIONS_LIMIT_EXCEEDED, "Policy " + policyName
                        + " already has " + MAX_VERSIONS + " versions. Delete a version with DeletePolicyVersion first.");
            }
            Instant now = clock.instant();
            String id = String.valueOf(nextPolicyVersion.merge(policyName, 1, Integer::sum) - 1);
            PolicyVersion v = new PolicyVersion(id, policyDocument, setAsDefault, now);
            List<PolicyVersion> versions = new ArrayList<>();
            for (PolicyVersion old : p.versions()) {
                versions.add(setAsDefault && old.isDefaultVersion()
                        ? new PolicyVersion(old.versionId(), old.document(), false, old.createDate()) : old);
            }
            versions.add(v);
            policies.put(policyName, new Policy(policyName, p.policyArn(), versions, p.creationDate(), now));
            changed("CreatePolicyVersion", p.policyArn(), "policyVersionId", id);
            return v;
        }
    }

    @Override
    public Policy setDefaultPolicyVersion(String policyName, String versionId) {
        Objects.requireNonNull(versionId, "versionId");
        synchronized (lock) {
            Policy p = getPolicy(policyName);
            if (p.versions().stream().noneMatch(v -> v.versionId().equals(versionId))) {
                throw RegistryException.notFound("Policy " + policyName + " has no version " + versionId + ".");
            }
            List<PolicyVersion> versions = p.versions().stream()
                    .map(v -> new PolicyVersion(v.versionId(), v.document(), v.versionId().equals(versionId),
                            v.createDate()))
                    .collect(Collectors.toList());
            Policy updated = new Policy(policyName, p.policyArn(), versions, p.creationDate(), clock.instant());
            policies.put(policyName, updated);
            changed("SetDefaultPolicyVersion", p.policyArn(), "policyVersionId", versionId);
            return updated;
        }
    }

    @Override
    public void deletePolicyVersion(String policyName, String versionId) {
        Objects.requireNonNull(versionId, "versionId");
        synchronized (lock) {
            Policy p = getPolicy(policyName);
            PolicyVersion v = p.versions().stream().filter(x -> x.versionId().equals(versionId)).findFirst()
                    .orElseThrow(() -> RegistryException.notFound("Policy " + policyName + " has no version "
                            + versionId + "."));
            if (v.isDefaultVersion()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Version " + versionId + " of policy "
                        + policyName + " is the default. Make another version the default first.");
            }
            List<PolicyVersion> versions = new ArrayList<>(p.versions());
            versions.remove(v);
            policies.put(policyName, new Policy(policyName, p.policyArn(), versions, p.creationDate(),
                    clock.instant()));
            changed("DeletePolicyVersion", p.policyArn(), "policyVersionId", versionId);
        }
    }

    @Override
    public Policy getPolicy(String policyName) {
        return findPolicy(policyName).orElseThrow(() -> RegistryException.notFound("Policy " + policyName
                + " does not exist. Create it with CreatePolicy first."));
    }

    @Override
    public Optional<Policy> findPolicy(String policyName) {
        Objects.requireNonNull(policyName, "policyName");
        synchronized (lock) {
            return Optional.ofNullable(policies.get(policyName));
        }
    }

    @Override
    public List<Policy> listPolicies() {
        synchronized (lock) {
            return List.copyOf(policies.values());
        }
    }

    @Override
    public void deletePolicy(String policyName) {
        synchronized (lock) {
            Policy p = getPolicy(policyName);
            List<String> targets = targetsOf(policyName);
            if (!targets.isEmpty()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Policy " + policyName
                        + " is attached to " + targets + ". Detach it with DetachPolicy first.");
            }
            if (p.versions().size() > 1) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Policy " + policyName + " has "
                        + p.versions().size() + " versions. Delete the non-default versions first.");
            }
            policies.remove(policyName);
            nextPolicyVersion.remove(policyName);
            changed("DeletePolicy", p.policyArn(), null, null);
        }
    }

    private List<String> targetsOf(String policyName) {
        return policyAttachments.entrySet().stream().filter(e -> e.getValue().contains(policyName))
                .map(Map.Entry::getKey).sorted().collect(Collectors.toUnmodifiableList());
    }

    @Override
    public void attachPolicy(String policyName, String target) {
        Objects.requireNonNull(target, "target");
        synchronized (lock) {
            Policy p = getPolicy(policyName);
            requireTarget(target);
            LinkedHashSet<String> attached = policyAttachments.computeIfAbsent(target, t -> new LinkedHashSet<>());
            if (attached.contains(policyName)) {
                return;
            }
            if (attached.size() >= MAX_POLICIES_PER_TARGET) {
                throw RegistryException.of(RegistryException.LIMIT_EXCEEDED, "Target " + target + " already has "
                        + MAX_POLICIES_PER_TARGET + " policies attached. Combine policies or detach one first.");
            }
            attached.add(policyName);
            changed("AttachPolicy", p.policyArn(), "target", target);
        }
    }

    private void requireTarget(String target) {
        Optional<Arn> arn = Arn.tryParse(target);
        if (arn.isEmpty() || !arn.get().service().equals("iot")) {
            throw RegistryException.invalidRequest("target: '" + target + "' is not an AWS IoT ARN. Give a"
                    + " certificate ARN (" + arn("cert", "<certificateId>") + ") or a thing group ARN.");
        }
        String resource = arn.get().resource();
        if (resource.startsWith("cert/")) {
            if (!certificateIdByArn.containsKey(target)) {
                throw RegistryException.notFound("Certificate " + target + " is not registered.");
            }
        } else if (resource.startsWith("thinggroup/")) {
            if (!thingGroups.containsKey(resource.substring("thinggroup/".length()))) {
                throw RegistryException.notFound("Thing group " + target + " does not exist.");
            }
        } else {
            throw RegistryException.invalidRequest("target: '" + target + "' is neither a certificate nor a thing"
                    + " group. Policies attach to certificates and thing groups.");
        }
    }

    @Override
    public void detachPolicy(String policyName, String target) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(target, "target");
        synchronized (lock) {
            LinkedHashSet<String> attached = policyAttachments.get(target);
            if (attached != null && attached.remove(policyName)) {
                if (attached.isEmpty()) {
                    policyAttachments.remove(target);
                }
                changed("DetachPolicy", arn("policy", policyName), "target", target);
            }
        }
    }

    @Override
    public List<Policy> listAttachedPolicies(String target) {
        Objects.requireNonNull(target, "target");
        synchronized (lock) {
            LinkedHashSet<String> attached = policyAttachments.get(target);
            if (attached == null) {
                return List.of();
            }
            return attached.stream().map(policies::get).filter(Objects::nonNull)
                    .collect(Collectors.toUnmodifiableList());
        }
    }

    @Override
    public List<String> listTargetsForPolicy(String policyName) {
        synchronized (lock) {
            getPolicy(policyName);
            return targetsOf(policyName);
        }
    }

    @Override
    public List<Policy> effectivePolicies(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        synchronized (lock) {
            Certificate c = certificates.get(certificateId);
            if (c == null) {
                return List.of();
            }
            LinkedHashSet<String> names = new LinkedHashSet<>(
                    policyAttachments.getOrDefault(c.certificateArn(), new LinkedHashSet<>()));
            for (String thingName : principalThings.getOrDefault(c.certificateArn(), new TreeSet<>())) {
                Thing t = things.get(thingName);
                if (t != null) {
                    for (String group : t.thingGroups()) {
                        names.addAll(policyAttachments.getOrDefault(arn("thinggroup", group), new LinkedHashSet<>()));
                    }
                }
            }
            return names.stream().map(policies::get).filter(Objects::nonNull)
                    .collect(Collectors.toUnmodifiableList());
        }
    }

    // ---- thing principals ----

    @Override
    public void attachThingPrincipal(String thingName, String principal) {
        Objects.requireNonNull(principal, "principal");
        synchronized (lock) {
            Thing t = describeThing(thingName);
            if (!certificateIdByArn.containsKey(principal)) {
                throw RegistryException.notFound("Principal " + principal + " is not a registered certificate ARN."
                        + " Give the certificateArn of a registered certificate.");
            }
            if (thingPrincipals.computeIfAbsent(thingName, k -> new TreeSet<>()).add(principal)) {
                principalThings.computeIfAbsent(principal, k -> new TreeSet<>()).add(thingName);
                changed("AttachThingPrincipal", t.thingArn(), "principal", principal);
            }
        }
    }

    @Override
    public void detachThingPrincipal(String thingName, String principal) {
        Objects.requireNonNull(principal, "principal");
        synchronized (lock) {
            Thing t = describeThing(thingName);
            TreeSet<String> ps = thingPrincipals.get(thingName);
            if (ps != null && ps.remove(principal)) {
                TreeSet<String> ts = principalThings.get(principal);
                if (ts != null) {
                    ts.remove(thingName);
                    if (ts.isEmpty()) {
                        principalThings.remove(principal);
                    }
                }
                changed("DetachThingPrincipal", t.thingArn(), "principal", principal);
            }
        }
    }

    @Override
    public List<String> listThingPrincipals(String thingName) {
        synchronized (lock) {
            describeThing(thingName);
            return List.copyOf(thingPrincipals.getOrDefault(thingName, new TreeSet<>()));
        }
    }

    @Override
    public List<String> listPrincipalThings(String principal) {
        Objects.requireNonNull(principal, "principal");
        synchronized (lock) {
            return List.copyOf(principalThings.getOrDefault(principal, new TreeSet<>()));
        }
    }

    // ---- provisioning templates ----

    private static void validateTemplateBody(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw RegistryException.invalidRequest("templateBody: is not a JSON object. Give the template"
                        + " JSON with Parameters and Resources.");
            }
            if (!root.has("Resources")) {
                throw RegistryException.invalidRequest("templateBody: has no Resources. A template declares at"
                        + " least the thing or certificate it provisions.");
            }
        } catch (java.io.IOException e) {
            throw RegistryException.invalidRequest("templateBody: is not valid JSON. Give the template JSON.");
        }
        if (body.length() > 10240) {
            throw RegistryException.invalidRequest("templateBody: has " + body.length()
                    + " characters, more than the 10240 AWS IoT allows. Shorten the template.");
        }
    }

    @Override
    public ProvisioningTemplateRecord createProvisioningTemplate(ProvisioningTemplateSpec spec) {
        Objects.requireNonNull(spec, "spec");
        validateTemplateBody(spec.templateBody());
        synchronized (lock) {
            ProvisioningTemplateRecord existing = templates.get(spec.templateName());
            if (existing != null) {
                throw RegistryException.alreadyExists("Provisioning template " + spec.templateName()
                        + " already exists.", existing.templateId(), existing.templateArn());
            }
            Instant now = clock.instant();
            ProvisioningTemplateRecord t = new ProvisioningTemplateRecord(spec.templateName(),
                    arn("provisioningtemplate", spec.templateName()), UUID.randomUUID().toString(), spec.description(),
                    spec.enabled(), spec.provisioningRoleArn(), spec.preProvisioningHook().orElse(null), spec.type(),
                    List.of(new ProvisioningTemplateVersion(1, spec.templateBody(), true, now)), now, now);
            templates.put(spec.templateName(), t);
            nextTemplateVersion.put(spec.templateName(), 2);
            changed("CreateProvisioningTemplate", t.templateArn(), "enabled", String.valueOf(t.enabled()));
            return t;
        }
    }

    @Override
    public ProvisioningTemplateRecord describeProvisioningTemplate(String templateName) {
        return findProvisioningTemplate(templateName).orElseThrow(() -> RegistryException.notFound(
                "Provisioning template " + templateName + " does not exist. Create it with"
                        + " CreateProvisioningTemplate first."));
    }

    @Override
    public Optional<ProvisioningTemplateRecord> findProvisioningTemplate(String templateName) {
        Objects.requireNonNull(templateName, "templateName");
        synchronized (lock) {
            return Optional.ofNullable(templates.get(templateName));
        }
    }

    @Override
    public List<ProvisioningTemplateRecord> listProvisioningTemplates() {
        synchronized (lock) {
            return List.copyOf(templates.values());
        }
    }

    @Override
    public ProvisioningTemplateRecord updateProvisioningTemplate(String templateName,
            ProvisioningTemplateUpdate update) {
        Objects.requireNonNull(update, "update");
        synchronized (lock) {
            ProvisioningTemplateRecord t = describeProvisioningTemplate(templateName);
            List<ProvisioningTemplateVersion> versions = t.versions();
            if (update.defaultVersionId().isPresent()) {
                int id = update.defaultVersionId().getAsInt();
                if (versions.stream().noneMatch(v -> v.versionId() == id)) {
                    throw RegistryException.notFound("Provisioning template " + templateName + " has no version "
                            + id + ".");
                }
                versions = versions.stream().map(v -> new ProvisioningTemplateVersion(v.versionId(), v.templateBody(),
                        v.versionId() == id, v.creationDate())).collect(Collectors.toList());
            }
            PreProvisioningHookConfig hook = t.preProvisioningHook().orElse(null);
            if (update.removePreProvisioningHook()) {
                hook = null;
            } else if (update.preProvisioningHook().isPresent()) {
                hook = update.preProvisioningHook().get();
            }
            ProvisioningTemplateRecord updated = new ProvisioningTemplateRecord(templateName, t.templateArn(),
                    t.templateId(), update.description().orElse(t.description()),
                    update.enabled().orElse(t.enabled()), update.provisioningRoleArn().orElse(t.provisioningRoleArn()),
                    hook, t.type(), versions, t.creationDate(), clock.instant());
            templates.put(templateName, updated);
            changed("UpdateProvisioningTemplate", t.templateArn(), "enabled", String.valueOf(updated.enabled()));
            return updated;
        }
    }

    @Override
    public ProvisioningTemplateVersion createProvisioningTemplateVersion(String templateName, String templateBody,
            boolean setAsDefault) {
        Objects.requireNonNull(templateBody, "templateBody");
        validateTemplateBody(templateBody);
        synchronized (lock) {
            ProvisioningTemplateRecord t = describeProvisioningTemplate(templateName);
            if (t.versions().size() >= MAX_VERSIONS) {
                throw RegistryException.of(RegistryException.VERSIONS_LIMIT_EXCEEDED, "Provisioning template "
                        + templateName + " already has " + MAX_VERSIONS
                        + " versions. Delete a version with DeleteProvisioningTemplateVersion first.");
            }
            Instant now = clock.instant();
            int id = nextTemplateVersion.merge(templateName, 1, Integer::sum) - 1;
            ProvisioningTemplateVersion v = new ProvisioningTemplateVersion(id, templateBody, setAsDefault, now);
            List<ProvisioningTemplateVersion> versions = new ArrayList<>();
            for (ProvisioningTemplateVersion old : t.versions()) {
                versions.add(setAsDefault && old.isDefaultVersion()
                        ? new ProvisioningTemplateVersion(old.versionId(), old.templateBody(), false,
                                old.creationDate())
                        : old);
            }
            versions.add(v);
            templates.put(templateName, new ProvisioningTemplateRecord(templateName, t.templateArn(), t.templateId(),
                    t.description(), t.enabled(), t.provisioningRoleArn(), t.preProvisioningHook().orElse(null),
                    t.type(), versions, t.creationDate(), now));
            changed("CreateProvisioningTemplateVersion", t.templateArn(), "versionId", String.valueOf(id));
            return v;
        }
    }

    @Override
    public void deleteProvisioningTemplateVersion(String templateName, int versionId) {
        synchronized (lock) {
            ProvisioningTemplateRecord t = describeProvisioningTemplate(templateName);
            ProvisioningTemplateVersion v = t.versions().stream().filter(x -> x.versionId() == versionId).findFirst()
                    .orElseThrow(() -> RegistryException.notFound("Provisioning template " + templateName
                            + " has no version " + versionId + "."));
            if (v.isDefaultVersion()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Version " + versionId
                        + " of provisioning template " + templateName
                        + " is the default. Make another version the default first.");
            }
            List<ProvisioningTemplateVersion> versions = new ArrayList<>(t.versions());
            versions.remove(v);
            templates.put(templateName, new ProvisioningTemplateRecord(templateName, t.templateArn(), t.templateId(),
                    t.description(), t.enabled(), t.provisioningRoleArn(), t.preProvisioningHook().orElse(null),
                    t.type(), versions, t.creationDate(), clock.instant()));
            changed("DeleteProvisioningTemplateVersion", t.templateArn(), "versionId", String.valueOf(versionId));
        }
    }

    @Override
    public void deleteProvisioningTemplate(String templateName) {
        synchronized (lock) {
            ProvisioningTemplateRecord t = describeProvisioningTemplate(templateName);
            templates.remove(templateName);
            nextTemplateVersion.remove(templateName);
            changed("DeleteProvisioningTemplate", t.templateArn(), null, null);
        }
    }

    @Override
    public void registerHookFunction(String targetArn, PreProvisioningHook hook) {
        Objects.requireNonNull(targetArn, "targetArn");
        Objects.requireNonNull(hook, "hook");
        hookFunctions.put(targetArn, hook);
    }

    @Override
    public Optional<PreProvisioningHook> findHookFunction(String targetArn) {
        Objects.requireNonNull(targetArn, "targetArn");
        return Optional.ofNullable(hookFunctions.get(targetArn));
    }

    // ---- role aliases ----

    private static void validateDuration(int seconds) {
        if (seconds < 900 || seconds > 43200) {
            throw RegistryException.invalidRequest("credentialDurationSeconds: " + seconds
                    + " is out of range. Use 900 to 43200 seconds.");
        }
    }

    private static void validateRoleArn(String roleArn) {
        Objects.requireNonNull(roleArn, "roleArn");
        Optional<Arn> arn = Arn.tryParse(roleArn);
        if (arn.isEmpty() || !arn.get().service().equals("iam") || !arn.get().resource().startsWith("role/")) {
            throw RegistryException.invalidRequest("roleArn: '" + roleArn + "' is not an IAM role ARN. Give"
                    + " arn:aws:iam::<account>:role/<name>.");
        }
    }

    @Override
    public RoleAlias createRoleAlias(String roleAlias, String roleArn, int credentialDurationSeconds) {
        requireName("roleAlias", roleAlias, ROLE_ALIAS_PATTERN, "1 to 128 characters of [\\w=,@-]");
        validateRoleArn(roleArn);
        validateDuration(credentialDurationSeconds);
        synchronized (lock) {
            RoleAlias existing = roleAliases.get(roleAlias);
            if (existing != null) {
                throw RegistryException.alreadyExists("Role alias " + roleAlias + " already exists.", roleAlias,
                        existing.roleAliasArn());
            }
            Instant now = clock.instant();
            RoleAlias a = new RoleAlias(roleAlias, arn("rolealias", roleAlias), roleArn, credentialDurationSeconds,
                    accountId, now, now);
            roleAliases.put(roleAlias, a);
            changed("CreateRoleAlias", a.roleAliasArn(), "roleArn", roleArn);
            return a;
        }
    }

    @Override
    public RoleAlias describeRoleAlias(String roleAlias) {
        return findRoleAlias(roleAlias).orElseThrow(() -> RegistryException.notFound("Role alias " + roleAlias
                + " does not exist. Create it with CreateRoleAlias first."));
    }

    @Override
    public Optional<RoleAlias> findRoleAlias(String roleAlias) {
        Objects.requireNonNull(roleAlias, "roleAlias");
        synchronized (lock) {
            return Optional.ofNullable(roleAliases.get(roleAlias));
        }
    }

    @Override
    public List<RoleAlias> listRoleAliases() {
        synchronized (lock) {
            return List.copyOf(roleAliases.values());
        }
    }

    @Override
    public RoleAlias updateRoleAlias(String roleAlias, String roleArn, Integer credentialDurationSeconds) {
        if (roleArn != null) {
            validateRoleArn(roleArn);
        }
        if (credentialDurationSeconds != null) {
            validateDuration(credentialDurationSeconds);
        }
        synchronized (lock) {
            RoleAlias a = describeRoleAlias(roleAlias);
            RoleAlias updated = new RoleAlias(roleAlias, a.roleAliasArn(), roleArn == null ? a.roleArn() : roleArn,
                    credentialDurationSeconds == null ? a.credentialDurationSeconds() : credentialDurationSeconds,
                    a.owner(), a.creationDate(), clock.instant());
            roleAliases.put(roleAlias, updated);
            changed("UpdateRoleAlias", a.roleAliasArn(), "roleArn", updated.roleArn());
            return updated;
        }
    }

    @Override
    public void deleteRoleAlias(String roleAlias) {
        synchronized (lock) {
            RoleAlias a = describeRoleAlias(roleAlias);
            roleAliases.remove(roleAlias);
            changed("DeleteRoleAlias", a.roleAliasArn(), null, null);
        }
    }
}
