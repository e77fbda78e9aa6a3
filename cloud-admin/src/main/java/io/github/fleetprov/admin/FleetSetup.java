package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.FleetSetupJson;
import java.util.List;
import java.util.Objects;

/**
 * What {@link FleetProvisioningAdmin#setUp(FleetSpec)} set up: names and ARNs of every resource,
 * the endpoints, and the changes this run made. It holds no secrets (the claim's private key stays
 * in the credential store) and serializes to JSON for tools ({@link #toJson()},
 * {@link #fromJson(String)}). Strings are empty where a part was not asked for.
 *
 * @param fleetName the fleet name from the spec
 * @param partition the AWS partition, e.g. {@code aws}
 * @param region the region
 * @param accountId the account id
 * @param provisioningRoleName the provisioning role (trusted by {@code iot.amazonaws.com})
 * @param provisioningRoleArn its ARN
 * @param templateName the provisioning template
 * @param templateArn its ARN
 * @param claimPolicyName the least-privilege claim policy
 * @param claimPolicyArn its ARN
 * @param devicePolicyNames IoT policies the template refers to, made by the set-up
 * @param claimCertificateId the claim certificate (empty for provisioning by trusted user)
 * @param claimCertificateArn its ARN
 * @param claimStore the credential store directory holding the claim (empty if none)
 * @param tokenExchangeRoleName the token exchange role (empty if not asked for)
 * @param tokenExchangeRoleArn its ARN
 * @param roleAliasName the role alias
 * @param roleAliasArn its ARN
 * @param aliasPolicyName the IoT policy allowing {@code iot:AssumeRoleWithCertificate} on the alias
 * @param dataEndpoint the MQTT endpoint ({@code iot:Data-ATS})
 * @param credentialsEndpoint the credentials provider endpoint
 * @param credentialsUrl the URL devices call for credentials (empty without a role alias)
 * @param changes the mutating calls this run made (empty when nothing changed)
 */
public record FleetSetup(String fleetName, String partition, String region, String accountId,
        String provisioningRoleName, String provisioningRoleArn, String templateName, String templateArn,
        String claimPolicyName, String claimPolicyArn, List<String> devicePolicyNames, String claimCertificateId,
        String claimCertificateArn, String claimStore, String tokenExchangeRoleName, String tokenExchangeRoleArn,
        String roleAliasName, String roleAliasArn, String aliasPolicyName, String dataEndpoint,
        String credentialsEndpoint, String credentialsUrl, List<PlannedCall> changes) {

    /**
     * Validates and copies the parts.
     *
     * @param fleetName the fleet
     * @param partition the partition
     * @param region the region
     * @param accountId the account
     * @param provisioningRoleName the provisioning role
     * @param provisioningRoleArn its ARN
     * @param templateName the template
     * @param templateArn its ARN
     * @param claimPolicyName the claim policy
     * @param claimPolicyArn its ARN
     * @param devicePolicyNames device policies
     * @param claimCertificateId the claim certificate
     * @param claimCertificateArn its ARN
     * @param claimStore the store directory
     * @param tokenExchangeRoleName the token exchange role
     * @param tokenExchangeRoleArn its ARN
     * @param roleAliasName the alias
     * @param roleAliasArn its ARN
     * @param aliasPolicyName the alias policy
     * @param dataEndpoint the data endpoint
     * @param credentialsEndpoint the credentials endpoint
     * @param credentialsUrl the credentials URL
     * @param changes the calls made
     */
    public FleetSetup {
        Objects.requireNonNull(fleetName, "fleetName");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(provisioningRoleName, "provisioningRoleName");
        Objects.requireNonNull(provisioningRoleArn, "provisioningRoleArn");
        Objects.requireNonNull(templateName, "templateName");
        Objects.requireNonNull(templateArn, "templateArn");
        Objects.requireNonNull(claimPolicyName, "claimPolicyName");
        Objects.requireNonNull(claimPolicyArn, "claimPolicyArn");
        devicePolicyNames = List.copyOf(Objects.requireNonNull(devicePolicyNames, "devicePolicyNames"));
        Objects.requireNonNull(claimCertificateId, "claimCertificateId");
        Objects.requireNonNull(claimCertificateArn, "claimCertificateArn");
        Objects.requireNonNull(claimStore, "claimStore");
        Objects.requireNonNull(tokenExchangeRoleName, "tokenExchangeRoleName");
        Objects.requireNonNull(tokenExchangeRoleArn, "tokenExchangeRoleArn");
        Objects.requireNonNull(roleAliasName, "roleAliasName");
        Objects.requireNonNull(roleAliasArn, "roleAliasArn");
        Objects.requireNonNull(aliasPolicyName, "aliasPolicyName");
        Objects.requireNonNull(dataEndpoint, "dataEndpoint");
        Objects.requireNonNull(credentialsEndpoint, "credentialsEndpoint");
        Objects.requireNonNull(credentialsUrl, "credentialsUrl");
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
    }

    /** @return whether this run changed nothing */
    public boolean unchanged() {
        return changes.isEmpty();
    }

    /** @return the set-up as pretty-printed JSON (no secrets) */
    public String toJson() {
        return FleetSetupJson.write(this);
    }

    /**
     * Reads a set-up written by {@link #toJson()}.
     *
     * @param json the JSON
     * @return the set-up
     * @throws io.github.fleetprov.core.InvalidInputException if the JSON is not a fleet set-up, naming the member
     */
    public static FleetSetup fromJson(String json) {
        return FleetSetupJson.read(Objects.requireNonNull(json, "json"));
    }
}
