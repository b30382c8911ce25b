#!/usr/bin/env bash
# bench/run stop — see bench/lib/stop.py for what it measures and prints.
set -euo pipefail
make -s bench-deps >&2
swift build -c release --product grove >&2
exec python3 bench/lib/stop.py "$(swift build -c release --show-bin-path)/grove" ${GROVE_WORKERS:-2}
