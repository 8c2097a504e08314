#!/usr/bin/env python3
"""What a push costs on a long history (issue 26, point 3), on the release server, loopback only.

For each history length (default: none, then 1,000,000 records), makes a fresh SQLite store,
fills it straight through SQL (records of the shipped catalog's systems spread over 60 days, as
`proof add` would have written them), starts ./target/release/vendor-readiness on it and
measures, with the default push rate (20/s, bursts of 40):
- start-up: the one whole read and replay of the history;
- --pushes sequential pushes at 15/s on one keep-alive connection: latency percentiles of the
  answer (the answer waits for the read-back of the board, at most 2 s);
- a burst of --burst pushes sent at once on as many connections: every status.
The empty history is the baseline of the same run. Prints a table (markdown), the figures as JSON
with --json, and exits 1 when a push of the burst was not answered 201.
"""
import argparse, hashlib, http.client, json, os, sqlite3, subprocess, sys, tempfile, threading, time

SYSTEMS = ["core-runtime", "support-email", "stripe-billing", "enterprise-identity",
           "hris-connectors", "official-issuers", "evidence-operations"]
TOKEN = "bench-push-token"


def wait_ready(port, proc, limit=600):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit("the server did not become ready")


def serve(binary, db, port):
    return subprocess.Popen(
        [binary, "serve", "--env-file", "catalog/demo.env", "--db", db, "--addr", f"127.0.0.1:{port}",
         "--push-token-sha256", hashlib.sha256(TOKEN.encode()).hexdigest()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fill(db, records):
    """Adds `records` rows in one transaction, oldest first, known when recorded."""
    conn = sqlite3.connect(db)
    now_ms = int(time.time() * 1000)
    span = 60 * 24 * 3600 * 1000
    step = max(1, span // max(records, 1))
    start = now_ms - span
    rows = ((SYSTEMS[i % len(SYSTEMS)], "fail" if i % 97 == 0 else "pass", start + i * step, "cli",
             start + i * step) for i in range(records))
    conn.executemany("INSERT INTO proof_records (system, outcome, recorded_at_ms, evidence, source, known_at_ms)"
                     " VALUES (?, ?, ?, '', ?, ?)", rows)
    conn.execute("UPDATE store_changes SET counter = counter + 1, known_through_ms = ? WHERE id = 1",
                 (start + records * step,))
    conn.commit()
    conn.close()


def push(conn, i):
    body = json.dumps({"system": SYSTEMS[i % len(SYSTEMS)], "outcome": "pass", "evidence": f"bench {i}"})
    started = time.perf_counter()
    conn.request("POST", "/api/proofs", body, {"content-type": "application/json",
                                               "authorization": f"Bearer {TOKEN}"})
    response = conn.getresponse()
    response.read()
    return response.status, (time.perf_counter() - started) * 1000


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(binary, records, args, port):
    tmp = tempfile.mkdtemp(prefix="bench-push-")
    db = os.path.join(tmp, "proofs.db")
    proc = serve(binary, db, port)  # creates and migrates the store
    wait_ready(port, proc)
    proc.terminate(); proc.wait()
    fill(db, records)
    proc = serve(binary, db, port)
    try:
        startup = wait_ready(port, proc)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, statuses = [], []
        for i in range(args.pushes):
            began = time.monotonic()
            status, ms = push(conn, i)
            statuses.append(status)
            latencies.append(ms)
            time.sleep(max(0.0, 1 / 15 - (time.monotonic() - began)))
        time.sleep(2.5)  # the rate limiter's bucket fills again
        burst = [None] * args.burst
        gate = threading.Barrier(args.burst)

        def one(k):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.connect()
            gate.wait()
            burst[k] = push(c, 1000 + k)

        threads = [threading.Thread(target=one, args=(k,)) for k in range(args.burst)]
        for t in threads: t.start()
        for t in threads: t.join()
        with open(f"/proc/{proc.pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    finally:
        proc.terminate(); proc.wait()
    return {
        "records": records, "startup_s": round(startup, 2),
        "push_ms": {p: round(percentile(latencies, p), 2) for p in (50, 90, 99)},
        "push_max_ms": round(max(latencies), 2),
        "push_statuses": sorted(set(statuses)),
        "burst_statuses": {str(s): sum(1 for b in burst if b[0] == s) for s in sorted({b[0] for b in burst})},
        "burst_p99_ms": round(percentile([b[1] for b in burst], 99), 2),
        "rss_mib": round(rss / 1024, 1),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, nargs="+", default=[0, 1_000_000])
    ap.add_argument("--pushes", type=int, default=200)
    ap.add_argument("--burst", type=int, default=40)
    ap.add_argument("--port", type=int, default=3391)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.chdir(root)
    binary = os.path.join(root, "target", "release", "vendor-readiness")
    if not os.path.exists(binary):
        sys.exit("build first: bash scripts/build-release.sh")
    results = []
    for records in args.records:
        print(f"history of {records} records…", file=sys.stderr)
        results.append(run(binary, records, args, args.port))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("| history | start-up | push p50 | p90 | p99 | max | burst of %d | burst p99 | RSS |" % args.burst)
        print("|---|---|---|---|---|---|---|---|---|")
        for r in results:
            print(f"| {r['records']:,} records | {r['startup_s']} s | {r['push_ms'][50]} ms | {r['push_ms'][90]} ms "
                  f"| {r['push_ms'][99]} ms | {r['push_max_ms']} ms | {r['burst_statuses']} | {r['burst_p99_ms']} ms "
                  f"| {r['rss_mib']} MiB |")
    failed = [r for r in results if set(r["burst_statuses"]) != {"201"} or r["push_statuses"] != [201]]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
