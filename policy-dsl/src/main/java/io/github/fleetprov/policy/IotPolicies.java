package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.IotResourceType;
import java.util.Objects;

/** Small AWS IoT policies for single purposes. */
public final class IotPolicies {

    private IotPolicies() {
    }

    /**
     * The policy that lets a certificate fetch AWS credentials from the credentials provider through
     * one role alias: {@code iot:AssumeRoleWithCertificate} on that alias.
     *
     * @param roleAliasArn the role alias ARN, {@code arn:aws:iot:<region>:<account>:rolealias/<alias>}
     * @return the policy
     * @throws InvalidInputException if the ARN is not a role alias ARN
     */
    public static IotPolicy assumeRoleWithCertificate(String roleAliasArn) {
        Objects.requireNonNull(roleAliasArn, "roleAliasArn");
        IotResource resource = IotResource.create(roleAliasArn);
        if (resource.type().orElse(null) != IotResourceType.ROLEALIAS || !roleAliasArn.startsWith("arn:")) {
            throw new InvalidInputException("roleAliasArn", "'" + roleAliasArn + "' is not a role alias ARN",
                    "Give the roleAliasArn that CreateRoleAlias returned, "
                            + "arn:aws:iot:<region>:<account>:rolealias/<alias>.");
        }
        return IotPolicy.builder()
                .addStatement(s -> s.allow().actions(IotAction.ASSUME_ROLE_WITH_CERTIFICATE).resources(resource))
                .build();
    }

    /**
     * The role alias policy for a role alias in a context.
     *
     * @param context partition, region and account
     * @param roleAlias the role alias name
     * @return the policy
     */
    public static IotPolicy assumeRoleWithCertificate(PolicyContext context, String roleAlias) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(roleAlias, "roleAlias");
        return assumeRoleWithCertificate(context.roleAlias(roleAlias).value());
    }
}
