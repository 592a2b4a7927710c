#!/usr/bin/env bash
# Captures keepalived's own VRRP adverts, gratuitous ARPs and unsolicited neighbour
# advertisements as test fixtures for the codec. Needs root, keepalived and tshark.
#
#   core/src/test/resources/captures/capture.sh [OUTPUT_DIR]
#
# Two network namespaces joined by a veth pair with fixed MAC addresses and no route out.
# keepalived runs in the first one with three MASTER instances (see keepalived.conf in this
# folder); tshark records what leaves that veth for a few seconds; one pcap per case is then
# split out of the recording. The namespaces and keepalived are always removed on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here}"
[[ $(id -u) -eq 0 ]] || { echo "capture.sh needs root (network namespaces)" >&2; exit 1; }
for tool in keepalived tshark editcap ip; do
  command -v "$tool" >/dev/null || { echo "capture.sh needs $tool" >&2; exit 1; }
done

tag="kw-codec-$$-$RANDOM"
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
# Interface names are per namespace, so fixed short names are safe here.
ip netns exec "$ns_a" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip netns exec "$ns_b" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip -n "$ns_a" link add kwa type veth peer name kwb netns "$ns_b"
ip -n "$ns_a" link set kwa address 02:00:00:00:00:0a
ip -n "$ns_b" link set kwb address 02:00:00:00:00:0b
ip -n "$ns_a" addr add 10.9.0.1/24 dev kwa
ip -n "$ns_b" addr add 10.9.0.2/24 dev kwb
ip -n "$ns_a" link set lo up
ip -n "$ns_b" link set lo up
ip -n "$ns_a" link set kwa up
ip -n "$ns_b" link set kwb up

# Wait (with a deadline) for the EUI-64 link-local address keepalived uses as IPv6 source.
for _ in $(seq 100); do
  ip -n "$ns_a" -6 addr show dev kwa scope link | grep -q fe80:: && break
  sleep 0.1
done

sed "s/@IF@/kwa/g" "$here/keepalived.conf" > "$work/keepalived.conf"

ip netns exec "$ns_a" tshark -q -i kwa -w "$work/all.pcap" -a duration:10 >/dev/null 2>&1 &
ts_pid=$!
# tshark writes the file header once it captures: wait for that (with a deadline) before
# starting keepalived, so its first frames are recorded.
for _ in $(seq 100); do [[ -s "$work/all.pcap" ]] && break; sleep 0.1; done
[[ -s "$work/all.pcap" ]] || { echo "tshark did not start capturing on kwa" >&2; exit 1; }

ip netns exec "$ns_a" keepalived -n -l -D -P -f "$work/keepalived.conf" \
  -p "$work/keepalived.pid" -r "$work/vrrp.pid" >"$work/keepalived.log" 2>&1 &
ka_pid=$!

wait "$ts_pid" || true
ts_pid=""

split() { # name, display filter
  tshark -r "$work/all.pcap" -Y "$2" -F pcap -w "$work/$1-all.pcap" >/dev/null 2>&1
  editcap -F pcap -r "$work/$1-all.pcap" "$out/$1.pcap" 1
  tshark -r "$out/$1.pcap" -x 2>/dev/null > "$out/$1.txt"
  [[ -s "$out/$1.txt" ]] || { echo "no packet for $1 ($2)" >&2; cat "$work/keepalived.log" >&2; exit 1; }
}
split vrrp-v2-ipv4 'vrrp.virt_rtr_id == 51'
split vrrp-v3-ipv4 'vrrp.virt_rtr_id == 52'
split vrrp-v3-ipv6 'vrrp.virt_rtr_id == 53'
split garp 'arp && arp.dst.proto_ipv4 == 10.9.0.109'
split unsolicited-na 'icmpv6.type == 136 && icmpv6.nd.na.target_address == fd00:9::109'
# A second advert of the v2 instance shows how keepalived moves the IP ID between adverts.
editcap -F pcap -r "$work/vrrp-v2-ipv4-all.pcap" "$out/vrrp-v2-ipv4-two.pcap" 1-2
echo "captured into $out"
