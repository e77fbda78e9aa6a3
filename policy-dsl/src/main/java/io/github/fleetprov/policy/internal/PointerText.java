package io.github.fleetprov.policy.internal;

/** JSON pointer (RFC 6901) token escaping. */
final class PointerText {

    private PointerText() {
    }

    static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }
}
