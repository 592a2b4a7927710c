package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.ALL_VIPS;
import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.VrrpAction.AddVips;
import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.RemoveVips;
import io.keepwatch.vrrp.VrrpAction.SendAdvert;
import io.keepwatch.vrrp.VrrpAction.SendGratuitous;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine of an {@code election} instance: no VRRP, the witness store's word moves it. */
class ElectionModeTest {

    private static final String TRACKER = "chk";

    private static VrrpInstance started() {
        VrrpInstance instance = new VrrpInstance(spec().elected(true)
                .trackers(List.of(TrackerSpec.of(TRACKER, 0))).build());
        instance.onEvent(new VrrpEvent.TrackerChanged(TRACKER, true), T0);
        instance.onEvent(VrrpEvent.START, T0);
        return instance;
    }

    private static VrrpInstance master() {
        VrrpInstance instance = started();
        instance.onEvent(new VrrpEvent.ElectionWon("key acquired"), T0 + SECOND);
        assertThat(instance.state()).isEqualTo(VrrpState.MASTER);
        return instance;
    }

    @Test
    void startsInBackupWithNoDownTimerAndNeverTakesOverByItself() {
        VrrpInstance backup = started();

        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(backup.nextDeadline()).isEmpty();
        assertThat(backup.onEvent(advert(HIGHER_PEER, 0), T0 + SECOND).actions()).isEmpty();
        assertThat(backup.onEvent(VrrpEvent.TICK, T0 + 100 * SECOND).actions()).isEmpty();
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void winningBindsAndAnnouncesWithoutAnyAdvert() {
        VrrpInstance backup = started();

        VrrpResult r = backup.onEvent(new VrrpEvent.ElectionWon("key acquired"), T0 + SECOND);

        assertThat(r.actions()).containsExactly(new AddVips(ALL_VIPS),
                new SendGratuitous(ALL_VIPS, GarpSettings.DEFAULTS.masterRepeat()),
                new Notify(VrrpState.BACKUP, VrrpState.MASTER, "key acquired"));
        assertThat(r.actions()).noneMatch(a -> a instanceof SendAdvert);
    }

    @Test
    void aMasterSendsNoAdvertsAndIgnoresThoseOfOthers() {
        VrrpInstance master = master();

        List<VrrpAction> later = new java.util.ArrayList<>();
        for (long t = 2; t < 20; t++) {
            later.addAll(master.onEvent(VrrpEvent.TICK, T0 + t * SECOND).actions());
        }
        later.addAll(master.onEvent(advert(HIGHER_PEER, 254), T0 + 20 * SECOND).actions());

        assertThat(later).noneMatch(a -> a instanceof SendAdvert);
        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void losingRemovesTheAddressesAndWaitsInBackup() {
        VrrpInstance master = master();

        VrrpResult r = master.onEvent(new VrrpEvent.ElectionLost("handing over to b"), T0 + 2 * SECOND);

        assertThat(r.actions()).containsExactly(new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "handing over to b"));
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void aFaultRemovesTheAddressesWithoutAPriorityZeroAdvert() {
        VrrpInstance master = master();

        VrrpResult r = master.onEvent(new VrrpEvent.TrackerChanged(TRACKER, false), T0 + 2 * SECOND);

        assertThat(master.state()).isEqualTo(VrrpState.FAULT);
        assertThat(r.actions()).containsExactly(new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.FAULT, "tracker chk down"));

        VrrpResult back = master.onEvent(new VrrpEvent.TrackerChanged(TRACKER, true), T0 + 3 * SECOND);
        assertThat(master.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(back.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void shutdownRemovesTheAddressesWithoutAnAdvert() {
        VrrpInstance master = master();

        VrrpResult r = master.onEvent(VrrpEvent.SHUTDOWN, T0 + 2 * SECOND);

        assertThat(r.actions()).containsExactly(new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.INIT, "shutdown"));
    }

    @Test
    void winningIsIgnoredInFault() {
        VrrpInstance instance = started();
        instance.onEvent(new VrrpEvent.TrackerChanged(TRACKER, false), T0 + SECOND);

        assertThat(instance.onEvent(new VrrpEvent.ElectionWon("late"), T0 + 2 * SECOND).actions()).isEmpty();
        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);
    }
}
