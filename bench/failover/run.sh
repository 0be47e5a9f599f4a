#!/usr/bin/env bash
# Failover benchmark: Vigil and keepalived on the same namespaces and the same configuration, one after the
# other, measured on the wire (tcpdump on the bridge, microsecond timestamps) and printed side by side.
#
#   sudo bench/failover/run.sh [REPETITIONS]        (default 3; needs root, keepalived, tcpdump, iproute2)
#   PARTS="v3 v2 script" and DAEMONS="vigil keepalived" select what runs (all by default).
#
# Scenarios, each with VRRPv2 advert_int 1 and VRRPv3 advert_int 0.1:
#   crash    kill -9 of the master (priority 150): its last advert -> the backup's (priority 100) first advert;
#            RFC: Master_Down_Interval = 3 * adv + (256 - 100) * adv / 256
#   stop     SIGTERM of the master: its priority-0 advert -> the backup's first advert; RFC: Skew_Time
#   sigterm  the same SIGTERM: kill(2) of the master's process -> its priority-0 advert on the wire (keepalived:
#            the parent, which forwards it to its VRRP child, as an init system would signal it)
#   garp     the new master's first advert -> its first gratuitous ARP for the VIP (VIP added in between)
#   script   the master's track script starts failing (interval 1, fall 2, weight -60) -> the backup's first
#            gratuitous ARP (the VIP has moved); keepalived's reference median: 4.2 s (v2, advert_int 1)
#   preempt  the higher-priority node is started while the other is master -> its first advert as master
#            (includes process start-up); RFC: Master_Down_Interval for priority 150
# Only documentation addresses inside private namespaces are used. Everything is removed on exit.
set -euo pipefail
REPS=${1:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ART=${VIGIL_ARTIFACTS:-/tmp/art-bench-failover}
P="vg-bf$$"
WORK=$(mktemp -d /tmp/vg-bench-XXXXXX)
VIP=198.51.100.1

[ "$(id -u)" -eq 0 ] || { echo "bench/failover: needs root (network namespaces)" >&2; exit 1; }
for t in keepalived tcpdump ip dotnet awk; do command -v $t >/dev/null || { echo "bench/failover: $t missing" >&2; exit 1; }; done

cleanup() {
    set +e
    for f in "$WORK"/*.pid "$WORK"/*.vrrppid; do [ -s "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
    [ -n "${CAPTURE_PID:-}" ] && kill "$CAPTURE_PID" 2>/dev/null && wait "$CAPTURE_PID" 2>/dev/null
    for ns in "$P-h1" "$P-h2" "$P-br"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

. "$ROOT/bench/lib/segment.sh"
build_vigil_dll "$ART"

# --- the segment -------------------------------------------------------------------------------------
two_host_segment "$P"
MAC1=$(ip -n "$P-h1" -o link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
MAC2=$(ip -n "$P-h2" -o link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
sleep 1

CAP="$WORK/capture.txt"
ip netns exec "$P-br" tcpdump -i br0 -n -tt -e -l 'ip proto 112 or arp' > "$CAP" 2>/dev/null &
CAPTURE_PID=$!
sleep 1

now() { date +%s.%N; }

# conf VERSION ADVERT PRIORITY [SCRIPT]
conf() {
    local script_block="" track=""
    if [ -n "${4:-}" ]; then
        script_block="vrrp_script chk {
    script \"$4\"
    interval 1
    fall 2
    rise 1
    weight -60
}"
        track="track_script {
        chk
    }"
    fi
    cat <<CONF
global_defs {
    router_id bench$RANDOM
    enable_script_security
    script_user root
}
$script_block
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $3
    advert_int $2
    version $1
    virtual_ipaddress {
        $VIP/24
    }
    $track
}
CONF
}

# start KIND HOST CONFFILE -> writes pid files
start() {
    local kind=$1 host=$2 conf=$3
    local log="$WORK/$kind-h$host.log"
    : > "$log"
    if [ "$kind" = vigil ]; then
        ip netns exec "$P-h$host" dotnet "$VIGIL_DLL" run -f "$conf" -l ${VIGIL_FLAGS:-} -p "$WORK/h$host.pid" \
            --control "$WORK/h$host.sock" >> "$log" 2>&1 &
    else
        ip netns exec "$P-h$host" keepalived -n -l -P -R -G -f "$conf" -p "$WORK/h$host.pid" \
            -r "$WORK/h$host.vrrppid" >> "$log" 2>&1 &
    fi
    echo $! > "$WORK/h$host.launcher"
}

wait_log() { # FILE PATTERN [TIMEOUT_S] [SKIP_LINES]
    local deadline=$(( $(date +%s) + ${3:-20} ))
    while ! tail -n +"$(( ${4:-0} + 1 ))" "$1" 2>/dev/null | grep -q "$2"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "timeout waiting for '$2' in $1" >&2; tail -5 "$1" >&2; return 1; }
        sleep 0.02
    done
}

crash() { # HOST: kill -9 (keepalived: the VRRP child first)
    local h=$1
    [ -s "$WORK/h$h.vrrppid" ] && kill -KILL "$(cat "$WORK/h$h.vrrppid")" 2>/dev/null || true
    kill -KILL "$(cat "$WORK/h$h.launcher")" 2>/dev/null || true
    wait "$(cat "$WORK/h$h.launcher")" 2>/dev/null || true
    rm -f "$WORK/h$h.vrrppid" "$WORK/h$h.pid"
}

stop() { # HOST: SIGTERM and wait; STOP_AT: when the signal was sent ($EPOCHREALTIME: no fork before kill)
    local h=$1
    STOP_AT=$EPOCHREALTIME
    kill -TERM "$(cat "$WORK/h$h.launcher")" 2>/dev/null || true
    wait "$(cat "$WORK/h$h.launcher")" 2>/dev/null || true
    rm -f "$WORK/h$h.vrrppid" "$WORK/h$h.pid"
}

reset() {
    crash 1; crash 2
    for i in 1 2; do ip -n "$P-h$i" addr del "$VIP/24" dev eth0 2>/dev/null || true; done
}

caplines() { wc -l < "$CAP"; }

# Timestamps from the capture after line $1: first advert from SRC [with prio P]
first_advert() { tail -n +"$(( $1 + 1 ))" "$CAP" | awk -v src="$2" -v prio="${3:-}" \
    '$0 ~ (": " src " >") && /VRRP/ && (prio == "" || $0 ~ ("prio " prio ",")) { print $1; exit }'; }
last_advert_before() { awk -v src="$1" -v t="$2" '$0 ~ (": " src " >") && /VRRP/ && $1 < t { last = $1 } END { print last }' "$CAP"; }
first_garp_after() { awk -v mac="$1" -v t="$2" '$2 == mac && /ARP/ && /Request who-has '"$VIP"' / && $1 >= t { print $1; exit }' "$CAP"; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "nan"; else printf "%.3f", (b - a) * 1000 }'; }

declare -A RESULTS

record() { RESULTS["$1|$2|$3"]+="$4 "; }

scenario_pair() { # KIND VERSION ADVERT: crash, stop and garp from one pair
    local kind=$1 v=$2 adv=$3
    conf "$v" "$adv" 150 > "$WORK/a.conf"; conf "$v" "$adv" 100 > "$WORK/b.conf"
    for _ in $(seq "$REPS"); do
        # crash
        start "$kind" 1 "$WORK/a.conf"; wait_log "$WORK/$kind-h1.log" "Entering MASTER STATE"
        start "$kind" 2 "$WORK/b.conf"; wait_log "$WORK/$kind-h2.log" "Entering BACKUP STATE"
        sleep "$(awk -v a="$adv" 'BEGIN { print a * 4 + 0.5 }')"
        local mark; mark=$(caplines)
        crash 1
        wait_log "$WORK/$kind-h2.log" "Entering MASTER STATE"
        sleep 0.5
        local tb ta tg
        tb=$(first_advert "$mark" 192.0.2.12); ta=$(last_advert_before 192.0.2.11 "$tb"); tg=$(first_garp_after "$MAC2" "$tb")
        record crash "$v" "$kind" "$(ms "$ta" "$tb")"
        record garp "$v" "$kind" "$(ms "$tb" "$tg")"
        reset
        # stop
        start "$kind" 1 "$WORK/a.conf"; wait_log "$WORK/$kind-h1.log" "Entering MASTER STATE"
        start "$kind" 2 "$WORK/b.conf"; wait_log "$WORK/$kind-h2.log" "Entering BACKUP STATE"
        sleep "$(awk -v a="$adv" 'BEGIN { print a * 4 + 0.5 }')"
        mark=$(caplines)
        stop 1
        wait_log "$WORK/$kind-h2.log" "Entering MASTER STATE"
        sleep 0.3
        local t0; t0=$(first_advert "$mark" 192.0.2.11 0); tb=$(first_advert "$mark" 192.0.2.12)
        record stop "$v" "$kind" "$(ms "$t0" "$tb")"
        record sigterm "$v" "$kind" "$(ms "$STOP_AT" "$t0")"
        reset
        # preempt: the backup (100) is master alone; start the 150
        start "$kind" 2 "$WORK/b.conf"; wait_log "$WORK/$kind-h2.log" "Entering MASTER STATE"
        sleep "$adv"
        mark=$(caplines)
        local t_start; t_start=$(now)
        start "$kind" 1 "$WORK/a.conf"; wait_log "$WORK/$kind-h1.log" "Entering MASTER STATE"
        sleep 0.3
        ta=$(first_advert "$mark" 192.0.2.11)
        record preempt "$v" "$kind" "$(ms "$t_start" "$ta")"
        reset
    done
}

scenario_script() { # KIND: v2, advert_int 1, interval 1, fall 2, weight -60
    local kind=$1
    local flag="$WORK/healthy" check="$WORK/check.sh"
    printf '#!/bin/sh\ntest -e %s\n' "$flag" > "$check"; chmod 755 "$check"
    conf 2 1 150 "$check" > "$WORK/as.conf"; conf 2 1 100 > "$WORK/b.conf"
    for _ in $(seq "$REPS"); do
        touch "$flag"
        start "$kind" 1 "$WORK/as.conf"; wait_log "$WORK/$kind-h1.log" "Entering MASTER STATE"
        start "$kind" 2 "$WORK/b.conf"; wait_log "$WORK/$kind-h2.log" "Entering BACKUP STATE"
        sleep 2.5
        local skip; skip=$(wc -l < "$WORK/$kind-h2.log")
        local t0; t0=$(now)
        rm -f "$flag"
        wait_log "$WORK/$kind-h2.log" "Entering MASTER STATE" 20 "$skip"
        sleep 0.5
        record script 2 "$kind" "$(ms "$t0" "$(first_garp_after "$MAC2" "$t0")")"
        reset
    done
}

PARTS=${PARTS:-"v3 v2 script"}     # e.g. PARTS=v3 for a quick run
DAEMONS=${DAEMONS:-"vigil keepalived"}
for kind in $DAEMONS; do
    echo "running $kind ..." >&2
    case " $PARTS " in *" v3 "*) scenario_pair "$kind" 3 0.1 ;; esac
    case " $PARTS " in *" v2 "*) scenario_pair "$kind" 2 1 ;; esac
    case " $PARTS " in *" script "*) scenario_script "$kind" ;; esac
done

expected() { # SCENARIO VERSION
    case "$1|$2" in
        crash\|3) echo "360.938" ;; crash\|2) echo "3609.375" ;;
        stop\|3) echo "60.938" ;; stop\|2) echo "609.375" ;;
        sigterm\|*) echo "-" ;;
        preempt\|3) echo "341.406" ;; preempt\|2) echo "3414.063" ;;
        garp\|*) echo "0" ;;
        script\|2) echo "-" ;;
    esac
}

stats() { echo "$1" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.1f (%.1f-%.1f)", m, v[1], v[NR] }'; }

printf "\nFailover, %s repetitions, milliseconds: median (min-max), measured on the wire\n\n" "$REPS"
printf "%-8s %-3s %-10s %-26s %-26s\n" scenario ver "RFC" "Vigil" "keepalived 2.2.7"
for s in crash stop sigterm garp preempt script; do
    for v in 2 3; do
        [ -n "${RESULTS[$s|$v|vigil]:-}${RESULTS[$s|$v|keepalived]:-}" ] || continue
        printf "%-8s v%-2s %-10s %-26s %-26s\n" "$s" "$v" "$(expected "$s" "$v")" \
            "$(stats "${RESULTS[$s|$v|vigil]:-}")" "$(stats "${RESULTS[$s|$v|keepalived]:-}")"
    done
done
