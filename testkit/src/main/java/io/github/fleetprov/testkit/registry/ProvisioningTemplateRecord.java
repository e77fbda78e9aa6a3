package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provisioning template as the registry holds it at one moment (an immutable snapshot): its
 * versions (at most 5), whether it is enabled, its provisioning role and its pre-provisioning hook.
 */
public final class ProvisioningTemplateRecord {

    /** The template type for fleet provisioning. */
    public static final String TYPE_FLEET_PROVISIONING = "FLEET_PROVISIONING";
    /** The template type for just-in-time provisioning. */
    public static final String TYPE_JITP = "JITP";

    private final String templateName;
    private final String templateArn;
    private final String templateId;
    private final String description;
    private final boolean enabled;
    private final String provisioningRoleArn;
    private final PreProvisioningHookConfig preProvisioningHook;
    private final String type;
    private final List<ProvisioningTemplateVersion> versions;
    private final Instant creationDate;
    private final Instant lastModifiedDate;

    /**
     * Creates a snapshot.
     *
     * @param templateName the name
     * @param templateArn the ARN
     * @param templateId the id
     * @param description the description, empty if none
     * @param enabled whether RegisterThing may use it
     * @param provisioningRoleArn the provisioning role
     * @param preProvisioningHook the hook, or {@code null}
     * @param type {@link #TYPE_FLEET_PROVISIONING} or {@link #TYPE_JITP}
     * @param versions the versions, oldest first, exactly one of them the default
     * @param creationDate when it was created
     * @param lastModifiedDate when it last changed
     */
    public ProvisioningTemplateRecord(String templateName, String templateArn, String templateId, String description,
            boolean enabled, String provisioningRoleArn, @Nullable PreProvisioningHookConfig preProvisioningHook, String type,
            List<ProvisioningTemplateVersion> versions, Instant creationDate, Instant lastModifiedDate) {
        this.templateName = Objects.requireNonNull(templateName, "templateName");
        this.templateArn = Objects.requireNonNull(templateArn, "templateArn");
        this.templateId = Objects.requireNonNull(templateId, "templateId");
        this.description = Objects.requireNonNull(description, "description");
        this.enabled = enabled;
        this.provisioningRoleArn = Objects.requireNonNull(provisioningRoleArn, "provisioningRoleArn");
        this.preProvisioningHook = preProvisioningHook;
        this.type = Objects.requireNonNull(type, "type");
        this.versions = List.copyOf(versions);
        if (this.versions.stream().filter(ProvisioningTemplateVersion::isDefaultVersion).count() != 1) {
            throw new IllegalArgumentException("versions: exactly one version must be the default");
        }
        this.creationDate = Objects.requireNonNull(creationDate, "creationDate");
        this.lastModifiedDate = Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
    }

    /** @return the template name */
    public String templateName() {
        return templateName;
    }

    /** @return the template ARN */
    public String templateArn() {
        return templateArn;
    }

    /** @return the template id */
    public String templateId() {
        return templateId;
    }

    /** @return the description, empty if none */
    public String description() {
        return description;
    }

    /** @return whether RegisterThing may use the template */
    public boolean enabled() {
        return enabled;
    }

    /** @return the provisioning role ARN */
    public String provisioningRoleArn() {
        return provisioningRoleArn;
    }

    /** @return the pre-provisioning hook, if the template has one */
    public Optional<PreProvisioningHookConfig> preProvisioningHook() {
        return Optional.ofNullable(preProvisioningHook);
    }

    /** @return {@link #TYPE_FLEET_PROVISIONING} or {@link #TYPE_JITP} */
    public String type() {
        return type;
    }

    /** @return the versions, oldest first */
    public List<ProvisioningTemplateVersion> versions() {
        return versions;
    }

    /** @return the default version, the one RegisterThing uses */
    public ProvisioningTemplateVersion defaultVersion() {
        return versions.stream().filter(ProvisioningTemplateVersion::isDefaultVersion).findFirst().orElseThrow();
    }

    /** @return the default version's id */
    public int defaultVersionId() {
        return defaultVersion().versionId();
    }

    /** @return the default version's body */
    public String templateBody() {
        return defaultVersion().templateBody();
    }

    /** @return when the template was created */
    public Instant creationDate() {
        return creationDate;
    }

    /** @return when the template last changed */
    public Instant lastModifiedDate() {
        return lastModifiedDate;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProvisioningTemplateRecord t)) {
            return false;
        }
        return enabled == t.enabled && templateName.equals(t.templateName) && templateArn.equals(t.templateArn)
                && templateId.equals(t.templateId) && description.equals(t.description)
                && provisioningRoleArn.equals(t.provisioningRoleArn)
                && Objects.equals(preProvisioningHook, t.preProvisioningHook) && type.equals(t.type)
                && versions.equals(t.versions) && creationDate.equals(t.creationDate)
                && lastModifiedDate.equals(t.lastModifiedDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(templateName, templateArn, enabled, versions, lastModifiedDate);
    }

    @Override
    public String toString() {
        return "ProvisioningTemplate{" + templateName + ", enabled=" + enabled + ", defaultVersion="
                + defaultVersionId() + ", versions=" + versions.size() + ", hook=" + preProvisioningHook + "}";
    }
}
