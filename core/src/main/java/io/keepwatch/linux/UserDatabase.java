package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Users and groups by name, through the C library's {@code getpwnam_r} and {@code getgrnam_r}: the
 * lookup goes through NSS as {@code nsswitch.conf} says, so a user from LDAP or SSSD is found like
 * one from {@code /etc/passwd}.
 */
public final class UserDatabase {

    /**
     * A user's entry.
     *
     * @param name the user name
     * @param uid the user id
     * @param gid the user's primary group id
     */
    public record User(String name, int uid, int gid) {}

    // glibc's struct passwd and struct group on LP64 (x86_64, aarch64): pointers, then the ids.
    private static final StructLayout PASSWD = MemoryLayout.structLayout(
            ADDRESS.withName("pw_name"), ADDRESS.withName("pw_passwd"),
            JAVA_INT.withName("pw_uid"), JAVA_INT.withName("pw_gid"),
            ADDRESS.withName("pw_gecos"), ADDRESS.withName("pw_dir"), ADDRESS.withName("pw_shell"));
    private static final StructLayout GROUP = MemoryLayout.structLayout(
            ADDRESS.withName("gr_name"), ADDRESS.withName("gr_passwd"),
            JAVA_INT.withName("gr_gid"), MemoryLayout.paddingLayout(4), ADDRESS.withName("gr_mem"));
    private static final long PW_UID = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_uid"));
    private static final long PW_GID = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_gid"));
    private static final long GR_GID = GROUP.byteOffset(MemoryLayout.PathElement.groupElement("gr_gid"));

    /** Where a lookup starts; a buffer too small (ERANGE) is doubled up to {@link #MAX_BUFFER}. */
    private static final long FIRST_BUFFER = 1024;
    /** A group with thousands of members needs a large buffer; beyond this the entry is refused. */
    private static final long MAX_BUFFER = 16 << 20;

    private UserDatabase() {}

    /**
     * The user named {@code name}, or empty when there is none.
     *
     * @throws NativeException when the lookup itself fails (an NSS source unreachable, say)
     */
    public static Optional<User> user(String name) throws NativeException {
        return lookup(name, PASSWD, true, s -> new User(name, s.get(JAVA_INT, PW_UID), s.get(JAVA_INT, PW_GID)));
    }

    /**
     * The id of the group named {@code name}, or empty when there is none.
     *
     * @throws NativeException when the lookup itself fails
     */
    public static OptionalInt groupId(String name) throws NativeException {
        Optional<Integer> gid = lookup(name, GROUP, false, s -> s.get(JAVA_INT, GR_GID));
        return gid.isPresent() ? OptionalInt.of(gid.get()) : OptionalInt.empty();
    }

    /** Looks {@code name} up and reads the entry's struct with {@code read} while its memory lives. */
    private static <T> Optional<T> lookup(String name, StructLayout layout, boolean user, Function<MemorySegment, T> read)
            throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            MemorySegment entry = arena.allocate(layout);
            MemorySegment result = arena.allocate(ADDRESS);
            for (long size = FIRST_BUFFER; ; size *= 2) {
                MemorySegment buffer = arena.allocate(size);
                int error = user ? Libc.getpwnamR(cName, entry, buffer, result) : Libc.getgrnamR(cName, entry, buffer, result);
                if (error == Errno.ERANGE && size < MAX_BUFFER) {
                    continue;
                }
                if (error != 0) {
                    throw new NativeException(user ? "getpwnam_r" : "getgrnam_r", error,
                            "cannot look up " + (user ? "user " : "group ") + name);
                }
                if (result.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                    return Optional.empty();
                }
                return Optional.of(read.apply(entry));
            }
        }
    }
}
