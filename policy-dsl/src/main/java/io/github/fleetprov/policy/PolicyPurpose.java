package io.github.fleetprov.policy;

/**
 * What a policy is for, as the caller of {@link PolicyLinter} knows it: the linter cannot tell a
 * claim policy from a device policy by its text alone, and some findings are errors for one and
 * warnings for the other.
 */
public enum PolicyPurpose {

    /**
     * A policy attached to certificates in general (device, Greengrass core, role alias policies).
     * Provisioning mistakes in it are {@link LintFinding.Severity#WARNING warnings}.
     */
    GENERAL,

    /**
     * A fleet provisioning claim policy: the policy of the claim certificate (or of the temporary
     * claim from CreateProvisioningClaim) with which a device gets its own certificate and calls
     * RegisterThing. A claim policy that cannot finish that flow is an
     * {@link LintFinding.Severity#ERROR error}: it must allow Publish on
     * {@code $aws/certificates/create/<fmt>} or {@code $aws/certificates/create-from-csr/<fmt>} and on
     * {@code $aws/provisioning-templates/<template>/provision/<fmt>} of a template it names, and
     * Receive on every reply topic it lets the device subscribe to (AWS IoT developer guide, "Device
     * provisioning MQTT API" and "Provisioning by claim").
     */
    CLAIM
}
