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

# shellcheck source=capture-lab.bash
source "$here/capture-lab.bash"
capture_lab kw-codec

sed "s/@IF@/kwa/g" "$here/keepalived.conf" > "$work/keepalived.conf"

capture_record keepalived "$work/keepalived.conf"

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
