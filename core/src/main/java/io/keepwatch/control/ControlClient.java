package io.keepwatch.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The CLI's side of the control socket. */
public final class ControlClient {

    /**
     * The daemon's answer.
     *
     * @param ok      whether the first line was {@code ok}
     * @param message the rest of the first line
     * @param body    what followed it
     */
    public record Reply(boolean ok, String message, String body) {}

    private ControlClient() {}

    /** Sends one command and reads the whole answer. */
    public static Reply send(Path socket, ControlProtocol.Command command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(ControlProtocol.line(command).getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.shutdownOutput();
            InputStream in = Channels.newInputStream(channel);
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int eol = all.indexOf('\n');
            String first = eol < 0 ? all : all.substring(0, eol);
            String body = eol < 0 ? "" : all.substring(eol + 1);
            boolean ok = first.equals(ControlProtocol.OK) || first.startsWith(ControlProtocol.OK + " ");
            String message = first.contains(" ") ? first.substring(first.indexOf(' ') + 1) : "";
            if (!ok && !first.startsWith(ControlProtocol.ERROR)) {
                throw new IOException("unexpected answer from " + socket + ": " + first);
            }
            return new Reply(ok, message, body);
        }
    }
}
