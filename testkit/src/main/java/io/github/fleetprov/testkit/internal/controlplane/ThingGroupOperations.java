package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.registry.BillingGroup;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Thing;
import io.github.fleetprov.testkit.registry.ThingGroup;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The control-plane operations on static thing groups and billing groups: create, describe,
 * update, delete, add and remove a thing, and their lists. Members, paths, errors and statuses as
 * in the AWS IoT service model (e.g. UpdateThingGroup is {@code PATCH /thing-groups/{thingGroupName}}
 * and answers the new {@code version}). Thing group hierarchies and dynamic groups are not emulated.
 */
final class ThingGroupOperations {

    private final IotRegistry registry;

    ThingGroupOperations(IotRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "PUT", "/thing-groups/addThingToThingGroup", "AddThingToThingGroup", this::addThingToThingGroup);
        add(routes, "PUT", "/thing-groups/removeThingFromThingGroup", "RemoveThingFromThingGroup",
                this::removeThingFromThingGroup);
        add(routes, "POST", "/thing-groups/{thingGroupName}", "CreateThingGroup", this::createThingGroup);
        add(routes, "GET", "/thing-groups/{thingGroupName}", "DescribeThingGroup", this::describeThingGroup);
        add(routes, "PATCH", "/thing-groups/{thingGroupName}", "UpdateThingGroup", this::updateThingGroup);
        add(routes, "DELETE", "/thing-groups/{thingGroupName}", "DeleteThingGroup", this::deleteThingGroup);
        add(routes, "GET", "/thing-groups", "ListThingGroups", this::listThingGroups);
        add(routes, "GET", "/thing-groups/{thingGroupName}/things", "ListThingsInThingGroup", this::listThingsInThingGroup);
        add(routes, "GET", "/things/{thingName}/thing-groups", "ListThingGroupsForThing", this::listThingGroupsForThing);
        add(routes, "PUT", "/billing-groups/addThingToBillingGroup", "AddThingToBillingGroup", this::addThingToBillingGroup);
        add(routes, "PUT", "/billing-groups/removeThingFromBillingGroup", "RemoveThingFromBillingGroup",
                this::removeThingFromBillingGroup);
        add(routes, "POST", "/billing-groups/{billingGroupName}", "CreateBillingGroup", this::createBillingGroup);
        add(routes, "GET", "/billing-groups/{billingGroupName}", "DescribeBillingGroup", this::describeBillingGroup);
        add(routes, "PATCH", "/billing-groups/{billingGroupName}", "UpdateBillingGroup", this::updateBillingGroup);
        add(routes, "DELETE", "/billing-groups/{billingGroupName}", "DeleteBillingGroup", this::deleteBillingGroup);
        add(routes, "GET", "/billing-groups", "ListBillingGroups", this::listBillingGroups);
        add(routes, "GET", "/billing-groups/{billingGroupName}/things", "ListThingsInBillingGroup",
                this::listThingsInBillingGroup);
    }

    // ---- thing groups ----

    private JsonNode createThingGroup(RestRequest req) {
        String name = requireName(req.path("thingGroupName"), "thingGroupName", THING_NAME);
        if (req.string("parentGroupName").isPresent()) {
            throw AwsApiException.invalidRequest("parentGroupName: the local control plane has no thing group "
                    + "hierarchies; create the group without a parent.");
        }
        JsonNode properties = req.body().path("thingGroupProperties");
        String description = description(properties, "thingGroupDescription", "thingGroupProperties").orElse("");
        Map<String, String> attributes = attributes(properties.path("attributePayload"),
                "thingGroupProperties.attributePayload");
        ThingGroup group = registry.createThingGroup(name, description, attributes);
        return object().put("thingGroupName", group.thingGroupName()).put("thingGroupArn", group.thingGroupArn())
                .put("thingGroupId", group.thingGroupId());
    }

    private JsonNode describeThingGroup(RestRequest req) {
        ThingGroup g = registry.describeThingGroup(requireName(req.path("thingGroupName"), "thingGroupName", THING_NAME));
        ObjectNode out = object().put("thingGroupName", g.thingGroupName()).put("thingGroupId", g.thingGroupId())
                .put("thingGroupArn", g.thingGroupArn()).put("version", g.version());
        ObjectNode properties = out.putObject("thingGroupProperties");
        if (!g.description().isEmpty()) {
            properties.put("thingGroupDescription", g.description());
        }
        ObjectNode attributes = properties.putObject("attributePayload").putObject("attributes");
        g.attributes().forEach(attributes::put);
        ObjectNode metadata = out.putObject("thingGroupMetadata");
        metadata.putArray("rootToParentThingGroups");
        timestamp(metadata, "creationDate", g.creationDate());
        return out;
    }

    private JsonNode updateThingGroup(RestRequest req) {
        String name = requireName(req.path("thingGroupName"), "thingGroupName", THING_NAME);
        JsonNode properties = req.body().get("thingGroupProperties");
        if (properties == null || !properties.isObject()) {
            throw constraint("thingGroupProperties", "Member must not be null");
        }
        String description = description(properties, "thingGroupDescription", "thingGroupProperties").orElse(null);
        JsonNode payload = properties.path("attributePayload");
        Map<String, String> attributes = payload.has("attributes")
                ? attributes(payload, "thingGroupProperties.attributePayload") : null;
        ThingGroup updated = registry.updateThingGroup(name, description, attributes,
                payload.path("merge").asBoolean(false), expectedVersion(req.body().get("expectedVersion")));
        return object().put("version", updated.version());
    }

    private JsonNode deleteThingGroup(RestRequest req) {
        String name = requireName(req.path("thingGroupName"), "thingGroupName", THING_NAME);
        registry.deleteThingGroup(name, req.queryParam("expectedVersion").map(v -> parseLong(v, "expectedVersion"))
                .orElse(null));
        return object();
    }

    private JsonNode addThingToThingGroup(RestRequest req) {
        registry.addThingToThingGroup(groupOf(req, "thingGroup", ":thinggroup/"), thingOf(req));
        return object();
    }

    private JsonNode removeThingFromThingGroup(RestRequest req) {
        registry.removeThingFromThingGroup(groupOf(req, "thingGroup", ":thinggroup/"), thingOf(req));
        return object();
    }

    /** ListThingGroups: by name, optionally those starting with {@code namePrefixFilter}. */
    private JsonNode listThingGroups(RestRequest req) {
        Optional<String> prefix = req.queryParam("namePrefixFilter");
        Optional<String> parent = req.queryParam("parentGroup");
        parent.ifPresent(p -> registry.describeThingGroup(requireName(p, "parentGroup", THING_NAME)));
        List<ThingGroup> groups = registry.listThingGroups().stream()
                // Groups here have no parents, so a parent filter leaves none.
                .filter(g -> parent.isEmpty())
                .filter(g -> prefix.isEmpty() || g.thingGroupName().startsWith(prefix.get()))
                .collect(Collectors.toList());
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, groups, ThingGroup::thingGroupName, false, out, "thingGroups",
                (list, g) -> list.addObject().put("groupName", g.thingGroupName()).put("groupArn", g.thingGroupArn()));
        return out;
    }

    private JsonNode listThingsInThingGroup(RestRequest req) {
        String name = requireName(req.path("thingGroupName"), "thingGroupName", THING_NAME);
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, registry.listThingsInThingGroup(name), t -> t, false, out, "things",
                ArrayNode::add);
        return out;
    }

    private JsonNode listThingGroupsForThing(RestRequest req) {
        Thing thing = registry.describeThing(requireName(req.path("thingName"), "thingName", THING_NAME));
        List<String> groups = thing.thingGroups().stream().sorted().collect(Collectors.toList());
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, groups, g -> g, false, out, "thingGroups",
                (list, g) -> list.addObject().put("groupName", g).put("groupArn", registry.arn("thinggroup", g)));
        return out;
    }

    // ---- billing groups ----

    private JsonNode createBillingGroup(RestRequest req) {
        String name = requireName(req.path("billingGroupName"), "billingGroupName", THING_NAME);
        String description = description(req.body().path("billingGroupProperties"), "billingGroupDescription",
                "billingGroupProperties").orElse("");
        BillingGroup group = registry.createBillingGroup(name, description);
        return object().put("billingGroupName", group.billingGroupName()).put("billingGroupArn", group.billingGroupArn())
                .put("billingGroupId", group.billingGroupId());
    }

    private JsonNode describeBillingGroup(RestRequest req) {
        BillingGroup g = registry.describeBillingGroup(
                requireName(req.path("billingGroupName"), "billingGroupName", THING_NAME));
        ObjectNode out = object().put("billingGroupName", g.billingGroupName()).put("billingGroupId", g.billingGroupId())
                .put("billingGroupArn", g.billingGroupArn()).put("version", g.version());
        ObjectNode properties = out.putObject("billingGroupProperties");
        if (!g.description().isEmpty()) {
            properties.put("billingGroupDescription", g.description());
        }
        timestamp(out.putObject("billingGroupMetadata"), "creationDate", g.creationDate());
        return out;
    }

    private JsonNode updateBillingGroup(RestRequest req) {
        String name = requireName(req.path("billingGroupName"), "billingGroupName", THING_NAME);
        JsonNode properties = req.body().get("billingGroupProperties");
        if (properties == null || !properties.isObject()) {
            throw constraint("billingGroupProperties", "Member must not be null");
        }
        String description = description(properties, "billingGroupDescription", "billingGroupProperties").orElse("");
        BillingGroup updated = registry.updateBillingGroup(name, description,
                expectedVersion(req.body().get("expectedVersion")));
        return object().put("version", updated.version());
    }

    private JsonNode deleteBillingGroup(RestRequest req) {
        String name = requireName(req.path("billingGroupName"), "billingGroupName", THING_NAME);
        registry.deleteBillingGroup(name, req.queryParam("expectedVersion").map(v -> parseLong(v, "expectedVersion"))
                .orElse(null));
        return object();
    }

    private JsonNode addThingToBillingGroup(RestRequest req) {
        registry.addThingToBillingGroup(groupOf(req, "billingGroup", ":billinggroup/"), thingOf(req));
        return object();
    }

    private JsonNode removeThingFromBillingGroup(RestRequest req) {
        registry.removeThingFromBillingGroup(groupOf(req, "billingGroup", ":billinggroup/"), thingOf(req));
        return object();
    }

    private JsonNode listBillingGroups(RestRequest req) {
        Optional<String> prefix = req.queryParam("namePrefixFilter");
        List<BillingGroup> groups = registry.listBillingGroups().stream()
                .filter(g -> prefix.isEmpty() || g.billingGroupName().startsWith(prefix.get()))
                .collect(Collectors.toList());
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, groups, BillingGroup::billingGroupName, false, out, "billingGroups",
                (list, g) -> list.addObject().put("groupName", g.billingGroupName()).put("groupArn", g.billingGroupArn()));
        return out;
    }

    private JsonNode listThingsInBillingGroup(RestRequest req) {
        String name = requireName(req.path("billingGroupName"), "billingGroupName", THING_NAME);
        registry.describeBillingGroup(name);
        List<String> things = registry.listThings().stream()
                .filter(t -> t.billingGroupName().map(name::equals).orElse(false))
                .map(Thing::thingName).collect(Collectors.toList());
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, things, t -> t, false, out, "things", ArrayNode::add);
        return out;
    }

    // ---- helpers ----

    private static Optional<String> description(JsonNode properties, String member, String parent) {
        JsonNode d = properties.get(member);
        if (d == null || d.isNull()) {
            return Optional.empty();
        }
        if (!d.isTextual()) {
            throw AwsApiException.invalidRequest(parent + "." + member + " must be a string.");
        }
        if (d.asText().length() > 2028) {
            throw constraint(parent + "." + member, "Member must have length less than or equal to 2028");
        }
        return Optional.of(d.asText());
    }

    private static Long expectedVersion(JsonNode expected) {
        if (expected == null || expected.isNull()) {
            return null;
        }
        if (!expected.canConvertToLong()) {
            throw constraint("expectedVersion", "Member must be a number");
        }
        return expected.asLong();
    }

    /** The group of an add/remove request: {@code <kind>Name}, or else the name in {@code <kind>Arn}. */
    private static String groupOf(RestRequest req, String kind, String arnMarker) {
        String group = req.string(kind + "Name")
                .or(() -> req.string(kind + "Arn").map(arn -> resourceName(arn, arnMarker, kind + "Arn")))
                .orElseThrow(() -> AwsApiException.invalidRequest("Either " + kind + "Name or " + kind
                        + "Arn must be given."));
        return requireName(group, kind + "Name", THING_NAME);
    }

    private static String thingOf(RestRequest req) {
        String thing = req.string("thingName")
                .or(() -> req.string("thingArn").map(arn -> resourceName(arn, ":thing/", "thingArn")))
                .orElseThrow(() -> AwsApiException.invalidRequest("Either thingName or thingArn must be given."));
        return requireName(thing, "thingName", THING_NAME);
    }
}
