package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.template.hook.PreProvisioningHook;
import java.util.List;
import java.util.Optional;

/**
 * Fleet provisioning and JITP templates with their versions and pre-provisioning hooks
 * (CreateProvisioningTemplate, CreateProvisioningTemplateVersion and their reads).
 *
 * <p>Part of {@link IotRegistry}; every method behaves like the AWS IoT operation of the same name and
 * refuses what AWS IoT refuses with a {@link RegistryException}.
 */
public interface TemplateRegistry {

    /**
     * Creates a provisioning template with version 1 as default (CreateProvisioningTemplate).
     *
     * @param spec the template
     * @return the template
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code InvalidRequestException}
     *     (e.g. a body that is not a JSON object)
     */
    ProvisioningTemplateRecord createProvisioningTemplate(ProvisioningTemplateSpec spec);

    /**
     * Describes a provisioning template.
     *
     * @param templateName the name
     * @return the template
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    ProvisioningTemplateRecord describeProvisioningTemplate(String templateName);

    /**
     * Finds a provisioning template.
     *
     * @param templateName the name
     * @return the template, if it exists
     */
    Optional<ProvisioningTemplateRecord> findProvisioningTemplate(String templateName);

    /** @return every provisioning template, by name */
    List<ProvisioningTemplateRecord> listProvisioningTemplates();

    /**
     * Updates a template (UpdateProvisioningTemplate).
     *
     * @param templateName the name
     * @param update the changes
     * @return the template after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code InvalidRequestException}
     */
    ProvisioningTemplateRecord updateProvisioningTemplate(String templateName, ProvisioningTemplateUpdate update);

    /**
     * Adds a version to a template (CreateProvisioningTemplateVersion).
     *
     * @param templateName the name
     * @param templateBody the body
     * @param setAsDefault whether it becomes the default
     * @return the new version
     * @throws RegistryException {@code ResourceNotFoundException}, {@code VersionsLimitExceededException},
     *     {@code InvalidRequestException}
     */
    ProvisioningTemplateVersion createProvisioningTemplateVersion(String templateName, String templateBody,
            boolean setAsDefault);

    /**
     * Deletes a non-default version of a template.
     *
     * @param templateName the name
     * @param versionId the version
     * @throws RegistryException {@code ResourceNotFoundException}; {@code DeleteConflictException} for the default
     */
    void deleteProvisioningTemplateVersion(String templateName, int versionId);

    /**
     * Deletes a template (DeleteProvisioningTemplate).
     *
     * @param templateName the name
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    void deleteProvisioningTemplate(String templateName);

    /**
     * Registers the Java callback that runs in place of a hook function ARN.
     *
     * @param targetArn the function ARN used in templates
     * @param hook the callback
     */
    void registerHookFunction(String targetArn, PreProvisioningHook hook);

    /**
     * The Java callback registered for a hook function ARN.
     *
     * @param targetArn the function ARN
     * @return the callback, if one is registered
     */
    Optional<PreProvisioningHook> findHookFunction(String targetArn);
}
