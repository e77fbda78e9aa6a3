package io.github.fleetprov.template;

/**
 * The {@code type} of a provisioning template in CreateProvisioningTemplate. The template body does
 * not carry it.
 */
public enum TemplateType {
    /** A fleet provisioning template, used by RegisterThing over MQTT. The default. */
    FLEET_PROVISIONING,
    /**
     * A just-in-time provisioning template, run when a device first connects with a certificate
     * signed by a registered CA; the certificate's subject fields are pseudo-parameters.
     */
    JITP
}
