package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import io.github.fleetprov.testkit.internal.http.AwsApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Thing;
import io.github.fleetprov.testkit.registry.ThingGroup;
import io.github.fleetprov.testkit.registry.ThingType;
import io.github.fleetprov.testkit.registry.ThingUpdate;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The control-plane operations on things, thing types and thing principals: request and response
 * members, error codes and HTTP statuses as in the AWS IoT service model.
 */
final class ThingOperations {

    private final IotRegistry registry;

    ThingOperations(IotRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "POST", "/thing-types/{thingTypeName}", "CreateThingType", this::createThingType);
        add(routes, "GET", "/thing-types/{thingTypeName}", "DescribeThingType", this::describeThingType);
        add(routes, "POST", "/things/{thingName}", "CreateThing", this::createThing);
        add(routes, "GET", "/things/{thingName}", "DescribeThing", this::describeThing);
        add(routes, "DELETE", "/things/{thingName}", "DeleteThing", this::deleteThing);
        add(routes, "PUT", "/things/{thingName}/principals", "AttachThingPrincipal", this::attachThingPrincipal);
        add(routes, "DELETE", "/things/{thingName}/principals", "DetachThingPrincipal", this::detachThingPrincipal);
        add(routes, "GET", "/things/{thingName}/principals", "ListThingPrincipals", this::listThingPrincipals);
        add(routes, "GET", "/principals/things", "ListPrincipalThings", this::listPrincipalThings);
        add(routes, "GET", "/things", "ListThings", this::listThings);
        add(routes, "PATCH", "/things/{thingName}", "UpdateThing", this::updateThing);
        add(routes, "GET", "/thing-types", "ListThingTypes", this::listThingTypes);
        add(routes, "POST", "/thing-types/{thingTypeName}/deprecate", "DeprecateThingType", this::deprecateThingType);
        add(routes, "DELETE", "/thing-types/{thingTypeName}", "DeleteThingType", this::deleteThingType);
    }

    private JsonNode createThingType(RestRequest req) {
        String name = requireName(req.path("thingTypeName"), "thingTypeName", THING_NAME);
        JsonNode props = req.body().path("thingTypeProperties");
        String description = props.path("thingTypeDescription").asText("");
        if (description.length() > 2028) {
            throw constraint("thingTypeProperties.thingTypeDescription", "Member must have length less than or equal to 2028");
        }
        List<String> searchable = new ArrayList<>();
        props.path("searchableAttributes").forEach(a -> searchable.add(a.asText()));
        if (searchable.size() > 3) {
            throw AwsApiException.invalidRequest("A thing type can have at most 3 searchable attributes, got " + searchable.size() + ".");
        }
        ThingType type = registry.createThingType(name, description, searchable);
        return object().put("thingTypeName", type.thingTypeName()).put("thingTypeArn", type.thingTypeArn())
                .put("thingTypeId", type.thingTypeId());
    }

    private JsonNode describeThingType(RestRequest req) {
        String name = requireName(req.path("thingTypeName"), "thingTypeName", THING_NAME);
        ThingType type = registry.findThingType(name)
                .orElseThrow(() -> AwsApiException.notFound("Thing type " + name + " cannot be found."));
        ObjectNode out = object().put("thingTypeName", type.thingTypeName()).put("thingTypeId", type.thingTypeId())
                .put("thingTypeArn", type.thingTypeArn());
        putThingTypeDetails(out, type);
        return out;
    }

    /** Writes a thing type's {@code thingTypeProperties} and {@code thingTypeMetadata}. */
    private static void putThingTypeDetails(ObjectNode out, ThingType type) {
        ObjectNode properties = out.putObject("thingTypeProperties");
        if (!type.description().isEmpty()) {
            properties.put("thingTypeDescription", type.description());
        }
        ArrayNode searchable = properties.putArray("searchableAttributes");
        type.searchableAttributes().forEach(searchable::add);
        ObjectNode metadata = out.putObject("thingTypeMetadata").put("deprecated", type.deprecated());
        timestamp(metadata, "creationDate", type.creationDate());
    }

    private JsonNode createThing(RestRequest req) {
        String name = requireName(req.path("thingName"), "thingName", THING_NAME);
        Optional<String> type = req.string("thingTypeName");
        type.ifPresent(t -> requireName(t, "thingTypeName", THING_NAME));
        Optional<String> billingGroup = req.string("billingGroupName");
        billingGroup.ifPresent(b -> requireName(b, "billingGroupName", THING_NAME));
        Map<String, String> attributes = attributes(req.body().path("attributePayload"), "attributePayload");
        if (attributes.size() > 50) {
            throw AwsApiException.invalidRequest("A thing can have at most 50 attributes, got " + attributes.size() + ".");
        }
        Thing thing = registry.createThing(name, type.orElse(null), attributes, billingGroup.orElse(null));
        return object().put("thingName", thing.thingName()).put("thingArn", thing.thingArn()).put("thingId", thing.thingId());
    }

    private JsonNode describeThing(RestRequest req) {
        String name = requireName(req.path("thingName"), "thingName", THING_NAME);
        Thing thing = registry.findThing(name)
                .orElseThrow(() -> AwsApiException.notFound("Thing " + name + " cannot be found."));
        ObjectNode out = object().put("defaultClientId", thing.thingName()).put("thingName", thing.thingName())
                .put("thingId", thing.thingId()).put("thingArn", thing.thingArn());
        thing.thingTypeName().ifPresent(t -> out.put("thingTypeName", t));
        ObjectNode attributes = out.putObject("attributes");
        thing.attributes().forEach(attributes::put);
        out.put("version", thing.version());
        thing.billingGroupName().ifPresent(b -> out.put("billingGroupName", b));
        return out;
    }

    private JsonNode deleteThing(RestRequest req) {
        String name = requireName(req.path("thingName"), "thingName", THING_NAME);
        Optional<String> expected = req.queryParam("expectedVersion");
        if (expected.isPresent()) {
            long version = parseLong(expected.get(), "expectedVersion");
            Optional<Thing> thing = registry.findThing(name);
            if (thing.isPresent() && thing.get().version() != version) {
                throw new AwsApiException(409, "VersionConflictException", "The version for thing " + name
                        + " does not match the expected version " + version + "; it is " + thing.get().version() + ".");
            }
        }
        registry.deleteThing(name);
        return object();
    }

    private JsonNode attachThingPrincipal(RestRequest req) {
        String thing = requireName(req.path("thingName"), "thingName", THING_NAME);
        registry.attachThingPrincipal(thing, principal(req));
        return object();
    }

    private JsonNode detachThingPrincipal(RestRequest req) {
        String thing = requireName(req.path("thingName"), "thingName", THING_NAME);
        registry.detachThingPrincipal(thing, principal(req));
        return object();
    }

    private JsonNode listThingPrincipals(RestRequest req) {
        String thing = requireName(req.path("thingName"), "thingName", THING_NAME);
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, registry.listThingPrincipals(thing), p -> p, false, out, "principals",
                ArrayNode::add);
        return out;
    }

    static String principal(RestRequest req) {
        return req.header("x-amzn-principal").filter(p -> !p.isEmpty())
                .orElseThrow(() -> constraint("principal", "Member must not be null"));
    }

    private JsonNode listPrincipalThings(RestRequest req) {
        String principal = principal(req);
        Pager.size(req, "maxResults");
        // Only registered certificates can be thing principals here, so any other principal is unknown.
        if (registry.findCertificateByArn(principal).isEmpty()) {
            throw AwsApiException.notFound("The principal " + principal + " does not exist.");
        }
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, registry.listPrincipalThings(principal), t -> t, false, out, "things",
                ArrayNode::add);
        return out;
    }

    /**
     * ListThings: every thing, or those with an attribute value ({@code attributeName} and
     * {@code attributeValue}, a prefix with {@code usePrefixAttributeValue}) and of a thing type.
     */
    private JsonNode listThings(RestRequest req) {
        Optional<String> attributeName = req.queryParam("attributeName");
        Optional<String> attributeValue = req.queryParam("attributeValue");
        Optional<String> type = req.queryParam("thingTypeName");
        boolean prefix = req.queryFlag("usePrefixAttributeValue");
        attributeName.ifPresent(n -> requireName(n, "attributeName", ATTRIBUTE_NAME));
        type.ifPresent(t -> requireName(t, "thingTypeName", THING_NAME));
        if (attributeValue.isPresent() && attributeName.isEmpty()) {
            throw AwsApiException.invalidRequest("attributeValue is given without attributeName. Give the attribute"
                    + " name to search for as well.");
        }
        List<Thing> matching = registry.listThings().stream()
                .filter(t -> type.isEmpty() || t.thingTypeName().equals(type))
                .filter(t -> attributeName.isEmpty() || attributeMatches(t, attributeName.get(),
                        attributeValue.orElse(null), prefix))
                .collect(Collectors.toList());
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, matching, Thing::thingName, false, out, "things", (list, t) -> {
            ObjectNode node = list.addObject().put("thingName", t.thingName());
            t.thingTypeName().ifPresent(n -> node.put("thingTypeName", n));
            node.put("thingArn", t.thingArn());
            ObjectNode attributes = node.putObject("attributes");
            t.attributes().forEach(attributes::put);
            node.put("version", t.version());
        });
        return out;
    }

    private static boolean attributeMatches(Thing t, String name, String value, boolean prefix) {
        String actual = t.attributes().get(name);
        if (actual == null) {
            return false;
        }
        if (value == null) {
            return true;
        }
        return prefix ? actual.startsWith(value) : actual.equals(value);
    }

    /** ListThingTypes: every type, or the one named by {@code thingTypeName}. */
    private JsonNode listThingTypes(RestRequest req) {
        Optional<String> name = req.queryParam("thingTypeName");
        name.ifPresent(n -> requireName(n, "thingTypeName", THING_NAME));
        List<ThingType> types = registry.listThingTypes().stream()
                .filter(t -> name.isEmpty() || t.thingTypeName().equals(name.get())).collect(Collectors.toList());
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, types, ThingType::thingTypeName, false, out, "thingTypes", (list, t) -> {
            putThingTypeDetails(list.addObject().put("thingTypeName", t.thingTypeName())
                    .put("thingTypeArn", t.thingTypeArn()), t);
        });
        return out;
    }

    /** UpdateThing: type, attributes (merged with {@code attributePayload.merge}), expected version. */
    private JsonNode updateThing(RestRequest req) {
        String name = requireName(req.path("thingName"), "thingName", THING_NAME);
        ThingUpdate.Builder update = ThingUpdate.builder();
        Optional<String> type = req.string("thingTypeName");
        boolean removeType = req.body().path("removeThingType").asBoolean(false);
        if (type.isPresent() && removeType) {
            throw AwsApiException.invalidRequest("thingTypeName and removeThingType cannot both be given. Give one.");
        }
        type.ifPresent(t -> update.thingTypeName(requireName(t, "thingTypeName", THING_NAME)));
        if (removeType) {
            update.removeThingType();
        }
        JsonNode payload = req.body().path("attributePayload");
        if (payload.has("attributes")) {
            update.attributes(attributes(payload, "attributePayload"), payload.path("merge").asBoolean(false));
        }
        JsonNode expected = req.body().get("expectedVersion");
        if (expected != null && !expected.isNull()) {
            if (!expected.canConvertToLong()) {
                throw constraint("expectedVersion", "Member must be a number");
            }
            update.expectedVersion(expected.asLong());
        }
        registry.updateThing(name, update.build());
        return object();
    }

    private JsonNode deprecateThingType(RestRequest req) {
        String name = requireName(req.path("thingTypeName"), "thingTypeName", THING_NAME);
        registry.deprecateThingType(name, req.body().path("undoDeprecate").asBoolean(false));
        return object();
    }

    private JsonNode deleteThingType(RestRequest req) {
        registry.deleteThingType(requireName(req.path("thingTypeName"), "thingTypeName", THING_NAME));
        return object();
    }
}
