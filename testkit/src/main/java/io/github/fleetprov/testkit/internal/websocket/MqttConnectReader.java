package io.github.fleetprov.testkit.internal.websocket;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the client id of the MQTT CONNECT at the start of a byte stream (MQTT 3.1.1 section 3.1,
 * MQTT 5.0 section 3.1), without consuming the bytes.
 */
final class MqttConnectReader {

    private MqttConnectReader() {
    }

    /**
     * The client id of the CONNECT the buffer starts with.
     *
     * @param buffer the bytes received so far
     * @return the client id, or {@code null} if the CONNECT is not complete yet
     * @throws IllegalArgumentException if the bytes are not an MQTT CONNECT with a client id
     */
    static String clientId(ByteBuf buffer) {
        int start = buffer.readerIndex();
        int end = buffer.writerIndex();
        if (end - start < 2) {
            return null;
        }
        if ((buffer.getUnsignedByte(start) & 0xF0) != 0x10) {
            throw new IllegalArgumentException("the first MQTT packet is not a CONNECT");
        }
        long[] length = varInt(buffer, start + 1, end);
        if (length == null) {
            return null;
        }
        int body = (int) length[1];
        int packetEnd = body + (int) length[0];
        if (packetEnd > end) {
            return null;
        }
        int p = body;
        p += 2 + need(buffer, p, 2, packetEnd).getUnsignedShort(p);
        int level = need(buffer, p, 1, packetEnd).getUnsignedByte(p);
        p += 1 + 1 + 2; // level, flags, keep alive
        if (level == 5) {
            long[] properties = varInt(buffer, p, packetEnd);
            if (properties == null) {
                throw new IllegalArgumentException("the CONNECT's properties are truncated");
            }
            p = (int) properties[1] + (int) properties[0];
        }
        int idLength = need(buffer, p, 2, packetEnd).getUnsignedShort(p);
        need(buffer, p + 2, idLength, packetEnd);
        String id = buffer.toString(p + 2, idLength, StandardCharsets.UTF_8);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the CONNECT has an empty client id; AWS IoT needs a client id");
        }
        return id;
    }

    private static ByteBuf need(ByteBuf buffer, int at, int bytes, int limit) {
        if (at < 0 || at + bytes > limit) {
            throw new IllegalArgumentException("the CONNECT is truncated");
        }
        return buffer;
    }

    /** A variable byte integer at {@code at}: {value, index after it}, or {@code null} if incomplete. */
    private static long[] varInt(ByteBuf buffer, int at, int end) {
        long value = 0;
        int shift = 0;
        int i = at;
        while (true) {
            if (i >= end) {
                return null;
            }
            int b = buffer.getUnsignedByte(i++);
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return new long[] {value, i};
            }
            shift += 7;
            if (shift > 21) {
                throw new IllegalArgumentException("the CONNECT's remaining length is malformed");
            }
        }
    }
}
