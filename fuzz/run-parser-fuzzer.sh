#!/usr/bin/env bash
# fuzz/run-parser-fuzzer.sh [SECONDS] — runs the libFuzzer build of grove-fuzz-parser
# (made by `make fuzz`) for SECONDS (default $FUZZ_SECONDS or 60). It starts from the seed
# corpus fuzz/seeds/parser (the test corpus), keeps what it discovers in fuzz-out/corpus,
# writes crash artifacts to fuzz-out/, and exits non-zero if the parser crashed. Swift's own
# backtracer is disabled so that libFuzzer's signal handler can save the crashing input.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-60}}"
fuzzer=.build-fuzz/release/grove-fuzz-parser
[ -x "$fuzzer" ] || { echo "run 'make fuzz' to build $fuzzer" >&2; exit 2; }
mkdir -p fuzz-out/corpus
SWIFT_BACKTRACE=enable=no "$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=fuzz-out/ fuzz-out/corpus fuzz/seeds/parser
