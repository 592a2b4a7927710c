package io.keepwatch.runtime;

import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a split brain where unicast still flows ({@code split_brain_heal}). When a MASTER
 * multicast instance finds another station holding one of its addresses and learns that station's
 * own address, it also sends each advert there by unicast; the other side, if it heals too, hears
 * them and the two elect one master as RFC 5798 6.4.3 says (priority, then primary address): the
 * lower resigns to BACKUP and releases the addresses, and the winner's unicast copies keep feeding
 * its Master_Down_Timer while multicast stays filtered, so nothing oscillates.
 *
 * <p>The copies go on while the instance is MASTER, after the conflict is over: a backup never
 * sends, so nothing tells the master that multicast works again, and stopping them to find out
 * would hand the backup a takeover each time it does not. They end when the instance leaves
 * MASTER, at a reload that changes its addressing, and at the stop. Nothing here is sent to an
 * address the conflict watch did not learn from the segment.
 *
 * <p>VRRP thread only, as the observer calls that feed it.
 */
final class SplitBrainHealer implements RuntimeObserver {

    private static final Logger LOG = LoggerFactory.getLogger(SplitBrainHealer.class);

    private final Function<String, InstanceRuntime> instances;

    /** @param instances the running instance of a name, or null */
    SplitBrainHealer(Function<String, InstanceRuntime> instances) {
        this.instances = instances;
    }

    @Override
    public void conflictNoticed(AddressConflict conflict) {
        if (conflict.otherHost().isEmpty()) {
            return; // its own address comes in a later call, once known
        }
        InstanceRuntime runtime = instances.apply(conflict.instance());
        if (runtime == null || runtime.state() != VrrpState.MASTER || !runtime.config().splitBrainHeal().on()
                || !runtime.config().unicastPeers().isEmpty()) {
            return;
        }
        InetAddress other = conflict.otherHost().get();
        if (runtime.network().healWith(other)) {
            LOG.info("({}) split brain: {} (MAC {}) also holds {}; sending it our adverts by unicast too, so that "
                            + "VRRP elects one master", runtime.name(), other.getHostAddress(), conflict.foreignMac(),
                    conflict.address().getHostAddress());
        }
    }

    @Override
    public void transition(Transition transition) {
        if (transition.from() != VrrpState.MASTER || transition.to() == VrrpState.MASTER) {
            return;
        }
        InstanceRuntime runtime = instances.apply(transition.instance());
        if (runtime == null) {
            return;
        }
        runtime.network().stopHealing().forEach((peer, copies) -> LOG.info(
                "({}) split brain healing towards {} ends after {} unicast adverts: the instance left MASTER",
                transition.instance(), peer.getHostAddress(), copies));
    }
}
