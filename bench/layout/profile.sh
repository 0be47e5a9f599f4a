#!/usr/bin/env bash
# Hot-code profile: which managed methods a running pair of daemons touches once start-up has settled, written as
# the order file the native build lays its code out by (src/Vigil/hot-methods.txt; bench/README.md, "Code layout").
#
#   sudo bench/layout/profile.sh [--vigil PATH] [--instances N] [--scripts S] [--seconds T] [--out FILE]
#     --vigil      a native vigil published with its symbols beside it (PATH.dbg); default: publish one
#     --instances  instances on each node (default 200)
#     --scripts    track scripts on the master node (/bin/true, interval 1; default 200)
#     --seconds    how long the settled pair is watched (default 60)
#     --out        the order file to write (default src/Vigil/hot-methods.txt)
#
# Each node runs its own copy of the binary from a small ext4 image on a loop device whose readahead is off, so a
# page of code enters the page cache only when a process touches it (and the kernel's fault-around maps only pages
# already cached). 35 s after launch, once start-up has settled, each daemon's pages of its copy are paged out
# (process_madvise MADV_PAGEOUT: unmapped and dropped from the cache); what is cached at the end of the window is
# what the master (adverts, scripts) and the backup (received adverts) touched since. The methods on
# those pages are written in address order. Documentation addresses only, in private namespaces (prefix vglp-);
# everything is removed on exit.
set -euo pipefail
N=200 S=200 T=60 VIGIL="" OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --vigil) VIGIL=$2; shift 2 ;;
        --instances) N=$2; shift 2 ;;
        --scripts) S=$2; shift 2 ;;
        --seconds) T=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "bench/layout: unknown option $1" >&2; exit 2 ;;
    esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$ROOT/src/Vigil/hot-methods.txt}
[ "$(id -u)" -eq 0 ] || { echo "bench/layout: needs root (namespaces, loop device)" >&2; exit 1; }
for t in losetup mkfs.ext4 readelf nm python3 curl; do
    command -v $t >/dev/null || { echo "bench/layout: $t missing" >&2; exit 1; }
done
P="vglp-$$"
WORK=$(mktemp -d /tmp/vglp-XXXXXX)
LOOP="" PIDS=()
cleanup() {
    set +e
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    done
    for ns in "$P-h1" "$P-h2" "$P-br"; do ip netns del "$ns" 2>/dev/null; done
    mountpoint -q "$WORK/fs" && umount "$WORK/fs"
    [ -n "$LOOP" ] && losetup -d "$LOOP"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$ROOT/bench/lib/procs.sh"
. "$ROOT/bench/lib/segment.sh"
. "$ROOT/bench/lib/scale-conf.sh"
publish_vigil /tmp/art-layout
[ -f "$VIGIL.dbg" ] || { echo "bench/layout: $VIGIL.dbg (the symbols) missing" >&2; exit 1; }

truncate -s 64M "$WORK/fs.img"
mkfs.ext4 -q "$WORK/fs.img"
LOOP=$(losetup -f --show "$WORK/fs.img")
echo 0 > "/sys/block/$(basename "$LOOP")/queue/read_ahead_kb"
mkdir "$WORK/fs"
mount "$LOOP" "$WORK/fs"
# A copy per node: a page mapped by two processes cannot be paged out for one of them.
cp "$VIGIL" "$WORK/fs/vigil-a"
cp "$VIGIL" "$WORK/fs/vigil-b"

scrape_both() {
    local i
    for i in 1 2; do
        ip netns exec "$P-h$i" curl -s --max-time 5 -o /dev/null http://127.0.0.1:9650/metrics || true
    done
}

two_host_segment "$P"
IFACES=1
scale_conf "$N" 150 "$S" > "$WORK/a.conf"
scale_conf "$N" 100 0 > "$WORK/b.conf"
i=1
for node in a b; do
    ip netns exec "$P-h$i" "$WORK/fs/vigil-$node" run -n -l -f "$WORK/$node.conf" -p "$WORK/$node.pid" \
        --control "$WORK/$node.sock" --metrics 127.0.0.1:9650 > "$WORK/$node.log" 2>&1 &
    PIDS+=($!)
    i=$(( i + 1 ))
done
sleep 30
# One scrape first: what only the first one does (types built, statics set) is not what the settled loop runs.
scrape_both
sleep 5
i=0
for node in a b; do
    python3 "$HERE/touched.py" pageout "${PIDS[$i]}" "$WORK/fs/vigil-$node"
    python3 "$HERE/touched.py" evict "$WORK/fs/vigil-$node"
    i=$(( i + 1 ))
done
# Both nodes are scraped every second, so the page's code counts as hot, and so do the collections the scrapes'
# garbage brings about (a scrape allocates 20-50 KB, gen0's budget is 512 KB): the finalizers and pool trimming they
# run in managed code.
for _ in $(seq "$T"); do
    sleep 1
    scrape_both
done
for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "bench/layout: a daemon exited; its log:" >&2; cat "$WORK"/*.log >&2; exit 1; }
done
for node in a b; do python3 "$HERE/touched.py" pages "$WORK/fs/vigil-$node"; done | sort -nu > "$WORK/pages"
python3 "$HERE/touched.py" methods "$VIGIL" "$VIGIL.dbg" "$WORK/pages" > "$WORK/methods"
{
    echo "# Managed methods a settled pair of daemons ran ($N instances, $S scripts, ${T} s, scraped every second),"
    echo "# in address order: the native build places them first (IlcOrderFile). Written by"
    echo "# bench/layout/profile.sh; a method missing here is still compiled, only placed among the rest."
    cat "$WORK/methods"
} > "$OUT"
echo "bench/layout: $(wc -l < "$WORK/pages") pages of the binary touched," \
    "$(wc -l < "$WORK/methods") methods on them -> $OUT" >&2
