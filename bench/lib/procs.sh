# Shared by the benchmark scripts (source it): process trees, the daemon's own processes, their memory and CPU,
# and the native vigil they measure. Plain POSIX tools and /proc only.

# publish_vigil ARTIFACTS: publishes the NativeAOT vigil to /tmp/vigil-aot (unless VIGIL is set) and sets VIGIL
# to the binary's resolved path.
publish_vigil() {
    if [ -z "${VIGIL:-}" ]; then
        echo "publishing the native vigil to /tmp/vigil-aot ..." >&2
        dotnet publish "$ROOT/src/Vigil" -c Release -r linux-x64 -p:PublishAot=true -o /tmp/vigil-aot \
            --artifacts-path "$1" -v q -nologo >/dev/null
        VIGIL=/tmp/vigil-aot/vigil
    fi
    [ -x "$VIGIL" ] || { echo "bench: $VIGIL is not an executable" >&2; exit 1; }
    VIGIL=$(readlink -f "$VIGIL")
}

# tree_pids PID: PID and all its descendants (ps reads /proc robustly while scripts come and go).
tree_pids() {
    ps -e -o pid=,ppid= | awk -v root="$1" '
        { parent[$1] = $2 }
        END { keep[root] = 1; changed = 1
              while (changed) { changed = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
              for (p in keep) if (p in parent) print p }'
}

# kill_tree PID: SIGKILL to the whole tree, then reap PID if it is our child.
kill_tree() { local p; for p in $(tree_pids "$1"); do kill -KILL "$p" 2>/dev/null || true; done; wait "$1" 2>/dev/null || true; }

# daemon_pids ROOTPID BINARY: the daemon's own processes (the tree, only those running BINARY, not a script
# caught running).
daemon_pids() {
    local p
    for p in $(tree_pids "$1"); do [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$2" ] && echo "$p"; done
    return 0
}

# mem_kb Rss|Pss|Uss PIDS...: summed from /proc/PID/smaps_rollup (USS = private clean + private dirty).
mem_kb() {
    local f=$1; shift
    local p sum=0 v
    for p in "$@"; do
        if [ "$f" = Uss ]; then
            v=$(awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s + 0 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        else
            v=$(awk -v f="$f:" '$1 == f { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        fi
        sum=$(( sum + ${v:-0} ))
    done
    echo "$sum"
}

# cpu_ticks SELF(1)|ALL(0) PIDS...: utime+stime, plus the reaped children's cutime+cstime with ALL.
cpu_ticks() {
    local self=$1; shift
    local p sum=0 v
    for p in "$@"; do
        v=$(awk -v self="$self" '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[12] + f[13] + (self ? 0 : f[14] + f[15]) }' "/proc/$p/stat" 2>/dev/null || true)
        sum=$(( sum + ${v:-0} ))
    done
    echo "$sum"
}
