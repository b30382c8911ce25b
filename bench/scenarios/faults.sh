#!/usr/bin/env bash
# bench/run faults — Grove under faults (see bench/lib/faults.py): kill -9 under load, SIGSTOP,
# /lab/crash, /lab/leak-task, a long run (FAULTS_LONG_REQUESTS, default 1,000,000) with RSS and
# fds from /proc, the fd limit reached (FAULTS_NOFILE, default 256). FAULTS_SECONDS (default
# 10) is the wrk duration of the kill -9 part.
set -euo pipefail
make -s bench-deps >&2
swift build -c release --product grove >&2
exec python3 bench/lib/faults.py "$(swift build -c release --show-bin-path)/grove"
