package io.keepwatch.vrrp.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The classic pcap file format (24-octet file header, 16-octet record headers), Ethernet link type. */
final class Pcap {
    private static final int MAGIC = 0xA1B2C3D4;
    private static final int LINKTYPE_ETHERNET = 1;

    private Pcap() {
    }

    /** The frames of a pcap test resource under {@code /captures/}. */
    static List<byte[]> readResource(String name) {
        try (InputStream in = Pcap.class.getResourceAsStream("/captures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /captures/" + name);
            }
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<byte[]> read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != MAGIC) {
                throw new IllegalArgumentException("not a classic pcap file (magic 0x" + Integer.toHexString(magic) + ")");
            }
        }
        if (b.getInt(20) != LINKTYPE_ETHERNET) {
            throw new IllegalArgumentException("link type " + b.getInt(20) + " is not Ethernet");
        }
        List<byte[]> frames = new ArrayList<>();
        int at = 24;
        while (at + 16 <= file.length) {
            int captured = b.getInt(at + 8);
            byte[] frame = new byte[captured];
            b.get(at + 16, frame);
            frames.add(frame);
            at += 16 + captured;
        }
        return frames;
    }

    static void write(Path file, List<byte[]> frames) throws IOException {
        int size = 24;
        for (byte[] f : frames) {
            size += 16 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(LINKTYPE_ETHERNET);
        int second = 1;
        for (byte[] f : frames) {
            b.putInt(second++).putInt(0).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(file, b.array());
    }
}
