package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A role alias: the name devices use with the credentials provider for an IAM role.
 *
 * @param roleAlias the alias
 * @param roleAliasArn the ARN ({@code arn:...:rolealias/<alias>})
 * @param roleArn the IAM role the alias stands for
 * @param credentialDurationSeconds how long issued credentials last (900 to 43200)
 * @param owner the account id that owns the alias
 * @param creationDate when it was created
 * @param lastModifiedDate when it last changed
 */
public record RoleAlias(String roleAlias, String roleAliasArn, String roleArn, int credentialDurationSeconds,
        String owner, Instant creationDate, Instant lastModifiedDate) {

    /** Validates the components. */
    public RoleAlias {
        Objects.requireNonNull(roleAlias, "roleAlias");
        Objects.requireNonNull(roleAliasArn, "roleAliasArn");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
    }
}
