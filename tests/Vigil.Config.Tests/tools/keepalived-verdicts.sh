#!/bin/sh
# Records Debian keepalived's `-t` verdict (exit code) for every corpus file, as a TSV on stdout:
#   file <TAB> exit code <TAB> keepalived version
# Run from anywhere; needs keepalived (2.2.7 was used for the committed table) and usually root.
# The config-id is fixed to "corpus-host" so @ID lines select the same way Vigil's tests do.
set -u
corpus="${1:-$(cd "$(dirname "$0")/../../data/keepalived-conf" && pwd)}"
version=$(keepalived -v 2>&1 | head -n1 | awk '{print $2}')
printf "# keepalived %s -t verdicts, config-id corpus-host; host interfaces: %s\n" "$version" "$(ls /sys/class/net | sort | tr "\n" " " | sed "s/ $//")"
for f in "$corpus"/*; do
    case "$f" in *.tsv) continue ;; esac
    timeout 30 keepalived -t -i corpus-host -f "$f" >/dev/null 2>&1
    code=$?
    printf '%s\t%s\t%s\n' "$(basename "$f")" "$code" "$version"
done
