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

# shellcheck source=capture-lab.bash
source "$here/../capture-lab.bash"
capture_lab kw-hmac

# Key 9 of V2_IPV4_UNICAST comes from a file, as keepalived wants it: root's, mode 0600.
( umask 077; echo "hex:a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf" > "$work/key9" )
sed -e "s/@IF@/kwa/g" -e "s|@KEYFILE@|$work/key9|g" "$here/keepalived.conf" > "$work/keepalived.conf"

capture_record "$keepalived" "$work/keepalived.conf"

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
