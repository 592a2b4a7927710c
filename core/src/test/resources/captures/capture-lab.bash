# The lab both capture scripts share (sourced, not run): two network namespaces joined by a veth
# pair with fixed MAC and IP addresses and no route out, keepalived in the first one, tshark
# recording what leaves that veth. The namespaces, keepalived and the work folder are always
# removed on exit.
#
#   capture_lab TAG              make the lab; sets ns_a, ns_b (veths kwa, kwb) and work
#   capture_record KEEPALIVED CONF
#                                run KEEPALIVED on CONF for the recording (10 s) into $work/all.pcap

capture_lab() {
  local tag="$1-$$-$RANDOM"
  ns_a="$tag-a"; ns_b="$tag-b"
  work="$(mktemp -d "/tmp/$tag.XXXX")"
  ka_pid=""; ts_pid=""
  trap capture_cleanup EXIT INT TERM

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
  ip -n "$ns_a" -6 addr add fd00:9::1/64 dev kwa nodad
  ip -n "$ns_b" -6 addr add fd00:9::2/64 dev kwb nodad
  ip -n "$ns_a" link set lo up
  ip -n "$ns_b" link set lo up
  ip -n "$ns_a" link set kwa up
  ip -n "$ns_b" link set kwb up

  # Wait (with a deadline) for the EUI-64 link-local address keepalived uses as IPv6 source.
  for _ in $(seq 100); do
    ip -n "$ns_a" -6 addr show dev kwa scope link | grep -q fe80:: && break
    sleep 0.1
  done
}

capture_record() {
  ip netns exec "$ns_a" tshark -q -i kwa -w "$work/all.pcap" -a duration:10 >/dev/null 2>&1 &
  ts_pid=$!
  # tshark writes the file header once it captures: wait for that (with a deadline) before
  # starting keepalived, so its first frames are recorded.
  for _ in $(seq 100); do [[ -s "$work/all.pcap" ]] && break; sleep 0.1; done
  [[ -s "$work/all.pcap" ]] || { echo "tshark did not start capturing on kwa" >&2; exit 1; }

  ip netns exec "$ns_a" "$1" -n -l -D -P -f "$2" \
    -p "$work/keepalived.pid" -r "$work/vrrp.pid" >"$work/keepalived.log" 2>&1 &
  ka_pid=$!

  wait "$ts_pid" || true
  ts_pid=""
}

capture_cleanup() {
  [[ -n "$ts_pid" ]] && kill "$ts_pid" 2>/dev/null || true
  if [[ -n "$ka_pid" ]]; then
    kill "$ka_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$ka_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$work"
}
