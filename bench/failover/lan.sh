# Shared by failover-bench and failover-breakdown (sourced, not run): a LAN in network namespaces,
# a bridge in "$lan" and two hosts "$tag-a" (.1) and "$tag-b" (.2) with eth0 on it, no route out;
# the daemons on them; and the triggers. The caller sets tag, lan, net (e.g. 10.78.0), vip, work
# and keepwatch, and declares the associative array daemon_pid.

# Prints "ready" once its raw socket is open, then "advert" at the first VRRP packet from $1. With a
# file $2 it goes on and writes there the kernel's receive stamp (SO_TIMESTAMPNS, epoch ns) of every
# advert from $1, until it is stopped.
advert_watch='
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.SOL_SOCKET, 35, 1)
stamps = open(sys.argv[2], "w", buffering=1) if len(sys.argv) > 2 else None
print("ready", flush=True)
told = False
while True:
    data, ancillary, flags, source = s.recvmsg(2048, 64)
    if source[0] != sys.argv[1]:
        continue
    if not told:
        print("advert", flush=True)
        told = True
    if stamps is None:
        break
    for level, kind, value in ancillary:
        if level == socket.SOL_SOCKET and kind == 35:
            sec, nsec = struct.unpack("qq", value[:16])
            stamps.write("%d\n" % (sec * 1000000000 + nsec))
'

stop_pid() { # stop_pid PID SIGNAL: the signal, 2 s of grace, then SIGKILL; reaps it
  [[ -n "$1" ]] || return 0
  kill "-$2" "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.02; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

stop_daemon() { # stop_daemon HOST SIGNAL
  stop_pid "${daemon_pid[$1]:-}" "$2"
  unset "daemon_pid[$1]"
}

lan_create() {
  ip netns add "$lan"
  ip -n "$lan" link add br0 type bridge
  ip -n "$lan" link set br0 up
  local h
  for h in a b; do
    ip netns add "$tag-$h"
    ip link add "$tag-$h" type veth peer name eth0 netns "$tag-$h"
    ip link set "$tag-$h" netns "$lan"
    ip -n "$lan" link set "$tag-$h" master br0 up
    ip -n "$tag-$h" link set lo up
    ip -n "$tag-$h" link set eth0 up
  done
  ip -n "$tag-a" addr add "$net.1/24" dev eth0
  ip -n "$tag-b" addr add "$net.2/24" dev eth0
}

lan_delete() { # the daemons first, then the namespaces
  stop_daemon a KILL
  stop_daemon b KILL
  ip netns del "$tag-a" 2>/dev/null || true
  ip netns del "$tag-b" 2>/dev/null || true
  ip netns del "$lan" 2>/dev/null || true
}

start_daemon() { # start_daemon IMPL HOST CONFIG
  local log="$work/$1-$2.log"
  case "$1" in
    keepwatch) ip netns exec "$tag-$2" "$keepwatch" run -f "$3" --control-socket "$work/$2.sock" \
                 >>"$log" 2>&1 & ;;
    # the packaged launcher without its AOT cache (KEEPWATCH_AOT=off), for comparison
    keepwatch-noaot) KEEPWATCH_AOT=off ip netns exec "$tag-$2" "$keepwatch" run -f "$3" \
                 --control-socket "$work/$2.sock" >>"$log" 2>&1 & ;;
    keepalived) ip netns exec "$tag-$2" keepalived -n -l -D -f "$3" -p "$work/$2.pid" \
                  -r "$work/$2-vrrp.pid" -i "$2" >>"$log" 2>&1 & ;;
  esac
  daemon_pid[$2]=$!
}

holds_vip() { ip -n "$tag-$1" -o -4 addr show dev eth0 | grep -q " $vip/"; }

wait_until() { # wait_until SECONDS COMMAND...: true once COMMAND succeeds, false at the deadline
  local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  until "$@"; do (( $(date +%s%N) < deadline )) || return 1; sleep 0.01; done
}

only_a_holds() { holds_vip a && ! holds_vip b; }

# Between the trigger and the VIP's arrival the harness must take no CPU from the daemons (2 vCPUs
# here): polling `ip addr` forks every 10 ms, and a daemon whose stop wakes several threads suffers
# from that more than one that wakes one. So the trigger's time comes from bash's own clock and the
# VIP's from `ip monitor` lines read from a FIFO, a blocking read; nothing forks in between. And the
# daemons must not delay the stamp: `ip monitor` stamps an event when it gets to read it, so it runs
# real-time (SCHED_FIFO) and reads the VIP's event at once, whatever the new master does next.
mark_t0() { local t=$EPOCHREALTIME; t0=$(( ${t/./} * 1000 )); }

vip_monitor_start() { # b's address events, on file descriptor $monitor_fd
  rm -f "$work/monitor.fifo"
  mkfifo "$work/monitor.fifo"
  exec {monitor_fd}<>"$work/monitor.fifo"
  chrt -f 50 ip -n "$tag-b" -ts monitor address > "$work/monitor.fifo" 2>/dev/null &
  monitor_pid=$!
}

vip_monitor_stop() {
  stop_pid "$monitor_pid" TERM; monitor_pid=""
  [[ -z "${monitor_fd:-}" ]] || exec {monitor_fd}<&-
  monitor_fd=""
}

await_vip() { # await_vip SECONDS: sets vip_ns to the epoch ns `ip monitor` stamped on the VIP's arrival on b
  # (an arrival stamped before the trigger, t0, is a takeover of b's own while a still ran: skipped)
  local line ts
  vip_ns=""
  while IFS= read -r -t "$1" -u "$monitor_fd" line; do
    if [[ $line == *" $vip/"* && $line != *Deleted* ]]; then
      ts="${line#[}"; ts="${ts%%]*}"
      vip_ns=$(date -d "${ts/T/ }" +%s%N)
      (( vip_ns < ${t0:-0} )) || return 0
    fi
  done
  vip_ns=""
  return 1
}

# cut_after_advert [STAMPS]: sets t0 and cuts a's bridge port right after a's next advert reaches b.
# With STAMPS the watcher goes on writing the receive stamps of a's adverts there (a's last advert
# before the cut can come after the one the cut followed: `ip link` may wait for the kernel's
# rtnl lock); it runs until stop_advert_watch.
advert_watch_pid=""
cut_after_advert() {
  local seen=""
  # exec: the coprocess is the watcher itself, so that stopping it by its pid stops the watcher
  coproc WATCH { exec ip netns exec "$tag-b" python3 -c "$advert_watch" "$net.1" ${1:+"$1"}; }
  advert_watch_pid=$WATCH_PID
  read -r -t 5 -u "${WATCH[0]}" seen && [[ $seen == ready ]] && read -r -t 5 -u "${WATCH[0]}" seen || true
  if [[ $seen == advert ]]; then
    mark_t0
    ip -n "$lan" link set "$tag-a" down
  fi
  [[ -n "${1:-}" && $seen == advert ]] || stop_advert_watch
  [[ $seen == advert ]]
}

stop_advert_watch() {
  stop_pid "$advert_watch_pid" TERM
  advert_watch_pid=""
}
