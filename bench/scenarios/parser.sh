#!/usr/bin/env bash
# bench/run parser — micro-benchmark of GroveHTTPParser: nanoseconds per request for a
# wrk-style GET (parser_ns_per_request), a GET with typical browser headers, and a
# pipelined batch of 16 wrk-style GETs in one buffer.
set -euo pipefail
swift build -c release --product grove-bench-parser >&2
exec "$(swift build -c release --show-bin-path)/grove-bench-parser" "$@"
