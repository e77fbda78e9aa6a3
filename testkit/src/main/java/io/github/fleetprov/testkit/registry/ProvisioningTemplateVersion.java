package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a provisioning template.
 *
 * @param versionId the version id (1, 2, ...)
 * @param templateBody the template body (JSON text, as given)
 * @param isDefaultVersion whether RegisterThing uses this version
 * @param creationDate when the version was created
 */
public record ProvisioningTemplateVersion(int versionId, String templateBody, boolean isDefaultVersion,
        Instant creationDate) {

    /** Validates the components. */
    public ProvisioningTemplateVersion {
        Objects.requireNonNull(templateBody, "templateBody");
        Objects.requireNonNull(creationDate, "creationDate");
    }
}
