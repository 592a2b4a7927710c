package io.keepwatch.plugins;

import io.keepwatch.plugin.api.Witness;
import java.util.Objects;

/**
 * A witness created from a {@code vrrp_witness NAME} block.
 *
 * @param name the block's name, which instances name in {@code witness NAME} and {@code election NAME}
 * @param type its {@code type}
 * @param witness the plugin's witness
 * @param origin who provides it, as logs name it ({@code plugin ID VERSION})
 */
public record NamedWitness(String name, String type, Witness witness, String origin) {

    public NamedWitness {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(witness, "witness");
        Objects.requireNonNull(origin, "origin");
    }
}
