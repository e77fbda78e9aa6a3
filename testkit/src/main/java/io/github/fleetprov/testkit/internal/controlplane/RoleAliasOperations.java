package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.stream.Collectors;
import java.util.Collections;
import java.util.ArrayList;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.RoleAlias;
import java.util.List;
import java.util.Objects;

/**
 * The control-plane operations on role aliases: request and response members, error codes
 * and HTTP statuses as in the AWS IoT service model.
 */
final class RoleAliasOperations {

    private final IotRegistry registry;

    RoleAliasOperations(IotRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "GET", "/role-aliases", "ListRoleAliases", this::listRoleAliases);
        add(routes, "POST", "/role-aliases/{roleAlias}", "CreateRoleAlias", this::createRoleAlias);
        add(routes, "GET", "/role-aliases/{roleAlias}", "DescribeRoleAlias", this::describeRoleAlias);
        add(routes, "PUT", "/role-aliases/{roleAlias}", "UpdateRoleAlias", this::updateRoleAlias);
        add(routes, "DELETE", "/role-aliases/{roleAlias}", "DeleteRoleAlias", this::deleteRoleAlias);
    }

    private JsonNode createRoleAlias(RestRequest req) {
        String alias = requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS);
        String roleArn = checkRoleArn(req.requiredString("roleArn"));
        Integer requested = credentialDuration(req);
        int duration = requested == null ? 3600 : requested;
        RoleAlias created = registry.createRoleAlias(alias, roleArn, duration);
        return object().put("roleAlias", created.roleAlias()).put("roleAliasArn", created.roleAliasArn());
    }

    private JsonNode describeRoleAlias(RestRequest req) {
        String alias = requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS);
        RoleAlias ra = registry.findRoleAlias(alias)
                .orElseThrow(() -> AwsApiException.notFound("Role alias " + alias + " does not exist."));
        ObjectNode out = object();
        ObjectNode d = out.putObject("roleAliasDescription");
        d.put("roleAlias", ra.roleAlias()).put("roleAliasArn", ra.roleAliasArn()).put("roleArn", ra.roleArn())
                .put("owner", ra.owner()).put("credentialDurationSeconds", ra.credentialDurationSeconds());
        timestamp(d, "creationDate", ra.creationDate());
        timestamp(d, "lastModifiedDate", ra.lastModifiedDate());
        return out;
    }

    private JsonNode deleteRoleAlias(RestRequest req) {
        registry.deleteRoleAlias(requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS));
        return object();
    }

    private JsonNode updateRoleAlias(RestRequest req) {
        String alias = requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS);
        String roleArn = req.string("roleArn").map(ControlPlaneRest::checkRoleArn).orElse(null);
        Integer duration = credentialDuration(req);
        RoleAlias updated = registry.updateRoleAlias(alias, roleArn, duration);
        return object().put("roleAlias", updated.roleAlias()).put("roleAliasArn", updated.roleAliasArn());
    }

    /** ListRoleAliases: the alias names; {@code isAscendingOrder=false} lists them in descending order. */
    private JsonNode listRoleAliases(RestRequest req) {
        boolean descending = req.queryParam("isAscendingOrder").map(v -> v.equalsIgnoreCase("false")).orElse(false);
        List<String> names = registry.listRoleAliases().stream().map(RoleAlias::roleAlias)
                .collect(Collectors.toCollection(ArrayList::new));
        if (descending) {
            Collections.reverse(names);
        }
        ObjectNode out = object();
        Pager.page(req, Pager.Style.MARKER, names, n -> n, descending, out, "roleAliases", ArrayNode::add);
        return out;
    }
}
