package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.FleetSetupJson;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.CredentialStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FleetProvisioningAdmin#setUp(FleetSpec)} set up, in parts: the {@link Template} and its
 * provisioning role, the {@link Policies}, the {@link Endpoints}, the {@link Claim} certificate (absent
 * for provisioning by trusted user), the {@link RoleAlias} with its token exchange role (absent when no
 * token exchange access was asked for), and the changes this run made.
 *
 * <p>It holds no secrets: the claim's private key stays in the credential store, and
 * {@link #claimIdentity()} reads it from there. That is the bridge to the device side, one call:
 *
 * <pre>{@code
 * FleetSetup setup = admin.setUp(spec);
 * DeviceIdentity device = FleetProvisioningClient.builder()
 *         .claim(setup.claimIdentity())          // claim certificate and key, data endpoint, template name
 *         .clientId("sensors-" + serial)         // a client id the spec's clientIdPattern allows
 *         .templateParameter("SerialNumber", serial)
 *         .credentialStore(deviceDirectory)
 *         .build()
 *         .provision();
 * }</pre>
 *
 * <p>Immutable; equal when every part is equal. {@link #toJson()} and {@link #fromJson(String)} write and
 * read it for tools (for example to tear a fleet down from a later process). Build one by hand (e.g. to
 * tear down a fleet whose set-up was not kept) with {@link #builder()}.
 */
public final class FleetSetup {

    private final String fleetName;
    private final String partition;
    private final String region;
    private final String accountId;
    private final Template template;
    private final Policies policies;
    private final Endpoints endpoints;
    private final Claim claim;
    private final RoleAlias roleAlias;
    private final List<PlannedCall> changes;

    private FleetSetup(Builder b) {
        this.fleetName = b.fleetName;
        this.partition = b.partition;
        this.region = b.region;
        this.accountId = b.accountId;
        this.template = b.template;
        this.policies = b.policies;
        this.endpoints = b.endpoints;
        this.claim = b.claim;
        this.roleAlias = b.roleAlias;
        this.changes = List.copyOf(b.changes);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this set-up's parts */
    public Builder toBuilder() {
        return new Builder().fleetName(fleetName).partition(partition).region(region).accountId(accountId)
                .template(template).policies(policies).endpoints(endpoints).claim(claim).roleAlias(roleAlias)
                .changes(changes);
    }

    /**
     * A copy with some parts changed.
     *
     * @param edit changes to apply to a builder holding this set-up's parts
     * @return the changed copy, validated like {@link Builder#build()}
     */
    public FleetSetup copy(Consumer<Builder> edit) {
        Objects.requireNonNull(edit, "edit");
        Builder b = toBuilder();
        edit.accept(b);
        return b.build();
    }

    /** @return the fleet name from the spec */
    public String fleetName() {
        return fleetName;
    }

    /** @return the AWS partition, e.g. {@code aws} */
    public String partition() {
        return partition;
    }

    /** @return the region */
    public String region() {
        return region;
    }

    /** @return the account id */
    public String accountId() {
        return accountId;
    }

    /** @return the provisioning template and its provisioning role */
    public Template template() {
        return template;
    }

    /** @return the claim policy and the device policies */
    public Policies policies() {
        return policies;
    }

    /** @return the data and credentials endpoints */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** @return the claim certificate and where its key is stored; empty for provisioning by trusted user */
    public Optional<Claim> claim() {
        return Optional.ofNullable(claim);
    }

    /** @return the role alias, its token exchange role and its policy; empty without token exchange access */
    public Optional<RoleAlias> roleAlias() {
        return Optional.ofNullable(roleAlias);
    }

    /** @return the mutating calls this run made (empty when nothing changed) */
    public List<PlannedCall> changes() {
        return changes;
    }

    /** @return whether this run changed nothing */
    public boolean unchanged() {
        return changes.isEmpty();
    }

    /**
     * The claim identity that set-up stored, read from its credential store, ready for
     * {@code FleetProvisioningClient.builder().claim(ClaimIdentity)}: the claim certificate and key, the
     * data endpoint, and the template name.
     *
     * @return the claim identity
     * @throws InvalidInputException naming {@code claim} if the set-up has no claim certificate, or
     *     {@code claim.store} if the store no longer holds that claim
     */
    public ClaimIdentity claimIdentity() {
        return claim().orElseThrow(() -> new InvalidInputException("claim", "this fleet set-up has no claim"
                + " certificate", "Give the spec a claimCertificate(directory), or create a claim with"
                + " FleetProvisioningAdmin.createProvisioningClaim(setup, directory).")).readIdentity();
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
     * @throws InvalidInputException if the JSON is not a fleet set-up, naming the member (a JSON pointer)
     */
    public static FleetSetup fromJson(String json) {
        return FleetSetupJson.read(Objects.requireNonNull(json, "json"));
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof FleetSetup s && fleetName.equals(s.fleetName) && partition.equals(s.partition)
                && region.equals(s.region) && accountId.equals(s.accountId) && template.equals(s.template)
                && policies.equals(s.policies) && endpoints.equals(s.endpoints) && Objects.equals(claim, s.claim)
                && Objects.equals(roleAlias, s.roleAlias) && changes.equals(s.changes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fleetName, partition, region, accountId, template, policies, endpoints, claim, roleAlias,
                changes);
    }

    /** @return the fleet, its region and account, and the names of its parts */
    @Override
    public String toString() {
        return "FleetSetup[fleetName=" + fleetName + ", region=" + region + ", accountId=" + accountId + ", template="
                + template.name() + ", claimPolicy=" + policies.claimPolicyName() + ", claim="
                + claim().map(Claim::certificateId).orElse("none") + ", roleAlias="
                + roleAlias().map(RoleAlias::name).orElse("none") + ", changes=" + changes.size() + "]";
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required", "Give the " + field + " setUp returned.");
        }
        return value;
    }

    private static void present(String field, Object part) {
        if (part == null) {
            throw new InvalidInputException(field, "is required", "Give the " + field + " setUp returned.");
        }
    }

    /**
     * The provisioning template and the role AWS IoT assumes to run it (trusted by {@code iot.amazonaws.com},
     * with the managed policy {@code AWSIoTThingsRegistration}).
     *
     * @param name the template name
     * @param arn the template ARN
     * @param provisioningRoleName the provisioning role
     * @param provisioningRoleArn its ARN
     */
    public record Template(String name, String arn, String provisioningRoleName, String provisioningRoleArn) {

        /**
         * Checks that every part is given.
         *
         * @param name the template name
         * @param arn the template ARN
         * @param provisioningRoleName the provisioning role
         * @param provisioningRoleArn its ARN
         */
        public Template {
            required("template.name", name);
            required("template.arn", arn);
            required("template.provisioningRoleName", provisioningRoleName);
            required("template.provisioningRoleArn", provisioningRoleArn);
        }
    }

    /**
     * The IoT policies the set-up made: the least-privilege claim policy and the device policies the
     * template refers to.
     *
     * @param claimPolicyName the claim policy
     * @param claimPolicyArn its ARN
     * @param devicePolicyNames the device policies, possibly none
     */
    public record Policies(String claimPolicyName, String claimPolicyArn, List<String> devicePolicyNames) {

        /**
         * Checks the parts and copies the list.
         *
         * @param claimPolicyName the claim policy
         * @param claimPolicyArn its ARN
         * @param devicePolicyNames the device policies
         */
        public Policies {
            required("policies.claimPolicyName", claimPolicyName);
            required("policies.claimPolicyArn", claimPolicyArn);
            devicePolicyNames = List.copyOf(Objects.requireNonNull(devicePolicyNames, "devicePolicyNames"));
        }
    }

    /**
     * The account's endpoints, as DescribeEndpoint answers them.
     *
     * @param data the MQTT endpoint ({@code iot:Data-ATS}), a host name
     * @param credentials the credentials provider endpoint ({@code iot:CredentialProvider})
     */
    public record Endpoints(String data, String credentials) {

        /**
         * Checks that both are given.
         *
         * @param data the data endpoint
         * @param credentials the credentials endpoint
         */
        public Endpoints {
            required("endpoints.data", data);
            required("endpoints.credentials", credentials);
        }
    }

    /**
     * The fleet's claim certificate, and the credential store that holds it with its private key.
     *
     * @param certificateId the claim certificate id
     * @param certificateArn its ARN
     * @param store the credential store directory (absolute)
     */
    public record Claim(String certificateId, String certificateArn, Path store) {

        /**
         * Checks the parts.
         *
         * @param certificateId the claim certificate id
         * @param certificateArn its ARN
         * @param store the credential store directory
         */
        public Claim {
            required("claim.certificateId", certificateId);
            required("claim.certificateArn", certificateArn);
            Objects.requireNonNull(store, "store");
        }

        /**
         * Reads the claim identity from the store: certificate, key, data endpoint, template name.
         *
         * @return the claim identity
         * @throws InvalidInputException naming {@code claim.store} if the store holds no claim, or another
         *     claim than {@link #certificateId()}
         */
        public ClaimIdentity readIdentity() {
            return readClaim(store, certificateId, "claim.store");
        }
    }

    /** Reads the claim in a store and checks that it is the expected certificate. */
    static ClaimIdentity readClaim(Path store, String certificateId, String field) {
        Optional<ClaimIdentity> stored = Files.isDirectory(store) ? CredentialStore.open(store).readClaim()
                : Optional.empty();
        ClaimIdentity identity = stored.orElseThrow(() -> new InvalidInputException(field, store
                + " holds no claim identity", "Run setUp (or createProvisioningClaim) again to store a new claim."));
        if (!identity.certificateId().equals(certificateId)) {
            throw new InvalidInputException(field, store + " holds claim certificate " + identity.certificateId()
                    + ", not " + certificateId, "Use the FleetSetup that wrote this store, or run setUp again.");
        }
        return identity;
    }

    /**
     * The role alias devices get AWS credentials through, the token exchange role it names, and the
     * IoT policy that allows {@code iot:AssumeRoleWithCertificate} on it.
     *
     * @param name the role alias
     * @param arn its ARN
     * @param tokenExchangeRoleName the token exchange role (trusted by {@code credentials.iot.amazonaws.com})
     * @param tokenExchangeRoleArn its ARN
     * @param policyName the alias policy
     * @param credentialsUrl the URL devices call for credentials
     */
    public record RoleAlias(String name, String arn, String tokenExchangeRoleName, String tokenExchangeRoleArn,
            String policyName, URI credentialsUrl) {

        /**
         * Checks that every part is given.
         *
         * @param name the role alias
         * @param arn its ARN
         * @param tokenExchangeRoleName the token exchange role
         * @param tokenExchangeRoleArn its ARN
         * @param policyName the alias policy
         * @param credentialsUrl the credentials URL
         */
        public RoleAlias {
            required("roleAlias.name", name);
            required("roleAlias.arn", arn);
            required("roleAlias.tokenExchangeRoleName", tokenExchangeRoleName);
            required("roleAlias.tokenExchangeRoleArn", tokenExchangeRoleArn);
            required("roleAlias.policyName", policyName);
            Objects.requireNonNull(credentialsUrl, "credentialsUrl");
        }
    }

    /** Builds a {@link FleetSetup}. */
    public static final class Builder {
        private String fleetName;
        private String partition = "aws";
        private String region;
        private String accountId;
        private Template template;
        private Policies policies;
        private Endpoints endpoints;
        private Claim claim;
        private RoleAlias roleAlias;
        private List<PlannedCall> changes = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param fleetName the fleet name, required
         * @return this builder
         */
        public Builder fleetName(String fleetName) {
            this.fleetName = fleetName;
            return this;
        }

        /**
         * @param partition the AWS partition (default {@code aws})
         * @return this builder
         */
        public Builder partition(String partition) {
            this.partition = partition;
            return this;
        }

        /**
         * @param region the region, required
         * @return this builder
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * @param accountId the account id, required
         * @return this builder
         */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /**
         * @param template the template and its provisioning role, required
         * @return this builder
         */
        public Builder template(Template template) {
            this.template = template;
            return this;
        }

        /**
         * @param policies the claim and device policies, required
         * @return this builder
         */
        public Builder policies(Policies policies) {
            this.policies = policies;
            return this;
        }

        /**
         * @param endpoints the endpoints, required
         * @return this builder
         */
        public Builder endpoints(Endpoints endpoints) {
            this.endpoints = endpoints;
            return this;
        }

        /**
         * @param claim the claim certificate, or {@code null} for none
         * @return this builder
         */
        public Builder claim(@Nullable Claim claim) {
            this.claim = claim;
            return this;
        }

        /**
         * @param roleAlias the role alias, or {@code null} for none
         * @return this builder
         */
        public Builder roleAlias(@Nullable RoleAlias roleAlias) {
            this.roleAlias = roleAlias;
            return this;
        }

        /**
         * Replaces the list of changes.
         *
         * @param changes the mutating calls made (copied)
         * @return this builder
         */
        public Builder changes(List<PlannedCall> changes) {
            this.changes = new ArrayList<>(Objects.requireNonNull(changes, "changes"));
            return this;
        }

        /**
         * Validates and builds the set-up.
         *
         * @return the set-up
         * @throws InvalidInputException naming the missing part
         */
        public FleetSetup build() {
            required("fleetName", fleetName);
            required("partition", partition);
            required("region", region);
            required("accountId", accountId);
            present("template", template);
            present("policies", policies);
            present("endpoints", endpoints);
            return new FleetSetup(this);
        }
    }
}
