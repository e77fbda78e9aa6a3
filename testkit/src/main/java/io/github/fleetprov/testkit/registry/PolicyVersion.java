package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of an IoT policy.
 *
 * @param versionId the version id ({@code "1"}, {@code "2"}, ...)
 * @param document the policy document (JSON text, as given)
 * @param isDefaultVersion whether this version is the one enforced
 * @param createDate when the version was created
 */
public record PolicyVersion(String versionId, String document, boolean isDefaultVersion, Instant createDate) {

    /** Validates the components. */
    public PolicyVersion {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createDate, "createDate");
    }
}
