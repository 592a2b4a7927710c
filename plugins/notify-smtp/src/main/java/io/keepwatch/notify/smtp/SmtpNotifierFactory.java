package io.keepwatch.notify.smtp;

import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.NotifierFactory;
import io.keepwatch.plugin.api.PluginContext;
import org.pf4j.Extension;

/**
 * Notifier type {@code smtp}: keepalived's mail alerts. Created from {@code global_defs} alone when
 * {@code smtp_server} and at least one {@code notification_email} are set and {@code smtp_alert} is on
 * somewhere, or from a {@code vrrp_notifier NAME { type smtp ... }} block with the same keywords.
 */
@Extension
public final class SmtpNotifierFactory implements NotifierFactory {

    @Override
    public String type() {
        return "smtp";
    }

    @Override
    public String description() {
        return "keepalived mail alerts (smtp_alert), with STARTTLS/SMTPS and AUTH";
    }

    @Override
    public boolean enabledByGlobals(GlobalSettings globals) {
        return globals.smtpServer().isPresent() && !globals.notificationEmail().isEmpty()
                && (globals.smtpAlert() || globals.smtpAlertOverrides().containsValue(true));
    }

    @Override
    public Notifier create(PluginContext context) {
        SmtpSettings settings = SmtpSettings.bind(context.config(), context.globals());
        context.logger().info("notifier {}: {}", context.name(), settings);
        return new SmtpNotifier(context.name(), settings, context.globals(), context.logger());
    }
}
