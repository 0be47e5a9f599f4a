#!/bin/sh
# Builds Vigil and installs it as the command `vigil`, so that the README's `vigil ...` lines work as written.
#
#   packaging/install.sh            build with the .NET SDK, install the `vigil` command
#   packaging/install.sh --aot      publish the self-contained NativeAOT binary instead (needs a C compiler)
#   packaging/install.sh --aot-shared   the same binary linked at a fixed address, so every daemon on the host
#                                   shares one copy of its runtime data (hosts running many daemons; no address
#                                   space randomisation of the binary itself: bench/README.md, "Shared type data")
#   packaging/install.sh [--aot|--aot-shared] DIR   put the command in DIR
#
# Where: as root /usr/local/sbin/vigil (where packaging/vigil.service looks; also linked from /usr/local/bin),
# otherwise ~/.local/bin/vigil. The default build keeps the program in ../lib/vigil beside that directory and
# installs a two-line launcher that runs it with the dotnet found now.
set -eu
cd "$(dirname "$0")/.."

aot=no
shared=false
case "${1:-}" in
    --aot) aot=yes; shift ;;
    --aot-shared) aot=yes; shared=true; shift ;;
esac
if [ "$(id -u)" -eq 0 ]; then default=/usr/local/sbin; else default="$HOME/.local/bin"; fi
bin="${1:-$default}"
mkdir -p "$bin"
bin=$(cd "$bin" && pwd)

if [ "$aot" = yes ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    dotnet publish src/Vigil -c Release -r linux-x64 -p:PublishAot=true -p:VigilSharedTypeData=$shared \
        -o "$out/bin" --artifacts-path "$out/art" >&2
    install -m 0755 "$out/bin/vigil" "$bin/vigil"
else
    lib="$(dirname "$bin")/lib/vigil"
    dotnet_path=$(command -v dotnet) || { echo "install.sh: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }
    dotnet_path=$(readlink -f "$dotnet_path")
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    dotnet publish src/Vigil -c Release -o "$out/lib" --artifacts-path "$out/art" >&2
    rm -rf "$lib"
    mkdir -p "$lib"
    cp -r "$out/lib/." "$lib/"
    printf '#!/bin/sh\nexec "%s" "%s/vigil.dll" "$@"\n' "$dotnet_path" "$lib" > "$bin/vigil"
    chmod 0755 "$bin/vigil"
fi

echo "installed $bin/vigil"
# /usr/local/sbin is where the systemd unit looks, but it is not on a normal user's PATH on Debian: link it from
# /usr/local/bin so `vigil status` works without sudo too.
if [ "$bin" = /usr/local/sbin ] && [ -d /usr/local/bin ] && [ ! -e /usr/local/bin/vigil ]; then
    ln -s /usr/local/sbin/vigil /usr/local/bin/vigil && echo "linked /usr/local/bin/vigil"
fi
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "note: $bin is not on your PATH; add it, or run $bin/vigil" ;;
esac
"$bin/vigil" version
