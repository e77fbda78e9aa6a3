package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.InvalidInputException;

/**
 * Checks the shape of DER (or BER) bytes before a parser of the JDK or Bouncy Castle sees them.
 *
 * <p>Both parsers recurse once per nesting level and neither bounds the depth: a few kilobytes of
 * nested {@code 30 80} end in a {@link StackOverflowError} after seconds of work. This scanner walks
 * the tag-length-value structure with an explicit stack (it never recurses) and refuses, in time
 * linear in the input:
 * <ul>
 *   <li>more than {@value #MAX_DER_BYTES} bytes: no certificate, private key or CSR is that large
 *       (an RSA-16384 PKCS#8 key is about 9.4 KB, a certificate with a thousand DNS names about
 *       30 KB; AWS IoT certificates are 1–2 KB);</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH} levels: real certificates, keys and CSRs nest fewer
 *       than 20 levels (Certificate, TBSCertificate, extensions, an extension, its OCTET STRING,
 *       certificate policies, qualifiers, a user notice, its notice numbers, counting the
 *       structures wrapped in OCTET and BIT STRINGs);</li>
 *   <li>indefinite lengths ({@code 0x80}), which DER forbids (X.690 §10.1), outside the contents of
 *       OCTET and BIT STRINGs;</li>
 *   <li>lengths that overrun their enclosing value, truncated headers, stray end-of-contents
 *       markers and length fields longer than four bytes.</li>
 * </ul>
 *
 * <p>The contents of primitive OCTET STRINGs and BIT STRINGs are scanned as well when they hold an
 * encoding (extension values, the key inside PKCS#8, the public key of a SubjectPublicKeyInfo), since
 * the parsers decode those too; contents that are not an encoding are opaque bytes and are skipped.
 * Depth counts across such wrapping, so a deep structure cannot hide inside a string.
 */
public final class DerShape {

    /** The deepest nesting accepted, counting constructed values and wrapping strings. */
    public static final int MAX_DEPTH = 32;
    /** The largest DER object accepted, in bytes (64 KiB). */
    public static final int MAX_DER_BYTES = 64 * 1024;

    private static final int UNIVERSAL_BIT_STRING = 0x03;
    private static final int UNIVERSAL_OCTET_STRING = 0x04;

    private DerShape() {
    }

    /**
     * Refuses bytes larger than {@value #MAX_DER_BYTES}, for encodings whose structure cannot be
     * checked yet (the ciphertext of an encrypted key).
     *
     * @param bytes the bytes
     * @param field the name errors use for this input
     * @param kind what the bytes should be, e.g. {@code "X.509 certificate"}
     * @throws InvalidInputException if there are too many bytes
     */
    public static void checkSize(byte[] bytes, String field, String kind) {
        if (bytes.length > MAX_DER_BYTES) {
            throw new InvalidInputException(field, "not a valid " + kind + " (" + bytes.length
                    + " bytes, more than the " + MAX_DER_BYTES + " any real certificate, key or CSR takes)",
                    "Pass an unmodified certificate, key or CSR.");
        }
    }

    /**
     * Refuses DER bytes whose size or structure no certificate, key or CSR has.
     *
     * @param der the bytes a parser is about to read
     * @param field the name errors use for this input
     * @param kind what the bytes should be, e.g. {@code "X.509 certificate"}; the message is
     *     {@code "not a valid <kind> (<problem>)"}
     * @throws InvalidInputException if the bytes are too large, too deep or not well-formed DER
     */
    public static void check(byte[] der, String field, String kind) {
        checkSize(der, field, kind);
        if (der.length == 0) {
            throw new InvalidInputException(field, "not a valid " + kind + " (no bytes)",
                    "Pass an unmodified certificate, key or CSR.");
        }
        String problem = new Scan(der).run();
        if (problem != null) {
            throw new InvalidInputException(field, "not a valid " + kind + " (not DER: " + problem + ")",
                    "Pass an unmodified certificate, key or CSR; DER allows no indefinite lengths and nothing "
                            + "real nests deeper than " + MAX_DEPTH + " levels.");
        }
    }

    /** One walk over the bytes; frames live in parallel arrays indexed by stack height. */
    private static final class Scan {
        private final byte[] b;
        private final int[] end = new int[MAX_DEPTH + 2];
        private final boolean[] indefinite = new boolean[MAX_DEPTH + 2];
        private final boolean[] wrapped = new boolean[MAX_DEPTH + 2];
        private final boolean[] insideWrapped = new boolean[MAX_DEPTH + 2];
        private int top;
        private int pos;

        Scan(byte[] b) {
            this.b = b;
        }

        /** @return null if the bytes are acceptable, otherwise the problem */
        String run() {
            top = 0;
            end[0] = b.length;
            indefinite[0] = false;
            wrapped[0] = false;
            insideWrapped[0] = false;
            pos = 0;
            while (top >= 0) {
                String problem = step();
                if (problem == null) {
                    continue;
                }
                if (problem.startsWith("!")) {
                    return problem.substring(1);
                }
                // A structural problem inside a string's contents: the contents are opaque bytes.
                int w = top;
                while (w > 0 && !wrapped[w]) {
                    w--;
                }
                if (w == 0) {
                    return problem;
                }
                pos = end[w];
                top = w - 1;
            }
            return null;
        }

        /** Reads one element or closes one frame; a problem starting with '!' is never forgiven. */
        private String step() {
            int limit = end[top];
            if (indefinite[top]) {
                if (pos + 1 < limit && b[pos] == 0 && b[pos + 1] == 0) {
                    pos += 2;
                    top--;
                    return null;
                }
                if (pos >= limit) {
                    return "an indefinite-length value has no end-of-contents octets";
                }
            } else if (pos == limit) {
                top--;
                return null;
            }
            int tag = b[pos++] & 0xff;
            int tagNumber = tag & 0x1f;
            if (tagNumber == 0x1f) {
                int more = 0;
                do {
                    if (pos >= limit) {
                        return "a tag is truncated";
                    }
                    if (++more > 4) {
                        return "a tag number is longer than four bytes";
                    }
                } while ((b[pos++] & 0x80) != 0);
            } else if (tag == 0) {
                return "an end-of-contents marker is outside an indefinite-length value";
            }
            if (pos >= limit) {
                return "a length is truncated";
            }
            boolean constructed = (tag & 0x20) != 0;
            int first = b[pos++] & 0xff;
            int length;
            boolean indef = false;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                if (!constructed) {
                    return "a primitive value has an indefinite length";
                }
                if (!insideWrapped[top]) {
                    return "!an indefinite length (0x80), which DER forbids";
                }
                indef = true;
                length = 0;
            } else {
                int n = first & 0x7f;
                if (n > 4 || first == 0xff) {
                    return "a length field is longer than four bytes";
                }
                if (pos + n > limit) {
                    return "a length is truncated";
                }
                long value = 0;
                for (int i = 0; i < n; i++) {
                    value = (value << 8) | (b[pos++] & 0xff);
                }
                if (value > limit - pos) {
                    return "a length of " + value + " bytes overruns its enclosing value";
                }
                length = (int) value;
            }
            if (!indef && length > limit - pos) {
                return "a length of " + length + " bytes overruns its enclosing value";
            }
            if (constructed) {
                if (top + 1 > MAX_DEPTH) {
                    return "!it nests deeper than " + MAX_DEPTH + " levels";
                }
                top++;
                end[top] = indef ? limit : pos + length;
                indefinite[top] = indef;
                wrapped[top] = false;
                insideWrapped[top] = insideWrapped[top - 1];
                return null;
            }
            boolean universal = (tag & 0xc0) == 0;
            boolean bitString = universal && tagNumber == UNIVERSAL_BIT_STRING;
            if (universal && (bitString || tagNumber == UNIVERSAL_OCTET_STRING) && length >= 2
                    && (!bitString || b[pos] == 0)) {
                // The contents may be an encoding the parser decodes later: scan them as one.
                if (top + 1 > MAX_DEPTH) {
                    return "!it nests deeper than " + MAX_DEPTH + " levels";
                }
                top++;
                end[top] = pos + length;
                indefinite[top] = false;
                wrapped[top] = true;
                insideWrapped[top] = true;
                pos += bitString ? 1 : 0;
                return null;
            }
            pos += length;
            return null;
        }
    }
}
