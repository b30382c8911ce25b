#!/usr/bin/env bash
# bench/run instructions — user-space instructions per hello request, Grove against nginx, each
# with one worker under valgrind's callgrind: a run with no requests is subtracted from a run
# with INSTRUCTIONS_REQUESTS (8000) requests over 64 keep-alive connections sent in waves, so
# only the per-request work remains. Nearly deterministic (about ±1 % between runs), unlike CPU
# time read from /proc (which the kernel samples at its tick): the figure to compare changes by.
# Prints RESULT
# hello_instructions_per_req, nginx_instructions_per_req and hello_instructions_vs_nginx.
set -euo pipefail
make -s valgrind-deps >&2
swift build -c release --product grove >&2
exec python3 bench/lib/instructions.py "$(swift build -c release --show-bin-path)/grove" \
    "${INSTRUCTIONS_REQUESTS:-8000}"
