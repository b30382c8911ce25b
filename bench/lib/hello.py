"""bench/run hello: Grove's demo against nginx (`return 200`), alternating wrk runs.

Prints RESULT lines: the median ratios of requests/s and of server user-CPU seconds per
request (Grove / nginx), and each server's median p99 latency."""
import statistics
import sys

from servers import Grove, Nginx, cpu_seconds, free_port, run_wrk

binary, workers, rounds, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

nginx = Nginx(workers, free_port())
grove = Grove(binary, free_port(), workers=workers)
rows = {"grove": [], "nginx": []}
try:
    for round_index in range(rounds):
        for name, server in (("grove", grove), ("nginx", nginx)):
            pids = server.pids()
            user_before, sys_before = cpu_seconds(pids)
            result = run_wrk(server.port, seconds=seconds)
            user_after, sys_after = cpu_seconds(pids)
            result["user_cpu_per_req_us"] = (user_after - user_before) / result["requests"] * 1e6
            result["sys_cpu_per_req_us"] = (sys_after - sys_before) / result["requests"] * 1e6
            rows[name].append(result)
            print(f"round {round_index + 1} {name}: {result['rps']:.0f} req/s, p99 {result['p99_ms']:.2f} ms, "
                  f"user {result['user_cpu_per_req_us']:.2f} us/req, sys {result['sys_cpu_per_req_us']:.2f} us/req, "
                  f"errors {result['socket_errors']}, non-2xx {result['non2xx']}", flush=True)
finally:
    grove.stop()
    nginx.stop()

rps_ratio = statistics.median(g["rps"] / n["rps"] for g, n in zip(rows["grove"], rows["nginx"]))
cpu_ratio = statistics.median(g["user_cpu_per_req_us"] / n["user_cpu_per_req_us"] for g, n in zip(rows["grove"], rows["nginx"]))
print(f"RESULT hello_rps {statistics.median(r['rps'] for r in rows['grove']):.0f}")
print(f"RESULT nginx_rps {statistics.median(r['rps'] for r in rows['nginx']):.0f}")
print(f"RESULT hello_rps_vs_nginx {rps_ratio:.3f}")
print(f"RESULT hello_user_cpu_per_req_us {statistics.median(r['user_cpu_per_req_us'] for r in rows['grove']):.3f}")
print(f"RESULT nginx_user_cpu_per_req_us {statistics.median(r['user_cpu_per_req_us'] for r in rows['nginx']):.3f}")
print(f"RESULT hello_user_cpu_per_req_vs_nginx {cpu_ratio:.3f}")
for percentile in ("p50", "p75", "p90", "p99"):
    for name, label in (("grove", "hello"), ("nginx", "nginx")):
        print(f"RESULT {label}_{percentile}_ms {statistics.median(r[percentile + '_ms'] for r in rows[name]):.3f}")
print(f"RESULT hello_errors {sum(r['socket_errors'] + r['non2xx'] for r in rows['grove'])}")
