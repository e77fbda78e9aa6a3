package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A PKCS#11 URI (RFC 7512, "The PKCS #11 URI Scheme") naming a private key object: the path attributes
 * {@code slot-id}, {@code object} and {@code type=private}, and the query attribute {@code module-path}
 * for the library. It never holds a PIN ({@code pin-value} is refused when read).
 *
 * @param library the library's path
 * @param slot the slot id
 * @param object the object's label
 */
public record Pkcs11Uri(String library, long slot, String object) {

    private static final String SCHEME = "pkcs11:";

    /**
     * Creates the URI.
     *
     * @param library the library's path
     * @param slot the slot id
     * @param object the object's label
     */
    public Pkcs11Uri {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(object, "object");
    }

    /**
     * Reads a URI written by {@link #toString()} (or any RFC 7512 URI with those attributes).
     *
     * @param text the URI
     * @return the parts
     * @throws InvalidInputException naming what is missing
     */
    public static Pkcs11Uri parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(SCHEME)) {
            throw bad("does not start with " + SCHEME);
        }
        String rest = text.substring(SCHEME.length());
        int q = rest.indexOf('?');
        Map<String, String> attributes = new LinkedHashMap<>();
        read(q < 0 ? rest : rest.substring(0, q), ";", attributes);
        if (q >= 0) {
            read(rest.substring(q + 1), "&", attributes);
        }
        if (attributes.containsKey("pin-value")) {
            throw bad("holds a PIN (pin-value)");
        }
        String library = attributes.get("module-path");
        String slot = attributes.get("slot-id");
        String object = attributes.get("object");
        if (library == null || slot == null || object == null) {
            throw bad("needs module-path, slot-id and object");
        }
        try {
            return new Pkcs11Uri(library, Long.parseLong(slot), object);
        } catch (NumberFormatException e) {
            throw bad("slot-id is not a number");
        }
    }

    private static void read(String part, String separator, Map<String, String> into) {
        for (String attribute : part.split(separator)) {
            if (attribute.isEmpty()) {
                continue;
            }
            int eq = attribute.indexOf('=');
            if (eq <= 0) {
                throw bad("attribute '" + attribute + "' has no value");
            }
            into.put(attribute.substring(0, eq), decode(attribute.substring(eq + 1)));
        }
    }

    private static InvalidInputException bad(String problem) {
        return new InvalidInputException("reference", "the PKCS#11 URI " + problem,
                "Give a reference as Pkcs11Key.reference() writes it: pkcs11:slot-id=<id>;object=<label>;type=private"
                + "?module-path=<library>.");
    }

    private static String decode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                try {
                    out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw bad("has a %-escape that is not hex");
                }
                i += 2;
            } else if (c == '%') {
                throw bad("has a truncated %-escape");
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String value, boolean query) {
        StringBuilder b = new StringBuilder();
        for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:@".indexOf(c) >= 0 || (query && c == '/');
            if (plain) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return SCHEME + "slot-id=" + slot + ";object=" + encode(object, false) + ";type=private?module-path="
                + encode(library, true);
    }
}
