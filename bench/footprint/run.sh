#!/usr/bin/env bash
# Footprint benchmark: Debian's keepalived and Vigil's native binary, one after the other, each alone in its own
# network namespace (veth to a bridge namespace), with the same generated configuration, printed side by side.
#
#   sudo bench/footprint/run.sh [--seconds N] [--calls N] [--vigil PATH]
#     --seconds N   CPU window per run (default 60)
#     --calls N     `vigil status --json` calls at 200 instances (default 200)
#     --vigil PATH  a native vigil already published (default: publish to /tmp/vigil-aot, see below)
#
# Sizes: "1"   = 1 instance, no scripts;
#        "200" = 200 instances (VRIDs 1-200 on one interface, one VIP each) and 200 track scripts (/bin/true,
#                interval 1 s), each instance tracking one script.
# Every instance is `state MASTER`, priority 150, VRRPv2, advert_int 1, alone on its segment: all of them are MASTER
# and advertise once a second for the whole run (the steady state of a master node).
#
# Figures (the daemon's processes = the launched process and its descendants running the daemon's own binary, so
# keepalived's parent and VRRP child, and not the scripts while they run):
#   RSS     sum of VmRSS (/proc/PID/status) over the daemon's processes, SETTLE s after launch and again at the end
#           of the CPU window
#   CPU     sum of utime+stime+cutime+cstime (/proc/PID/stat; cutime/cstime hold the reaped scripts) over the
#           daemon's processes, difference across the window, as a % of one core
#   launch  from just before exec of the daemon (a shell stamps the time and execs it in the namespace) to the
#           first VRRP packet on the wire (tcpdump -tt on the daemon's interface inside its namespace). Both
#           daemons start `state MASTER` below priority 255 as BACKUP and send their first advert when the
#           Master_Down_Interval (3414.1 ms here) has passed, so the table also gives launch minus that interval:
#           the start-up cost itself.
#   status  wall time of `vigil status --json --control SOCK` (the whole client process: start, connect, request,
#           answer, exit), at 200 instances after the CPU window; keepalived has no equivalent
# Only documentation addresses inside private namespaces (prefix vgfp-) are used. Everything is removed on exit.
set -euo pipefail
SECONDS_CPU=60
CALLS=200
SETTLE=10
VIGIL=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_CPU=$2; shift 2 ;;
        --calls) CALLS=$2; shift 2 ;;
        --vigil) VIGIL=$2; shift 2 ;;
        -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
        *) echo "bench/footprint: unknown option $1" >&2; exit 2 ;;
    esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KEEPALIVED=/usr/sbin/keepalived
P="vgfp-$$"
WORK=$(mktemp -d /tmp/vgfp-XXXXXX)
CLK=$(getconf CLK_TCK)

[ "$(id -u)" -eq 0 ] || { echo "bench/footprint: needs root (network namespaces)" >&2; exit 1; }
for t in tcpdump ip awk getconf; do command -v $t >/dev/null || { echo "bench/footprint: $t missing" >&2; exit 1; }; done
[ -x "$KEEPALIVED" ] || { echo "bench/footprint: $KEEPALIVED missing" >&2; exit 1; }

DAEMON_PID=""
CAPTURE_PID=""
cleanup() {
    set +e
    if [ -n "$DAEMON_PID" ]; then
        for p in $(tree_pids "$DAEMON_PID"); do kill -KILL "$p" 2>/dev/null; done
        wait "$DAEMON_PID" 2>/dev/null
    fi
    [ -n "$CAPTURE_PID" ] && kill "$CAPTURE_PID" 2>/dev/null && wait "$CAPTURE_PID" 2>/dev/null
    for ns in "$P-keepalived" "$P-vigil" "$P-br"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$ROOT/bench/lib/procs.sh"
publish_vigil /tmp/art-footprint
rss_kb() { mem_kb Rss "$@"; }

# --- the segment: a bridge namespace and one namespace per daemon ------------------------------------------
ip netns add "$P-br"
ip -n "$P-br" link add br0 type bridge mcast_snooping 0
ip -n "$P-br" link set br0 up
i=0
for kind in keepalived vigil; do
    i=$(( i + 1 ))
    ns="$P-$kind"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" link add eth0 type veth peer name "p$i" netns "$P-br"
    ip -n "$P-br" link set "p$i" master br0 up
    ip -n "$ns" addr add "192.0.2.1$i/24" dev eth0
    ip -n "$ns" link set eth0 up
done
sleep 1

# conf INSTANCES SCRIPTS(0|1)
conf() {
    local n=$1 scripts=$2 v
    printf 'global_defs {\n    router_id footprint\n}\n'
    if [ "$scripts" = 1 ]; then
        for v in $(seq "$n"); do
            printf 'vrrp_script chk_%d {\n    script "/bin/true"\n    interval 1\n}\n' "$v"
        done
    fi
    for v in $(seq "$n"); do
        printf 'vrrp_instance VI_%d {\n    state MASTER\n    interface eth0\n    virtual_router_id %d\n' "$v" "$v"
        printf '    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        198.51.100.%d/32\n    }\n' "$v"
        [ "$scripts" = 1 ] && printf '    track_script {\n        chk_%d\n    }\n' "$v"
        printf '}\n'
    done
}

declare -A R

# measure KIND SIZE
measure() {
    local kind=$1 size=$2 ns="$P-$1" tag="$1-$2"
    local cfg="$WORK/$tag.conf" log="$WORK/$tag.log" cap="$WORK/$tag.cap" stamp="$WORK/$tag.start" bin
    if [ "$size" = 1 ]; then conf 1 0 > "$cfg"; else conf "$size" 1 > "$cfg"; fi
    ip netns exec "$ns" tcpdump -i eth0 -n -tt -l 'ip proto 112' > "$cap" 2>/dev/null &
    CAPTURE_PID=$!
    sleep 1
    if [ "$kind" = keepalived ]; then
        bin=$KEEPALIVED
        ip netns exec "$ns" sh -c 'date +%s.%N > "$0"; exec "$@"' "$stamp" \
            "$KEEPALIVED" -n -l -P -f "$cfg" -p "$WORK/$tag.pid" -r "$WORK/$tag.vrrppid" > "$log" 2>&1 &
    else
        bin=$VIGIL
        ip netns exec "$ns" sh -c 'date +%s.%N > "$0"; exec "$@"' "$stamp" \
            "$VIGIL" run -n -l -f "$cfg" -p "$WORK/$tag.pid" --control "$WORK/$tag.sock" > "$log" 2>&1 &
    fi
    DAEMON_PID=$!
    sleep "$SETTLE"
    kill -0 "$DAEMON_PID" 2>/dev/null || { echo "bench/footprint: $kind exited early:" >&2; tail -20 "$log" >&2; exit 1; }
    local pids; pids=$(daemon_pids "$DAEMON_PID" "$bin")
    R[$tag|procs]=$(echo $pids | wc -w)
    # shellcheck disable=SC2086
    R[$tag|rss]=$(rss_kb $pids)
    local t0 t1 c0 c1
    # shellcheck disable=SC2086
    t0=$EPOCHREALTIME; c0=$(cpu_ticks 0 $pids)
    sleep "$SECONDS_CPU"
    # shellcheck disable=SC2086
    t1=$EPOCHREALTIME; c1=$(cpu_ticks 0 $pids)
    R[$tag|cpu]=$(awk -v d=$(( c1 - c0 )) -v hz="$CLK" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", d / hz / (b - a) * 100 }')
    kill -0 "$DAEMON_PID" 2>/dev/null || { echo "bench/footprint: $kind exited during the window:" >&2; tail -20 "$log" >&2; exit 1; }
    pids=$(daemon_pids "$DAEMON_PID" "$bin")
    # shellcheck disable=SC2086
    R[$tag|rss_end]=$(rss_kb $pids)
    local first; first=$(awk '/VRRP/ { print $1; exit }' "$cap")
    R[$tag|launch]=$(awk -v a="$(cat "$stamp")" -v b="$first" 'BEGIN { if (b == "") print "none"; else printf "%.1f", (b - a) * 1000 }')
    R[$tag|adverts]=$(awk -v t="$t0" -v u="$t1" '/VRRP/ && $1 >= t && $1 < u { n++ } END { printf "%.0f", n / (u - t) }' "$cap")
    if [ "$kind" = vigil ] && [ "$size" != 1 ]; then
        local lat="$WORK/status.ms" s e k fails=0
        : > "$lat"
        for k in $(seq "$CALLS"); do
            s=$EPOCHREALTIME
            "$VIGIL" status --json --control "$WORK/$tag.sock" > "$WORK/status.json" 2>&1 || fails=$(( fails + 1 ))
            e=$EPOCHREALTIME
            awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >> "$lat"
        done
        R[status]=$(sort -n "$lat" | awk -v f="$fails" '{ v[NR] = $1 } END {
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            p90 = v[int(NR * 0.9 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
            printf "%.1f / %.1f / %.1f / %.1f", m, p90, p99, v[NR]; if (f) printf " (%d failed)", f }')
        # the client's own cost: the same command where no daemon listens (it fails at connect and exits 3)
        : > "$lat"
        for k in $(seq 50); do
            s=$EPOCHREALTIME
            "$VIGIL" status --json --control "$WORK/none.sock" > /dev/null 2>&1 || true
            e=$EPOCHREALTIME
            awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >> "$lat"
        done
        R[client]=$(sort -n "$lat" | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
        R[status_bytes]=$(wc -c < "$WORK/status.json")
        R[status_instances]=$(grep -o '"VI_[0-9]*"' "$WORK/status.json" | sort -u | wc -l)
    fi
    # stop: SIGTERM, as a service manager would; then make sure nothing is left
    kill -TERM "$DAEMON_PID" 2>/dev/null || true
    local k2
    for k2 in $(seq 100); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    for p in $(tree_pids "$DAEMON_PID"); do kill -KILL "$p" 2>/dev/null || true; done
    wait "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=""
    kill "$CAPTURE_PID" 2>/dev/null || true; wait "$CAPTURE_PID" 2>/dev/null || true
    CAPTURE_PID=""
    ip -n "$ns" addr flush dev eth0 scope global 2>/dev/null || true
    ip -n "$ns" addr add "192.0.2.1$([ "$kind" = keepalived ] && echo 1 || echo 2)/24" dev eth0 2>/dev/null || true
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for size in 1 200; do
    for kind in keepalived vigil; do
        echo "running $kind with $size instance(s) (settle ${SETTLE} s, CPU window ${SECONDS_CPU} s) ..." >&2
        measure "$kind" "$size"
    done
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
KVER=$({ "$KEEPALIVED" -v 2>&1 || true; } | awk 'NR == 1 { print $2 }')
printf "\nFootprint, %s UTC, CPU window %s s, load average %s at start, %s at end\n" "$(date -u '+%Y-%m-%d %H:%M')" "$SECONDS_CPU" "$LOAD0" "$LOAD1"
printf "keepalived %s (%s), vigil native (%s)\n\n" "$KVER" "$KEEPALIVED" "$VIGIL"
MDI=3414.1   # Master_Down_Interval for priority 150, advert_int 1: 3 * 1 + (256 - 150) / 256 s
excess() { awk -v l="$1" -v m="$MDI" 'BEGIN { if (l == "none") print "-"; else printf "%.1f", l - m }'; }
row() { printf "| %-52s | %14s | %14s | %14s | %14s |\n" "$@"; }
row "figure" "keepalived 1" "vigil 1" "keepalived 200" "vigil 200"
row "----------------------------------------------------" "-------------:" "-------------:" "-------------:" "-------------:"
row "processes" "${R[keepalived-1|procs]}" "${R[vigil-1|procs]}" "${R[keepalived-200|procs]}" "${R[vigil-200|procs]}"
row "RSS after ${SETTLE} s" "$(mb "${R[keepalived-1|rss]}")" "$(mb "${R[vigil-1|rss]}")" "$(mb "${R[keepalived-200|rss]}")" "$(mb "${R[vigil-200|rss]}")"
row "RSS after the CPU window" "$(mb "${R[keepalived-1|rss_end]}")" "$(mb "${R[vigil-1|rss_end]}")" "$(mb "${R[keepalived-200|rss_end]}")" "$(mb "${R[vigil-200|rss_end]}")"
row "CPU over ${SECONDS_CPU} s, % of one core" "${R[keepalived-1|cpu]}" "${R[vigil-1|cpu]}" "${R[keepalived-200|cpu]}" "${R[vigil-200|cpu]}"
row "adverts/s on the wire" "${R[keepalived-1|adverts]}" "${R[vigil-1|adverts]}" "${R[keepalived-200|adverts]}" "${R[vigil-200|adverts]}"
row "launch -> first advert, ms" "${R[keepalived-1|launch]}" "${R[vigil-1|launch]}" "${R[keepalived-200|launch]}" "${R[vigil-200|launch]}"
row "  of which beyond Master_Down_Interval (3414.1 ms)" "$(excess "${R[keepalived-1|launch]}")" "$(excess "${R[vigil-1|launch]}")" "$(excess "${R[keepalived-200|launch]}")" "$(excess "${R[vigil-200|launch]}")"
row "status --json, ms: median / p90 / p99 / max" "n/a" "-" "n/a" "${R[status]:-none}"
row "  the client alone (no daemon listening), median ms" "n/a" "-" "n/a" "${R[client]:-none}"
printf "\n(status: %s calls; the last answer was %s bytes and named %s instances)\n" "$CALLS" "${R[status_bytes]:-0}" "${R[status_instances]:-0}"
