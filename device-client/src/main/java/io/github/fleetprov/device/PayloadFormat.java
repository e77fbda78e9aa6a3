package io.github.fleetprov.device;

/**
 * The payload format of the fleet provisioning MQTT API: the last level of every request and reply
 * topic ({@code $aws/certificates/create-from-csr/json}, {@code .../cbor}) and the encoding of the
 * payloads on it. The claim policy must allow the topics of the format the device uses
 * ({@code ClaimPolicies.builder().formats("cbor")}).
 */
public enum PayloadFormat {
    /** JSON, the default. */
    JSON("json"),
    /** CBOR (RFC 8949): the same fields in a binary encoding, smaller on the wire. */
    CBOR("cbor");

    private final String topicLevel;

    PayloadFormat(String topicLevel) {
        this.topicLevel = topicLevel;
    }

    /**
     * The topic level that names this format.
     *
     * @return {@code json} or {@code cbor}
     */
    public String topicLevel() {
        return topicLevel;
    }
}
