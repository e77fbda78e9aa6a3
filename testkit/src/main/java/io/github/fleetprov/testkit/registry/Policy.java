package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An IoT policy with its versions (at most 5, one of them the default).
 *
 * @param policyName the name
 * @param policyArn the ARN
 * @param versions the versions, oldest first
 * @param creationDate when the policy was created
 * @param lastModifiedDate when it last changed
 */
public record Policy(String policyName, String policyArn, List<PolicyVersion> versions, Instant creationDate,
        Instant lastModifiedDate) {

    /** Validates and copies the components. */
    public Policy {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(policyArn, "policyArn");
        versions = List.copyOf(versions);
        if (versions.stream().filter(PolicyVersion::isDefaultVersion).count() != 1) {
            throw new IllegalArgumentException("versions: exactly one version must be the default");
        }
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
    }

    /**
     * The default version, the one that is enforced.
     *
     * @return the default version
     */
    public PolicyVersion defaultVersion() {
        return versions.stream().filter(PolicyVersion::isDefaultVersion).findFirst().orElseThrow();
    }

    /**
     * The default version's id.
     *
     * @return the default version id, e.g. {@code "1"}
     */
    public String defaultVersionId() {
        return defaultVersion().versionId();
    }

    /**
     * The default version's document, the JSON text that is enforced.
     *
     * @return the policy document
     */
    public String document() {
        return defaultVersion().document();
    }
}
