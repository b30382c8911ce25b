#!/usr/bin/env bash
# bench/run hello — the demo's hello world against nginx (`return 200`, access log off) on
# loopback: wrk -t2 -c64 -d10s --latency, alternating, three rounds, 2 workers each
# (HELLO_WORKERS). Prints RESULT hello_rps_vs_nginx (median ratio),
# hello_user_cpu_per_req_vs_nginx (server user-CPU seconds per request, from /proc),
# hello_p99_ms and nginx_p99_ms.
set -euo pipefail
make -s bench-deps >&2
swift build -c release --product grove >&2
exec python3 bench/lib/hello.py "$(swift build -c release --show-bin-path)/grove" \
    "${HELLO_WORKERS:-2}" "${HELLO_ROUNDS:-3}" "${HELLO_SECONDS:-10}"
