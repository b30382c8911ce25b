"""Starting, measuring and stopping the servers a benchmark compares (Grove and nginx)."""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


def process_tree(pid):
    """pid and all its descendants (nginx master + workers, grove master + workers)."""
    pids = [pid]
    for task in os.listdir("/proc"):
        if not task.isdigit():
            continue
        try:
            with open(f"/proc/{task}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) in pids:
                pids.append(int(task))
        except (OSError, IndexError, ValueError):
            pass
    return pids


def cpu_seconds(pids):
    """(user, system) CPU seconds summed over pids, from /proc/<pid>/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    user = system = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            user += int(fields[11])
            system += int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return user / ticks, system / ticks


def rss_bytes(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def nginx_conf(workers, port, directory, body="Hello, Grove\n"):
    """The nginx.conf of the comparison server: `return 200 body`, access log off, every
    file under `directory`."""
    return f"""
worker_processes {workers};
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 20000; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path {directory};
    proxy_temp_path {directory};
    fastcgi_temp_path {directory};
    uwsgi_temp_path {directory};
    scgi_temp_path {directory};
    server {{
        listen 127.0.0.1:{port};
        location / {{ default_type text/plain; return 200 "{body.encode('unicode_escape').decode()}"; }}
    }}
}}
"""


class Nginx:
    """nginx with `return 200`, access log off, `workers` worker processes, on loopback."""

    def __init__(self, workers, port, body="Hello, Grove\n"):
        self.dir = tempfile.mkdtemp(prefix="grove-bench-nginx-")
        self.port = port
        conf = nginx_conf(workers, port, self.dir, body)
        with open(f"{self.dir}/nginx.conf", "w") as f:
            f.write(conf)
        self.process = subprocess.Popen(["nginx", "-c", f"{self.dir}/nginx.conf", "-p", self.dir],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(port)
        time.sleep(0.3)

    def pids(self):
        return process_tree(self.process.pid)

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Grove:
    """The demo `grove` binary (master and `workers` workers) on loopback."""

    def __init__(self, binary, port, workers=1, extra=(), prefix=()):
        """`prefix`: arguments between `binary` and `serve` (when `binary` is a wrapper such as
        `prlimit`, whose children are then the master and its workers)."""
        self.port = port
        self.log_path = tempfile.mktemp(prefix="grove-bench-log-")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([binary, *prefix, "serve", "--workers", str(workers),
                                         "--bind", f"127.0.0.1:{port}", *extra],
                                        stdout=self.log, stderr=self.log)
        wait_for_port(port)
        time.sleep(0.3)

    def pids(self):
        return process_tree(self.process.pid)

    def workers(self):
        """The pids of the master's children."""
        return [pid for pid in process_tree(self.process.pid) if pid != self.process.pid]

    def stop(self, timeout=35):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def parse_duration_ms(text):
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value if unit == "ms" else value * 1000


def run_wrk(port, threads=2, connections=64, seconds=10, path="/"):
    """Runs wrk --latency; returns requests, rps, p50/p99 ms and error counts."""
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    result = {"output": out}
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    for percentile in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{percentile}%\s+(\S+)", out, re.M)
        result[f"p{percentile}_ms"] = parse_duration_ms(match.group(1)) if match else float("nan")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["socket_errors"] = sum(int(x) for x in errors.groups()) if errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    return result
