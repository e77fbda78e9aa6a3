package io.github.fleetprov.testkit.internal.registry;

import static io.github.fleetprov.testkit.internal.registry.RegistryContext.NAME_PATTERN;
import static io.github.fleetprov.testkit.internal.registry.RegistryContext.NAME_RULE;
import static io.github.fleetprov.testkit.internal.registry.RegistryContext.requireName;

import io.github.fleetprov.testkit.registry.BillingGroup;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.Thing;
import io.github.fleetprov.testkit.registry.ThingGroup;
import io.github.fleetprov.testkit.registry.ThingRegistry;
import io.github.fleetprov.testkit.registry.ThingType;
import io.github.fleetprov.testkit.registry.ThingUpdate;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Things, thing types, thing groups, billing groups and thing principals. Tables: {@code thingTypes},
 * {@code things}, {@code thingGroups}, {@code billingGroups}, {@code thingPrincipals} (thing name to
 * its principal ARNs); the principal-to-things index is derived.
 */
final class ThingStore implements ThingRegistry {

    /** The JSON row of a thing. */
    record ThingRow(String thingName, String thingArn, String thingId, String thingTypeName,
            Map<String, String> attributes, List<String> thingGroups, String billingGroupName, long version,
            Instant creationDate) {
    }

    /** The JSON row of a list of names (principals of a thing, policies of a target). */
    record NameList(List<String> names) {
        NameList {
            names = List.copyOf(names);
        }
    }

    private final RegistryContext ctx;
    final RegistryTable<ThingType> thingTypes;
    final RegistryTable<Thing> things;
    final RegistryTable<ThingGroup> thingGroups;
    final RegistryTable<BillingGroup> billingGroups;
    final RegistryTable<NameList> thingPrincipals;
    /** principal ARN to thing names; derived from {@link #thingPrincipals}. */
    private final Map<String, TreeSet<String>> principalThings = new HashMap<>();

    ThingStore(RegistryContext ctx) {
        this.ctx = ctx;
        RegistryTables t = ctx.tables;
        thingTypes = t.table("thingTypes", ThingType.class);
        things = t.table("things", ThingRow.class,
                th -> new ThingRow(th.thingName(), th.thingArn(), th.thingId(), th.thingTypeName().orElse(null),
                        th.attributes(), List.copyOf(new TreeSet<>(th.thingGroups())),
                        th.billingGroupName().orElse(null), th.version(), th.creationDate()),
                r -> new Thing(r.thingName(), r.thingArn(), r.thingId(), r.thingTypeName(), r.attributes(),
                        Set.copyOf(r.thingGroups()), r.billingGroupName(), r.version(), r.creationDate()));
        thingGroups = t.table("thingGroups", ThingGroup.class);
        billingGroups = t.table("billingGroups", BillingGroup.class);
        thingPrincipals = t.table("thingPrincipals", NameList.class);
        thingPrincipals.observe((thing, oldList, newList) -> {
            if (oldList != null) {
                for (String p : oldList.names()) {
                    TreeSet<String> ts = principalThings.get(p);
                    if (ts != null && ts.remove(thing) && ts.isEmpty()) {
                        principalThings.remove(p);
                    }
                }
            }
            if (newList != null) {
                for (String p : newList.names()) {
                    principalThings.computeIfAbsent(p, k -> new TreeSet<>()).add(thing);
                }
            }
        });
    }

    // ---- thing types ----

    @Override
    public ThingType createThingType(String thingTypeName, String description, List<String> searchableAttributes) {
        requireName("thingTypeName", thingTypeName, NAME_PATTERN, NAME_RULE);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(searchableAttributes, "searchableAttributes");
        if (searchableAttributes.size() > 3) {
            throw RegistryException.invalidRequest("searchableAttributes: " + searchableAttributes.size()
                    + " given. A thing type has at most 3 searchable attributes.");
        }
        return ctx.tables.write(() -> createOnce(thingTypes, thingTypeName,
                existing -> existing.description().equals(description)
                        && existing.searchableAttributes().equals(searchableAttributes),
                existing -> RegistryException.alreadyExists("Thing type " + thingTypeName + " already exists.",
                        existing.thingTypeId(), existing.thingTypeArn()),
                () -> new ThingType(thingTypeName, ctx.arn("thingtype", thingTypeName), UUID.randomUUID().toString(),
                        description, searchableAttributes, false, ctx.clock.instant()),
                "CreateThingType", ThingType::thingTypeArn));
    }

    /**
     * Under the lock: the resource stored under {@code name} if {@code sameAsGiven} accepts it (AWS IoT
     * answers a repeated create with the same configuration with the existing resource), the
     * {@code conflict} if one with another configuration exists, else the new one from {@code create},
     * stored and recorded as {@code operation} on its ARN.
     */
    private <V> V createOnce(RegistryTable<V> table, String name, Predicate<V> sameAsGiven,
            Function<V, RegistryException> conflict, Supplier<V> create, String operation, Function<V, String> arn) {
        V existing = table.get(name);
        if (existing != null) {
            if (sameAsGiven.test(existing)) {
                return existing;
            }
            throw conflict.apply(existing);
        }
        V created = create.get();
        table.put(name, created);
        ctx.changed(operation, arn.apply(created), null, null);
        return created;
    }

    @Override
    public ThingType describeThingType(String thingTypeName) {
        return findThingType(thingTypeName).orElseThrow(() -> RegistryException.notFound("Thing type "
                + thingTypeName + " does not exist. Create it with CreateThingType first."));
    }

    @Override
    public Optional<ThingType> findThingType(String thingTypeName) {
        return ctx.find(thingTypes, "thingTypeName", thingTypeName);
    }

    @Override
    public List<ThingType> listThingTypes() {
        return ctx.list(thingTypes);
    }

    @Override
    public ThingType deprecateThingType(String thingTypeName, boolean undoDeprecate) {
        return ctx.tables.write(() -> {
            ThingType t = describeThingType(thingTypeName);
            ThingType updated = new ThingType(t.thingTypeName(), t.thingTypeArn(), t.thingTypeId(), t.description(),
                    t.searchableAttributes(), !undoDeprecate, t.creationDate());
            thingTypes.put(thingTypeName, updated);
            ctx.changed("DeprecateThingType", t.thingTypeArn(), "undoDeprecate", String.valueOf(undoDeprecate));
            return updated;
        });
    }

    @Override
    public void deleteThingType(String thingTypeName) {
        ctx.tables.write(() -> {
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
            ctx.changed("DeleteThingType", t.thingTypeArn(), null, null);
        });
    }

    // ---- things ----

    @Override
    public Thing createThing(String thingName) {
        return createThing(thingName, null, Map.of(), null);
    }

    @Override
    public Thing createThing(String thingName, String thingTypeName, Map<String, String> attributes,
            String billingGroupName) {
        requireName("thingName", thingName, NAME_PATTERN, NAME_RULE);
        Objects.requireNonNull(attributes, "attributes");
        validateAttributes(attributes);
        return ctx.tables.write(() -> {
            if (thingTypeName != null) {
                requireUsableType(thingTypeName);
            }
            if (billingGroupName != null) {
                describeBillingGroup(billingGroupName);
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
            Thing thing = new Thing(thingName, ctx.arn("thing", thingName), UUID.randomUUID().toString(),
                    thingTypeName, attributes, Set.of(), billingGroupName, 1, ctx.clock.instant());
            things.put(thingName, thing);
            ctx.changed("CreateThing", thing.thingArn(), "thingTypeName", thingTypeName);
            return thing;
        });
    }

    private ThingType requireUsableType(String thingTypeName) {
        ThingType type = describeThingType(thingTypeName);
        if (type.deprecated()) {
            throw RegistryException.invalidRequest("Thing type " + thingTypeName
                    + " is deprecated. Use another type, or undo the deprecation.");
        }
        return type;
    }

    static void validateAttributes(Map<String, String> attributes) {
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

    /**
     * The attributes after an update: {@code given} merged into {@code current} (an empty value
     * removes the attribute) or replacing it, then validated; a copy of {@code current} if nothing is given.
     */
    private static Map<String, String> updatedAttributes(Map<String, String> current,
            @Nullable Map<String, String> given, boolean merge) {
        Map<String, String> attrs = new LinkedHashMap<>(current);
        if (given == null) {
            return attrs;
        }
        if (merge) {
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
        return attrs;
    }

    @Override
    public Thing describeThing(String thingName) {
        return findThing(thingName).orElseThrow(() -> RegistryException.notFound("Thing " + thingName
                + " does not exist. Create it with CreateThing, or provision it with RegisterThing."));
    }

    @Override
    public Optional<Thing> findThing(String thingName) {
        return ctx.find(things, "thingName", thingName);
    }

    @Override
    public List<Thing> listThings() {
        return ctx.list(things);
    }

    @Override
    public Thing updateThing(String thingName, ThingUpdate update) {
        Objects.requireNonNull(update, "update");
        return ctx.tables.write(() -> {
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
                type = requireUsableType(update.thingTypeName().get()).thingTypeName();
            }
            Map<String, String> attrs = updatedAttributes(t.attributes(), update.attributes().orElse(null),
                    update.merge());
            Thing updated = new Thing(t.thingName(), t.thingArn(), t.thingId(), type, attrs, t.thingGroups(),
                    t.billingGroupName().orElse(null), t.version() + 1, t.creationDate());
            things.put(thingName, updated);
            ctx.changed("UpdateThing", t.thingArn(), "version", String.valueOf(updated.version()));
            return updated;
        });
    }

    @Override
    public void deleteThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        ctx.tables.write(() -> {
            Thing t = things.get(thingName);
            if (t == null) {
                return;
            }
            NameList principals = thingPrincipals.get(thingName);
            if (principals != null && !principals.names().isEmpty()) {
                throw RegistryException.invalidRequest("Thing " + thingName + " still has principals attached "
                        + principals.names() + ". Detach them with DetachThingPrincipal first.");
            }
            things.remove(thingName);
            thingPrincipals.remove(thingName);
            ctx.changed("DeleteThing", t.thingArn(), null, null);
        });
    }

    private Thing replaceThing(Thing t, Set<String> groups, String billingGroup) {
        Thing updated = new Thing(t.thingName(), t.thingArn(), t.thingId(), t.thingTypeName().orElse(null),
                t.attributes(), groups, billingGroup, t.version(), t.creationDate());
        things.put(t.thingName(), updated);
        return updated;
    }

    // ---- thing groups ----

    @Override
    public ThingGroup createThingGroup(String thingGroupName, String description, Map<String, String> attributes) {
        requireName("thingGroupName", thingGroupName, NAME_PATTERN, NAME_RULE);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(attributes, "attributes");
        return ctx.tables.write(() -> createOnce(thingGroups, thingGroupName,
                existing -> existing.description().equals(description) && existing.attributes().equals(attributes),
                existing -> RegistryException.alreadyExists("Thing group " + thingGroupName
                        + " already exists with a different configuration.", existing.thingGroupId(),
                        existing.thingGroupArn()),
                () -> new ThingGroup(thingGroupName, ctx.arn("thinggroup", thingGroupName),
                        UUID.randomUUID().toString(), description, attributes, 1, ctx.clock.instant()),
                "CreateThingGroup", ThingGroup::thingGroupArn));
    }

    @Override
    public ThingGroup describeThingGroup(String thingGroupName) {
        return findThingGroup(thingGroupName).orElseThrow(() -> RegistryException.notFound("Thing group "
                + thingGroupName + " does not exist. Create it with CreateThingGroup first."));
    }

    @Override
    public Optional<ThingGroup> findThingGroup(String thingGroupName) {
        return ctx.find(thingGroups, "thingGroupName", thingGroupName);
    }

    @Override
    public List<ThingGroup> listThingGroups() {
        return ctx.list(thingGroups);
    }

    @Override
    public void deleteThingGroup(String thingGroupName) {
        deleteThingGroup(thingGroupName, null);
    }

    @Override
    public void deleteThingGroup(String thingGroupName, Long expectedVersion) {
        Objects.requireNonNull(thingGroupName, "thingGroupName");
        ctx.tables.write(() -> removeGroup(thingGroups, "Thing group", thingGroupName, expectedVersion,
                ThingGroup::version, t -> t.thingGroups().contains(thingGroupName),
                t -> setThingGroups(t, thingGroupName, false)).ifPresent(g -> {
                    ctx.policies.detachAll(g.thingGroupArn());
                    ctx.changed("DeleteThingGroup", g.thingGroupArn(), null, null);
                }));
    }

    @Override
    public ThingGroup updateThingGroup(String thingGroupName, String description, Map<String, String> attributes,
            boolean merge, Long expectedVersion) {
        return ctx.tables.write(() -> {
            ThingGroup g = describeThingGroup(thingGroupName);
            requireVersion("Thing group", thingGroupName, g.version(), expectedVersion);
            Map<String, String> attrs = updatedAttributes(g.attributes(), attributes, merge);
            ThingGroup updated = new ThingGroup(g.thingGroupName(), g.thingGroupArn(), g.thingGroupId(),
                    description == null ? g.description() : description, attrs, g.version() + 1, g.creationDate());
            thingGroups.put(thingGroupName, updated);
            ctx.changed("UpdateThingGroup", g.thingGroupArn(), "version", String.valueOf(updated.version()));
            return updated;
        });
    }

    /**
     * Under the lock: removes a group, if it exists and has the expected version, and takes every
     * member thing out of it.
     *
     * @return the removed group, or empty if there was none (deleting a missing group is no error)
     */
    private <G> Optional<G> removeGroup(RegistryTable<G> table, String kind, String name,
            @Nullable Long expectedVersion, ToLongFunction<G> version, Predicate<Thing> member,
            UnaryOperator<Thing> leave) {
        G g = table.get(name);
        if (g == null) {
            return Optional.empty();
        }
        requireVersion(kind, name, version.applyAsLong(g), expectedVersion);
        table.remove(name);
        for (Thing t : List.copyOf(things.values())) {
            if (member.test(t)) {
                leave.apply(t);
            }
        }
        return Optional.of(g);
    }

    private static void requireVersion(String kind, String name, long actual, Long expected) {
        if (expected != null && expected != actual) {
            throw RegistryException.of(RegistryException.VERSION_CONFLICT, kind + " " + name + " has version "
                    + actual + ", not the expected " + expected + ". Describe it again and retry with its current version.");
        }
    }

    @Override
    public void addThingToThingGroup(String thingGroupName, String thingName) {
        setThingGroupMembership(thingGroupName, thingName, true, "AddThingToThingGroup");
    }

    @Override
    public void removeThingFromThingGroup(String thingGroupName, String thingName) {
        setThingGroupMembership(thingGroupName, thingName, false, "RemoveThingFromThingGroup");
    }

    /** Puts a thing in a group or takes it out, recording {@code operation} only if that changes anything. */
    private void setThingGroupMembership(String thingGroupName, String thingName, boolean member, String operation) {
        ctx.tables.write(() -> {
            ThingGroup g = describeThingGroup(thingGroupName);
            Thing t = describeThing(thingName);
            if (t.thingGroups().contains(thingGroupName) != member) {
                setThingGroups(t, thingGroupName, member);
                ctx.changed(operation, g.thingGroupArn(), "thingName", thingName);
            }
        });
    }

    /** Under the lock: the thing with {@code thingGroupName} added to or removed from its groups. */
    private Thing setThingGroups(Thing t, String thingGroupName, boolean member) {
        Set<String> groups = new TreeSet<>(t.thingGroups());
        if (member) {
            groups.add(thingGroupName);
        } else {
            groups.remove(thingGroupName);
        }
        return replaceThing(t, groups, t.billingGroupName().orElse(null));
    }

    @Override
    public List<String> listThingsInThingGroup(String thingGroupName) {
        return ctx.tables.read(() -> {
            describeThingGroup(thingGroupName);
            return things.values().stream().filter(t -> t.thingGroups().contains(thingGroupName))
                    .map(Thing::thingName).collect(Collectors.toUnmodifiableList());
        });
    }

    // ---- billing groups ----

    @Override
    public BillingGroup createBillingGroup(String billingGroupName) {
        return createBillingGroup(billingGroupName, "");
    }

    @Override
    public BillingGroup createBillingGroup(String billingGroupName, String description) {
        requireName("billingGroupName", billingGroupName, NAME_PATTERN, NAME_RULE);
        Objects.requireNonNull(description, "description");
        return ctx.tables.write(() -> createOnce(billingGroups, billingGroupName,
                existing -> existing.description().equals(description),
                existing -> RegistryException.alreadyExists("Billing group " + billingGroupName
                        + " already exists with a different description.", existing.billingGroupId(),
                        existing.billingGroupArn()),
                () -> new BillingGroup(billingGroupName, ctx.arn("billinggroup", billingGroupName),
                        UUID.randomUUID().toString(), description, 1, ctx.clock.instant()),
                "CreateBillingGroup", BillingGroup::billingGroupArn));
    }

    @Override
    public Optional<BillingGroup> findBillingGroup(String billingGroupName) {
        return ctx.find(billingGroups, "billingGroupName", billingGroupName);
    }

    @Override
    public List<BillingGroup> listBillingGroups() {
        return ctx.list(billingGroups);
    }

    @Override
    public BillingGroup updateBillingGroup(String billingGroupName, String description, Long expectedVersion) {
        Objects.requireNonNull(description, "description");
        return ctx.tables.write(() -> {
            BillingGroup g = describeBillingGroup(billingGroupName);
            requireVersion("Billing group", billingGroupName, g.version(), expectedVersion);
            BillingGroup updated = new BillingGroup(g.billingGroupName(), g.billingGroupArn(), g.billingGroupId(),
                    description, g.version() + 1, g.creationDate());
            billingGroups.put(billingGroupName, updated);
            ctx.changed("UpdateBillingGroup", g.billingGroupArn(), "version", String.valueOf(updated.version()));
            return updated;
        });
    }

    @Override
    public BillingGroup describeBillingGroup(String billingGroupName) {
        return findBillingGroup(billingGroupName).orElseThrow(() -> RegistryException.notFound("Billing group "
                + billingGroupName + " does not exist. Create it with CreateBillingGroup first."));
    }

    @Override
    public void addThingToBillingGroup(String billingGroupName, String thingName) {
        ctx.tables.write(() -> {
            BillingGroup g = describeBillingGroup(billingGroupName);
            Thing t = describeThing(thingName);
            replaceThing(t, t.thingGroups(), billingGroupName);
            ctx.changed("AddThingToBillingGroup", g.billingGroupArn(), "thingName", thingName);
        });
    }

    @Override
    public void removeThingFromBillingGroup(String billingGroupName, String thingName) {
        ctx.tables.write(() -> {
            BillingGroup g = describeBillingGroup(billingGroupName);
            Thing t = describeThing(thingName);
            if (t.billingGroupName().map(billingGroupName::equals).orElse(false)) {
                replaceThing(t, t.thingGroups(), null);
                ctx.changed("RemoveThingFromBillingGroup", g.billingGroupArn(), "thingName", thingName);
            }
        });
    }

    @Override
    public void deleteBillingGroup(String billingGroupName) {
        deleteBillingGroup(billingGroupName, null);
    }

    @Override
    public void deleteBillingGroup(String billingGroupName, Long expectedVersion) {
        Objects.requireNonNull(billingGroupName, "billingGroupName");
        ctx.tables.write(() -> removeGroup(billingGroups, "Billing group", billingGroupName, expectedVersion,
                BillingGroup::version, t -> t.billingGroupName().map(billingGroupName::equals).orElse(false),
                t -> replaceThing(t, t.thingGroups(), null))
                .ifPresent(g -> ctx.changed("DeleteBillingGroup", g.billingGroupArn(), null, null)));
    }

    // ---- thing principals ----

    @Override
    public void attachThingPrincipal(String thingName, String principal) {
        Objects.requireNonNull(principal, "principal");
        ctx.tables.write(() -> {
            Thing t = describeThing(thingName);
            if (ctx.certificates.byArn(principal) == null) {
                throw RegistryException.notFound("Principal " + principal + " is not a registered certificate ARN."
                        + " Give the certificateArn of a registered certificate.");
            }
            NameList old = thingPrincipals.get(thingName);
            TreeSet<String> ps = old == null ? new TreeSet<>() : new TreeSet<>(old.names());
            if (ps.add(principal)) {
                thingPrincipals.put(thingName, new NameList(List.copyOf(ps)));
                ctx.changed("AttachThingPrincipal", t.thingArn(), "principal", principal);
            }
        });
    }

    @Override
    public void detachThingPrincipal(String thingName, String principal) {
        Objects.requireNonNull(principal, "principal");
        ctx.tables.write(() -> {
            Thing t = describeThing(thingName);
            NameList old = thingPrincipals.get(thingName);
            if (old != null && old.names().contains(principal)) {
                TreeSet<String> ps = new TreeSet<>(old.names());
                ps.remove(principal);
                if (ps.isEmpty()) {
                    thingPrincipals.remove(thingName);
                } else {
                    thingPrincipals.put(thingName, new NameList(List.copyOf(ps)));
                }
                ctx.changed("DetachThingPrincipal", t.thingArn(), "principal", principal);
            }
        });
    }

    @Override
    public List<String> listThingPrincipals(String thingName) {
        return ctx.tables.read(() -> {
            describeThing(thingName);
            NameList ps = thingPrincipals.get(thingName);
            return ps == null ? List.<String>of() : ps.names();
        });
    }

    @Override
    public List<String> listPrincipalThings(String principal) {
        Objects.requireNonNull(principal, "principal");
        return ctx.tables.read(() -> List.copyOf(principalThings.getOrDefault(principal, new TreeSet<>())));
    }

    /** Under the lock: the things a principal is attached to. */
    Set<String> thingsOf(String principal) {
        ctx.tables.requireLock();
        TreeSet<String> ts = principalThings.get(principal);
        return ts == null ? Set.of() : ts;
    }
}
