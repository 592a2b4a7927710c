package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.InterfaceOptions;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The keywords of a {@code vrrp_instance} about how it uses its interface's sockets, read as
 * keepalived 2.2.7 reads them: {@code kernel_rx_buf_size BYTES}, {@code linkbeat_use_polling}
 * (deprecated there for the top-level {@code linkbeat_interfaces} block, with a warning).
 */
final class InterfaceOptionsBinder {

    /** Instance keywords this binder reads. */
    static final Set<String> INSTANCE_KEYWORDS = Set.of("kernel_rx_buf_size", "linkbeat_use_polling");

    private InterfaceOptionsBinder() {
    }

    /** One instance's keywords as they are read. */
    static final class Written {
        long kernelRxBufSize;

        InterfaceOptions build() {
            return new InterfaceOptions(kernelRxBufSize);
        }
    }

    /** Reads one of {@link #INSTANCE_KEYWORDS} into {@code w}; {@code label} names the instance. */
    static void read(ConfigNode n, Written w, String label, Diagnostics diagnostics) {
        switch (n.keyword()) {
            case "kernel_rx_buf_size" -> {
                OptionalLong size = n.arguments().size() == 1
                        ? ReceiveBuffersBinder.unsigned(n.arguments().getFirst()) : OptionalLong.empty();
                if (size.isPresent()) {
                    w.kernelRxBufSize = size.getAsLong();
                } else {
                    diagnostics.error(n.position(), label + ": invalid kernel_rx_buf_size specified");
                }
            }
            // the interface is polled: LinkBeatBinder#instance reads it with the top-level keywords
            case "linkbeat_use_polling" -> {
                diagnostics.warning(n.position(), label
                        + ": 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block");
            }
            default -> throw new IllegalArgumentException(n.keyword());
        }
    }
}
