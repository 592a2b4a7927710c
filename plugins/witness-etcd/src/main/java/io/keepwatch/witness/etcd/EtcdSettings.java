package io.keepwatch.witness.etcd;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * One {@code vrrp_witness NAME { type etcd ... }} block, bound.
 *
 * @param endpoints the members' client URLs, tried in order, the next one on failure
 * @param ttl the lease TTL asked of etcd (etcd may grant more: its minimum is about 1.5 election timeouts)
 * @param prefix the key prefix, without a trailing slash: an instance's key is {@code prefix/NAME}
 * @param timeout the bound of one request, every endpoint tried included
 * @param tls client certificates and trusted CAs, when the block names them
 * @param credentials etcd user and password, when the block names them
 */
record EtcdSettings(List<HttpUrl> endpoints, Duration ttl, String prefix, Duration timeout,
                    Optional<EtcdTls> tls, Optional<Credentials> credentials) {

    EtcdSettings {
        endpoints = List.copyOf(endpoints);
    }

    /** An etcd user, authenticated through {@code /v3/auth/authenticate}. */
    record Credentials(String user, String password) {

        @Override
        public String toString() {
            return "user " + user;
        }
    }

    @Override
    public String toString() {
        return "endpoints " + endpoints + ", ttl " + ttl.toSeconds() + " s, prefix " + prefix + ", timeout "
                + timeout.toMillis() + " ms" + tls.map(t -> ", " + t).orElse("")
                + credentials.map(c -> ", " + c).orElse("");
    }
}
