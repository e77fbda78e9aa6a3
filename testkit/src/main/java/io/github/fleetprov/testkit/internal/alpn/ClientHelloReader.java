package io.github.fleetprov.testkit.internal.alpn;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the TLS records that carry a ClientHello and the ALPN protocol names it offers (RFC 8446 section
 * 4.1.2 for the ClientHello layout, RFC 7301 section 3.1 for the {@code application_layer_protocol_negotiation}
 * extension, type 16). Every length is checked against what remains, so a short or lying message is
 * refused rather than read past.
 */
final class ClientHelloReader {

    /** The largest ClientHello read: a TLS record carries at most 2^14 bytes, four records are plenty. */
    static final int MAX_HELLO_BYTES = 4 * 16_384;

    private static final int RECORD_HANDSHAKE = 22;
    private static final int HANDSHAKE_CLIENT_HELLO = 1;
    private static final int EXTENSION_ALPN = 16;

    private ClientHelloReader() {
    }

    /**
     * What came first on a connection: the raw bytes read (to pass on unchanged) and the ALPN names.
     *
     * @param raw every byte read from the client, records included
     * @param alpnProtocols the offered ALPN protocol names, empty if the extension is absent
     */
    record Hello(byte[] raw, List<String> alpnProtocols) {
        Hello {
            raw = raw.clone();
            alpnProtocols = List.copyOf(alpnProtocols);
        }

        @Override
        public byte[] raw() {
            return raw.clone();
        }
    }

    /** The first bytes are not a well-formed TLS ClientHello. */
    static final class MalformedHelloException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedHelloException(String message) {
            super(message);
        }
    }

    /**
     * Reads handshake records until the ClientHello is complete.
     *
     * @param in the client's stream
     * @return the hello
     * @throws MalformedHelloException if the bytes are not a ClientHello
     * @throws IOException if reading fails or the stream ends early
     */
    static Hello read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream handshake = new java.io.ByteArrayOutputStream();
        int expected = -1;
        while (expected < 0 || handshake.size() < expected) {
            byte[] header = new byte[5];
            try {
                data.readFully(header);
            } catch (EOFException e) {
                throw new MalformedHelloException("the stream ended inside the ClientHello");
            }
            if ((header[0] & 0xff) != RECORD_HANDSHAKE || (header[1] & 0xff) != 3) {
                throw new MalformedHelloException("the first record is not a TLS handshake record");
            }
            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (length == 0 || length > 16_384 + 256 || raw.size() + 5 + length > MAX_HELLO_BYTES) {
                throw new MalformedHelloException("a handshake record of " + length + " bytes is out of bounds");
            }
            byte[] body = new byte[length];
            try {
                data.readFully(body);
            } catch (EOFException e) {
                throw new MalformedHelloException("the stream ended inside a handshake record");
            }
            raw.write(header);
            raw.write(body);
            handshake.write(body);
            if (expected < 0 && handshake.size() >= 4) {
                byte[] h = handshake.toByteArray();
                if ((h[0] & 0xff) != HANDSHAKE_CLIENT_HELLO) {
                    throw new MalformedHelloException("the first handshake message is not a ClientHello");
                }
                expected = 4 + (((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff));
                if (expected > MAX_HELLO_BYTES) {
                    throw new MalformedHelloException("a ClientHello of " + expected + " bytes is out of bounds");
                }
            }
        }
        byte[] message = handshake.toByteArray();
        return new Hello(raw.toByteArray(), alpn(ByteBuffer.wrap(message, 4, expected - 4).slice()));
    }

    /**
     * The ALPN names in a ClientHello body (after the four-byte handshake header).
     *
     * @param body the body
     * @return the names, empty if there is no ALPN extension
     * @throws MalformedHelloException if a length runs past the end
     */
    static List<String> alpn(ByteBuffer body) throws MalformedHelloException {
        skip(body, 2 + 32, "legacy_version and random");
        skip(body, u8(body, "legacy_session_id length"), "legacy_session_id");
        skip(body, u16(body, "cipher_suites length"), "cipher_suites");
        skip(body, u8(body, "legacy_compression_methods length"), "legacy_compression_methods");
        if (!body.hasRemaining()) {
            return List.of();
        }
        ByteBuffer extensions = slice(body, u16(body, "extensions length"), "extensions");
        while (extensions.hasRemaining()) {
            int type = u16(extensions, "extension type");
            ByteBuffer extension = slice(extensions, u16(extensions, "extension length"), "extension " + type);
            if (type == EXTENSION_ALPN) {
                ByteBuffer names = slice(extension, u16(extension, "ALPN list length"), "ALPN protocol_name_list");
                List<String> protocols = new ArrayList<>();
                while (names.hasRemaining()) {
                    int length = u8(names, "ALPN protocol name length");
                    if (length == 0) {
                        throw new MalformedHelloException("an ALPN protocol name is empty");
                    }
                    byte[] name = new byte[length];
                    slice(names, length, "ALPN protocol name").get(name);
                    protocols.add(new String(name, StandardCharsets.ISO_8859_1));
                }
                return protocols;
            }
        }
        return List.of();
    }

    private static int u8(ByteBuffer b, String what) throws MalformedHelloException {
        if (b.remaining() < 1) {
            throw new MalformedHelloException("the ClientHello ends before its " + what);
        }
        return b.get() & 0xff;
    }

    private static int u16(ByteBuffer b, String what) throws MalformedHelloException {
        if (b.remaining() < 2) {
            throw new MalformedHelloException("the ClientHello ends before its " + what);
        }
        return b.getShort() & 0xffff;
    }

    private static void skip(ByteBuffer b, int n, String what) throws MalformedHelloException {
        slice(b, n, what);
    }

    private static ByteBuffer slice(ByteBuffer b, int n, String what) throws MalformedHelloException {
        if (b.remaining() < n) {
            throw new MalformedHelloException("the ClientHello's " + what + " runs past its end");
        }
        ByteBuffer part = b.slice();
        part.limit(n);
        b.position(b.position() + n);
        return part;
    }
}
