package io.keepwatch.check.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Decodes the C-style escapes allowed in {@code send} and {@code expect}: \r \n \t \\ \0 and \xHH. */
final class Escapes {

    private Escapes() {}

    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b != '\\' || i + 1 == raw.length) {
                out.write(b);
                continue;
            }
            char c = (char) raw[++i];
            switch (c) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    String hex = new String(raw, i + 1, Math.min(2, raw.length - i - 1), StandardCharsets.US_ASCII);
                    if (hex.length() != 2 || !hex.matches("[0-9a-fA-F]{2}")) {
                        throw new IllegalArgumentException("\\x needs two hex digits, got '" + hex + "'");
                    }
                    out.write(Integer.parseInt(hex, 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + c);
            }
        }
        return out.toByteArray();
    }
}
