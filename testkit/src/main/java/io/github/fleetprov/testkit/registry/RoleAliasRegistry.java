package io.github.fleetprov.testkit.registry;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Role aliases for the credentials provider (CreateRoleAlias and its reads).
 *
 * <p>Part of {@link IotRegistry}; every method behaves like the AWS IoT operation of the same name and
 * refuses what AWS IoT refuses with a {@link RegistryException}.
 */
public interface RoleAliasRegistry {

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
    RoleAlias updateRoleAlias(String roleAlias, @Nullable String roleArn, @Nullable Integer credentialDurationSeconds);

    /**
     * Deletes a role alias.
     *
     * @param roleAlias the alias
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void deleteRoleAlias(String roleAlias);
}
