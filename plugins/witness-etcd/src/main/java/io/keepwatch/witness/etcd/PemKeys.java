package io.keepwatch.witness.etcd;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted private key from PEM in the three forms etcd's certificate tools write:
 * PKCS#8 ({@code BEGIN PRIVATE KEY}, openssl's default), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and
 * SEC1 ({@code BEGIN EC PRIVATE KEY}, cfssl's EC keys). The JDK reads only PKCS#8, so the other two
 * are wrapped into it (RFC 5208 PrivateKeyInfo, with the algorithm of RFC 8017 or RFC 5480).
 */
final class PemKeys {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----([^-]+)-----END \\1-----");
    /** AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    /** The OID id-ecPublicKey (1.2.840.10045.2.1), tag and length included. */
    private static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");

    private PemKeys() {}

    /** The first private key in {@code pem}, or empty when there is none in a form read here. */
    static Optional<PrivateKey> read(String pem) throws GeneralSecurityException {
        Matcher matcher = PEM.matcher(pem);
        if (!matcher.find()) {
            return Optional.empty();
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
        return switch (matcher.group(1)) {
            case "RSA PRIVATE KEY" -> Optional.of(KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(privateKeyInfo(RSA_ALGORITHM, der))));
            case "EC PRIVATE KEY" -> Optional.of(KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(privateKeyInfo(ecAlgorithm(der), der))));
            default -> Optional.of(pkcs8(der));
        };
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new GeneralSecurityException("no EC, RSA or Ed25519 key in the PKCS#8 structure");
    }

    /** AlgorithmIdentifier id-ecPublicKey with the named curve of the SEC1 key's {@code [0]} parameters. */
    private static byte[] ecAlgorithm(byte[] sec1) throws GeneralSecurityException {
        // ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING, [0] curve OID, [1] public key }
        Der sequence = Der.at(sec1, 0, 0x30);
        int position = sequence.contentStart();
        while (position < sequence.end()) {
            Der element = Der.at(sec1, position, -1);
            if (element.tag() == 0xa0) {
                Der curve = Der.at(sec1, element.contentStart(), 0x06);
                byte[] curveOid = Arrays.copyOfRange(sec1, curve.start(), curve.end());
                return sequence(concat(EC_PUBLIC_KEY, curveOid));
            }
            position = element.end();
        }
        throw new GeneralSecurityException("the EC key names no curve (no [0] parameters)");
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        byte[] version = {0x02, 0x01, 0x00};
        return sequence(concat(version, algorithm, tlv(0x04, key)));
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One DER element: its tag, where it starts, where its content starts and where it ends. */
    private record Der(int tag, int start, int contentStart, int end) {

        static Der at(byte[] der, int start, int expectedTag) throws GeneralSecurityException {
            if (start + 2 > der.length) {
                throw new GeneralSecurityException("truncated DER");
            }
            int tag = der[start] & 0xff;
            if (expectedTag >= 0 && tag != expectedTag) {
                throw new GeneralSecurityException("unexpected DER tag " + Integer.toHexString(tag));
            }
            int length = der[start + 1] & 0xff;
            int content = start + 2;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes == 0 || bytes > 3 || content + bytes > der.length) {
                    throw new GeneralSecurityException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[content + i] & 0xff);
                }
                content += bytes;
            }
            if (content + length > der.length) {
                throw new GeneralSecurityException("truncated DER");
            }
            return new Der(tag, start, content, content + length);
        }
    }
}
