package io.github.fleetprov.core.arn;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of AWS IoT resources that appear in ARNs ({@code arn:aws:iot:<region>:<account>:<kind>/<id>}).
 *
 * <p>This is a closed set of the resource kinds fleetprov works with; ARNs of other kinds still
 * parse, they just have no {@link Arn#iotResourceType() IoT resource type}.
 */
public enum IotResourceType {
    /** An MQTT client id: {@code client/<clientId>}. Authorizes {@code iot:Connect}. */
    CLIENT("client"),
    /** An MQTT topic: {@code topic/<topic>}. Authorizes {@code iot:Publish} and {@code iot:Receive}. */
    TOPIC("topic"),
    /** An MQTT topic filter: {@code topicfilter/<filter>}. Authorizes {@code iot:Subscribe}. */
    TOPICFILTER("topicfilter"),
    /** A thing: {@code thing/<thingName>}. */
    THING("thing"),
    /** A role alias: {@code rolealias/<alias>}. Authorizes {@code iot:AssumeRoleWithCertificate}. */
    ROLEALIAS("rolealias"),
    /** A certificate: {@code cert/<certificateId>}. */
    CERT("cert"),
    /** An IoT policy: {@code policy/<policyName>}. */
    POLICY("policy"),
    /** A provisioning template: {@code provisioningtemplate/<templateName>}. */
    PROVISIONINGTEMPLATE("provisioningtemplate"),
    /** A thing type: {@code thingtype/<thingTypeName>}. */
    THINGTYPE("thingtype"),
    /** A thing group: {@code thinggroup/<groupName>}. */
    THINGGROUP("thinggroup");

    private final String prefix;

    IotResourceType(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The resource prefix as it appears in an ARN, without the slash, e.g. {@code topicfilter}.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Looks a kind up by its ARN prefix (case-sensitive, as AWS treats it).
     *
     * @param prefix the prefix before the first slash of an IoT ARN resource
     * @return the kind, or empty if fleetprov does not know it
     */
    public static Optional<IotResourceType> fromPrefix(String prefix) {
        for (IotResourceType t : values()) {
            if (t.prefix.equals(prefix)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return prefix.toLowerCase(Locale.ROOT);
    }
}
