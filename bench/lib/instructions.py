"""bench/run instructions: callgrind's instruction count per request, Grove against nginx."""
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from servers import free_port, nginx_conf, wait_for_port

CONNECTIONS = 64
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def read_response(sock):
    """Reads one response (head and Content-Length body) from `sock`."""
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("the server closed a connection")
        data += chunk
        end = data.find(b"\r\n\r\n")
        if end < 0:
            continue
        length = 0
        for line in data[:end].split(b"\r\n")[1:]:
            name, value = line.split(b":", 1)
            if name.strip().lower() == b"content-length":
                length = int(value)
        if len(data) >= end + 4 + length:
            return


def send_requests(port, count):
    """`count` requests over CONNECTIONS connections: one on each, then every answer (as a
    loaded server sees them: several ready connections per loop iteration)."""
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
    done = 0
    while done < count:
        wave = socks[:min(CONNECTIONS, count - done)]
        for sock in wave:
            sock.sendall(REQUEST)
        for sock in wave:
            read_response(sock)
        done += len(wave)
    for sock in socks:
        sock.close()


def worker_instructions(command, port, requests, stop_signal, workdir):
    """Runs `command` under callgrind, sends `requests` requests, stops it; returns the
    instruction total of the busiest child process (the worker)."""
    out = os.path.join(workdir, "cg.%p.out")
    process = subprocess.Popen(["valgrind", "--tool=callgrind", "--trace-children=yes",
                                f"--callgrind-out-file={out}", *command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=120)
        time.sleep(2)
        send_requests(port, requests)
        time.sleep(1)
    finally:
        process.send_signal(stop_signal)
        process.wait(timeout=120)
    totals = []
    for path in glob.glob(os.path.join(workdir, "cg.*.out")):
        if path.endswith(f"cg.{process.pid}.out"):
            continue
        with open(path, errors="replace") as f:
            for line in f:
                match = re.match(r"(summary|totals): (\d+)", line)
                if match:
                    totals.append(int(match.group(2)))
                    break
        os.remove(path)
    if not totals:
        raise SystemExit(f"no worker profile from {command[0]}")
    return max(totals)


def per_request(make_command, stop_signal, requests):
    """Instructions per request: a run with `requests` requests minus one with none."""
    counts = []
    for count in (0, requests):
        workdir = tempfile.mkdtemp(prefix="grove-bench-callgrind-")
        port = free_port()
        counts.append(worker_instructions(make_command(port, workdir), port, count, stop_signal, workdir))
        shutil.rmtree(workdir, ignore_errors=True)
    return (counts[1] - counts[0]) / requests


def nginx_command(port, workdir):
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(1, port, workdir))
    return ["nginx", "-c", conf, "-p", workdir]


def main():
    binary, requests = sys.argv[1], int(sys.argv[2])
    # Valgrind cannot read the DWARF 5 debug information Swift writes; symbols are enough.
    stripped = tempfile.mktemp(prefix="grove-bench-stripped-")
    shutil.copy(binary, stripped)
    subprocess.run(["strip", "--strip-debug", stripped], check=True)
    try:
        grove = per_request(lambda port, _: [stripped, "serve", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
                            signal.SIGTERM, requests)
    finally:
        os.remove(stripped)
    nginx = per_request(nginx_command, signal.SIGQUIT, requests)
    print(f"grove: {grove:.0f} instructions per request; nginx: {nginx:.0f}", file=sys.stderr)
    print(f"RESULT hello_instructions_per_req {grove:.0f}")
    print(f"RESULT nginx_instructions_per_req {nginx:.0f}")
    print(f"RESULT hello_instructions_vs_nginx {grove / nginx:.3f}")


if __name__ == "__main__":
    main()
