#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with AFL++ and SharpFuzz.
#
#   tests/Vigil.Fuzz/fuzz.sh TARGET [SECONDS]     build, instrument, fuzz TARGET for SECONDS (default 600)
#   tests/Vigil.Fuzz/fuzz.sh build                 only build and instrument
#   tests/Vigil.Fuzz/fuzz.sh --no-build TARGET S   fuzz with the last build
#
# TARGET is advert, config or control (see the classes of the same names). Exits non-zero when afl-fuzz found any
# crash or hang, after replaying each crash to print its exception; the inputs stay under the findings folder.
# Installs what is missing: afl++ (Debian package, needs root) and the sharpfuzz tool (.config/dotnet-tools.json).
#
# Everything is built into VIGIL_FUZZ_DIR (default artifacts/fuzz, ignored by git), with its own bin/obj folders:
# the instrumented assemblies never reach the normal build's output.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${VIGIL_FUZZ_DIR:-$repo/artifacts/fuzz}
# One input may take this long before it counts as a hang. The slowest legitimate input is a configuration whose
# sequences generate the capped 200,000 lines: about a second on an idle machine, up to 7 s instrumented on a busy
# shared one. A real hang (a loop that never ends) runs past any limit.
timeout_ms=${VIGIL_FUZZ_TIMEOUT_MS:-20000}
targets="advert config control"

log() { echo "fuzz: $*" >&2; }
usage() { echo "usage: $0 [--no-build] {advert|config|control} [SECONDS] | $0 build" >&2; exit 2; }

build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
target=${1:-}
seconds=${2:-600}
[ -n "$target" ] || usage
case " $targets build " in *" $target "*) ;; *) usage ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

install_afl() {
    command -v afl-fuzz >/dev/null 2>&1 && return 0
    log "installing afl++"
    if [ "$(id -u)" -ne 0 ]; then log "afl-fuzz is missing: run 'apt-get install afl++' as root"; return 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || log "apt-get update failed"
    apt-get install -y -qq --no-install-recommends afl++ >/dev/null 2>&1 || { log "apt-get install afl++ failed"; return 1; }
}

# Publishes the fuzz project into $work/bin and instruments the Vigil assemblies there: the whole of the pure
# projects, and only the control-socket code of the executable (the rest of it never runs in a target).
build_instrumented() {
    (cd "$here" && dotnet tool restore >/dev/null) || { log "dotnet tool restore failed"; return 1; }
    rm -rf "$work/bin"
    log "building into $work"
    dotnet publish "$here/Vigil.Fuzz.csproj" -c Release -o "$work/bin" --artifacts-path "$work/art" \
        >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; return 1; }
    # Instrumented code needs afl-fuzz's shared memory; crashes are replayed with an uninstrumented copy.
    rm -rf "$work/plain" && cp -a "$work/bin" "$work/plain"
    local dll
    for dll in Vigil.Core Vigil.Config Vigil.Engine; do
        (cd "$here" && dotnet tool run sharpfuzz "$work/bin/$dll.dll") >/dev/null || { log "cannot instrument $dll"; return 1; }
    done
    (cd "$here" && dotnet tool run sharpfuzz "$work/bin/vigil.dll" Vigil.Operations.Control) >/dev/null \
        || { log "cannot instrument vigil"; return 1; }
    touch "$work/bin/.instrumented"
}

# afl-fuzz splices and inserts these tokens: keywords are hard to reach one random byte at a time.
write_dictionary() {
    local dict=$1
    case "$target" in
        config)
            grep -ohE '\("[a-z_0-9]+"' "$repo"/src/Vigil.Config/Semantics/KeywordTable*.cs | cut -c2- | sort -u
            printf '"%s"\n' include '~SEQ(' '~LST(' '${_ENV ' '${_RANDOM ' '$P=' '@node1 ' '{' '}' '\\' '#@@ ' \
                192.0.2.1 2001:db8::1 /24
            ;;
        control) printf '"%s"\n' status explain reload stop '{"ok":' '"error":' '"details":[' ;;
        advert) ;;
    esac | awk '{ printf "k%d=%s\n", NR, $0 }' >"$dict"
}

mkdir -p "$work"
install_afl
if [ "$build" -eq 1 ]; then build_instrumented; fi
[ "$target" = build ] && exit 0
[ -f "$work/bin/.instrumented" ] || { log "no instrumented build in $work/bin: run '$0 build' first"; exit 1; }

out="$work/findings/$target-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
dict="$out.dict"
write_dictionary "$dict"
dict_args=()
[ -s "$dict" ] && dict_args=(-x "$dict")

log "fuzzing $target for ${seconds}s, findings in $out"
# dotnet itself is not instrumented (AFL_SKIP_BIN_CHECK); the machine may be shared and its CPU governor and
# core-dump handler are not ours to change (the other three). The outer timeout only guards against afl-fuzz
# itself getting stuck; -V ends the run.
status=0
AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
AFL_NO_UI=1 AFL_FAST_CAL=1 \
    timeout --kill-after=30 $((seconds + 600)) afl-fuzz -i "$here/seeds/$target" -o "$out" -V "$seconds" -t "$timeout_ms" -m none "${dict_args[@]}" \
    -- dotnet "$work/bin/Vigil.Fuzz.dll" "$target" >"$out/afl.log" 2>&1 || status=$?

stats="$out/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
    tail -n 30 "$out/afl.log" >&2
    log "$target: afl-fuzz did not run (exit $status)"
    exit 1
fi
stat_of() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$out/default/crashes" -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$out/default/hangs" -name 'id:*' 2>/dev/null | wc -l)
log "$target: $(stat_of execs_done) execs in $(stat_of run_time)s, $(stat_of execs_per_sec) execs/s," \
    "corpus $(stat_of corpus_count), coverage $(stat_of bitmap_cvg), stability $(stat_of stability)," \
    "$crashes crashes, $hangs hangs"

if [ "$crashes" -gt 0 ]; then
    log "$target: crashes found; their exceptions:"
    dotnet "$work/plain/Vigil.Fuzz.dll" "$target" "$out/default/crashes" 2>&1 | head -n 80 >&2 || true
fi
if [ "$hangs" -gt 0 ]; then
    log "$target: hangs (inputs that ran longer than ${timeout_ms} ms) in $out/default/hangs"
fi
# The findings folder may be thrown away (CI): print the first few inputs, to rebuild with base64 -d.
for f in $(find "$out/default/crashes" "$out/default/hangs" -name 'id:*' 2>/dev/null | sort | head -n 3); do
    log "input $(basename "$f") (base64):"
    head -c 4096 "$f" | base64 -w 0 >&2
    echo >&2
done
if [ "$status" -ne 0 ]; then
    tail -n 30 "$out/afl.log" >&2
    log "$target: afl-fuzz exited with $status"
fi
[ "$status" -eq 0 ] && [ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ]
