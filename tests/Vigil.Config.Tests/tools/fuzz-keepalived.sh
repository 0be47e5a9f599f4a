#!/bin/sh
# Runs the differential fuzzer against keepalived by hand, on as many generated files as asked:
#   tools/fuzz-keepalived.sh [FIRST-LAST] [OUTDIR]      (default 1-5000, /tmp/vigil-fuzz)
# Each file goes through `keepalived -t` (and, for every VIGIL_FUZZ_DUMP_EVERY-th file, keepalived's daemon with
# --dump-conf) in private network namespaces, and through `vigil check --json`. OUTDIR/summary.txt gets the
# agreement figures; OUTDIR/seed-N/ the shrunk file and both outputs for each disagreement. Needs root, iproute2 and
# keepalived (the figures in README.md are from Debian's 2.2.7). Environment: VIGIL_FUZZ_WORKERS (default 4: most
# of a daemon run is waiting), VIGIL_FUZZ_DUMP_EVERY (default 5).
set -eu
here=$(cd "$(dirname "$0")/../../Vigil.Operations.Tests" && pwd)
seeds="${1:-1-5000}"
out="${2:-/tmp/vigil-fuzz}"
rm -rf "$out"
VIGIL_FUZZ_SEEDS="$seeds" VIGIL_FUZZ_OUT="$out" VIGIL_FUZZ_WORKERS="${VIGIL_FUZZ_WORKERS:-4}" \
VIGIL_FUZZ_DUMP_EVERY="${VIGIL_FUZZ_DUMP_EVERY:-5}" \
    dotnet test "$here" -- --filter-method '*Vigil_agrees_with_keepalived_on_generated_files*' || true
cat "$out/summary.txt"
