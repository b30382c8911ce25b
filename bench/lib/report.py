"""Writes bench/REPORT.md and its PNG charts (bench/report/) from bench/results/*.json.

Makes bench/.venv with matplotlib the first time (python3 -m venv + pip). Usage:
    python3 bench/lib/report.py [--failed=NAME ...] [--output=bench/REPORT.md]"""
import glob
import json
import os
import platform
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
VENV = os.path.join(BENCH, ".venv")
CHARTS = os.path.join(BENCH, "report")
ORDER = ["loop", "scopes", "parser", "hello", "instructions", "reload", "stop", "faults", "idle"]
DESCRIPTIONS = {
    "loop": "the runtime: spawn+await of a child task on the loop executor against the global executor; loopback echo",
    "scopes": "spawning 1,000,000 trivial tasks through a scope against discarding task-group children",
    "parser": "the HTTP parser, ns per request",
    "hello": "the demo's `/` against nginx `return 200`, wrk -t2 -c64 -d10s --latency, alternating, 3 rounds, 2 workers each",
    "instructions": "user-space instructions per hello request under callgrind, one worker each, Grove against nginx (deterministic)",
    "reload": "wrk -c64 20 s plus 50 keep-alive clients while the master gets 5 SIGHUPs 3 s apart",
    "stop": "SIGTERM with 1,000 idle keep-alive connections; respawn after kill -9",
    "faults": "kill -9 under load, SIGSTOP, /lab/crash, /lab/leak-task, 1,000,000 requests with RSS/fds, the fd limit reached",
    "idle": "10,000 idle keep-alive connections (one request each), RSS growth of all server processes, Grove and nginx",
}


def ensure_matplotlib():
    """Re-runs this script inside bench/.venv (made with matplotlib if missing)."""
    python = os.path.join(VENV, "bin", "python")
    if sys.prefix == VENV or os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if subprocess.run([python, "-c", "import matplotlib"], capture_output=True).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "matplotlib"], check=True)
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def command_output(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (out.stdout + out.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    swift = command_output(["swift", "--version"]).splitlines()
    nginx = command_output(["nginx", "-v"])
    wrk = command_output(["wrk", "-v"]).splitlines()
    return [
        ("nproc", str(os.cpu_count())),
        ("CPU", cpu),
        ("kernel", platform.release()),
        ("Swift", swift[0] if swift else "unavailable"),
        ("nginx", nginx.replace("nginx version: ", "")),
        ("wrk", wrk[0] if wrk else "unavailable"),
    ]


def load_results():
    results = {}
    for path in glob.glob(os.path.join(BENCH, "results", "*.json")):
        with open(path) as f:
            record = json.load(f)
        results[record["scenario"]] = record
    return results


def value(results, scenario, key):
    return results.get(scenario, {}).get("results", {}).get(key)


def bar_chart(path, title, ylabel, labels, values, colors=None):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(6, 3.6))
    bars = axes.bar(labels, values, color=colors or ["#4c8b2b", "#888888"][: len(values)] * len(values))
    # Whole numbers as they are (99308, not 9.931e+04); small figures with 3 significant digits.
    axes.bar_label(bars, labels=[f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}" for v in values])
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def grouped_chart(path, title, ylabel, groups, series):
    """series: {name: [value per group]}."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(7, 3.8))
    width = 0.8 / len(series)
    for index, (name, values) in enumerate(series.items()):
        positions = [g + index * width for g in range(len(groups))]
        bars = axes.bar(positions, values, width, label=name)
        axes.bar_label(bars, fmt="%.3g", fontsize=7)
    axes.set_xticks([g + width * (len(series) - 1) / 2 for g in range(len(groups))], groups)
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def charts(results):
    """Makes every chart whose figures exist; returns [(title, file name)]."""
    os.makedirs(CHARTS, exist_ok=True)
    made = []

    def add(name, title, maker, *args):
        maker(os.path.join(CHARTS, name), *args)
        made.append((title, name))

    rps = [value(results, "hello", "hello_rps"), value(results, "hello", "nginx_rps")]
    if None not in rps:
        add("throughput.png", "Throughput, hello world", bar_chart, "Requests/s (median of rounds)", "req/s",
            ["Grove", "nginx"], rps)
    cpu = [value(results, "hello", "hello_user_cpu_per_req_us"), value(results, "hello", "nginx_user_cpu_per_req_us")]
    if None not in cpu:
        add("user_cpu_per_request.png", "Server user-CPU per request", bar_chart,
            "User CPU per request (server processes, /proc)", "µs", ["Grove", "nginx"], cpu)
    percentiles = ["p50", "p75", "p90", "p99"]
    grove_latency = [value(results, "hello", f"hello_{p}_ms") for p in percentiles]
    nginx_latency = [value(results, "hello", f"nginx_{p}_ms") for p in percentiles]
    if None not in grove_latency + nginx_latency:
        add("latency.png", "Latency percentiles, hello world", grouped_chart, "wrk latency percentiles", "ms",
            percentiles, {"Grove": grove_latency, "nginx": nginx_latency})
    idle = [value(results, "idle", "idle_bytes_per_conn"), value(results, "idle", "nginx_idle_bytes_per_conn")]
    if None not in idle:
        add("idle_memory.png", "Memory per idle keep-alive connection", bar_chart,
            "RSS growth per idle keep-alive connection", "bytes", ["Grove", "nginx"], idle)
    failed, total = value(results, "reload", "reload_failed_requests"), value(results, "reload", "reload_total_requests")
    if failed is not None and total is not None:
        add("reload_failures.png", "Requests failed during 5 reloads", bar_chart,
            f"Failed requests during 5 SIGHUP reloads (of {total:.0f})", "requests", ["failed"], [failed])
    stops = {label: value(results, scenario, key) for label, scenario, key in [
        ("stop, 1,000 idle conns", "stop", "stop_ms_idle_1000"),
        ("respawn after kill -9", "stop", "respawn_ms"),
        ("kill -9 under load: ready", "faults", "kill9_respawn_ms"),
        ("SIGSTOP: recovered", "faults", "sigstop_recovery_ms"),
        ("/lab/crash: replaced", "faults", "crash_replaced_ms"),
    ] if value(results, scenario, key) is not None}
    if stops:
        add("stop_times.png", "Stop and recovery times", bar_chart, "Stop and recovery times", "ms",
            list(stops.keys()), list(stops.values()), ["#4c8b2b"] * len(stops))
    return made


def fmt(number):
    if isinstance(number, float) and number.is_integer():
        return f"{int(number)}"
    return f"{number}"


def write_report(results, made, failed, output):
    lines = ["# Grove benchmark report", "",
             f"Generated by `bench/run all` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
             "Every figure below is a `RESULT` line printed by the scenario named; the raw records are in "
             "`bench/results/NAME.json` (not committed).", "", "## Machine", "", "| | |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in machine()]
    if failed:
        lines += ["", f"**Failed scenarios in this run:** {', '.join(failed)} (their figures below, if any, are from an earlier run)."]
    if made:
        lines += ["", "## Charts", ""]
        for title, name in made:
            lines += [f"### {title}", "", f"![{title}](report/{name})", ""]
    lines += ["## Figures by scenario", ""]
    for scenario in ORDER + sorted(set(results) - set(ORDER)):
        record = results.get(scenario)
        lines += [f"### {scenario}", "", DESCRIPTIONS.get(scenario, ""), ""]
        if not record:
            lines += ["No results recorded.", ""]
            continue
        lines += [f"Command: `{record['command']}`" + (f" with {record['environment']}" if record.get("environment") else "")
                  + f" — run {record['started']}, {record['seconds']} s.", "", "| figure | value |", "| --- | --- |"]
        lines += [f"| `{key}` | {fmt(val)} |" for key, val in record["results"].items()]
        lines.append("")
    with open(output, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {output} with {len(made)} charts")


if __name__ == "__main__":
    ensure_matplotlib()
    failed = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--failed=")]
    output = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--output=")), os.path.join(BENCH, "REPORT.md"))
    results = load_results()
    made = charts(results)
    write_report(results, made, failed, output)
