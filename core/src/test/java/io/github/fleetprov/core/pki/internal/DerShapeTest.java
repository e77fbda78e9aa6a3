package io.github.fleetprov.core.pki.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.AmazonRootCas;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DerShapeTest {

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        byte[] c = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (c.length < 0x80) {
            out.write(c.length);
        } else if (c.length < 0x100) {
            out.write(0x81);
            out.write(c.length);
        } else if (c.length < 0x10000) {
            out.write(0x82);
            out.write(c.length >> 8);
            out.write(c.length);
        } else {
            out.write(0x83);
            out.write(c.length >> 16);
            out.write(c.length >> 8);
            out.write(c.length);
        }
        out.writeBytes(c);
        return out.toByteArray();
    }

    private static byte[] nest(int depth, byte[] inner) {
        byte[] b = inner;
        for (int i = 0; i < depth; i++) {
            b = tlv(0x30, b);
        }
        return b;
    }

    private static final byte[] ZERO = {0x02, 0x01, 0x00};

    private static void accepted(byte[] der) {
        assertThatCode(() -> DerShape.check(der, "der", "thing")).doesNotThrowAnyException();
    }

    private static void refused(byte[] der, String problem) {
        assertThatThrownBy(() -> DerShape.check(der, "der", "thing"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("der: not a valid thing (")
                .hasMessageContaining(problem);
    }

    @Test
    void check_acceptsRealCertificates() throws Exception {
        accepted(AmazonRootCas.rootCa1().getEncoded());
        accepted(AmazonRootCas.rootCa3().getEncoded());
    }

    @Test
    void check_countsDepthUpToTheBound() {
        accepted(nest(DerShape.MAX_DEPTH, ZERO));
        refused(nest(DerShape.MAX_DEPTH + 1, ZERO), "nests deeper than 32 levels");
    }

    @Test
    void check_countsDepthAcrossStructuresWrappedInStrings() {
        byte[] wrapped = nest(16, tlv(0x04, nest(16, ZERO)));
        byte[] wrappedInBitString = nest(16, tlv(0x03, new byte[] {0}, nest(16, ZERO)));

        refused(wrapped, "nests deeper than 32 levels");
        refused(wrappedInBitString, "nests deeper than 32 levels");
        accepted(nest(10, tlv(0x04, nest(10, ZERO))));
    }

    @Test
    void check_treatsStringContentsThatAreNoEncodingAsBytes() {
        byte[] random = new byte[300];
        new Random(7).nextBytes(random);
        random[0] = 0x30; // looks like a SEQUENCE, then does not parse
        byte[] ecPoint = new byte[65];
        ecPoint[0] = 0x04;
        ecPoint[1] = (byte) 0x80; // an uncompressed point whose X starts with 0x80

        accepted(tlv(0x30, tlv(0x04, random)));
        accepted(tlv(0x30, tlv(0x03, new byte[] {0}, ecPoint)));
    }

    @Test
    void check_refusesIndefiniteLengthsOutsideStrings_andBoundsThemInside() {
        refused(new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x00, 0x00, 0x00}, "indefinite length (0x80), which DER forbids");
        accepted(tlv(0x30, tlv(0x04, new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x00, 0x00, 0x00})));
        byte[] deepBer = new byte[200 * 4];
        for (int i = 0; i < 200; i++) {
            deepBer[2 * i] = 0x30;
            deepBer[2 * i + 1] = (byte) 0x80;
        }
        refused(tlv(0x30, tlv(0x04, deepBer)), "nests deeper than 32 levels");
    }

    @Test
    void check_refusesMalformedHeaders() {
        refused(new byte[] {0x30, 0x05, 0x02, 0x01, 0x00}, "overruns its enclosing value");
        refused(new byte[] {0x30, (byte) 0x85, 1, 0, 0, 0, 0}, "longer than four bytes");
        refused(new byte[] {0x30, (byte) 0x82, 0x01}, "a length is truncated");
        refused(new byte[] {0x30}, "a length is truncated");
        refused(new byte[] {0x30, 0x02, 0x00, 0x00}, "end-of-contents marker is outside");
        refused(new byte[] {0x1f, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, 0x01, 0x00},
                "tag number is longer than four bytes");
        refused(new byte[0], "no bytes");
    }

    @Test
    void check_refusesMoreBytesThanAnyRealObject() {
        refused(tlv(0x30, tlv(0x04, new byte[DerShape.MAX_DER_BYTES])), "more than the 65536");
    }
}
