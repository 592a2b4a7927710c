package io.keepwatch.witness.etcd;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.testkit.PluginTestKit;
import java.util.ArrayList;
import java.util.List;

/** Witnesses built from {@code vrrp_witness} blocks as keepwatch builds them, closed after each test. */
final class Witnesses implements AutoCloseable {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A witness from the block's lines ({@code type etcd} is added). */
    Witness create(String... lines) {
        List<String> all = new ArrayList<>(List.of("type etcd"));
        all.addAll(List.of(lines));
        Witness witness = new EtcdWitnessFactory().create(
                PluginTestKit.context(PluginTestKit.block("vrrp_witness", "main", all.toArray(String[]::new))));
        opened.add(witness);
        return witness;
    }

    /** Closes {@code closeable} with the witnesses, first. */
    <T extends AutoCloseable> T closing(T closeable) {
        opened.addFirst(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }
}
