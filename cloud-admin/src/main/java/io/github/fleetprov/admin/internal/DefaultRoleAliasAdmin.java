package io.github.fleetprov.admin.internal;

import io.github.fleetprov.admin.EnsuredPolicy;
import io.github.fleetprov.admin.EnsuredResource;
import io.github.fleetprov.admin.RoleAliasAdmin;
import io.github.fleetprov.core.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;

/** The {@link RoleAliasAdmin} over IoT and IAM clients. */
public final class DefaultRoleAliasAdmin implements RoleAliasAdmin {

    private final IotClient iot;
    private final IotOps iotOps;
    private final IamOps iamOps;

    /**
     * Creates the facade.
     *
     * @param iot the IoT client
     * @param iam the IAM client
     */
    public DefaultRoleAliasAdmin(IotClient iot, IamClient iam) {
        this.iot = iot;
        this.iotOps = new IotOps(iot);
        this.iamOps = new IamOps(iam);
    }

    @Override
    public EnsuredResource ensureTokenExchangeRole(String roleName, String accessPolicyJson) {
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(accessPolicyJson, "accessPolicyJson");
        return iamOps.ensureRole(Changes.applying(), roleName, IamOps.CREDENTIALS_PROVIDER_TRUST, List.of(),
                Map.of(roleName + "Access", accessPolicyJson), "");
    }

    @Override
    public EnsuredResource ensureRoleAlias(String alias, String roleArn, Duration credentialDuration) {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(roleArn, "roleArn");
        return iotOps.ensureRoleAlias(Changes.applying(), alias, roleArn, durationSeconds(credentialDuration), "");
    }

    /**
     * Validates a role alias credential duration.
     *
     * @param d the duration
     * @return seconds
     */
    public static int durationSeconds(Duration d) {
        Objects.requireNonNull(d, "credentialDuration");
        long s = d.getSeconds();
        if (s < 900 || s > 43200) {
            throw new InvalidInputException("credentialDuration", "must be 15 minutes to 12 hours, was " + d,
                    "Use a duration from PT15M to PT12H (AWS's range for role alias credentials).");
        }
        return (int) s;
    }

    @Override
    public EnsuredPolicy ensureAliasPolicy(String policyName, String roleAliasArn) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(roleAliasArn, "roleAliasArn");
        return iotOps.ensurePolicy(Changes.applying(), policyName,
                IotOps.assumeRoleWithCertificatePolicy(roleAliasArn), "");
    }

    @Override
    public boolean deleteRoleAlias(String alias) {
        Objects.requireNonNull(alias, "alias");
        return Calls.ifExists(IotOps.IOT, "DeleteRoleAlias", alias, () -> iot.deleteRoleAlias(r -> r.roleAlias(alias)));
    }

    @Override
    public boolean deleteRole(String roleName) {
        Objects.requireNonNull(roleName, "roleName");
        return iamOps.deleteRole(roleName);
    }

    @Override
    public String dataEndpoint() {
        return iotOps.endpoint("iot:Data-ATS");
    }

    @Override
    public String credentialsEndpoint() {
        return iotOps.endpoint("iot:CredentialProvider");
    }

    @Override
    public URI credentialsUrl(String alias) {
        Objects.requireNonNull(alias, "alias");
        return credentialsUrl(credentialsEndpoint(), alias);
    }

    /**
     * Builds the credentials URL.
     *
     * @param endpoint the credentials endpoint host (optionally with a port)
     * @param alias the alias
     * @return the URL
     */
    public static URI credentialsUrl(String endpoint, String alias) {
        if (!alias.matches("[\\w=,@-]{1,128}")) {
            throw new InvalidInputException("alias", "'" + alias + "' is not a role alias name",
                    "Use 1 to 128 characters of letters, digits and =,@-_.");
        }
        return URI.create("https://" + endpoint + "/role-aliases/" + alias + "/credentials");
    }
}
