package io.keepwatch.witness.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where an instance's state lives under the block's {@code prefix}: the hold at {@code PREFIX/NAME}
 * (value: the holder's identity, attached to its session's lease) and each candidacy at
 * {@code PREFIX/NAME/candidates/HOLDER} (value: the effective priority in decimal, attached likewise).
 */
record EtcdKeys(String prefix) {

    private static final String CANDIDATES = "/candidates/";

    String hold(String instance) {
        return prefix + "/" + instance;
    }

    String candidates(String instance) {
        return hold(instance) + CANDIDATES;
    }

    String candidacy(String instance, String holder) {
        return candidates(instance) + holder;
    }

    /** Whether {@code key} is {@code instance}'s hold or one of its candidacies. */
    boolean belongs(String key, String instance) {
        return key.equals(hold(instance)) || key.startsWith(candidates(instance));
    }

    /**
     * The end (exclusive) of etcd's range of keys starting with {@code start}: its last byte plus one,
     * as etcd's own clients compute it for a prefix.
     */
    static byte[] prefixEnd(String start) {
        byte[] end = start.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0};
    }
}
