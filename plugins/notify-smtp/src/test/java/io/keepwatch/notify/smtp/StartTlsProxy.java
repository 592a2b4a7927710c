package io.keepwatch.notify.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SMTP front end that offers STARTTLS (RFC 3207) on loopback and, once the client has switched to
 * TLS, relays the rest of the session to a plain SMTP server behind it (GreenMail has no STARTTLS).
 * The client then speaks EHLO, AUTH, MAIL... to the real server, inside TLS.
 */
final class StartTlsProxy implements AutoCloseable {

    private final ServerSocket server;
    private final SSLSocketFactory tls;
    private final int backendPort;
    volatile boolean tlsEstablished;

    StartTlsProxy(SSLSocketFactory tls, int backendPort) throws IOException {
        this.tls = tls;
        this.backendPort = backendPort;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            write(out, "220 proxy ESMTP\r\n");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> write(out, "250-proxy\r\n250 STARTTLS\r\n");
                    case "HELO" -> write(out, "250 proxy\r\n");
                    case "QUIT" -> {
                        write(out, "221 bye\r\n");
                        return;
                    }
                    case "STARTTLS" -> {
                        write(out, "220 Ready to start TLS\r\n");
                        relay(client);
                        return;
                    }
                    default -> write(out, "530 Must issue a STARTTLS command first\r\n");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void relay(Socket client) throws IOException {
        SSLSocket secure = (SSLSocket) tls.createSocket(client, "127.0.0.1", client.getPort(), true);
        secure.setUseClientMode(false);
        secure.startHandshake();
        tlsEstablished = true;
        try (secure; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            InputStream backendIn = backend.getInputStream();
            // The backend's greeting is not forwarded: the client already had the proxy's.
            String greeting;
            do {
                greeting = readLine(backendIn);
            } while (greeting != null && !greeting.startsWith("220 "));
            Thread up = Thread.ofVirtual().start(() -> pump(secure, backend));
            pump(backend, secure);
            up.interrupt();
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
