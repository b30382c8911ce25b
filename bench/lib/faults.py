"""bench/run faults: Grove under faults, each with its figure (RESULT lines).

- kill -9 of a worker under wrk load: failed requests (only that worker's in-flight ones),
  time until its replacement is ready, and that the replacement serves (its CPU grows).
- SIGSTOP of a worker: heartbeat detection, stuck report, kill, replacement; time to recovery.
- /lab/crash: the worker traps, is replaced; the exit reason is in the master's log.
- /lab/leak-task: the leaked plain Task {} is reported in the log.
- a long run (FAULTS_LONG_REQUESTS, default 1,000,000 requests): each worker's RSS and open
  descriptors from /proc before and after.
- the fd limit reached (grove under prlimit --nofile=FAULTS_NOFILE): the saturated worker's
  CPU (accept backs off instead of spinning), and the time to serve again once the
  connections close.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time

from procstat import cpu_seconds, established_connections, open_fds, rss_kib
from servers import Grove, free_port, run_wrk

binary = sys.argv[1]
seconds = int(os.environ.get("FAULTS_SECONDS", "10"))
long_requests = int(os.environ.get("FAULTS_LONG_REQUESTS", "1000000"))
nofile = int(os.environ.get("FAULTS_NOFILE", "256"))


def request(port, path="/", timeout=2.0):
    """One GET on a fresh connection; the status, or None."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode())
            head = connection.recv(64)
            return int(head.split()[1]) if head.startswith(b"HTTP/1.1 ") else None
    except (OSError, ValueError, IndexError):
        return None


def log_text(grove):
    grove.log.flush()
    with open(grove.log_path) as f:
        return f.read()


def wait_for(what, predicate, timeout=30.0, interval=0.002):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        value = predicate()
        if value:
            return value, (time.monotonic() - start) * 1000
        time.sleep(interval)
    raise RuntimeError(f"{what}: not within {timeout} s")


def result(key, value):
    print(f"RESULT {key} {value}", flush=True)


# --- kill -9 under load -------------------------------------------------------------------
port = free_port()
grove = Grove(binary, port, workers=2)
try:
    connections = 32
    wrk = subprocess.Popen(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", f"http://127.0.0.1:{port}/"],
                           stdout=subprocess.PIPE, text=True)
    time.sleep(seconds / 3)
    victim, survivor = grove.workers()
    victim_connections = established_connections(victim, port)
    os.kill(victim, signal.SIGKILL)
    replacement, respawn_ms = wait_for(
        "a replacement worker ready",
        lambda: next((int(m) for m in re.findall(r"worker (\d+) \(slot \d+, generation \d+\) ready after", log_text(grove))
                      if int(m) not in (victim, survivor)), None))
    cpu_before = cpu_seconds(replacement)
    out = wrk.communicate()[0]
    cpu_after = cpu_seconds(replacement)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = (sum(int(x) for x in errors.groups()) if errors else 0) + (int(non2xx.group(1)) if non2xx else 0)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    print(out)
    print(f"kill -9 of worker {victim} (holding {victim_connections} of wrk's {connections} connections): "
          f"{failed} failed of {total}; "
          f"replacement {replacement} ready after {respawn_ms:.1f} ms and used {cpu_after - cpu_before:.2f} s CPU serving")
    result("kill9_failed_requests", failed)
    result("kill9_total_requests", total)
    result("kill9_wrk_connections", connections)
    result("kill9_victim_connections", victim_connections)
    result("kill9_respawn_ms", f"{respawn_ms:.1f}")
    result("kill9_replacement_served", 1 if cpu_after - cpu_before > 0 and request(port) == 200 else 0)
finally:
    grove.stop()

# --- SIGSTOP: a hung worker ---------------------------------------------------------------
port = free_port()
grove = Grove(binary, port, workers=1, extra=["--heartbeat-timeout", "1", "--graceful-timeout", "1"])
try:
    (stopped,) = grove.workers()
    os.kill(stopped, signal.SIGSTOP)
    start = time.monotonic()

    def served_by_replacement():
        workers = grove.workers()
        return workers and stopped not in workers and request(port, timeout=0.5) == 200

    _, recovery_ms = wait_for("serving after SIGSTOP", served_by_replacement, timeout=30, interval=0.01)
    text = log_text(grove)
    detected = re.search(rf"worker {stopped} .*failed a health check.*", text)
    killed = re.search(rf"worker {stopped} .*killed by SIGKILL.*", text)
    print(f"SIGSTOP of worker {stopped}: serving again after {recovery_ms:.0f} ms")
    print("  " + (detected.group(0) if detected else "no health-check line"))
    print("  " + (killed.group(0) if killed else "no kill line"))
    result("sigstop_recovery_ms", f"{recovery_ms:.0f}")
    result("sigstop_detected_by_heartbeat", 1 if detected else 0)
    result("sigstop_stuck_report_asked", 1 if re.search(r"snapshot|stuck report", text) else 0)
    result("sigstop_killed_and_replaced", 1 if killed else 0)
finally:
    os.kill(stopped, signal.SIGCONT) if os.path.exists(f"/proc/{stopped}") else None
    grove.stop()

# --- /lab/crash and /lab/leak-task --------------------------------------------------------
port = free_port()
grove = Grove(binary, port, workers=1, extra=["--enable-lab-faults", "--graceful-timeout", "1"])
try:
    (crashing,) = grove.workers()
    start = time.monotonic()
    request(port, "/lab/crash", timeout=5)
    wait_for("serving after /lab/crash",
             lambda: crashing not in grove.workers() and grove.workers() and request(port, timeout=0.5) == 200)
    crash_ms = (time.monotonic() - start) * 1000  # from the request that crashed it
    reason = re.search(rf"worker {crashing} .*(trapped|crashed).*", log_text(grove))
    print(f"/lab/crash: worker {crashing} replaced, serving after {crash_ms:.0f} ms; master: "
          f"{reason.group(0) if reason else 'no exit reason logged'}")
    result("crash_replaced_ms", f"{crash_ms:.0f}")
    result("crash_exit_reason_logged", 1 if reason else 0)

    status = request(port, "/lab/leak-task?ms=100")
    leak, _ = wait_for("the leak report", lambda: re.search(r".*task escaped the event loop.*", log_text(grove)), timeout=5)
    print(f"/lab/leak-task answered {status}; worker log: {leak.group(0)}")
    result("leak_task_reported", 1 if leak else 0)
finally:
    grove.stop()

# --- a long run: RSS and descriptors flat -------------------------------------------------
port = free_port()
grove = Grove(binary, port, workers=2)
try:
    warm = run_wrk(port, connections=64, seconds=3)
    workers = grove.workers()
    before = {pid: (rss_kib(pid), open_fds(pid)) for pid in workers}
    served = 0
    while served < long_requests:
        served += run_wrk(port, connections=64, seconds=10)["requests"]
    time.sleep(0.5)
    after = {pid: (rss_kib(pid), open_fds(pid)) for pid in workers}
    for pid in workers:
        print(f"worker {pid}: RSS {before[pid][0]} -> {after[pid][0]} KiB, fds {before[pid][1]} -> {after[pid][1]}")
    result("long_run_requests", served + warm["requests"])
    result("long_run_rss_growth_kib_max", max(after[p][0] - before[p][0] for p in workers))
    result("long_run_fd_growth_max", max(after[p][1] - before[p][1] for p in workers))
    result("long_run_workers_unchanged", 1 if sorted(grove.workers()) == sorted(workers) else 0)
finally:
    grove.stop()

# --- the fd limit reached -----------------------------------------------------------------
port = free_port()
grove = Grove("prlimit", port, workers=1, prefix=[f"--nofile={nofile}:{nofile}", binary])
held = []
try:
    (worker,) = grove.workers()
    for _ in range(nofile + 200):
        held.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    time.sleep(1.0)  # the worker accepted what it could and hit EMFILE
    saturated_fds = open_fds(worker)
    blocked = request(port, timeout=1.0)
    cpu_start, wall_start = cpu_seconds(worker), time.monotonic()
    time.sleep(3.0)
    saturated_cpu = (cpu_seconds(worker) - cpu_start) / (time.monotonic() - wall_start) * 100
    log = log_text(grove)
    backoff_logged = bool(re.search(r"out of file descriptors|EMFILE", log, re.I))
    start = time.monotonic()
    for connection in held:
        connection.close()
    held = []
    _, recovery_ms = wait_for("serving after the descriptors were freed", lambda: request(port, timeout=0.5) == 200,
                              interval=0.01)
    print(f"fd limit {nofile}: {nofile + 200} connections opened, the worker holds {saturated_fds} fds; a request "
          f"meanwhile got {blocked}; saturated worker CPU {saturated_cpu:.1f}% "
          f"over 3 s; serving {recovery_ms:.0f} ms after they closed; accept pause logged: {backoff_logged}; "
          f"worker unchanged: {grove.workers() == [worker]}")
    result("fdlimit_saturated_worker_cpu_percent", f"{saturated_cpu:.1f}")
    result("fdlimit_recovery_ms", f"{recovery_ms:.0f}")
    result("fdlimit_worker_fds_saturated", saturated_fds)
    result("fdlimit_worker_survived", 1 if grove.workers() == [worker] else 0)
    result("fdlimit_accept_pause_logged", 1 if backoff_logged else 0)
finally:
    for connection in held:
        connection.close()
    grove.stop()
