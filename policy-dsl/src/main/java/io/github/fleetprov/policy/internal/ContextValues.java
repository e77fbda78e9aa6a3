package io.github.fleetprov.policy.internal;

import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.PolicyVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Values of policy variables and condition keys for a connection, with AWS IoT's availability rules. */
final class ContextValues {

    /** AWS IoT uses at most this many values of a multi-valued certificate attribute. */
    static final int MAX_CERTIFICATE_VALUES = 5;
    /** Longer certificate values are not substituted. */
    static final int MAX_CERTIFICATE_VALUE_LENGTH = 1024;

    /** Collects descriptions of missing context values; a {@code null} collector ignores them. */
    static final class Missing {
        List<String> items;

        void add(String item) {
            if (items == null) {
                items = new ArrayList<>(2);
            }
            if (!items.contains(item)) {
                items.add(item);
            }
        }

        List<String> list() {
            return items == null ? List.of() : items;
        }
    }

    private ContextValues() {
    }

    /**
     * The value a variable is substituted with, or {@code null} if AWS IoT leaves it unsubstituted.
     */
    static String resolve(PolicyVariable v, ConnectionContext ctx, Missing missing) {
        return switch (v.kind()) {
            case SPECIAL_CHARACTER -> v.name();
            case BASIC -> basic(v, ctx, missing);
            case THING -> thing(v, ctx, missing);
            case CERTIFICATE -> certificate(v, ctx, missing);
            default -> {
                note(missing, v, "only available for Amazon Cognito identities");
                yield null;
            }
        };
    }

    private static String basic(PolicyVariable v, ConnectionContext ctx, Missing missing) {
        String value;
        if (v.equals(PolicyVariable.CLIENT_ID)) {
            value = ctx.clientId().orElse(null);
        } else if (v.equals(PolicyVariable.SOURCE_IP)) {
            value = ctx.sourceIp().orElse(null);
        } else {
            value = ctx.domainName().orElse(null);
        }
        if (value == null) {
            note(missing, v, "not set in the connection context");
        }
        return value;
    }

    private static String thing(PolicyVariable v, ConnectionContext ctx, Missing missing) {
        if (v.equals(PolicyVariable.IS_ATTACHED)) {
            return ctx.thingVariablesAvailable() ? "true" : "false";
        }
        if (!ctx.thingVariablesAvailable()) {
            if (!ctx.thingAttached() || ctx.thingName().isEmpty()) {
                note(missing, v, "no thing is attached to the certificate");
            } else {
                note(missing, v, "the attached thing '" + ctx.thingName().get() + "' is not named like the client id '"
                        + ctx.clientId().orElse("") + "'; thing variables need client id == thing name");
            }
            return null;
        }
        if (v.equals(PolicyVariable.THING_NAME)) {
            return ctx.thingName().get();
        }
        if (v.equals(PolicyVariable.THING_TYPE_NAME)) {
            String type = ctx.thingTypeName().orElse(null);
            if (type == null) {
                note(missing, v, "the attached thing has no thing type");
            }
            return type;
        }
        String attribute = v.thingAttributeName().orElse("");
        String value = ctx.thingAttributes().get(attribute);
        if (value == null) {
            note(missing, v, "the attached thing has no attribute '" + attribute + "'");
        }
        return value;
    }

    private static String certificate(PolicyVariable v, ConnectionContext ctx, Missing missing) {
        if (v.isList()) {
            note(missing, v, ".List variables stand for several values and are only usable in conditions");
            return null;
        }
        String value;
        if (v.equals(PolicyVariable.CERTIFICATE_SERIAL_NUMBER)) {
            value = ctx.certificateSerialNumber().orElse(null);
            if (value == null) {
                note(missing, v, "no certificate serial number in the connection context");
                return null;
            }
        } else if (v.equals(PolicyVariable.CERTIFICATE_AVAILABLE_KEYS)) {
            note(missing, v, "a multi-valued variable, only usable in conditions");
            return null;
        } else {
            List<String> values = ctx.certificateFields().getOrDefault(v.certificateField().orElse(""), List.of());
            OptionalInt index = v.certificateValueIndex();
            int i = index.orElse(0);
            if (i >= Math.min(values.size(), MAX_CERTIFICATE_VALUES)) {
                note(missing, v, values.isEmpty() ? "the certificate has no such value"
                        : "index " + i + " is out of range: the certificate has " + values.size() + " value(s)");
                return null;
            }
            value = values.get(i);
        }
        if (value.length() > MAX_CERTIFICATE_VALUE_LENGTH) {
            note(missing, v, "the certificate value is longer than 1024 characters, so AWS IoT does not substitute it");
            return null;
        }
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '*' || c == '$' || c == '+' || c == '?' || c == '#') {
                note(missing, v, "the certificate value contains '" + c + "', so AWS IoT does not substitute it");
                return null;
            }
        }
        return value;
    }

    /**
     * The values of a condition key, or {@code null} if the key is absent from the request.
     */
    static List<String> keyValues(String key, PolicyVariable keyVariable, ConnectionContext ctx, IotAction action,
            Missing missing) {
        List<String> explicit = ctx.conditionKeys().get(key);
        if (explicit != null) {
            return explicit;
        }
        if (key.equals("iot:ConnectAttributes")) {
            return action.equals(IotAction.CONNECT) ? ctx.connectAttributes() : null;
        }
        if (keyVariable == null) {
            return null;
        }
        if (keyVariable.kind() == PolicyVariable.Kind.CERTIFICATE && (keyVariable.isList()
                || keyVariable.equals(PolicyVariable.CERTIFICATE_AVAILABLE_KEYS))) {
            if (keyVariable.equals(PolicyVariable.CERTIFICATE_AVAILABLE_KEYS)) {
                List<String> keys = new ArrayList<>();
                ctx.certificateFields().keySet().forEach(f -> keys.add("iot:Certificate." + f));
                ctx.certificateSerialNumber().ifPresent(s -> keys.add(PolicyVariable.CERTIFICATE_SERIAL_NUMBER.name()));
                return keys;
            }
            List<String> values = ctx.certificateFields().get(keyVariable.certificateField().orElse(""));
            if (values == null) {
                return null;
            }
            List<String> usable = new ArrayList<>();
            for (int i = 0; i < Math.min(values.size(), MAX_CERTIFICATE_VALUES); i++) {
                usable.add(values.get(i));
            }
            return usable;
        }
        String value = resolve(keyVariable, ctx, missing);
        return value == null ? null : List.of(value);
    }

    private static void note(Missing missing, PolicyVariable v, String why) {
        if (missing != null) {
            missing.add(v.name() + " (" + why + ")");
        }
    }
}
