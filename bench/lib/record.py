"""Passes a scenario's output through and records its `RESULT <key> <value>` lines in
bench/results/NAME.json (the report generator reads them). Usage: ... | record.py NAME COMMAND"""
import json
import os
import sys
import time

name, command = sys.argv[1], sys.argv[2]
started = time.time()
results, lines = {}, []
for line in sys.stdin:
    sys.stdout.write(line)
    sys.stdout.flush()
    lines.append(line.rstrip("\n"))
    parts = line.split()
    if len(parts) == 3 and parts[0] == "RESULT":
        try:
            results[parts[1]] = float(parts[2])
        except ValueError:
            results[parts[1]] = parts[2]
os.makedirs("bench/results", exist_ok=True)
record = {
    "scenario": name,
    "command": command,
    "environment": {k: v for k, v in os.environ.items() if k.split("_")[0] in ("HELLO", "GROVE", "FAULTS", "IDLE")},
    "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
    "seconds": round(time.time() - started, 1),
    "results": results,
    "output": lines[-200:],
}
with open(f"bench/results/{name}.json", "w") as f:
    json.dump(record, f, indent=2)
