#!/bin/sh
# Records Debian keepalived's `-t` verdict (exit code) for every corpus file, as a TSV on stdout:
#   file <TAB> exit code <TAB> keepalived version <TAB> daemon verdict
# The daemon verdict is what keepalived's daemon does with the same file: 4 when it refuses to start. `-t` exits 5
# for three errors its daemon then treats as permanent CONFIG errors (observed with 2.2.7): a non-existent interface,
# an instance without virtual_router_id, an instance without an interface. Exit 2 (a keyword missing its parameter)
# is also "cannot run", and so is a file `-t` gives 6 (script security) that has one of those three errors. Otherwise the daemon verdict is the `-t` code.
# Run from anywhere; needs keepalived (2.2.7 was used for the committed table) and usually root.
# The config-id is fixed to "corpus-host" so @ID lines select the same way Vigil's tests do.
set -u
corpus="${1:-$(cd "$(dirname "$0")/../../data/keepalived-conf" && pwd)}"
version=$(keepalived -v 2>&1 | head -n1 | awk '{print $2}')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf "# keepalived %s -t verdicts, config-id corpus-host; host interfaces: %s\n" "$version" "$(ls /sys/class/net | sort | tr "\n" " " | sed "s/ $//")"
for f in "$corpus"/*; do
    case "$f" in *.tsv) continue ;; esac
    timeout 30 keepalived -t -i corpus-host -f "$f" >"$log" 2>&1
    code=$?
    daemon=$code
    [ "$code" = 2 ] && daemon=4
    if { [ "$code" = 5 ] || [ "$code" = 6 ]; } && grep -q -e 'Non-existent interface specified in configuration' -e 'the virtual router id must be set' \
        -e 'Unknown interface!' "$log"; then
        daemon=4
    fi
    printf '%s\t%s\t%s\t%s\n' "$(basename "$f")" "$code" "$version" "$daemon"
done
