"""bench/run stop: RESULT stop_ms_idle_1000 (SIGTERM to the master's exit with 1,000 idle
keep-alive connections open) and RESULT respawn_ms (kill -9 of the only worker to the next
request served by its replacement)."""
import os
import signal
import socket
import sys
import time

from servers import Grove, free_port

binary = sys.argv[1]


def request(port, timeout=2.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        return connection.recv(1024).startswith(b"HTTP/1.1 200")


# Stop with 1,000 idle keep-alive connections.
port = free_port()
grove = Grove(binary, port, workers=2)
idle = []
for _ in range(1000):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
    idle.append(connection)
for connection in idle:
    connection.recv(1024)
time.sleep(0.5)  # all idle past the drain grace
start = time.monotonic()
os.kill(grove.process.pid, signal.SIGTERM)
grove.process.wait(timeout=60)
stop_ms = (time.monotonic() - start) * 1000
closed = 0
for connection in idle:
    connection.settimeout(0.1)
    try:
        closed += connection.recv(1024) == b""
    except OSError:
        closed += 1
    connection.close()
print(f"master exit code {grove.process.returncode}, {closed} of 1000 idle connections closed by the server")

# Respawn: kill -9 of the only worker, time to the next request served.
port = free_port()
grove = Grove(binary, port, workers=1)
try:
    assert request(port)
    (worker,) = grove.workers()
    start = time.monotonic()
    os.kill(worker, signal.SIGKILL)
    while True:
        try:
            if request(port, timeout=0.5):
                break
        except OSError:
            pass
        if time.monotonic() - start > 30:
            raise RuntimeError("no replacement worker served within 30 s")
        time.sleep(0.002)
    respawn_ms = (time.monotonic() - start) * 1000
    replacement = grove.workers()
finally:
    grove.stop()
print(f"worker {worker} killed, replaced by {replacement}")
print(f"RESULT stop_ms_idle_1000 {stop_ms:.1f}")
print(f"RESULT respawn_ms {respawn_ms:.1f}")
