#!/usr/bin/env bash
# Scrape benchmark: what one `/metrics` scrape costs the daemon at scale. Vigil alone (keepalived has no /metrics;
# its exporter is another process), in one namespace with IFACES veth interfaces and bench/lib/scale-conf.sh's
# configuration (all instances alone, so all MASTER).
#
#   sudo bench/footprint/scrape.sh [--instances N] [--scrapes K] [--vigil-dll PATH | --vigil PATH]
#     --instances N   instances (default 1000)
#     --scrapes K     scrapes measured (default 10)
#     --vigil-dll P   a vigil.dll already built (default: a Release build of this checkout)
#     --vigil P       a native vigil binary (dotnet publish -p:PublishAot=true) instead
#
# Figures: page size (bytes), managed bytes allocated per scrape (the delta of vigil_gc_allocated_bytes_total
# between consecutive scrapes 0.5 s apart, so 0.5 s of idle allocation is included; median and range), RSS before
# and right after the scrapes, and the GC's heap and committed memory after them. Only documentation addresses in a
# private namespace (prefix vgsp-) are used; everything is removed on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
N=1000 K=10 DLL="" NATIVE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --instances) N=$2; shift 2 ;;
        --scrapes) K=$2; shift 2 ;;
        --vigil-dll) DLL=$2; shift 2 ;;
        --vigil) NATIVE=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
NS="vgsp-$$"
WORK=$(mktemp -d /tmp/vigil-scrape.XXXXXX)
PID=""
cleanup() {
    # A daemon with thousands of instances takes a few seconds to say goodbye on each of them.
    if [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null; then
        for _ in $(seq 40); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
    fi
    [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
if [ -n "$NATIVE" ]; then
    RUN=("$NATIVE")
else
    if [ -z "$DLL" ]; then
        echo "building vigil (Release) ..." >&2
        dotnet build "$ROOT/src/Vigil" -c Release --artifacts-path "$WORK/build" -v q -nologo >/dev/null
        DLL=$(find "$WORK/build/bin" -name vigil.dll | head -1)
    fi
    RUN=(dotnet "$DLL")
fi
IFACES=$(( N / 250 > 4 ? N / 250 : 4 ))
# shellcheck source=../lib/scale-conf.sh
source "$ROOT/bench/lib/scale-conf.sh"
ip netns add "$NS"
ip -n "$NS" link set lo up
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
for k in $(seq 0 $(( IFACES - 1 ))); do
    ip -n "$NS" link add "eth$k" type veth peer name "p$k"
    ip -n "$NS" link set "p$k" up
    ip -n "$NS" addr add "192.0.2.$(( 16 * k + 1 ))/28" dev "eth$k"
    ip -n "$NS" link set "eth$k" up
done
scale_conf "$N" 150 0 > "$WORK/keepalived.conf"
ip netns exec "$NS" "${RUN[@]}" run -f "$WORK/keepalived.conf" --metrics 127.0.0.1:9650 \
    --pid "$WORK/vigil.pid" --control "$WORK/control.sock" > "$WORK/vigil.log" 2>&1 &
PID=$!
scrape() { ip netns exec "$NS" curl -s --max-time 10 http://127.0.0.1:9650/metrics; }
allocated() { awk '$1 == "vigil_gc_allocated_bytes_total" { printf "%d\n", $2 }'; }
# Wait for every instance to be MASTER (Master_Down_Interval, then the start-up collection 20 s later).
for _ in $(seq 120); do
    masters=$(scrape 2>/dev/null | awk '/^keepalived_vrrp_state\{/ && $2 == 2' | wc -l) || masters=0
    [ "$masters" -ge "$N" ] && break
    sleep 1
done
sleep 25
rss0=$(awk '/VmRSS/ { print $2 }' "/proc/$PID/status" 2>/dev/null || echo 0)
page=$(scrape | wc -c)
deltas=()
prev=$(scrape | allocated)
for _ in $(seq "$K"); do
    sleep 0.5
    cur=$(scrape | allocated)
    deltas+=($(( cur - prev )))
    prev=$cur
done
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$PID/status" 2>/dev/null || echo 0)
gc=$(scrape | awk '$1 == "vigil_gc_heap_size_bytes" { h = $2 } $1 == "vigil_gc_committed_bytes" { c = $2 }
    END { printf "GC heap %.1f MB, committed %.1f MB", h / 1048576, c / 1048576 }')
printf '%s\n' "${deltas[@]}" | sort -n | awk -v n="$N" -v page="$page" -v rss0="$rss0" -v rss="$rss" -v gc="$gc" '
    { d[NR] = $1 }
    END { printf "instances %d: page %.1f KB, allocated per scrape (incl. 0.5 s idle) median %.2f MB (%.2f-%.2f), " \
              "RSS %.1f MB before the scrapes, %.1f MB after (%s)\n",
          n, page / 1024, d[int((NR + 1) / 2)] / 1048576, d[1] / 1048576, d[NR] / 1048576, rss0 / 1024, rss / 1024, gc }'
