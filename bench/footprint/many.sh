#!/usr/bin/env bash
# Many daemons on one host: N copies of each daemon, each alone in its own network namespace with one instance
# (a network node running one keepalived per router), all running at once; memory summed over all of them.
#
#   sudo bench/footprint/many.sh [--daemons N] [--settle S] [--vigil PATH] [--shared PATH]
#     --daemons N    copies of each daemon (default 20)
#     --settle S     seconds from the last launch to the reading (default 45: past Vigil's settled trim)
#     --vigil PATH   a native vigil already published (default: publish to /tmp/vigil-aot)
#     --shared PATH  also measure a vigil published with -p:VigilSharedTypeData=true (bench/README.md,
#                    "Shared type data")
#
# Each namespace has a veth pair (eth0, its peer up beside it) with 192.0.2.1/24 and one instance: VRRPv2,
# VRID 1, priority 150, advert_int 1, VIP 198.51.100.1/32; it becomes MASTER and advertises once a second.
# RSS, PSS and USS come from /proc/PID/smaps_rollup, summed over every process of every copy running the
# daemon's binary (keepalived's parent and VRRP child). PSS divides each shared page among the processes that
# map it, so the sum counts each page once: what the copies cost the host together.
# Only documentation addresses inside private namespaces (prefix vgmany-) are used. Everything is removed on exit.
set -euo pipefail
DAEMONS=20
SETTLE=45
VIGIL=""
SHARED=""
while [ $# -gt 0 ]; do
    case "$1" in
        --daemons) DAEMONS=$2; shift 2 ;;
        --settle) SETTLE=$2; shift 2 ;;
        --vigil) VIGIL=$2; shift 2 ;;
        --shared) SHARED=$2; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "bench/footprint: unknown option $1" >&2; exit 2 ;;
    esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KEEPALIVED=/usr/sbin/keepalived
P="vgmany-$$"
WORK=$(mktemp -d /tmp/vgmany-XXXXXX)

[ "$(id -u)" -eq 0 ] || { echo "bench/footprint: needs root (network namespaces)" >&2; exit 1; }
[ -x "$KEEPALIVED" ] || { echo "bench/footprint: $KEEPALIVED missing" >&2; exit 1; }

ROOTS=()
cleanup() {
    set +e
    local r i
    for r in "${ROOTS[@]}"; do kill_tree "$r"; done
    for i in $(seq "$DAEMONS"); do ip netns del "$P-$i" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$ROOT/bench/lib/procs.sh"
publish_vigil /tmp/art-footprint
[ -z "$SHARED" ] || SHARED=$(readlink -f "$SHARED")

for i in $(seq "$DAEMONS"); do
    ip netns add "$P-$i"
    ip -n "$P-$i" link set lo up
    ip -n "$P-$i" link add eth0 type veth peer name peer0
    ip -n "$P-$i" addr add 192.0.2.1/24 dev eth0
    ip -n "$P-$i" link set peer0 up
    ip -n "$P-$i" link set eth0 up
done
printf 'global_defs {\n    router_id many\n}\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n' > "$WORK/k.conf"
printf '    virtual_router_id 1\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n' >> "$WORK/k.conf"
printf '        198.51.100.1/32\n    }\n}\n' >> "$WORK/k.conf"

# measure LABEL BINARY: launches the copies, waits, prints one row, stops them.
measure() {
    local label=$1 bin=$2 i pids="" r
    ROOTS=()
    for i in $(seq "$DAEMONS"); do
        if [ "$bin" = "$KEEPALIVED" ]; then
            ip netns exec "$P-$i" "$KEEPALIVED" -n -l -P -f "$WORK/k.conf" -p "$WORK/$i.pid" -r "$WORK/$i.vrrp" \
                > "$WORK/$i.log" 2>&1 &
        else
            ip netns exec "$P-$i" "$bin" run -n -l -f "$WORK/k.conf" -p "$WORK/$i.pid" --control "$WORK/$i.sock" \
                > "$WORK/$i.log" 2>&1 &
        fi
        ROOTS+=("$!")
    done
    sleep "$SETTLE"
    for r in "${ROOTS[@]}"; do
        kill -0 "$r" 2>/dev/null || { echo "bench/footprint: $label exited early:" >&2; tail -5 "$WORK"/*.log >&2; exit 1; }
        pids="$pids $(daemon_pids "$r" "$bin")"
    done
    local n rss pss uss
    # shellcheck disable=SC2086
    n=$(echo $pids | wc -w); rss=$(mem_kb Rss $pids); pss=$(mem_kb Pss $pids); uss=$(mem_kb Uss $pids)
    awk -v l="$label" -v d="$DAEMONS" -v n="$n" -v r="$rss" -v p="$pss" -v u="$uss" \
        'BEGIN { printf "| %s | %d | %d | %.1f | %.1f | %.1f | %.2f |\n", l, d, n, r / 1024, p / 1024, u / 1024, p / 1024 / d }'
    for r in "${ROOTS[@]}"; do kill -TERM "$r" 2>/dev/null || true; done
    for r in "${ROOTS[@]}"; do wait "$r" 2>/dev/null || true; done
    ROOTS=()
    rm -f "$WORK"/*.pid "$WORK"/*.vrrp "$WORK"/*.sock
}

echo "| daemon | copies | processes | RSS MB (sum) | PSS MB (sum) | USS MB (sum) | PSS MB per copy |"
echo "|---|---:|---:|---:|---:|---:|---:|"
measure "keepalived $("$KEEPALIVED" --version 2>&1 | head -1 | awk '{print $2}')" "$KEEPALIVED"
measure "vigil" "$VIGIL"
[ -z "$SHARED" ] || measure "vigil, shared type data" "$SHARED"
