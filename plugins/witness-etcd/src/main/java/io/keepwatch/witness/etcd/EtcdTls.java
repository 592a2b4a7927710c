package io.keepwatch.witness.etcd;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.PluginConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS towards etcd from the block's {@code ca}, {@code cert} and {@code key} PEM files, read when the
 * configuration is loaded so that a missing or unreadable file is a {@code file:line} error.
 *
 * @param context presents the client certificate, if any, and trusts {@code trustManager}
 * @param trustManager the CAs named by {@code ca}, or the system's when there is none
 * @param description what was configured, for the log
 */
record EtcdTls(SSLContext context, X509TrustManager trustManager, String description) {

    private static final char[] NO_PASSWORD = new char[0];

    SSLSocketFactory socketFactory() {
        return context.getSocketFactory();
    }

    @Override
    public String toString() {
        return description;
    }

    /** The block's TLS settings, or empty when it names none of {@code ca}, {@code cert}, {@code key}. */
    static Optional<EtcdTls> bind(ConfigNode block) {
        Optional<ConfigNode> ca = block.child("ca");
        Optional<ConfigNode> cert = block.child("cert");
        Optional<ConfigNode> key = block.child("key");
        if (ca.isEmpty() && cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isPresent() != key.isPresent()) {
            throw new PluginConfigException(cert.orElseGet(key::orElseThrow).position(), "'cert' and 'key' go together");
        }
        try {
            X509TrustManager trust = trustManager(ca.isPresent() ? certificates(block, "ca") : null);
            KeyManagerFactory keys = null;
            if (cert.isPresent()) {
                keys = keyManagers(certificates(block, "cert"), privateKey(block));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trust}, null);
            String description = "TLS" + ca.map(c -> " ca " + c.arguments().getFirst()).orElse("")
                    + cert.map(c -> " cert " + c.arguments().getFirst()).orElse("");
            return Optional.of(new EtcdTls(context, trust, description));
        } catch (GeneralSecurityException e) {
            throw new PluginConfigException(block.position(), "cannot set up TLS for etcd: " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> certificates(ConfigNode block, String keyword) {
        ConfigNode line = block.child(keyword).orElseThrow();
        byte[] pem = read(block, keyword);
        try {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certificates.isEmpty()) {
                throw new PluginConfigException(line.position(), "no PEM certificate in '" + keyword + "' file "
                        + line.arguments().getFirst());
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new PluginConfigException(line.position(), "cannot read the PEM certificates in '" + keyword
                    + "' file " + line.arguments().getFirst() + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(ConfigNode block) {
        ConfigNode line = block.child("key").orElseThrow();
        String pem = new String(read(block, "key"), StandardCharsets.US_ASCII);
        try {
            return PemKeys.read(pem).orElseThrow(() -> new PluginConfigException(line.position(), "'key' file "
                    + line.arguments().getFirst() + " holds no unencrypted private key (BEGIN PRIVATE KEY,"
                    + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)"));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PluginConfigException(line.position(), "cannot read the private key in 'key' file "
                    + line.arguments().getFirst() + ": " + e.getMessage());
        }
    }

    private static byte[] read(ConfigNode block, String keyword) {
        String file = ConfigValues.required(block, keyword);
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new PluginConfigException(block.child(keyword).orElseThrow().position(),
                    "cannot read '" + keyword + "' file " + file + ": " + e);
        }
    }

    private static X509TrustManager trustManager(Collection<? extends Certificate> cas)
            throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (cas == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = emptyStore();
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("ca" + i++, ca);
            }
            factory.init(store);
        }
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static KeyManagerFactory keyManagers(Collection<? extends Certificate> chain, PrivateKey key)
            throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }
}
