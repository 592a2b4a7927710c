package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A msghdr with one iovec, a name buffer and a control buffer, allocated in a caller's arena, plus
 * cmsg encoding and decoding (CMSG_ALIGN is 8 on LP64).
 */
final class Msg {
    private static final int NAME = Layouts.offset(Layouts.MSGHDR, "msg_name");
    private static final int NAMELEN = Layouts.offset(Layouts.MSGHDR, "msg_namelen");
    private static final int IOV = Layouts.offset(Layouts.MSGHDR, "msg_iov");
    private static final int IOVLEN = Layouts.offset(Layouts.MSGHDR, "msg_iovlen");
    private static final int CONTROL = Layouts.offset(Layouts.MSGHDR, "msg_control");
    private static final int CONTROLLEN = Layouts.offset(Layouts.MSGHDR, "msg_controllen");
    private static final int FLAGS = Layouts.offset(Layouts.MSGHDR, "msg_flags");
    private static final int CMSG_HEADER = Layouts.size(Layouts.CMSGHDR);

    /** A control message: level, type and its data. */
    record Cmsg(int level, int type, MemorySegment data) {}

    final MemorySegment header;
    final MemorySegment name;
    final MemorySegment data;
    final MemorySegment control;
    private final MemorySegment iov;

    private Msg(MemorySegment header, MemorySegment name, MemorySegment data, MemorySegment control,
                MemorySegment iov) {
        this.header = header;
        this.name = name;
        this.data = data;
        this.control = control;
        this.iov = iov;
    }

    /** A msghdr ready for recvmsg. */
    static Msg forReceive(Arena arena, int nameSize, int dataSize, int controlSize) {
        MemorySegment name = nameSize == 0 ? MemorySegment.NULL : arena.allocate(nameSize, 8);
        MemorySegment data = arena.allocate(dataSize, 8);
        MemorySegment control = controlSize == 0 ? MemorySegment.NULL : arena.allocate(controlSize, 8);
        return build(arena, name, data, control);
    }

    /** A msghdr ready for sendmsg; {@code control} may be {@link MemorySegment#NULL}. */
    static Msg forSend(Arena arena, MemorySegment name, MemorySegment data, MemorySegment control) {
        return build(arena, name, data, control);
    }

    private static Msg build(Arena arena, MemorySegment name, MemorySegment data, MemorySegment control) {
        MemorySegment iov = arena.allocate(Layouts.IOVEC);
        iov.set(ADDRESS, 0, data);
        iov.set(JAVA_LONG, 8, data.byteSize());
        MemorySegment header = arena.allocate(Layouts.MSGHDR);
        header.set(ADDRESS, NAME, name);
        header.set(JAVA_INT, NAMELEN, (int) name.byteSize());
        header.set(ADDRESS, IOV, iov);
        header.set(JAVA_LONG, IOVLEN, 1);
        header.set(ADDRESS, CONTROL, control);
        header.set(JAVA_LONG, CONTROLLEN, control.byteSize());
        return new Msg(header, name, data, control, iov);
    }

    /** Sends (or receives) only the first {@code length} bytes of the data buffer. */
    void dataLength(long length) {
        if (length < 0 || length > data.byteSize()) {
            throw new IllegalArgumentException("length " + length + " outside the buffer of " + data.byteSize());
        }
        iov.set(JAVA_LONG, 8, length);
    }

    /** recvmsg shrinks msg_namelen and msg_controllen to what it wrote; restore them before reuse. */
    void resetLengths() {
        header.set(JAVA_INT, NAMELEN, (int) name.byteSize());
        header.set(JAVA_LONG, CONTROLLEN, control.byteSize());
        header.set(JAVA_INT, FLAGS, 0);
    }

    int nameLength() {
        return header.get(JAVA_INT, NAMELEN);
    }

    int flags() {
        return header.get(JAVA_INT, FLAGS);
    }

    /** The control messages the kernel returned. */
    List<Cmsg> controlMessages() {
        List<Cmsg> result = new ArrayList<>();
        long length = header.get(JAVA_LONG, CONTROLLEN);
        long offset = 0;
        while (offset + CMSG_HEADER <= length) {
            long cmsgLen = control.get(JAVA_LONG, offset);
            if (cmsgLen < CMSG_HEADER || offset + cmsgLen > length) {
                break;
            }
            int level = control.get(JAVA_INT, offset + 8);
            int type = control.get(JAVA_INT, offset + 12);
            result.add(new Cmsg(level, type, control.asSlice(offset + CMSG_HEADER, cmsgLen - CMSG_HEADER)));
            offset += align(cmsgLen);
        }
        return result;
    }

    /** One control message holding {@code payload}, laid out as CMSG_SPACE(payload) bytes. */
    static MemorySegment controlMessage(Arena arena, int level, int type, MemorySegment payload) {
        long space = CMSG_HEADER + align(payload.byteSize());
        MemorySegment cmsg = arena.allocate(space, 8);
        cmsg.set(JAVA_LONG, 0, CMSG_HEADER + payload.byteSize());
        cmsg.set(JAVA_INT, 8, level);
        cmsg.set(JAVA_INT, 12, type);
        MemorySegment.copy(payload, 0, cmsg, CMSG_HEADER, payload.byteSize());
        return cmsg;
    }

    private static long align(long length) {
        return (length + 7) & ~7L;
    }
}
