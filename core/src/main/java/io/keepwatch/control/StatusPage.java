package io.keepwatch.control;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The HTML status page: one self-contained document (no external scripts, styles or fonts, so it
 * works on an isolated management network) that reloads itself every few seconds. It is what an
 * operator looks at during an incident: times relative to the page's own ({@code 12 s ago}, the
 * exact time on hover), address conflicts in red, the master this host hears, and each instance's
 * states over the last hour ({@link TimelineSvg}).
 */
public final class StatusPage {

    /** Seconds between reloads: a few advert intervals, enough to watch a failover happen. */
    static final int REFRESH_SECONDS = 2;

    private StatusPage() {}

    public static String render(DaemonStatus status, String hostName) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<title>keepwatch on ").append(esc(hostName)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}")
                .append("h1{font-size:1.4em}h2{font-size:1.15em;margin:1.2em 0 .4em}")
                .append("table{border-collapse:collapse;margin:.3em 0 1em}")
                .append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;font-size:.9em}")
                .append("th{background:#eee}.state{font-weight:bold;padding:.1em .5em;border-radius:3px;color:#fff}")
                .append(".MASTER{background:#2e7d32}.BACKUP{background:#1565c0}.FAULT{background:#c62828}")
                .append(".INIT{background:#757575}.muted{color:#777;font-size:.85em}")
                .append(".conflict{color:#b71c1c;background:#ffebee;border:2px solid #c62828;padding:.4em .7em;")
                .append("margin:.3em 0 .6em;font-weight:bold}time{border-bottom:1px dotted #999}")
                .append("svg.timeline{display:block;margin:.2em 0 1em;font-size:10px;fill:#555}")
                .append("svg.timeline rect.none{fill:#eee}svg.timeline rect.MASTER{fill:#2e7d32}")
                .append("svg.timeline rect.BACKUP{fill:#1565c0}svg.timeline rect.FAULT{fill:#c62828}")
                .append("svg.timeline rect.INIT{fill:#757575}")
                .append("</style></head><body>\n<h1>keepwatch on ").append(esc(hostName)).append("</h1>\n")
                .append("<p class=\"muted\">").append(esc(status.generated()))
                .append(" &middot; reloads every ").append(REFRESH_SECONDS).append(" s &middot; ")
                .append("<a href=\"/status\">JSON</a> &middot; <a href=\"/metrics\">metrics</a></p>\n");
        if (status.instances().isEmpty()) {
            html.append("<p>No instance is running.</p>\n");
        }
        Instant now = now(status);
        for (DaemonStatus.Instance i : status.instances()) {
            instance(html, i, now);
        }
        return html.append("</body></html>\n").toString();
    }

    /** The time the status was put together: what "ago" is counted from. */
    private static Instant now(DaemonStatus status) {
        try {
            return Instant.parse(status.generated());
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static void instance(StringBuilder html, DaemonStatus.Instance i, Instant now) {
        html.append("<h2 id=\"").append(esc(i.name())).append("\">").append(esc(i.name()))
                .append(" <span class=\"state ").append(esc(i.state())).append("\">").append(esc(i.shownState()))
                .append("</span></h2>\n");
        for (DaemonStatus.Conflict c : i.conflicts()) {
            html.append("<p class=\"conflict\">Address conflict: ").append(esc(c.address()))
                    .append(" is also claimed by ").append(esc(c.foreignMac()))
                    .append(c.otherHost() == null ? "" : " (host " + esc(c.otherHost()) + ")")
                    .append(", since ").append(RelativeTime.html(c.since(), now)).append("</p>\n");
        }
        html.append(TimelineSvg.render(i.timeline(), now)).append("\n<table>");
        row(html, "mode", i.witness() == null ? i.mode() : i.mode() + " (witness " + i.witness() + ")");
        if (i.witness() != null) {
            row(html, "key held by", i.witnessHolder() == null ? "nobody, or not known yet" : i.witnessHolder());
        }
        row(html, "interface", i.interfaceName());
        row(html, "VRID", Integer.toString(i.vrid()));
        row(html, "VRRP version", Integer.toString(i.version()));
        if (i.syncGroup() != null) {
            row(html, "sync group", i.syncGroup());
        }
        row(html, "priority", i.effectivePriority() + " (configured " + i.basePriority() + ")");
        row(html, "virtual addresses", String.join(", ", concat(i.vips(), i.excludedVips())));
        if (i.heardMaster() != null) {
            DaemonStatus.Peer m = i.heardMaster();
            rawRow(html, "master heard", esc(m.address()) + ", priority " + m.priority() + ", last advert "
                    + RelativeTime.html(m.lastAdvert(), now));
        }
        rawRow(html, "last transition", RelativeTime.html(i.lastTransition(), now));
        DaemonStatus.Counters c = i.counters();
        row(html, "adverts sent / received", c.advertsSent() + " / " + c.advertsReceived());
        row(html, "became / released master", c.becameMaster() + " / " + c.releasedMaster());
        long rejected = c.rejected().values().stream().mapToLong(Long::longValue).sum();
        row(html, "adverts rejected", Long.toString(rejected));
        html.append("</table>\n");
        if (!i.trackers().isEmpty()) {
            html.append("<table><tr><th>tracker</th><th>weight</th><th>result</th><th>since</th></tr>");
            for (DaemonStatus.Tracker t : i.trackers()) {
                html.append("<tr><td>").append(esc(t.name())).append("</td><td>").append(t.weight())
                        .append("</td><td>").append(t.up() ? "up" : "down").append(t.reported() ? "" : " (assumed)")
                        .append("</td><td>").append(t.since() == null ? "" : RelativeTime.html(t.since(), now))
                        .append("</td></tr>");
            }
            html.append("</table>\n");
        }
        if (!i.peers().isEmpty()) {
            html.append("<table><tr><th>peer</th><th>priority</th><th>last advert</th></tr>");
            for (DaemonStatus.Peer p : i.peers()) {
                html.append("<tr><td>").append(esc(p.address())).append("</td><td>").append(p.priority())
                        .append("</td><td>").append(RelativeTime.html(p.lastAdvert(), now)).append("</td></tr>");
            }
            html.append("</table>\n");
        }
        if (!i.transitions().isEmpty()) {
            html.append("<table><tr><th>time</th><th>from</th><th>to</th><th>priority</th><th>reason</th></tr>");
            for (DaemonStatus.Change t : i.transitions().reversed()) {
                html.append("<tr><td>").append(RelativeTime.html(t.time(), now)).append("</td><td>").append(esc(t.from()))
                        .append("</td><td>").append(esc(t.to())).append("</td><td>").append(t.priority())
                        .append("</td><td>").append(esc(t.reason())).append("</td></tr>");
            }
            html.append("</table>\n");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
    }

    private static void row(StringBuilder html, String key, String value) {
        rawRow(html, key, esc(value));
    }

    /** A row whose value is HTML already. */
    private static void rawRow(StringBuilder html, String key, String valueHtml) {
        html.append("<tr><th>").append(esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    /** Names come from the configuration file: escape them. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
