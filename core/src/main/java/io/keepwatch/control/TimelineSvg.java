package io.keepwatch.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An instance's states over the last hour as inline SVG: one coloured band per state (the colours
 * of the state badges), the hour's start on the left and now on the right, each band's state and
 * times on hover. No script: it works where the page does.
 */
final class TimelineSvg {

    static final int WIDTH = 600;
    static final int HEIGHT = 18;
    private static final Duration WINDOW = Duration.ofHours(1);

    private TimelineSvg() {}

    static String render(List<DaemonStatus.Band> bands, Instant now) {
        Instant start = now.minus(WINDOW);
        StringBuilder svg = new StringBuilder(256 + bands.size() * 160);
        svg.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT + 14).append("\" role=\"img\" aria-label=\"states over the last hour\">")
                .append("<rect class=\"none\" x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\"><title>not running</title></rect>");
        for (DaemonStatus.Band band : bands) {
            double x0 = x(Instant.parse(band.from()), start);
            double x1 = x(Instant.parse(band.to()), start);
            svg.append("<rect class=\"band ").append(StatusPage.esc(band.state())).append("\" data-state=\"")
                    .append(StatusPage.esc(band.state())).append("\" x=\"").append(fmt(x0)).append("\" y=\"0\" width=\"")
                    .append(fmt(Math.max(x1 - x0, 1))).append("\" height=\"").append(HEIGHT).append("\"><title>")
                    .append(StatusPage.esc(band.state())).append(" from ").append(StatusPage.esc(band.from()))
                    .append(" to ").append(StatusPage.esc(band.to())).append("</title></rect>");
        }
        svg.append("<text x=\"0\" y=\"").append(HEIGHT + 12).append("\">60 min ago</text>")
                .append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT + 12)
                .append("\" text-anchor=\"middle\">30 min ago</text>")
                .append("<text x=\"").append(WIDTH).append("\" y=\"").append(HEIGHT + 12)
                .append("\" text-anchor=\"end\">now</text></svg>");
        return svg.toString();
    }

    private static double x(Instant t, Instant start) {
        double seconds = Duration.between(start, t).toMillis() / 1000.0;
        return Math.clamp(seconds / WINDOW.toSeconds() * WIDTH, 0, WIDTH);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
