"""bench/run reload: wrk (-c64, 20 s) plus 50 keep-alive clients (a request every 50 ms each)
while the master gets 5 SIGHUPs 3 s apart. Prints RESULT reload_failed_requests (wrk errors +
non-2xx + keep-alive client failures) and reload_total_requests."""
import asyncio
import os
import signal
import subprocess
import sys
import threading
import time

from keepalive_client import run as keepalive_run
from servers import Grove, free_port, parse_duration_ms  # noqa: F401

binary, workers = sys.argv[1], int(sys.argv[2])
port = free_port()
grove = Grove(binary, port, workers=workers)
wrk = subprocess.Popen(["wrk", "-t1", "-c64", "-d20s", f"http://127.0.0.1:{port}/"], stdout=subprocess.PIPE, text=True)
keepalive = {}
thread = threading.Thread(target=lambda: keepalive.update(asyncio.run(keepalive_run(port, 50, 0.05, 20))))
thread.start()
generations = []
try:
    time.sleep(2)
    for _ in range(5):
        os.kill(grove.process.pid, signal.SIGHUP)
        time.sleep(3)
        generations.append(sorted(grove.workers()))
    out, _ = wrk.communicate(timeout=60)
    thread.join(timeout=60)
finally:
    grove.stop()

import re  # noqa: E402
requests = int(re.search(r"(\d+) requests in", out).group(1))
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
wrk_errors = sum(int(x) for x in errors.groups()) if errors else 0
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
wrk_non2xx = int(non2xx.group(1)) if non2xx else 0
print(f"wrk: {requests} requests, {wrk_errors} socket errors, {wrk_non2xx} non-2xx")
print(f"keep-alive clients: {keepalive.get('total')} requests, {keepalive.get('failed')} failed, "
      f"{keepalive.get('reconnects')} reconnects after Connection: close")
for error in sorted(set(keepalive.get("errors", [])))[:10]:
    print(f"  keep-alive error: {error}")
print(f"worker pids after each SIGHUP: {generations}")
print(f"RESULT reload_failed_requests {wrk_errors + wrk_non2xx + keepalive.get('failed', 0)}")
print(f"RESULT reload_total_requests {requests + keepalive.get('total', 0)}")
