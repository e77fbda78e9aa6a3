package io.github.fleetprov.template;

import java.util.Map;

/**
 * A resource in the {@code Resources} section of a template: a {@link ThingResource}, a
 * {@link CertificateResource} or a {@link PolicyResource}.
 */
public sealed interface TemplateResource permits ThingResource, CertificateResource, PolicyResource {

    /**
     * The logical name, the key of the resource in {@code Resources} (e.g. {@code "thing"}).
     *
     * @return the logical name
     */
    String logicalName();

    /**
     * The resource type.
     *
     * @return the type
     */
    ResourceType type();

    /**
     * The {@code OverrideSettings} of the resource, in the order written; empty for policies.
     *
     * @return the override settings
     */
    Map<OverrideProperty, OverrideAction> overrideSettings();
}
