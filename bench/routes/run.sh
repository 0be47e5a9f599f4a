#!/usr/bin/env bash
# Routes benchmark: how long a new MASTER takes to have its VIP, 50 virtual_routes and 20 virtual_rules in the
# kernel, for Vigil and Debian's keepalived 2.2.7 on the same two namespaces and the same configuration.
#
#   sudo bench/routes/run.sh [REPETITIONS]      (default 5; needs root, keepalived, tcpdump, iproute2, dotnet)
#   DAEMONS="vigil keepalived" selects what runs.
#
# Scenario: A (priority 150) is MASTER, B (100) BACKUP, VRRPv3 advert_int 0.1; A is killed (-9); B decides to become
# MASTER when its master-down timer fires. The decision is taken as B's first advert as MASTER on the wire (both
# daemons send it before touching the kernel); the end is the last of B's 71 kernel changes (VIP, 50 routes,
# 20 rules) as `ip -ts monitor` in B's namespace reports them. Printed: decision -> VIP, decision -> all routes and
# rules installed. Only documentation addresses inside private namespaces are used; everything is removed on exit.
set -euo pipefail
REPS=${1:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ART=${VIGIL_ARTIFACTS:-/tmp/art-bench-routes}
P="vg-br$$"
WORK=$(mktemp -d /tmp/vg-bench-routes-XXXXXX)
VIP=198.51.100.1
DAEMONS=${DAEMONS:-vigil keepalived}
NROUTES=${NROUTES:-50}
NRULES=${NRULES:-20}

[ "$(id -u)" -eq 0 ] || { echo "bench/routes: needs root (network namespaces)" >&2; exit 1; }
for t in keepalived tcpdump ip dotnet awk; do command -v $t >/dev/null || { echo "bench/routes: $t missing" >&2; exit 1; }; done

cleanup() {
    set +e
    for f in "$WORK"/*.launcher "$WORK"/*.vrrppid; do [ -s "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
    for p in ${CAPTURE_PID:-} ${MONITOR_PID:-}; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    for ns in "$P-h1" "$P-h2" "$P-br"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

. "$ROOT/bench/lib/segment.sh"
build_vigil_dll "$ART"

two_host_segment "$P"
sleep 1

CAP="$WORK/capture.txt"
ip netns exec "$P-br" tcpdump -i br0 -n -tt -l 'ip proto 112' > "$CAP" 2>/dev/null &
CAPTURE_PID=$!
MON="$WORK/monitor.txt"
ip -n "$P-h2" -ts monitor address route rule > "$MON" 2>/dev/null &
MONITOR_PID=$!
sleep 1

conf() { # PRIORITY
    echo "global_defs {
    router_id bench$RANDOM
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $1
    advert_int 0.1
    version 3
    virtual_ipaddress {
        $VIP/24
    }
    virtual_routes {"
    for n in $(seq 1 "$NROUTES"); do echo "        198.51.100.$((100 + n))/32 via 192.0.2.254 dev eth0 table 100"; done
    echo "    }
    virtual_rules {"
    for n in $(seq 1 "$NRULES"); do echo "        from 198.51.100.$((100 + n))/32 table 100 preference $((1000 + n))"; done
    echo "    }
}"
}
conf 150 > "$WORK/a.conf"
conf 100 > "$WORK/b.conf"

start() { # KIND HOST CONF
    local kind=$1 host=$2 conf=$3 log="$WORK/$1-h$2.log"
    : > "$log"
    if [ "$kind" = vigil ]; then
        ip netns exec "$P-h$host" dotnet "$VIGIL_DLL" run -f "$conf" -l -D -p "$WORK/h$host.pid" \
            --control "$WORK/h$host.sock" >> "$log" 2>&1 &
    else
        ip netns exec "$P-h$host" keepalived -n -l -P -R -G -f "$conf" -p "$WORK/h$host.pid" \
            -r "$WORK/h$host.vrrppid" >> "$log" 2>&1 &
    fi
    echo $! > "$WORK/h$host.launcher"
}

wait_log() { # FILE PATTERN
    local deadline=$(( $(date +%s) + 30 ))
    while ! grep -q "$2" "$1" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "timeout waiting for '$2' in $1" >&2; tail -5 "$1" >&2; return 1; }
        sleep 0.02
    done
}

crash() {
    local h=$1
    [ -s "$WORK/h$h.vrrppid" ] && kill -KILL "$(cat "$WORK/h$h.vrrppid")" 2>/dev/null || true
    [ -s "$WORK/h$h.launcher" ] && kill -KILL "$(cat "$WORK/h$h.launcher")" 2>/dev/null || true
    [ -s "$WORK/h$h.launcher" ] && { wait "$(cat "$WORK/h$h.launcher")" 2>/dev/null || true; }
    rm -f "$WORK/h$h.vrrppid" "$WORK/h$h.pid" "$WORK/h$h.launcher"
}

installed() { # HOST: VIP + tagged routes + tagged rules
    local r u
    r=$(ip -n "$P-h$1" route show table 100 | wc -l)
    u=$(ip -n "$P-h$1" rule show | grep -c 'lookup 100' || true)
    echo $(( r + u ))
}

reset() {
    crash 1; crash 2
    for i in 1 2; do
        ip -n "$P-h$i" addr del "$VIP/24" dev eth0 2>/dev/null || true
        ip -n "$P-h$i" route flush table 100 2>/dev/null || true
        while ip -n "$P-h$i" rule show | grep -q 'lookup 100'; do
            ip -n "$P-h$i" rule del "$(ip -n "$P-h$i" rule show | awk -F: '/lookup 100/ { print $1; exit }' | sed 's/^/pref /')" 2>/dev/null \
                || ip -n "$P-h$i" rule del pref "$(ip -n "$P-h$i" rule show | awk -F: '/lookup 100/ { print $1; exit }')" || break
        done
    done
}

# epoch seconds of an `ip -ts` line ([2026-12-06T03:40:00.123456] ...)
ts() { sed -n 's/^\[\([^]]*\)\].*/\1/p' | while read -r t; do date -d "${t/T/ }" +%s.%N; done; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "nan"; else printf "%.3f", (b - a) * 1000 }'; }

declare -A RESULTS
for kind in $DAEMONS; do
    for _ in $(seq "$REPS"); do
        start "$kind" 1 "$WORK/a.conf"; wait_log "$WORK/$kind-h1.log" "Entering MASTER STATE"
        start "$kind" 2 "$WORK/b.conf"; wait_log "$WORK/$kind-h2.log" "Entering BACKUP STATE"
        sleep 1
        capmark=$(wc -l < "$CAP"); monmark=$(wc -l < "$MON")
        crash 1
        wait_log "$WORK/$kind-h2.log" "Entering MASTER STATE"
        deadline=$(( $(date +%s) + 20 ))
        while [ "$(installed 2)" -lt $((NROUTES + NRULES)) ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
        sleep 0.5
        t0=$(tail -n +"$((capmark + 1))" "$CAP" | awk '/192\.0\.2\.12 >/ && /VRRP/ { print $1; exit }')
        tvip=$(tail -n +"$((monmark + 1))" "$MON" | grep -m1 "inet $VIP/24" | ts)
        tend=$(tail -n +"$((monmark + 1))" "$MON" | grep -E '(^\[[^]]*\] 198\.51\.100\.[0-9]+ via 192\.0\.2\.254 dev eth0 table 100)|(lookup 100)' \
            | grep -v '^\[[^]]*\] Deleted' | tail -1 | ts)
        n=$(tail -n +"$((monmark + 1))" "$MON" | grep -E '(via 192\.0\.2\.254 dev eth0 table 100)|(lookup 100)' | grep -vc 'Deleted' || true)
        RESULTS["$kind|vip"]+="$(ms "$t0" "$tvip") "
        RESULTS["$kind|all"]+="$(ms "$t0" "$tend") "
        RESULTS["$kind|n"]+="$n "
        if [ "$kind" = vigil ]; then
            # -D: Vigil's own figure, from the master-down timer's decision to the kernel's last ACK of the batch.
            if [ -s "$WORK/h2.launcher" ]; then kill -TERM "$(cat "$WORK/h2.launcher")" 2>/dev/null || true; wait "$(cat "$WORK/h2.launcher")" 2>/dev/null || true; fi
            us=$(sed -n "s/.*routes and rules installed after the timer's decision in: median \([0-9]*\) us.*/\1/p" "$WORK/vigil-h2.log" | tail -1)
            RESULTS["vigil|inproc"]+="$(awk -v u="$us" 'BEGIN { if (u == "") print "nan"; else printf "%.3f", u / 1000 }') "
            us=$(sed -n "s/.*a batch of route and rule changes took: median \([0-9]*\) us.*/\1/p" "$WORK/vigil-h2.log" | tail -1)
            RESULTS["vigil|batch"]+="$(awk -v u="$us" 'BEGIN { if (u == "") print "nan"; else printf "%.3f", u / 1000 }') "
        fi
        reset
        sleep 0.5
    done
done

stats() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "-"; exit } printf "median %.1f ms (min %.1f, max %.1f, n=%d)", a[int((NR + 1) / 2)], a[1], a[NR], NR }'; }
printf "%-11s %-48s %-48s %s\n" daemon "advert as MASTER -> VIP in kernel" "advert as MASTER -> VIP + 50 routes + 20 rules" "changes seen"
for kind in $DAEMONS; do
    printf "%-11s %-48s %-48s %s\n" "$kind" "$(echo "${RESULTS[$kind|vip]}" | stats)" "$(echo "${RESULTS[$kind|all]}" | stats)" "${RESULTS[$kind|n]}"
done
if [ -n "${RESULTS[vigil|inproc]:-}" ]; then
    echo "vigil, in-process (-D): master-down timer's decision -> last ACK of the routes/rules batch: $(echo "${RESULTS[vigil|inproc]}" | stats)"
    echo "vigil, in-process (-D): the batch of 70 alone (one sendmsg, 70 ACKs; per-run median of its batches): $(echo "${RESULTS[vigil|batch]}" | stats)"
fi
