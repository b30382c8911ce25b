"""bench/run idle: memory per idle keep-alive connection, Grove against nginx in the same run.

Opens IDLE_CONNECTIONS (default 10,000) connections to each server in turn, sends one request
on each, reads its response and leaves the connection open and idle. The figure is the growth
of the summed RSS of all the server's processes (master and workers, from /proc) divided by
the number of connections. Prints RESULT idle_bytes_per_conn and nginx_idle_bytes_per_conn."""
import os
import resource
import socket
import sys
import time

from servers import Grove, Nginx, free_port, rss_bytes

binary = sys.argv[1]
count = int(os.environ.get("IDLE_CONNECTIONS", "10000"))
# The path each connection asks for before it idles. Grove's `/` is an immediate route (its
# connections never get a task); IDLE_PATH=/myapp-a/ measures connections parked after an
# asynchronous handler instead.
path = os.environ.get("IDLE_PATH", "/")
workers = int(os.environ.get("IDLE_WORKERS", "2"))

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
needed = count + 200
if soft < needed:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(needed, soft)), hard))
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft < needed:
        sys.exit(f"idle: {count} connections need {needed} descriptors, the hard limit is {hard}")


def settle(server):
    """RSS once it stopped moving (one request on a fresh connection first)."""
    with socket.create_connection(("127.0.0.1", server.port)) as warm:
        warm.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        warm.recv(4096)
    time.sleep(1.0)
    return rss_bytes(server.pids())


def measure(name, server):
    before = settle(server)
    connections = []
    request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    try:
        for _ in range(count):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            connection.sendall(request)
            connections.append(connection)
            if len(connections) % 500 == 0:
                for pending in connections[-500:]:
                    pending.recv(4096)
        for pending in connections[len(connections) - len(connections) % 500:]:
            pending.recv(4096)
        time.sleep(2.0)  # idle: past any read buffer's release
        after = rss_bytes(server.pids())
        alive = sum(1 for pid in server.pids() if os.path.exists(f"/proc/{pid}"))
    finally:
        for connection in connections:
            connection.close()
    per_connection = (after - before) / count
    print(f"{name}: RSS {before / 1024:.0f} KiB -> {after / 1024:.0f} KiB over {alive} processes with "
          f"{count} idle keep-alive connections: {per_connection:.0f} bytes each", flush=True)
    return per_connection


grove = Grove(binary, free_port(), workers=workers)
try:
    grove_per = measure("grove", grove)
finally:
    grove.stop()
nginx = Nginx(workers, free_port())
try:
    nginx_per = measure("nginx", nginx)
finally:
    nginx.stop()
print(f"RESULT idle_bytes_per_conn {grove_per:.0f}")
print(f"RESULT nginx_idle_bytes_per_conn {nginx_per:.0f}")
print(f"RESULT idle_connections {count}")
print(f"RESULT idle_path {path}")
