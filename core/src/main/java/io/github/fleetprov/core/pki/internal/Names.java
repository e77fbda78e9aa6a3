package io.github.fleetprov.core.pki.internal;

import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Printing X.500 names. */
public final class Names {

    private static final Map<String, String> KEYWORDS = Map.of("2.5.4.5", "SERIALNUMBER");

    private Names() {
    }

    /**
     * The RFC 2253 form of a name, with {@code SERIALNUMBER} spelled out instead of its OID in hex.
     *
     * @param name the name
     * @return e.g. {@code SERIALNUMBER=SN-1,CN=dev-1,O=Acme}
     */
    public static String rfc2253(X500Principal name) {
        return name.getName(X500Principal.RFC2253, KEYWORDS);
    }
}
