"""bench/run all: every scenario in turn (each records bench/results/NAME.json), then
bench/REPORT.md and its charts (bench/lib/report.py). A scenario that fails is reported as
failed in the report; the others still run. Exit status 1 if any failed."""
import subprocess
import sys

SCENARIOS = ["loop", "scopes", "parser", "hello", "instructions", "reload", "stop", "faults", "idle"]

failed = []
for name in SCENARIOS:
    print(f"=== bench/run {name}", flush=True)
    if subprocess.run(["bench/run", name]).returncode != 0:
        failed.append(name)
        print(f"=== bench/run {name} FAILED", flush=True)
report = subprocess.run([sys.executable, "bench/lib/report.py", *[f"--failed={name}" for name in failed]])
if failed:
    print(f"failed scenarios: {' '.join(failed)}", file=sys.stderr)
sys.exit(1 if failed or report.returncode != 0 else 0)
