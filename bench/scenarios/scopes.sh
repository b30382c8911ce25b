#!/usr/bin/env bash
# bench/run scopes — spawn+complete of 1,000,000 trivial tasks through a TaskScope (with and
# without an observer) against discarding task-group children, global executor, same run.
set -euo pipefail
swift build -c release --product grove-bench-scopes >&2
"$(swift build -c release --show-bin-path)/grove-bench-scopes" "$@"
