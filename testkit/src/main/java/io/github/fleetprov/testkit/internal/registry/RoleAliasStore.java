package io.github.fleetprov.testkit.internal.registry;

import static io.github.fleetprov.testkit.internal.registry.RegistryContext.requireName;

import io.github.fleetprov.core.arn.Arn;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.RoleAlias;
import io.github.fleetprov.testkit.registry.RoleAliasRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Role aliases of the credentials provider. Table: {@code roleAliases} (by alias). */
final class RoleAliasStore implements RoleAliasRegistry {

    private static final String ROLE_ALIAS_PATTERN = "[\\w=,@-]{1,128}";

    private final RegistryContext ctx;
    final RegistryTable<RoleAlias> roleAliases;

    RoleAliasStore(RegistryContext ctx) {
        this.ctx = ctx;
        roleAliases = ctx.tables.table("roleAliases", RoleAlias.class);
    }

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
        return ctx.tables.write(() -> {
            RoleAlias existing = roleAliases.get(roleAlias);
            if (existing != null) {
                throw RegistryException.alreadyExists("Role alias " + roleAlias + " already exists.", roleAlias,
                        existing.roleAliasArn());
            }
            Instant now = ctx.clock.instant();
            RoleAlias a = new RoleAlias(roleAlias, ctx.arn("rolealias", roleAlias), roleArn, credentialDurationSeconds,
                    ctx.accountId, now, now);
            roleAliases.put(roleAlias, a);
            ctx.changed("CreateRoleAlias", a.roleAliasArn(), "roleArn", roleArn);
            return a;
        });
    }

    @Override
    public RoleAlias describeRoleAlias(String roleAlias) {
        return findRoleAlias(roleAlias).orElseThrow(() -> RegistryException.notFound("Role alias " + roleAlias
                + " does not exist. Create it with CreateRoleAlias first."));
    }

    @Override
    public Optional<RoleAlias> findRoleAlias(String roleAlias) {
        Objects.requireNonNull(roleAlias, "roleAlias");
        return ctx.tables.read(() -> roleAliases.find(roleAlias));
    }

    @Override
    public List<RoleAlias> listRoleAliases() {
        return ctx.tables.read(() -> List.copyOf(roleAliases.values()));
    }

    @Override
    public RoleAlias updateRoleAlias(String roleAlias, String roleArn, Integer credentialDurationSeconds) {
        if (roleArn != null) {
            validateRoleArn(roleArn);
        }
        if (credentialDurationSeconds != null) {
            validateDuration(credentialDurationSeconds);
        }
        return ctx.tables.write(() -> {
            RoleAlias a = describeRoleAlias(roleAlias);
            RoleAlias updated = new RoleAlias(roleAlias, a.roleAliasArn(), roleArn == null ? a.roleArn() : roleArn,
                    credentialDurationSeconds == null ? a.credentialDurationSeconds() : credentialDurationSeconds,
                    a.owner(), a.creationDate(), ctx.clock.instant());
            roleAliases.put(roleAlias, updated);
            ctx.changed("UpdateRoleAlias", a.roleAliasArn(), "roleArn", updated.roleArn());
            return updated;
        });
    }

    @Override
    public void deleteRoleAlias(String roleAlias) {
        ctx.tables.write(() -> {
            RoleAlias a = describeRoleAlias(roleAlias);
            roleAliases.remove(roleAlias);
            ctx.changed("DeleteRoleAlias", a.roleAliasArn(), null, null);
        });
    }
}
