package io.keepwatch.notify.smtp;

import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.api.TransitionEvent.Scope;
import io.keepwatch.plugin.api.TransitionEvent.VrrpState;
import java.util.Optional;

/**
 * The subject and body of a mail alert. Subjects and the first body line are keepalived's:
 * {@code [router_id] VRRP Instance NAME - Entering MASTER state} with
 * {@code => VRRP Instance is now owning VRRP VIPs <=}, likewise for BACKUP, FAULT, stopping and
 * deletion at reload, and {@code VRRP Group} for sync groups. keepalived sends nothing on INIT (and
 * on DELETED for a group), so neither does keepwatch. After a blank line keepwatch adds the facts of
 * the transition, one per line.
 *
 * <p>keepalived mails nothing about address conflicts; keepwatch's conflict alert follows the same
 * layout: {@code [router_id] VRRP Instance NAME - Address conflict on ADDRESS} (and
 * {@code - Address conflict over on ADDRESS} when it ends), a one-line summary, then the facts: the
 * address, the other station's MAC and address, and this host.
 */
public final class AlertText {

    /**
     * A rendered alert.
     *
     * @param subject the Subject line
     * @param body the plain text body
     */
    public record Mail(String subject, String body) {}

    private AlertText() {}

    /** The alert for {@code event}, or empty when keepalived would send none for its new state. */
    public static Optional<Mail> of(TransitionEvent event) {
        boolean group = event.scope() == Scope.GROUP;
        String what = switch (event.newState()) {
            case MASTER -> "Entering MASTER state";
            case BACKUP -> "Entering BACKUP state";
            case FAULT -> "Entering FAULT state";
            case STOP -> "Stopping";
            case DELETED -> group ? null : "Deleted";
            case INIT -> null;
        };
        if (what == null) {
            return Optional.empty();
        }
        String line = group ? groupLine(event.newState()) : instanceLine(event.newState());
        String subject = "[" + event.routerId() + "] VRRP " + (group ? "Group " : "Instance ") + event.name()
                + " - " + what;
        StringBuilder body = new StringBuilder(line).append("\n\n");
        body.append(group ? "Sync group: " : "Instance: ").append(event.name()).append('\n');
        body.append("Transition: ").append(event.oldState()).append(" -> ").append(event.newState()).append('\n');
        if (!group) {
            body.append("Priority: ").append(event.priority()).append('\n');
        }
        body.append("Reason: ").append(event.reason()).append('\n');
        if (!event.vips().isEmpty()) {
            body.append("Virtual addresses: ").append(String.join(", ", event.vips())).append('\n');
        }
        body.append("Time: ").append(event.time()).append('\n');
        body.append("Router: ").append(event.routerId()).append('\n');
        return Optional.of(new Mail(subject, body.toString()));
    }

    /** The alert for an address conflict noticed or ended. */
    public static Mail of(AddressConflictEvent event) {
        String subject = "[" + event.routerId() + "] VRRP Instance " + event.instance() + " - Address conflict "
                + (event.ended() ? "over on " : "on ") + event.address();
        StringBuilder body = new StringBuilder(event.ended()
                ? "=> No other station claims the VRRP VIP any more <="
                : "=> Another station claims a VRRP VIP: two hosts answer for it (split brain) <=").append("\n\n");
        body.append("Instance: ").append(event.instance()).append('\n');
        body.append("Interface: ").append(event.interfaceName()).append('\n');
        body.append("VRID: ").append(event.vrid()).append('\n');
        body.append("Virtual address: ").append(event.address()).append('\n');
        body.append("Foreign MAC: ").append(event.foreignMac()).append('\n');
        body.append("Other host: ").append(event.otherHost().orElse("not known")).append('\n');
        body.append("This host: ").append(event.routerId()).append('\n');
        body.append(event.ended() ? "Ended: " : "Noticed: ").append(event.time()).append('\n');
        return new Mail(subject, body.toString());
    }

    private static String instanceLine(VrrpState state) {
        return switch (state) {
            case MASTER -> "=> VRRP Instance is now owning VRRP VIPs <=";
            case BACKUP, FAULT -> "=> VRRP Instance is no longer owning VRRP VIPs <=";
            case STOP -> "=> VRRP Instance stopping <=";
            case DELETED -> "=> VRRP Deleted at reload <=";
            case INIT -> "";
        };
    }

    private static String groupLine(VrrpState state) {
        return switch (state) {
            case MASTER -> "=> All VRRP group instances are now in MASTER state <=";
            case BACKUP -> "=> All VRRP group instances are now in BACKUP state <=";
            case FAULT -> "=> All VRRP group instances are now in FAULT state <=";
            case STOP -> "=> All VRRP group instances are now stopping <=";
            case DELETED, INIT -> "";
        };
    }
}
