package io.keepwatch.notify.webhook;

import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.TransitionEvent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON documents posted for a transition ({@code "event":"transition"}) and for an address
 * conflict ({@code "event":"address_conflict"}), documented in docs/plugins.md. Field order is fixed, so
 * the same event always gives the same bytes, and so the same signature and delivery id.
 */
public final class WebhookPayload {

    /** Version of the payload layout; bumped on any incompatible change. */
    public static final int VERSION = 1;

    private WebhookPayload() {}

    /** The payload of {@code event}, UTF-8. */
    public static byte[] of(TransitionEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"version\":").append(VERSION);
        sb.append(",\"event\":\"transition\"");
        field(sb, "scope", event.scope().name().toLowerCase(Locale.ROOT));
        field(sb, "name", event.name());
        field(sb, "old_state", event.oldState().name());
        field(sb, "new_state", event.newState().name());
        sb.append(",\"priority\":").append(event.priority());
        field(sb, "reason", event.reason());
        field(sb, "time", event.time().toString());
        field(sb, "router_id", event.routerId());
        sb.append(",\"vips\":[");
        for (int i = 0; i < event.vips().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, event.vips().get(i));
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of an address conflict noticed or ended, UTF-8. */
    public static byte[] of(AddressConflictEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"version\":").append(VERSION);
        sb.append(",\"event\":\"address_conflict\"");
        sb.append(",\"ended\":").append(event.ended());
        field(sb, "instance", event.instance());
        field(sb, "interface", event.interfaceName());
        sb.append(",\"vrid\":").append(event.vrid());
        field(sb, "address", event.address());
        field(sb, "foreign_mac", event.foreignMac());
        if (event.otherHost().isPresent()) {
            field(sb, "other_host", event.otherHost().get());
        } else {
            sb.append(",\"other_host\":null");
        }
        field(sb, "time", event.time().toString());
        field(sb, "router_id", event.routerId());
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(",\"").append(name).append("\":");
        string(sb, value);
    }

    // RFC 8259 section 7: quote, backslash and control characters must be escaped.
    private static void string(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
