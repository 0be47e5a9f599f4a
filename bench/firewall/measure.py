#!/usr/bin/env python3
# MASTER entry to the no_accept drop element, for keepalived 2.2.7 and Vigil side by side (docs/firewall.md).
# Usage (root): [VIGIL_BIN=native-vigil | VIGIL_DLL=vigil.dll] python3 bench/firewall/measure.py [NETNS] vigil|keepalived|both RUNS
# Without NETNS the script makes its own namespace (vgfw-PID: a veth pair, eth0 up with 192.0.2.1/24, no VRRP
# peer) and removes it at the end. A given NETNS must exist with an up eth0 holding a 192.0.2.0/24 address and no
# VRRP peer. Either way the script flushes the namespace's nftables ruleset before each run. It times, from this
# process, the "Entering MASTER STATE" log line of the daemon to the element's arrival in `nft monitor` (both seen
# through pipes, so a few ms of pipe and scheduling latency are part of each figure). With "both" the daemons
# alternate, run by run, in the same namespace.
# The log line is not a neutral mark (Vigil writes its log through a queue; the element can be in before the line is
# out, giving negative figures), so the script also watches, through the same kind of pipe, the first VRRP advert on
# eth0 (`tcpdump`) and the VIP's arrival (`ip monitor address`), and prints, from the first advert: the element, the
# address, and the whole entry (the later of the two).
# ROUTES=N RULES=M add N virtual_routes (198.51.100.K/32 via 192.0.2.254 table 100) and M virtual_rules (from
# 198.51.100.K/32 table 100) to the instance; the whole entry then also waits for the last of them in
# `ip monitor route rule` (issue figure: 50 routes and 20 rules).
import subprocess, time, sys, threading, os

args = sys.argv[1:]
own = len(args) == 2
ns = "vgfw-%d" % os.getpid() if own else args.pop(0)
kinds, n = (["vigil", "keepalived"] if args[0] == "both" else [args[0]]), int(args[1])
work = "/tmp/vigil-fw-bench"
os.makedirs(work, exist_ok=True)
conf = work + "/m.conf"
routes, rules = int(os.environ.get("ROUTES", "0")), int(os.environ.get("RULES", "0"))
extra = ""
if routes:
    extra += "  virtual_routes {\n" + "".join("    198.51.100.%d/32 via 192.0.2.254 dev eth0 table 100\n" % k
                                          for k in range(1, routes + 1)) + "  }\n"
if rules:
    extra += "  virtual_rules {\n" + "".join("    from 198.51.100.%d/32 table 100 preference %d\n" % (k, 1000 + k)
                                         for k in range(1, rules + 1)) + "  }\n"
open(conf, "w").write("""global_defs {
  vrrp_strict
  vrrp_garp_master_delay 1
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  advert_int 1
  virtual_ipaddress {
    192.0.2.200/24
  }
""" + extra + """}
""")

def sh(*cmd):
    subprocess.run(cmd, check=True)

if own:
    sh("ip", "netns", "add", ns)
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1")
    sh("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "eth0")
    sh("ip", "-n", ns, "link", "set", "eth0", "up")
    sh("ip", "-n", ns, "link", "set", "eth1", "up")
    time.sleep(1)

def once(kind):
    subprocess.run(["ip", "netns", "exec", ns, "nft", "flush", "ruleset"])
    mon = subprocess.Popen(["ip", "netns", "exec", ns, "nft", "monitor"], stdout=subprocess.PIPE, text=True, bufsize=1)
    addr = subprocess.Popen(["ip", "-n", ns, "monitor", "address"], stdout=subprocess.PIPE, text=True, bufsize=1)
    dump = subprocess.Popen(["ip", "netns", "exec", ns, "tcpdump", "--immediate-mode", "-l", "-n", "-i", "eth0", "vrrp"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, bufsize=1)
    kernel = subprocess.Popen(["ip", "-n", ns, "monitor", "route", "rule"], stdout=subprocess.PIPE, text=True, bufsize=1)
    time.sleep(0.5)
    t_elem, t_addr, t_advert, t_routes = [None], [None], [None], [None if routes + rules else 0.0]
    def watch_routes():
        seen = 0
        for line in kernel.stdout:
            if not line.startswith("Deleted") and ("table 100" in line or "lookup 100" in line):
                seen += 1
                if seen == routes + rules and t_routes[0] is None:
                    t_routes[0] = time.monotonic()
    if routes + rules:
        threading.Thread(target=watch_routes, daemon=True).start()
    def watch(proc, mark, want):
        for line in proc.stdout:
            if want(line) and mark[0] is None:
                mark[0] = time.monotonic()
    threading.Thread(target=watch, args=(mon, t_elem, lambda l: "element" in l and "192.0.2.200" in l), daemon=True).start()
    threading.Thread(target=watch, args=(addr, t_addr, lambda l: "192.0.2.200" in l and "Deleted" not in l), daemon=True).start()
    threading.Thread(target=watch, args=(dump, t_advert, lambda l: "VRRP" in l), daemon=True).start()
    if kind == "vigil":
        # VIGIL_BIN: a native (NativeAOT) vigil; else VIGIL_DLL (default the Debug build) through dotnet.
        exe = [os.environ["VIGIL_BIN"]] if "VIGIL_BIN" in os.environ else \
            ["dotnet", os.environ.get("VIGIL_DLL", "src/Vigil/bin/Debug/net10.0/vigil.dll")]
        cmd = ["ip", "netns", "exec", ns, *exe, "run", "-f", conf, "-l", "-D", "-p", work + "/v.pid", "--control", work + "/c.sock"]
    else:
        for f in (work + "/k.pid", work + "/r.pid"):
            if os.path.exists(f): os.remove(f)
        cmd = ["ip", "netns", "exec", ns, "stdbuf", "-oL", "/usr/sbin/keepalived", "-n", "-l", "-D", "-f", conf, "-p", work + "/k.pid",
               "-r", work + "/r.pid", "--no-syslog"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    t_master = None
    for line in p.stdout:
        if "Entering MASTER STATE" in line:
            t_master = time.monotonic(); break
    end = time.monotonic() + 3
    while (t_elem[0] is None or t_addr[0] is None or t_advert[0] is None or t_routes[0] is None) \
            and time.monotonic() < end: time.sleep(0.001)
    p.terminate(); p.wait(timeout=10)
    for w in (mon, addr, dump, kernel):
        w.terminate(); w.wait(timeout=10)
    time.sleep(0.5)
    if not (t_elem[0] and t_master):
        return None
    ms = lambda a, b: (a - b) * 1000 if a and b else None
    done = t_routes[0] if routes + rules else None
    return {"line": ms(t_elem[0], t_master), "elem": ms(t_elem[0], t_advert[0]), "addr": ms(t_addr[0], t_advert[0]),
            "routes": ms(done, t_advert[0]),
            "entry": ms(max(t_elem[0], t_addr[0], done or 0), t_advert[0]) if t_addr[0] and (done or not routes + rules) else None}

try:
    res = {k: [] for k in kinds}
    for i in range(n):
        for kind in kinds:
            r = once(kind)
            if r is not None: res[kind].append(r)
    labels = {"line": "MASTER line -> element", "elem": "advert -> element", "addr": "advert -> address",
              "routes": "advert -> last route/rule", "entry": "advert -> element, address (and routes, rules)"}
    for kind in kinds:
        for key, label in labels.items():
            xs = sorted(r[key] for r in res[kind] if r[key] is not None)
            if not xs:
                print(kind, label, "no measurement"); continue
            print("%-10s %-30s n=%d median %.1f ms min %.1f max %.1f" % (kind, label, len(xs), xs[len(xs) // 2], xs[0], xs[-1]),
                  [round(x, 1) for x in xs])
finally:
    if own:
        subprocess.run(["ip", "netns", "del", ns])
