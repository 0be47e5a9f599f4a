#!/usr/bin/env python3
# MASTER entry to the no_accept drop element, for keepalived 2.2.7 and Vigil side by side (docs/firewall.md).
# Usage (root): python3 bench/firewall/measure.py NETNS vigil|keepalived RUNS
# NETNS must exist with an up eth0 holding a 192.0.2.0/24 address and no VRRP peer; the script flushes its
# nftables ruleset. It times, from this process, the "Entering MASTER STATE" log line of the daemon to the
# element's arrival in `nft monitor` (both seen through pipes, so a few ms of pipe and scheduling latency
# are part of each figure).
import subprocess, time, sys, threading, os, re
os.makedirs("/tmp/vigil-fw-bench", exist_ok=True)
ns, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
conf = "/tmp/vigil-fw-bench/m.conf"
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
}
""")
res = []
for i in range(n):
    subprocess.run(["ip","netns","exec",ns,"nft","flush","ruleset"])
    mon = subprocess.Popen(["ip","netns","exec",ns,"nft","monitor"], stdout=subprocess.PIPE, text=True, bufsize=1)
    time.sleep(0.3)
    t_elem = [None]
    def rd():
        for line in mon.stdout:
            if "element" in line and "192.0.2.200" in line and t_elem[0] is None:
                t_elem[0] = time.monotonic()
    threading.Thread(target=rd, daemon=True).start()
    if kind == "vigil":
        cmd = ["ip","netns","exec",ns,"dotnet",os.environ.get("VIGIL_DLL", "src/Vigil/bin/Debug/net10.0/vigil.dll"),"run","-f",conf,"-l","-D","-p","/tmp/vigil-fw-bench/v.pid","--control","/tmp/vigil-fw-bench/c.sock"]
    else:
        for f in ("/tmp/vigil-fw-bench/k.pid","/tmp/vigil-fw-bench/r.pid"):
            if os.path.exists(f): os.remove(f)
        cmd = ["ip","netns","exec",ns,"stdbuf","-oL","/usr/sbin/keepalived","-n","-l","-D","-f",conf,"-p","/tmp/vigil-fw-bench/k.pid","-r","/tmp/vigil-fw-bench/r.pid","--no-syslog"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    t_master = None
    for line in p.stdout:
        if "Entering MASTER STATE" in line:
            t_master = time.monotonic(); break
    end = time.monotonic() + 3
    while t_elem[0] is None and time.monotonic() < end: time.sleep(0.001)
    p.terminate(); p.wait(timeout=10); mon.terminate()
    if t_elem[0] and t_master:
        res.append((t_elem[0] - t_master) * 1000)
    time.sleep(0.5)
res.sort()
print(kind, "n=%d" % len(res), "median %.1f ms" % res[len(res)//2], "min %.1f max %.1f" % (res[0], res[-1]), [round(x,1) for x in res])
