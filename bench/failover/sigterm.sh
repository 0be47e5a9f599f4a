#!/usr/bin/env bash
# Stop latency: kill -TERM of the daemon -> its priority-0 advert on the wire, Vigil's native binary and Debian's
# keepalived 2.2.7 (the parent, which forwards the signal to its VRRP child, as an init system signals it),
# alternating on the same namespace: one VRRPv3 instance, advert_int 0.1, state MASTER, alone on its link.
#
#   sudo bench/failover/sigterm.sh [REPETITIONS] [VIGIL_BINARY]    (default 8; publishes to /tmp/vigil-aot)
#
# Timestamps: $EPOCHREALTIME just before kill(2), tcpdump -tt on the far end of the veth. Documentation addresses
# only, namespaces prefixed vgst-, all removed on exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REPS=${1:-8}
VIGIL=${2:-}
[ "$(id -u)" -eq 0 ] || { echo "bench/failover/sigterm: needs root (network namespaces)" >&2; exit 1; }
. "$ROOT/bench/lib/procs.sh"
publish_vigil /tmp/art-sigterm
VBIN=$VIGIL; P=vgst-$$; W=$(mktemp -d /tmp/vgst-XXXXXX)
cleanup() { set +e; kill $CAP 2>/dev/null; ip netns del $P-a; ip netns del $P-br; rm -rf $W; }
trap cleanup EXIT
ip netns add $P-a; ip netns add $P-br; ip -n $P-a link set lo up
ip -n $P-a link add eth0 type veth peer name p0 netns $P-br; ip -n $P-br link set p0 up
ip -n $P-a addr add 192.0.2.11/24 dev eth0; ip -n $P-a link set eth0 up
cat > $W/c <<C
global_defs { router_id s1 }
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 0.1
    version 3
    virtual_ipaddress { 198.51.100.1/24 }
}
C
ip netns exec $P-br tcpdump -i p0 -n -tt -l 'ip proto 112' > $W/cap 2>/dev/null & CAP=$!
sleep 1
for i in $(seq $REPS); do for kind in vigil keepalived; do
  if [ $kind = vigil ]; then ip netns exec $P-a $VBIN run -n -l -f $W/c -p $W/p --control $W/s > $W/log 2>&1 & 
  else ip netns exec $P-a /usr/sbin/keepalived -n -l -P -f $W/c -p $W/p -r $W/r > $W/log 2>&1 & fi
  pid=$!
  sleep 1.5
  n=$(wc -l < $W/cap); t0=$EPOCHREALTIME; kill -TERM $pid; wait $pid 2>/dev/null
  sleep 0.2
  t1=$(tail -n +$((n+1)) $W/cap | awk '/prio 0,/ {print $1; exit}')
  awk -v k=$kind -v a=$t0 -v b="$t1" 'BEGIN { if (b=="") print k, "none"; else printf "%s %.3f\n", k, (b-a)*1000 }'
  ip -n $P-a addr del 198.51.100.1/24 dev eth0 2>/dev/null
done; done > $W/res
cat $W/res | awk '{v[$1]=v[$1]" "$2} END {for (k in v) print k":"v[k]}'
for k in vigil keepalived; do grep "^$k " $W/res | awk '{print $2}' | sort -n | awk -v k=$k '{x[NR]=$1} END {m=(NR%2)?x[(NR+1)/2]:(x[NR/2]+x[NR/2+1])/2; printf "%s median %.2f ms (min %.2f, max %.2f), n=%d\n", k, m, x[1], x[NR], NR}'; done
