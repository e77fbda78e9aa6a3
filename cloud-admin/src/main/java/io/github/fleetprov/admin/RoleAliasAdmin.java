package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.DefaultRoleAliasAdmin;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Token exchange roles, role aliases, their {@code iot:AssumeRoleWithCertificate} policies, and
 * the account's AWS IoT endpoints.
 *
 * <p>A device with a certificate calls the AWS IoT credentials provider
 * ({@link #credentialsUrl(String)}) to exchange its certificate for temporary AWS credentials of the
 * role the alias points at; its certificate needs a policy allowing
 * {@code iot:AssumeRoleWithCertificate} on the alias ({@link #ensureAliasPolicy(String, String)}).
 * All "ensure" calls are idempotent.
 */
public interface RoleAliasAdmin {

    /** The default credential lifetime of a role alias: one hour (AWS allows 15 minutes to 12 hours). */
    Duration DEFAULT_CREDENTIAL_DURATION = Duration.ofHours(1);

    /**
     * A facade over clients the caller built (and closes).
     *
     * @param iot the AWS IoT client
     * @param iam the IAM client
     * @return the facade
     */
    static RoleAliasAdmin create(IotClient iot, IamClient iam) {
        return new DefaultRoleAliasAdmin(Objects.requireNonNull(iot, "iot"), Objects.requireNonNull(iam, "iam"));
    }

    /**
     * Ensures a token exchange role: trusted by {@code credentials.iot.amazonaws.com}, with the
     * access policy as an inline policy named {@code <roleName>Access}.
     *
     * @param roleName the IAM role name
     * @param accessPolicyJson the IAM policy with the AWS permissions devices get
     * @return the role
     */
    EnsuredResource ensureTokenExchangeRole(String roleName, String accessPolicyJson);

    /**
     * Ensures a role alias pointing at a role.
     *
     * @param alias the alias name
     * @param roleArn the role ARN
     * @param credentialDuration how long issued credentials last (15 minutes to 12 hours)
     * @return the alias
     * @throws io.github.fleetprov.core.InvalidInputException if the duration is out of range
     */
    EnsuredResource ensureRoleAlias(String alias, String roleArn, Duration credentialDuration);

    /**
     * Ensures an IoT policy that allows {@code iot:AssumeRoleWithCertificate} on the alias.
     *
     * @param policyName the IoT policy name
     * @param roleAliasArn the role alias ARN
     * @return the policy
     */
    EnsuredPolicy ensureAliasPolicy(String policyName, String roleAliasArn);

    /**
     * Deletes a role alias.
     *
     * @param alias the alias
     * @return {@code false} if it did not exist
     */
    boolean deleteRoleAlias(String alias);

    /**
     * Deletes an IAM role after detaching and deleting its policies.
     *
     * @param roleName the role
     * @return {@code false} if it did not exist
     */
    boolean deleteRole(String roleName);

    /**
     * The account's MQTT data endpoint ({@code iot:Data-ATS}), which chains to the Amazon root CAs.
     *
     * @return the host name
     */
    String dataEndpoint();

    /**
     * The account's credentials provider endpoint ({@code iot:CredentialProvider}).
     *
     * @return the host name
     */
    String credentialsEndpoint();

    /**
     * The URL a device calls with its certificate to get credentials through a role alias:
     * {@code https://<credentials endpoint>/role-aliases/<alias>/credentials}.
     *
     * @param alias the role alias name
     * @return the URL
     */
    URI credentialsUrl(String alias);
}
