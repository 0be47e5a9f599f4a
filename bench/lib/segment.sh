# Shared by the two-host benchmarks (source it after setting ROOT): the Release build of vigil they run under
# dotnet, and the segment: namespaces $P-h1 and $P-h2 (eth0 192.0.2.11/24 and .12/24, no DAD) joined by a bridge in
# $P-br. Documentation addresses only; the caller's cleanup deletes the namespaces.

# build_vigil_dll ARTIFACTS: builds src/Vigil in Release and sets VIGIL_DLL.
build_vigil_dll() {
    echo "building vigil (Release) ..." >&2
    dotnet build "$ROOT/src/Vigil" -c Release --artifacts-path "$1" -v q -nologo >/dev/null
    VIGIL_DLL="$1/bin/Vigil/release/vigil.dll"
    [ -f "$VIGIL_DLL" ] || VIGIL_DLL=$(find "$1/bin" -name vigil.dll | head -1)
}

# two_host_segment PREFIX
two_host_segment() {
    local p=$1 i ns
    ip netns add "$p-br"
    ip -n "$p-br" link add br0 type bridge mcast_snooping 0
    ip -n "$p-br" link set br0 up
    for i in 1 2; do
        ns="$p-h$i"
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
        ip -n "$ns" link add eth0 type veth peer name "p$i" netns "$p-br"
        ip -n "$p-br" link set "p$i" master br0 up
        ip -n "$ns" addr add "192.0.2.1$i/24" dev eth0
        ip -n "$ns" link set eth0 up
    done
}
