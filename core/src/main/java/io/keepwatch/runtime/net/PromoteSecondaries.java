package io.keepwatch.runtime.net;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code promote_secondaries}: net.ipv4.conf.IF.promote_secondaries is 1 on the interface of each
 * instance that asks for it, so that deleting a primary address (the VIP's subnet's first address)
 * does not take the VIPs in its subnet with it. As keepalived does, an interface where it already is 1
 * is left alone, and the others are put back when no instance asks for them any more (a reload that
 * drops the keyword or the instance, and stop), each only if the value is still the one set here.
 * A VMAC instance is left out: keepalived ignores the keyword there, the VMAC has it already.
 */
public final class PromoteSecondaries {

    private static final Logger LOG = LoggerFactory.getLogger(PromoteSecondaries.class);
    private static final String NAME = "promote_secondaries";

    /** Interfaces set to 1 here, with their value before. */
    private final Map<String, Integer> changed = new HashMap<>();
    private final SysctlLedger ledger;

    public PromoteSecondaries(SysctlLedger ledger) {
        this.ledger = ledger;
    }

    /** Sets what {@code config} asks for and puts back what it no longer does. */
    public synchronized void apply(KeepalivedConfig config) {
        Set<String> wanted = new TreeSet<>();
        for (VrrpInstanceConfig instance : config.instances()) {
            if (instance.advert().promoteSecondaries() && !instance.vmac().enabled()) {
                wanted.add(instance.interfaceName());
            }
        }
        for (String device : Set.copyOf(changed.keySet())) {
            if (!wanted.contains(device)) {
                restore(device);
            }
        }
        for (String device : wanted) {
            if (!changed.containsKey(device)) {
                set(device);
            }
        }
    }

    /** Puts back every value changed here (stop). */
    public synchronized void close() {
        Set.copyOf(changed.keySet()).forEach(this::restore);
    }

    private void set(String device) {
        OptionalInt before = Sysctl.read(Sysctl.ipv4(device, NAME));
        if (before.isEmpty()) {
            LOG.info("cannot read net.ipv4.conf.{}.{}; left as it is", device, NAME);
            return;
        }
        if (before.getAsInt() == 1) {
            return;
        }
        try {
            ledger.changing(Sysctl.ipv4(device, NAME), before.getAsInt(), 1);
            Sysctl.write(Sysctl.ipv4(device, NAME), 1);
            changed.put(device, before.getAsInt());
            LOG.info("net.ipv4.conf.{}.{} set to 1", device, NAME);
        } catch (IOException e) {
            LOG.warn("cannot set net.ipv4.conf.{}.{}: {}", device, NAME, e.getMessage());
            ledger.restored(Sysctl.ipv4(device, NAME));
        }
    }

    private void restore(String device) {
        int before = changed.remove(device);
        try {
            if (Sysctl.read(Sysctl.ipv4(device, NAME)).orElse(-1) == 1) {
                Sysctl.write(Sysctl.ipv4(device, NAME), before);
                LOG.info("net.ipv4.conf.{}.{} reset to {}", device, NAME, before);
            }
        } catch (IOException e) {
            LOG.warn("cannot reset net.ipv4.conf.{}.{} to {}: {}", device, NAME, before, e.getMessage());
        } finally {
            ledger.restored(Sysctl.ipv4(device, NAME));
        }
    }
}
