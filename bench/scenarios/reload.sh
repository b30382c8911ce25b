#!/usr/bin/env bash
# bench/run reload — see bench/lib/reload.py for what it measures and prints.
set -euo pipefail
make -s bench-deps >&2
swift build -c release --product grove >&2
exec python3 bench/lib/reload.py "$(swift build -c release --show-bin-path)/grove" ${GROVE_WORKERS:-2}
