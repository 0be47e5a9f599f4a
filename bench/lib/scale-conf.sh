# Shared by bench/scale (source it): the generated configuration. IFACES must be set (interfaces eth0..eth{IFACES-1}).
#
# scale_conf N PRIORITY SCRIPTS: N VRRPv3 instances at advert_int 1, all `state BACKUP`; the first min(N/2, 440) are
# IPv4 with one /32 VIP (198.51.100.0/24, then 192.0.2.64-255), the rest IPv6 with one /128 VIP in 2001:db8::/32.
# Within a family instance j is on interface j % IFACES with VRID j / IFACES + 1, so VRIDs repeat per interface
# and per family. The first SCRIPTS instances each track their own script (/bin/true, interval 1).

scale_v4_vip() { # J -> the J-th IPv4 VIP
    if [ "$1" -lt 256 ]; then echo "198.51.100.$1/32"; else echo "192.0.2.$(( 64 + $1 - 256 ))/32"; fi
}

scale_conf() {
    local n=$1 prio=$2 scripts=$3 nv4 j v fam vip
    nv4=$(( n / 2 < 440 ? n / 2 : 440 ))
    printf 'global_defs {\n    router_id scale%s\n    enable_script_security\n    script_user root\n}\n' "$prio"
    for v in $(seq "$scripts"); do printf 'vrrp_script chk_%d {\n    script "/bin/true"\n    interval 1\n}\n' "$v"; done
    for v in $(seq 0 $(( n - 1 ))); do
        if [ "$v" -lt "$nv4" ]; then j=$v; fam=4; vip=$(scale_v4_vip "$j")
        else j=$(( v - nv4 )); fam=6; vip=$(printf '2001:db8:%x::%x/128' $(( j % IFACES )) $(( j + 1 ))); fi
        printf 'vrrp_instance VI_%d {\n    state BACKUP\n    interface eth%d\n    virtual_router_id %d\n' \
            "$v" $(( j % IFACES )) $(( j / IFACES + 1 ))
        printf '    priority %d\n    advert_int 1\n    version 3\n    virtual_ipaddress {\n        %s\n    }\n' "$prio" "$vip"
        [ "$v" -lt "$scripts" ] && printf '    track_script {\n        chk_%d\n    }\n' $(( v + 1 ))
        printf '}\n'
    done
}
