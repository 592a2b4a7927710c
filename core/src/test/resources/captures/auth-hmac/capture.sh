#!/usr/bin/env bash
# Captures keepalived 2.4.3's VRRP adverts with auth_hmac trailers as test fixtures for the codec.
# Needs root, tshark, and keepalived 2.4.3 (bench/keepalived-2.4/build installs it):
#
#   KEEPALIVED_24=/opt/keepalived-2.4.3/sbin/keepalived \
#     core/src/test/resources/captures/auth-hmac/capture.sh [OUTPUT_DIR]
#
# Two network namespaces joined by a veth pair with fixed MAC and IP addresses and no route out.
# keepalived runs in the first one with the MASTER instances of keepalived.conf in this folder;
# tshark records what leaves that veth for a few seconds; one pcap per instance is then split out
# of the recording. The namespaces, keepalived and the key file are always removed on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here}"
keepalived="${KEEPALIVED_24:-/opt/keepalived-2.4.3/sbin/keepalived}"
[[ $(id -u) -eq 0 ]] || { echo "capture.sh needs root (network namespaces)" >&2; exit 1; }
[[ -x "$keepalived" ]] || { echo "no keepalived 2.4 at $keepalived (set KEEPALIVED_24)" >&2; exit 1; }
for tool in tshark editcap ip; do
  command -v "$tool" >/dev/null || { echo "capture.sh needs $tool" >&2; exit 1; }
done

tag="kw-hmac-$$-$RANDOM"
ns_a="$tag-a"; ns_b="$tag-b"
work="$(mktemp -d "/tmp/$tag.XXXX")"
ka_pid=""; ts_pid=""

cleanup() {
  [[ -n "$ts_pid" ]] && kill "$ts_pid" 2>/dev/null || true
  if [[ -n "$ka_pid" ]]; then
    kill "$ka_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$ka_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

ip netns add "$ns_a"
ip netns add "$ns_b"
ip netns exec "$ns_a" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip netns exec "$ns_b" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip -n "$ns_a" link add kwa type veth peer name kwb netns "$ns_b"
ip -n "$ns_a" link set kwa address 02:00:00:00:00:0a
ip -n "$ns_b" link set kwb address 02:00:00:00:00:0b
ip -n "$ns_a" addr add 10.9.0.1/24 dev kwa
ip -n "$ns_b" addr add 10.9.0.2/24 dev kwb
ip -n "$ns_a" -6 addr add fd00:9::1/64 dev kwa nodad
ip -n "$ns_b" -6 addr add fd00:9::2/64 dev kwb nodad
ip -n "$ns_a" link set lo up
ip -n "$ns_b" link set lo up
ip -n "$ns_a" link set kwa up
ip -n "$ns_b" link set kwb up

# Wait (with a deadline) for the EUI-64 link-local address keepalived uses as IPv6 multicast source.
for _ in $(seq 100); do
  ip -n "$ns_a" -6 addr show dev kwa scope link | grep -q fe80:: && break
  sleep 0.1
done

# Key 9 of V2_IPV4_UNICAST comes from a file, as keepalived wants it: root's, mode 0600.
( umask 077; echo "hex:a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf" > "$work/key9" )
sed -e "s/@IF@/kwa/g" -e "s|@KEYFILE@|$work/key9|g" "$here/keepalived.conf" > "$work/keepalived.conf"

ip netns exec "$ns_a" tshark -q -i kwa -w "$work/all.pcap" -a duration:10 >/dev/null 2>&1 &
ts_pid=$!
# tshark writes the file header once it captures: wait for that (with a deadline) before
# starting keepalived, so its first frames are recorded.
for _ in $(seq 100); do [[ -s "$work/all.pcap" ]] && break; sleep 0.1; done
[[ -s "$work/all.pcap" ]] || { echo "tshark did not start capturing on kwa" >&2; exit 1; }

ip netns exec "$ns_a" "$keepalived" -n -l -D -P -f "$work/keepalived.conf" \
  -p "$work/keepalived.pid" -r "$work/vrrp.pid" >"$work/keepalived.log" 2>&1 &
ka_pid=$!

wait "$ts_pid" || true
ts_pid=""

split() { # name, display filter: the first two adverts of one instance
  tshark -r "$work/all.pcap" -Y "$2" -F pcap -w "$work/$1-all.pcap" >/dev/null 2>&1
  editcap -F pcap -r "$work/$1-all.pcap" "$out/$1.pcap" 1-2
  tshark -r "$out/$1.pcap" -x 2>/dev/null > "$out/$1.txt"
  [[ $(grep -c '^0000' "$out/$1.txt") -eq 2 ]] \
    || { echo "not two adverts for $1 ($2)" >&2; cat "$work/keepalived.log" >&2; exit 1; }
}
split v2-ipv4-enforce 'vrrp.virt_rtr_id == 61 && !icmp && !icmpv6'
split v3-ipv4-permissive 'vrrp.virt_rtr_id == 62 && !icmp && !icmpv6'
split v3-ipv6-enforce 'vrrp.virt_rtr_id == 63 && !icmp && !icmpv6'
split v2-ipv4-unicast 'vrrp.virt_rtr_id == 64 && !icmp && !icmpv6'
split v3-ipv4-unicast 'vrrp.virt_rtr_id == 65 && !icmp && !icmpv6'
split v3-ipv6-unicast 'vrrp.virt_rtr_id == 66 && !icmp && !icmpv6'
split v3-ipv4-receive-only 'vrrp.virt_rtr_id == 67 && !icmp && !icmpv6'
split v2-ipv4-receive-only 'vrrp.virt_rtr_id == 68 && !icmp && !icmpv6'
"$keepalived" --version 2>&1 | head -1 > "$out/keepalived-version.txt"
echo "captured into $out"
