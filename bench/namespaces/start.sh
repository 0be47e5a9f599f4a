#!/usr/bin/env bash
# Start with net_namespace: launch -> the daemon's start-up line, Vigil's native binary and Debian's keepalived 2.2.7,
# each started from this namespace with `net_namespace NAME` (Vigil enters and executes itself again; keepalived
# setns()es) and, for reference, under `ip netns exec NAME` with no net_namespace. One VRRPv3 instance, alone.
#
#   sudo bench/namespaces/start.sh [REPETITIONS] [VIGIL_BINARY]    (default 6; publishes to /tmp/vigil-aot)
#
# Vigil's line is "Vigil ... started", keepalived's "Startup complete" (its VRRP child is ready). Polled every 10 ms
# from the log, so figures are to about 10 ms. Documentation addresses only, namespaces prefixed vgns-, all removed
# on exit, and the run directories under /run/vigil and /run/keepalived with them.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REPS=${1:-6}
VIGIL=${2:-}
[ "$(id -u)" -eq 0 ] || { echo "bench/namespaces/start: needs root (network namespaces)" >&2; exit 1; }
. "$ROOT/bench/lib/procs.sh"
publish_vigil /tmp/art-nsstart
P=vgns-$$; W=$(mktemp -d /tmp/vgns-XXXXXX)
cleanup() { set +e; ip netns del $P-a; ip netns del $P-br; rm -rf $W /run/vigil/$P-a /run/keepalived/$P-a; }
trap cleanup EXIT
ip netns add $P-a; ip netns add $P-br; ip -n $P-a link set lo up
ip -n $P-a link add eth0 type veth peer name p0 netns $P-br; ip -n $P-br link set p0 up
ip -n $P-a addr add 192.0.2.11/24 dev eth0; ip -n $P-a link set eth0 up
cat > $W/c <<C
global_defs { router_id n1 }
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    version 3
    virtual_ipaddress { 198.51.100.1/24 }
}
C
{ echo "net_namespace $P-a"; cat $W/c; } > $W/cn

# measure KIND PATTERN COMMAND...: milliseconds from launch to the first log line matching PATTERN, then SIGTERM.
measure() {
  local kind=$1 pattern=$2; shift 2
  : > $W/log
  local t0=$EPOCHREALTIME
  "$@" > $W/log 2>&1 & local pid=$!
  for _ in $(seq 1000); do grep -q "$pattern" $W/log && break; kill -0 $pid 2>/dev/null || break; sleep 0.01; done
  local t1=$EPOCHREALTIME
  grep -q "$pattern" $W/log && awk -v k=$kind -v a=$t0 -v b=$t1 'BEGIN { printf "%s %.0f\n", k, (b-a)*1000 }' || echo "$kind none"
  kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null
}
for i in $(seq $REPS); do
  measure vigil-net_namespace "started:" $VIGIL run -l -f $W/cn
  measure keepalived-net_namespace "Startup complete" /usr/sbin/keepalived -n -l -P -f $W/cn --no-syslog
  measure vigil-ip-netns-exec "started:" ip netns exec $P-a $VIGIL run -l -f $W/c -p $W/p --control $W/s
  measure keepalived-ip-netns-exec "Startup complete" ip netns exec $P-a /usr/sbin/keepalived -n -l -P -f $W/c -p $W/p -r $W/r --no-syslog
done > $W/res
for k in vigil-net_namespace keepalived-net_namespace vigil-ip-netns-exec keepalived-ip-netns-exec; do
  grep "^$k " $W/res | awk '$2 != "none" {print $2}' | sort -n | awk -v k=$k '{x[NR]=$1} END { if (NR == 0) { print k, "no start seen"; exit }
    m=(NR%2)?x[(NR+1)/2]:(x[NR/2]+x[NR/2+1])/2; printf "%-26s median %4d ms (min %d, max %d), n=%d\n", k, m, x[1], x[NR], NR }'
done
