#!/usr/bin/env bash
# Scale benchmark: Vigil's native binary and Debian's keepalived, one after the other, on the same namespaces and the
# same generated configuration, at several instance counts, printed side by side.
#
#   sudo bench/scale/run.sh [--sizes "200 1000 4000"] [--scripts "0 200"] [--seconds N] [--vigil PATH]
#     --sizes     instance counts (default "200 1000")
#     --scripts   how many track scripts on the master node (/bin/true, interval 1), each run (default "0 200")
#     --seconds   steady window for CPU and jitter (default 30)
#     --vigil     a native vigil already published (default: publish to /tmp/vigil-aot)
#     DAEMONS="vigil keepalived" selects the daemons.
#     KEEP=1 keeps the work directory (path printed at the end): per run, node A's capture (a-KIND-N-S.cap), Vigil's
#     log (run with -D: the loop's latencies, the settled collection) and the window's bounds (window-KIND-N-S).
#
# The segment: two nodes (namespaces A and B) joined by IFACES bridges (4, or one per 250 instances), node addresses
# 192.0.2.16k+1 (A) and +2 (B) on the /28 of interface k. Instances: VRRPv3, advert_int 1, A priority 150, B 100, all
# `state BACKUP`; the first min(N/2, 440) are IPv4 with one /32 VIP (198.51.100.0/24, then 192.0.2.64-255), the rest
# IPv6 with one /128 VIP in 2001:db8::/32. Within a family instance j is on interface j % IFACES with VRID
# j / IFACES + 1, so VRIDs repeat per interface and per family.
#
# Figures, for node A (the master) unless said:
#   start-up     launch of A alone -> every VIP present on A (ip addr, polled); includes Master_Down_Interval 3.41 s
#   CPU          utime+stime (self) and +cutime+cstime (with children: the scripts) of A's daemon processes over the
#                steady window (B running as backup), % of one core
#   RSS/PSS/USS  summed over A's daemon processes (/proc/PID/smaps_rollup) at the end of the window
#   backup RSS/PSS  the same for B (no scripts; hearing every advert of A) at the same moment
#   jitter       A's IPv4 adverts on interface 0 in the window: per VRID, the gap between consecutive adverts minus
#                the 1 s interval; p50 and p99 of that lateness (ms)
#   failover     SIGKILL of every A process -> the last VIP present on B (and the spread: first to last VIP moved)
#   after        B's IPv4 adverts on interface 0 in the 10 s after the failover (its gratuitous-ARP bursts, the
#                second one 5 s later, fall in it): p99 and max lateness (ms)
# Only documentation addresses inside private namespaces (prefix vgsc-) are used. Everything is removed on exit.
set -euo pipefail
SIZES="200 1000"
SCRIPTS="0 200"
WINDOW=30
VIGIL=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES=$2; shift 2 ;;
        --scripts) SCRIPTS=$2; shift 2 ;;
        --seconds) WINDOW=$2; shift 2 ;;
        --vigil) VIGIL=$2; shift 2 ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "bench/scale: unknown option $1" >&2; exit 2 ;;
    esac
done
DAEMONS=${DAEMONS:-"vigil keepalived"}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KEEPALIVED=/usr/sbin/keepalived
VIGIL_DEBUG=""
[ "${KEEP:-0}" = 1 ] && VIGIL_DEBUG=-D
P="vgsc-$$"
WORK=$(mktemp -d /tmp/vgsc-XXXXXX)
CLK=$(getconf CLK_TCK)

[ "$(id -u)" -eq 0 ] || { echo "bench/scale: needs root (network namespaces)" >&2; exit 1; }
for t in tcpdump ip awk getconf; do command -v $t >/dev/null || { echo "bench/scale: $t missing" >&2; exit 1; }; done

LAUNCHED=()
CAPTURES=()
IFACES=4
cleanup() {
    set +e
    for pid in "${LAUNCHED[@]}"; do kill_tree "$pid"; done
    for pid in "${CAPTURES[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    for ns in "$P-a" "$P-b" $(seq -f "$P-br%g" 0 $(( IFACES - 1 ))); do ip netns del "$ns" 2>/dev/null; done
    if [ "${KEEP:-0}" = 1 ]; then echo "bench/scale: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$ROOT/bench/lib/procs.sh"
. "$ROOT/bench/lib/scale-conf.sh"
publish_vigil /tmp/art-scale

vip_count() { # NS
    ip -n "$1" -o addr show 2>/dev/null | awk '/inet [0-9.]+\/32 / || /inet6 2001:db8:[0-9a-f:]+\/128 / { n++ } END { print n + 0 }'
}

# --- the segment ----------------------------------------------------------------------------------------------
build_segment() { # IFACES
    IFACES=$1
    local n k
    for n in a b; do ip netns add "$P-$n"; ip -n "$P-$n" link set lo up
        ip netns exec "$P-$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0; done
    for k in $(seq 0 $(( IFACES - 1 ))); do
        ip netns add "$P-br$k"
        ip -n "$P-br$k" link add br0 type bridge mcast_snooping 0
        ip -n "$P-br$k" link set br0 up
        local h=1
        for n in a b; do
            ip -n "$P-$n" link add "eth$k" type veth peer name "p$n" netns "$P-br$k"
            ip -n "$P-br$k" link set "p$n" master br0 up
            ip -n "$P-$n" addr add "192.0.2.$(( 16 * (k % 4) + h ))/28" dev "eth$k"
            ip -n "$P-$n" link set "eth$k" up
            h=$(( h + 1 ))
        done
    done
    sleep 1
}
remove_segment() {
    for ns in "$P-a" "$P-b" $(seq -f "$P-br%g" 0 $(( IFACES - 1 ))); do ip netns del "$ns" 2>/dev/null || true; done
}

launch() { # KIND NODE CONF -> pid in LAST
    local kind=$1 node=$2 cfg=$3 log="$WORK/$1-$2.log"
    if [ "$kind" = keepalived ]; then
        ip netns exec "$P-$node" "$KEEPALIVED" -n -l -P -f "$cfg" -p "$WORK/$node.pid" -r "$WORK/$node.vrrppid" > "$log" 2>&1 &
    else
        ip netns exec "$P-$node" "$VIGIL" run -n -l $VIGIL_DEBUG -f "$cfg" -p "$WORK/$node.pid" --control "$WORK/$node.sock" > "$log" 2>&1 &
    fi
    LAST=$!
    LAUNCHED+=("$LAST")
}

wait_count() { # NS TARGET TIMEOUT_S -> prints first-nonzero and reached timestamps
    local ns=$1 target=$2 deadline first="" c now
    deadline=$(awk -v t="$EPOCHREALTIME" -v s="$3" 'BEGIN { printf "%.0f", t + s }')
    while :; do
        c=$(vip_count "$ns"); now=$EPOCHREALTIME
        [ -z "$first" ] && [ "$c" -gt 0 ] && first=$now
        [ "$c" -ge "$target" ] && { echo "$first $now"; return 0; }
        [ "${now%.*}" -lt "$deadline" ] || { echo "${first:-none} none($c)"; return 0; }
    done
}

lateness() { # CAPFILE FROM TO SRC -> "p50 p99 max" of per-VRID gap - 1000 ms
    awk -v a="$2" -v b="$3" -v src="$4" '
        $1 >= a && $1 < b && $0 ~ ("IP " src " >") && /VRRPv3/ {
            match($0, /vrid [0-9]+/); v = substr($0, RSTART + 5, RLENGTH - 5)
            if (v in last) { d = ($1 - last[v]) * 1000 - 1000; if (d < 0) d = 0; print d }
            last[v] = $1 }' "$1" | sort -n | awk '{ x[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        m = int(NR * 0.5 + 0.5); if (m < 1) m = 1
        printf "%.2f %.2f %.2f", x[m], x[int(NR * 0.99 + 0.999)], x[NR] }'
}

declare -A R
run_one() { # KIND N SCRIPTS
    local kind=$1 n=$2 s=$3 tag="$1|$2|$3" bin
    [ "$kind" = keepalived ] && bin=$KEEPALIVED || bin=$VIGIL
    scale_conf "$n" 150 "$s" > "$WORK/a.conf"; scale_conf "$n" 100 0 > "$WORK/b.conf"
    local capa="$WORK/a.cap" capb="$WORK/b.cap"
    ip netns exec "$P-a" tcpdump -i eth0 -n -tt -l 'ip proto 112' > "$capa" 2>/dev/null & CAPTURES+=($!)
    ip netns exec "$P-b" tcpdump -i eth0 -n -tt -l 'ip proto 112' > "$capb" 2>/dev/null & CAPTURES+=($!)
    sleep 1
    local t0=$EPOCHREALTIME
    launch "$kind" a "$WORK/a.conf"; local apid=$LAST
    local r; r=$(wait_count "$P-a" "$n" 120)
    R[$tag|start]=$(awk -v a="$t0" -v b="${r#* }" 'BEGIN { if (b ~ /none/) print b; else printf "%.2f s", b - a }')
    launch "$kind" b "$WORK/b.conf"; local bpid=$LAST
    sleep 8
    local pids; pids=$(daemon_pids "$apid" "$bin")
    # shellcheck disable=SC2086
    local w0=$EPOCHREALTIME c0s c0a; c0s=$(cpu_ticks 1 $pids); c0a=$(cpu_ticks 0 $pids)
    sleep "$WINDOW"
    # shellcheck disable=SC2086
    local w1=$EPOCHREALTIME c1s c1a; c1s=$(cpu_ticks 1 $pids); c1a=$(cpu_ticks 0 $pids)
    R[$tag|cpu]=$(awk -v s=$(( c1s - c0s )) -v al=$(( c1a - c0a )) -v hz="$CLK" -v a="$w0" -v b="$w1" \
        'BEGIN { printf "%.1f / %.1f", s / hz / (b - a) * 100, al / hz / (b - a) * 100 }')
    # shellcheck disable=SC2086
    R[$tag|mem]=$(awk -v r="$(mem_kb Rss $pids)" -v p="$(mem_kb Pss $pids)" -v u="$(mem_kb Uss $pids)" \
        'BEGIN { printf "%.1f / %.1f / %.1f", r / 1024, p / 1024, u / 1024 }')
    local bpids; bpids=$(daemon_pids "$bpid" "$bin")
    # shellcheck disable=SC2086
    R[$tag|bmem]=$(awk -v r="$(mem_kb Rss $bpids)" -v p="$(mem_kb Pss $bpids)" \
        'BEGIN { printf "%.1f / %.1f", r / 1024, p / 1024 }')
    R[$tag|procs]=$(echo $pids | wc -w)
    R[$tag|jitter]=$(lateness "$capa" "$w0" "$w1" 192.0.2.1 | awk '{ print $1 " / " $2 }')
    # mass failover
    local k0=$EPOCHREALTIME p
    [ -s "$WORK/a.vrrppid" ] && kill -KILL "$(cat "$WORK/a.vrrppid")" 2>/dev/null
    for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
    r=$(wait_count "$P-b" "$n" 60)
    R[$tag|failover]=$(awk -v k="$k0" -v f="${r% *}" -v l="${r#* }" 'BEGIN {
        if (l ~ /none/ || f == "none") print l; else printf "%.2f s (%.0f ms)", l - k, (l - f) * 1000 }')
    local f1=${r#* }
    sleep 10
    R[$tag|after]=$(lateness "$capb" "${f1%%(*}" "$EPOCHREALTIME" 192.0.2.2 | awk '{ print $2 " / " $3 }')
    kill_tree "$apid"; kill -TERM "$bpid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$bpid" 2>/dev/null || break; sleep 0.1; done
    kill_tree "$bpid"
    for p in "${CAPTURES[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    CAPTURES=()
    if [ "${KEEP:-0}" = 1 ]; then
        cp "$capa" "$WORK/a-$kind-$n-$s.cap"; echo "$w0 $w1" > "$WORK/window-$kind-$n-$s"
        cp "$WORK/$kind-a.log" "$WORK/a-$kind-$n-$s.log" 2>/dev/null || true
    fi
    rm -f "$WORK"/*.pid "$WORK"/*.vrrppid
    # A SIGKILLed daemon leaves its VIPs behind: clear both nodes for the next run.
    local n k h=1
    for n in a b; do
        for k in $(seq 0 $(( IFACES - 1 ))); do
            ip -n "$P-$n" addr flush dev "eth$k" scope global 2>/dev/null || true
            ip -n "$P-$n" addr add "192.0.2.$(( 16 * (k % 4) + h ))/28" dev "eth$k" 2>/dev/null || true
        done
        h=$(( h + 1 ))
    done
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $SIZES; do
    build_segment $(( n > 1000 ? (n + 249) / 250 : 4 ))
    for s in $SCRIPTS; do
        for kind in $DAEMONS; do
            echo "running $kind: $n instances, $s scripts, $IFACES interfaces ..." >&2
            run_one "$kind" "$n" "$s"
        done
    done
    remove_segment
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

KVER=$({ "$KEEPALIVED" -v 2>&1 || true; } | awk 'NR == 1 { print $2 }')
printf "\nScale, %s UTC, window %s s, load average %s at start, %s at end; keepalived %s, vigil native\n\n" \
    "$(date -u '+%Y-%m-%d %H:%M')" "$WINDOW" "$LOAD0" "$LOAD1" "$KVER"
printf "| %-9s | %-7s | %-10s | %-9s | %-13s | %-20s | %-13s | %-15s | %-21s | %-15s |\n" instances scripts daemon \
    "start-up" "CPU self/all %" "RSS/PSS/USS MB" "backup RSS/PSS" "late p50/p99 ms" "failover (spread)" \
    "after p99/max ms"
printf "|---|---|---|---|---|---|---|---|---|---|\n"
for n in $SIZES; do for s in $SCRIPTS; do for kind in $DAEMONS; do
    t="$kind|$n|$s"
    printf "| %-9s | %-7s | %-10s | %-9s | %-13s | %-20s | %-13s | %-15s | %-21s | %-15s |\n" "$n" "$s" "$kind" \
        "${R[$t|start]:-}" "${R[$t|cpu]:-}" "${R[$t|mem]:-}" "${R[$t|bmem]:-}" "${R[$t|jitter]:-}" \
        "${R[$t|failover]:-}" "${R[$t|after]:-}"
done; done; done
