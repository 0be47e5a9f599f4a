#!/bin/sh
# Prints, sorted and unique, the top-level keywords keepalived reports as unknown for FILE. A fixture made of
# lines like `k_$P` or `@id k_cond` thereby shows how keepalived's lexer expanded each line.
#   tools/keepalived-unknown-keywords.sh Fixtures/lexical/lexical.conf > Expectations/lexical-keepalived.txt
set -u
file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
keepalived -t -l -i corpus-host -f "$file" 2>&1 | sed -n "s/.*Unknown keyword '\(.*\)'.*/\1/p" | LC_ALL=C sort -u
