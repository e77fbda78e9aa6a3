package io.github.fleetprov.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import io.github.fleetprov.policy.IotPolicy;

/**
 * A policy a provisioning plan attaches to the certificate: an existing policy by name, or a
 * document AWS creates. Immutable.
 */
public final class PlannedPolicy {

    private final String logicalName;
    private final String policyName;
    private final IotPolicy document;

    private PlannedPolicy(String logicalName, String policyName, IotPolicy document) {
        this.logicalName = Objects.requireNonNull(logicalName, "logicalName");
        this.policyName = policyName;
        this.document = document;
    }

    /**
     * An existing policy, by name.
     *
     * @param logicalName the resource's logical name
     * @param policyName the policy name
     * @return the planned policy
     */
    public static PlannedPolicy named(String logicalName, String policyName) {
        return new PlannedPolicy(logicalName, Objects.requireNonNull(policyName, "policyName"), null);
    }

    /**
     * A policy created from a document.
     *
     * @param logicalName the resource's logical name
     * @param document the policy document
     * @return the planned policy
     */
    public static PlannedPolicy document(String logicalName, IotPolicy document) {
        return new PlannedPolicy(logicalName, null, Objects.requireNonNull(document, "document"));
    }

    /**
     * The logical name of the policy resource.
     *
     * @return the logical name
     */
    public String logicalName() {
        return logicalName;
    }

    /**
     * The name of an existing policy.
     *
     * @return the name, if the resource gives {@code PolicyName}
     */
    public Optional<String> policyName() {
        return Optional.ofNullable(policyName);
    }

    /**
     * The document of a policy to create.
     *
     * @return the document, if the resource gives {@code PolicyDocument}
     */
    public Optional<IotPolicy> document() {
        return Optional.ofNullable(document);
    }

    /**
     * The name the policy has in the registry: the given name, or for a document the lower-case
     * hex SHA-256 of its compact JSON (AWS names such policies after a hash of the document).
     *
     * @return the effective name
     */
    public String effectiveName() {
        return policyName != null ? policyName : documentHash(document);
    }

    /**
     * The lower-case hex SHA-256 of a policy's compact JSON.
     *
     * @param document the policy
     * @return 64 hex digits
     */
    public static String documentHash(IotPolicy document) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(document.toJson().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlannedPolicy p
                && logicalName.equals(p.logicalName)
                && Objects.equals(policyName, p.policyName)
                && Objects.equals(document, p.document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logicalName, policyName, document);
    }

    @Override
    public String toString() {
        return "PlannedPolicy[" + logicalName + ", " + (policyName != null ? "name=" + policyName : "document") + "]";
    }
}
