#!/usr/bin/env bash
# bench/run loop — the runtime's own figures: spawn+await of a child task on the loop
# executor against the global executor (same run), and loopback echo round trips.
set -euo pipefail
make -s deps >&2
swift build -c release --product grove-bench-loop >&2
"$(swift build -c release --show-bin-path)/grove-bench-loop"
