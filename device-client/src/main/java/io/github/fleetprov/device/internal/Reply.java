package io.github.fleetprov.device.internal;

/**
 * A reply of the fleet provisioning API.
 *
 * @param accepted {@code true} if it arrived on the accepted topic
 * @param payload the payload
 */
public record Reply(boolean accepted, byte[] payload) {

    @Override
    public String toString() {
        return "Reply[accepted=" + accepted + ", " + payload.length + " bytes]";
    }
}
