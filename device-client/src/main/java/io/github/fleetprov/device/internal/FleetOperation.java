package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.PayloadFormat;
import java.util.Objects;

/**
 * One request of the fleet provisioning MQTT API, by its request topic; replies arrive on
 * {@code <request topic>/accepted} and {@code <request topic>/rejected}.
 *
 * @param requestTopic the topic requests are published to
 */
public record FleetOperation(String requestTopic) {

    /** CreateKeysAndCertificate, JSON. */
    public static final FleetOperation CREATE_KEYS_AND_CERTIFICATE = createKeysAndCertificate(PayloadFormat.JSON);
    /** CreateCertificateFromCsr, JSON. */
    public static final FleetOperation CREATE_CERTIFICATE_FROM_CSR =
            createCertificateFromCsr(PayloadFormat.JSON);

    /**
     * Creates the operation.
     *
     * @param requestTopic the request topic
     */
    public FleetOperation {
        Objects.requireNonNull(requestTopic, "requestTopic");
    }

    /**
     * RegisterThing with a template.
     *
     * @param templateName the template's name
     * @param format the payload format
     * @return the operation
     */
    public static FleetOperation registerThing(String templateName, PayloadFormat format) {
        return new FleetOperation("$aws/provisioning-templates/" + templateName + "/provision/" + format.topicLevel());
    }

    /**
     * CreateCertificateFromCsr.
     *
     * @param format the payload format
     * @return the operation
     */
    public static FleetOperation createCertificateFromCsr(PayloadFormat format) {
        return new FleetOperation("$aws/certificates/create-from-csr/" + format.topicLevel());
    }

    /**
     * CreateKeysAndCertificate.
     *
     * @param format the payload format
     * @return the operation
     */
    public static FleetOperation createKeysAndCertificate(PayloadFormat format) {
        return new FleetOperation("$aws/certificates/create/" + format.topicLevel());
    }

    /**
     * The topic accepted replies arrive on.
     *
     * @return the topic
     */
    public String acceptedTopic() {
        return requestTopic + "/accepted";
    }

    /**
     * The topic rejected replies arrive on.
     *
     * @return the topic
     */
    public String rejectedTopic() {
        return requestTopic + "/rejected";
    }
}
