package io.github.fleetprov.testkit.internal.registry;

import io.github.fleetprov.core.json.FleetJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateUpdate;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateVersion;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.TemplateRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Provisioning templates with their versions. Table: {@code templates} (by name, with the next
 * version id). A template row keeps a hook's target ARN and payload version; Java hook callbacks
 * ({@link #registerHookFunction}) are not registry state and are not saved.
 */
final class TemplateStore implements TemplateRegistry {

    private static final ObjectMapper JSON = FleetJson.lenientMapper();

    /** A template and the id its next version gets. */
    record StoredTemplate(ProvisioningTemplateRecord template, int nextVersionId) {
    }

    /** The JSON row of a template version. */
    record TemplateVersionRow(int versionId, String templateBody, boolean defaultVersion, Instant creationDate) {
    }

    /** The JSON row of a template. */
    record TemplateRow(String templateName, String templateArn, String templateId, String description,
            boolean enabled, String provisioningRoleArn, String hookTargetArn, String hookPayloadVersion, String type,
            List<TemplateVersionRow> versions, Instant creationDate, Instant lastModifiedDate, int nextVersionId) {
    }

    private final RegistryContext ctx;
    final RegistryTable<StoredTemplate> templates;
    private final Map<String, PreProvisioningHook> hookFunctions = new ConcurrentHashMap<>();

    TemplateStore(RegistryContext ctx) {
        this.ctx = ctx;
        templates = ctx.tables.table("templates", TemplateRow.class, TemplateStore::toRow, TemplateStore::fromRow);
    }

    private static TemplateRow toRow(StoredTemplate s) {
        ProvisioningTemplateRecord t = s.template();
        PreProvisioningHookConfig hook = t.preProvisioningHook().orElse(null);
        return new TemplateRow(t.templateName(), t.templateArn(), t.templateId(), t.description(), t.enabled(),
                t.provisioningRoleArn(), hook == null ? null : hook.targetArn().orElse(null),
                hook == null ? null : hook.payloadVersion(), t.type(),
                t.versions().stream().map(v -> new TemplateVersionRow(v.versionId(), v.templateBody(),
                        v.isDefaultVersion(), v.creationDate())).collect(Collectors.toList()),
                t.creationDate(), t.lastModifiedDate(), s.nextVersionId());
    }

    private static StoredTemplate fromRow(TemplateRow r) {
        PreProvisioningHookConfig hook = r.hookTargetArn() == null ? null
                : PreProvisioningHookConfig.ofArn(r.hookTargetArn(), r.hookPayloadVersion());
        return new StoredTemplate(new ProvisioningTemplateRecord(r.templateName(), r.templateArn(), r.templateId(),
                r.description(), r.enabled(), r.provisioningRoleArn(), hook, r.type(),
                r.versions().stream().map(v -> new ProvisioningTemplateVersion(v.versionId(), v.templateBody(),
                        v.defaultVersion(), v.creationDate())).collect(Collectors.toList()),
                r.creationDate(), r.lastModifiedDate()), r.nextVersionId());
    }

    private static void validateTemplateBody(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw RegistryException.invalidRequest("templateBody: is not a JSON object. Give the template"
                        + " JSON with Parameters and Resources.");
            }
            if (!root.has("Resources")) {
                throw RegistryException.invalidRequest("templateBody: has no Resources. A template declares at"
                        + " least the thing or certificate it provisions.");
            }
        } catch (java.io.IOException e) {
            throw RegistryException.invalidRequest("templateBody: is not valid JSON. Give the template JSON.");
        }
        if (body.length() > 10240) {
            throw RegistryException.invalidRequest("templateBody: has " + body.length()
                    + " characters, more than the 10240 AWS IoT allows. Shorten the template.");
        }
    }

    private StoredTemplate stored(String templateName) {
        Objects.requireNonNull(templateName, "templateName");
        StoredTemplate s = templates.get(templateName);
        if (s == null) {
            throw RegistryException.notFound("Provisioning template " + templateName
                    + " does not exist. Create it with CreateProvisioningTemplate first.");
        }
        return s;
    }

    @Override
    public ProvisioningTemplateRecord createProvisioningTemplate(ProvisioningTemplateSpec spec) {
        Objects.requireNonNull(spec, "spec");
        validateTemplateBody(spec.templateBody());
        return ctx.tables.write(() -> {
            StoredTemplate existing = templates.get(spec.templateName());
            if (existing != null) {
                throw RegistryException.alreadyExists("Provisioning template " + spec.templateName()
                        + " already exists.", existing.template().templateId(), existing.template().templateArn());
            }
            Instant now = ctx.clock.instant();
            ProvisioningTemplateRecord t = new ProvisioningTemplateRecord(spec.templateName(),
                    ctx.arn("provisioningtemplate", spec.templateName()), UUID.randomUUID().toString(),
                    spec.description(), spec.enabled(), spec.provisioningRoleArn(),
                    spec.preProvisioningHook().orElse(null), spec.type(),
                    List.of(new ProvisioningTemplateVersion(1, spec.templateBody(), true, now)), now, now);
            templates.put(spec.templateName(), new StoredTemplate(t, 2));
            ctx.changed("CreateProvisioningTemplate", t.templateArn(), "enabled", String.valueOf(t.enabled()));
            return t;
        });
    }

    @Override
    public ProvisioningTemplateRecord describeProvisioningTemplate(String templateName) {
        return ctx.tables.read(() -> stored(templateName).template());
    }

    @Override
    public Optional<ProvisioningTemplateRecord> findProvisioningTemplate(String templateName) {
        Objects.requireNonNull(templateName, "templateName");
        return ctx.tables.read(() -> templates.find(templateName).map(StoredTemplate::template));
    }

    @Override
    public List<ProvisioningTemplateRecord> listProvisioningTemplates() {
        return ctx.tables.read(() -> templates.values().stream().map(StoredTemplate::template)
                .collect(Collectors.toUnmodifiableList()));
    }

    @Override
    public ProvisioningTemplateRecord updateProvisioningTemplate(String templateName,
            ProvisioningTemplateUpdate update) {
        Objects.requireNonNull(update, "update");
        return ctx.tables.write(() -> {
            StoredTemplate s = stored(templateName);
            ProvisioningTemplateRecord t = s.template();
            List<ProvisioningTemplateVersion> versions = t.versions();
            if (update.defaultVersionId().isPresent()) {
                int id = update.defaultVersionId().getAsInt();
                if (versions.stream().noneMatch(v -> v.versionId() == id)) {
                    throw RegistryException.notFound("Provisioning template " + templateName + " has no version "
                            + id + ".");
                }
                versions = versions.stream().map(v -> new ProvisioningTemplateVersion(v.versionId(), v.templateBody(),
                        v.versionId() == id, v.creationDate())).collect(Collectors.toList());
            }
            PreProvisioningHookConfig hook = t.preProvisioningHook().orElse(null);
            if (update.removePreProvisioningHook()) {
                hook = null;
            } else if (update.preProvisioningHook().isPresent()) {
                hook = update.preProvisioningHook().get();
            }
            ProvisioningTemplateRecord updated = new ProvisioningTemplateRecord(templateName, t.templateArn(),
                    t.templateId(), update.description().orElse(t.description()),
                    update.enabled().orElse(t.enabled()), update.provisioningRoleArn().orElse(t.provisioningRoleArn()),
                    hook, t.type(), versions, t.creationDate(), ctx.clock.instant());
            templates.put(templateName, new StoredTemplate(updated, s.nextVersionId()));
            ctx.changed("UpdateProvisioningTemplate", t.templateArn(), "enabled", String.valueOf(updated.enabled()));
            return updated;
        });
    }

    @Override
    public ProvisioningTemplateVersion createProvisioningTemplateVersion(String templateName, String templateBody,
            boolean setAsDefault) {
        Objects.requireNonNull(templateBody, "templateBody");
        validateTemplateBody(templateBody);
        return ctx.tables.write(() -> {
            StoredTemplate s = stored(templateName);
            ProvisioningTemplateRecord t = s.template();
            if (t.versions().size() >= IotRegistry.MAX_VERSIONS) {
                throw RegistryException.of(RegistryException.VERSIONS_LIMIT_EXCEEDED, "Provisioning template "
                        + templateName + " already has " + IotRegistry.MAX_VERSIONS
                        + " versions. Delete a version with DeleteProvisioningTemplateVersion first.");
            }
            Instant now = ctx.clock.instant();
            int id = s.nextVersionId();
            ProvisioningTemplateVersion v = new ProvisioningTemplateVersion(id, templateBody, setAsDefault, now);
            List<ProvisioningTemplateVersion> versions = new ArrayList<>();
            for (ProvisioningTemplateVersion old : t.versions()) {
                versions.add(setAsDefault && old.isDefaultVersion()
                        ? new ProvisioningTemplateVersion(old.versionId(), old.templateBody(), false,
                                old.creationDate())
                        : old);
            }
            versions.add(v);
            templates.put(templateName, new StoredTemplate(new ProvisioningTemplateRecord(templateName,
                    t.templateArn(), t.templateId(), t.description(), t.enabled(), t.provisioningRoleArn(),
                    t.preProvisioningHook().orElse(null), t.type(), versions, t.creationDate(), now), id + 1));
            ctx.changed("CreateProvisioningTemplateVersion", t.templateArn(), "versionId", String.valueOf(id));
            return v;
        });
    }

    @Override
    public void deleteProvisioningTemplateVersion(String templateName, int versionId) {
        ctx.tables.write(() -> {
            StoredTemplate s = stored(templateName);
            ProvisioningTemplateRecord t = s.template();
            ProvisioningTemplateVersion v = t.versions().stream().filter(x -> x.versionId() == versionId).findFirst()
                    .orElseThrow(() -> RegistryException.notFound("Provisioning template " + templateName
                            + " has no version " + versionId + "."));
            if (v.isDefaultVersion()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Version " + versionId
                        + " of provisioning template " + templateName
                        + " is the default. Make another version the default first.");
            }
            List<ProvisioningTemplateVersion> versions = new ArrayList<>(t.versions());
            versions.remove(v);
            templates.put(templateName, new StoredTemplate(new ProvisioningTemplateRecord(templateName,
                    t.templateArn(), t.templateId(), t.description(), t.enabled(), t.provisioningRoleArn(),
                    t.preProvisioningHook().orElse(null), t.type(), versions, t.creationDate(), ctx.clock.instant()),
                    s.nextVersionId()));
            ctx.changed("DeleteProvisioningTemplateVersion", t.templateArn(), "versionId", String.valueOf(versionId));
        });
    }

    @Override
    public void deleteProvisioningTemplate(String templateName) {
        ctx.tables.write(() -> {
            ProvisioningTemplateRecord t = stored(templateName).template();
            templates.remove(templateName);
            ctx.changed("DeleteProvisioningTemplate", t.templateArn(), null, null);
        });
    }

    @Override
    public void registerHookFunction(String targetArn, PreProvisioningHook hook) {
        Objects.requireNonNull(targetArn, "targetArn");
        Objects.requireNonNull(hook, "hook");
        hookFunctions.put(targetArn, hook);
    }

    @Override
    public Optional<PreProvisioningHook> findHookFunction(String targetArn) {
        Objects.requireNonNull(targetArn, "targetArn");
        return Optional.ofNullable(hookFunctions.get(targetArn));
    }
}
