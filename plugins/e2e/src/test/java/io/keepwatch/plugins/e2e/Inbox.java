package io.keepwatch.plugins.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.NetNs;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An SMTP server (GreenMail) on 127.0.0.1 inside a namespace, collecting what the daemon mails. */
final class Inbox implements AutoCloseable {

    private final GreenMail mail;

    private Inbox(GreenMail mail) {
        this.mail = mail;
    }

    /** Starts it on 127.0.0.1:{@code port} of {@code ns}. */
    static Inbox start(NetNs.Namespace ns, int port) throws Exception {
        return ns.call(() -> {
            ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            setup.setServerStartupTimeout(30_000); // a wait on readiness; GreenMail's 2 s is short on a loaded host
            GreenMail mail = new GreenMail(setup);
            mail.start();
            return new Inbox(mail);
        });
    }

    /** The messages received so far, in arrival order. */
    List<MimeMessage> messages() {
        return List.of(mail.getReceivedMessages());
    }

    /** Waits until at least {@code count} messages have arrived; returns their subjects in arrival order. */
    List<String> awaitSubjects(int count, Duration timeout) throws InterruptedException, MessagingException {
        Deadline.await(count + " mails (have " + messages().size() + ")", timeout, () -> messages().size() >= count);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : messages()) {
            subjects.add(m.getSubject());
        }
        return subjects;
    }

    @Override
    public void close() {
        mail.stop();
    }
}
