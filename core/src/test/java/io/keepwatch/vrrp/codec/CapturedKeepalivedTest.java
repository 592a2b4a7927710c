package io.keepwatch.vrrp.codec;

import java.util.List;

/** The frames captured from keepalived 2.2.7 and kept as test resources (see captures/README.md). */
class CapturedKeepalivedTest extends KeepalivedFramesContract {
    @Override
    List<byte[]> frames(String name) {
        return Pcap.readResource(name);
    }
}
