#!/usr/bin/env bash
# bench/run idle — RSS growth per idle keep-alive connection (IDLE_CONNECTIONS, default 10,000,
# one request each), Grove against nginx in the same run, 2 workers each (IDLE_WORKERS); see
# bench/lib/idle.py. Prints RESULT idle_bytes_per_conn and nginx_idle_bytes_per_conn.
set -euo pipefail
make -s bench-deps >&2
swift build -c release --product grove >&2
exec python3 bench/lib/idle.py "$(swift build -c release --show-bin-path)/grove"
