#!/usr/bin/env python3
"""Loopback soak of the release server: mixed reads and authenticated writes for a fixed time,
beside hostile clients: --slow-connections sockets that never finish their headers (reopened as
the server closes them) and an anonymous flood (bad-token pushes, a new Host header per page).

Starts ./target/release/vendor-readiness on 127.0.0.1 with a fresh store, runs reader threads
and one writer (bounded below the push rate limit) for --seconds, then prints requests, errors,
latency percentiles, the /healthz probe's worst latency and the server's RSS after warm-up and at
the end. Exits 1 on any error of a well-behaved client or when RSS grew by more than 25%
(+4 MiB). Traffic goes to loopback only and stops by itself.
"""
import argparse, hashlib, http.client, json, os, resource, socket, subprocess, sys, tempfile, threading, time

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--writes-per-second", type=float, default=10.0)
    ap.add_argument("--port", type=int, default=3377)
    ap.add_argument("--slow-connections", type=int, default=2000)
    ap.add_argument("--flood", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.path.join(root, "target", "release", "vendor-readiness")
    if not os.path.exists(binary):
        sys.exit("build first: bash scripts/build-release.sh")
    token = "soak-token"
    tmp = tempfile.mkdtemp(prefix="soak-")
    server = subprocess.Popen(
        [binary, "serve", "--env-file", "catalog/demo.env", "--demo", "--db", os.path.join(tmp, "soak.db"),
         "--addr", f"127.0.0.1:{args.port}", "--push-token-sha256", hashlib.sha256(token.encode()).hexdigest()],
        cwd=root, env={**os.environ, "LEPTOS_SITE_ROOT": "target/site", "RUST_LOG": "warn"},
    )
    try:
        deadline = time.time() + 20
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2); c.request("GET", "/readyz")
                if c.getresponse().status == 200: break
            except OSError:
                pass
            if time.time() > deadline: sys.exit("server did not start")
            time.sleep(0.1)

        lock = threading.Lock()
        stats = {"requests": 0, "errors": 0, "writes": 0, "latencies": [], "error_samples": []}
        stop_at = [0.0]
        paths = ["/", "/?owner=Finance", "/?motion=self-serve-paid-launch", "/api/vendor-readiness",
                 "/api/vendor-readiness?owner=Operator", "/api/proofs?system=core-runtime", "/healthz"]

        def record(ok, latency, what):
            with lock:
                stats["requests"] += 1
                stats["latencies"].append(latency)
                if not ok:
                    stats["errors"] += 1
                    if len(stats["error_samples"]) < 5: stats["error_samples"].append(what)

        def reader(i):
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
            n = i
            while time.time() < stop_at[0]:
                path = paths[n % len(paths)]; n += 1
                t = time.perf_counter()
                try:
                    conn.request("GET", path); r = conn.getresponse(); r.read()
                    record(r.status == 200, time.perf_counter() - t, f"GET {path} -> {r.status}")
                except OSError as e:
                    record(False, time.perf_counter() - t, f"GET {path}: {e}")
                    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)

        def writer():
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
            systems = ["core-runtime", "evidence-operations", "stripe-billing"]
            n = 0
            while time.time() < stop_at[0]:
                body = json.dumps({"system": systems[n % 3], "outcome": "pass", "evidence": f"soak {n}"})
                t = time.perf_counter()
                try:
                    conn.request("POST", "/api/proofs", body, {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
                    r = conn.getresponse(); r.read()
                    record(r.status == 201, time.perf_counter() - t, f"POST -> {r.status}")
                    with lock: stats["writes"] += 1
                except OSError as e:
                    record(False, time.perf_counter() - t, f"POST: {e}")
                    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
                n += 1
                time.sleep(1.0 / args.writes_per_second)

        def slow_clients():
            """Sockets that send half a request and stall; reopened when the server closes them."""
            socks = []
            while time.time() < stop_at[0]:
                socks = [s for s in socks if s.fileno() != -1]
                while len(socks) < args.slow_connections and time.time() < stop_at[0]:
                    try:
                        s = socket.create_connection(("127.0.0.1", args.port), timeout=2)
                        s.sendall(b"GET / HTTP/1.1\r\nHost: slow\r\n")
                        s.setblocking(False)
                        socks.append(s)
                    except OSError:
                        time.sleep(0.05)
                        break
                for s in socks:
                    try:
                        if s.recv(1) == b"":
                            s.close()
                    except BlockingIOError:
                        pass
                    except OSError:
                        s.close()
                time.sleep(0.5)
            for s in socks: s.close()

        def flood():
            """Anonymous: bad-token pushes and pages with a new Host each; answers are not counted."""
            n = 0
            while time.time() < stop_at[0]:
                try:
                    c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                    c.request("POST", "/api/proofs", "{}", {"Content-Type": "application/json", "Authorization": "Bearer guess"})
                    c.getresponse().read()
                    c.request("GET", "/", headers={"Host": f"evil-{n}.example"})
                    c.getresponse().read()
                    c.close()
                except OSError:
                    pass
                n += 1

        health = {"worst": 0.0, "failures": 0}
        def probe():
            while time.time() < stop_at[0]:
                t = time.perf_counter()
                try:
                    c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                    c.request("GET", "/healthz"); ok = c.getresponse().status == 200; c.close()
                except OSError:
                    ok = False
                took = time.perf_counter() - t
                with lock:
                    health["worst"] = max(health["worst"], took)
                    if not ok: health["failures"] += 1
                time.sleep(0.2)

        # Warm-up, then measure RSS, then the soak proper.
        stop_at[0] = time.time() + 5
        warm = [threading.Thread(target=reader, args=(i,)) for i in range(args.readers)]
        for t in warm: t.start()
        for t in warm: t.join()
        with lock: stats.update(requests=0, errors=0, writes=0, latencies=[], error_samples=[])
        rss_before = rss_kib(server.pid)
        stop_at[0] = time.time() + args.seconds
        threads = [threading.Thread(target=reader, args=(i,)) for i in range(args.readers)] + [threading.Thread(target=writer), threading.Thread(target=probe)]
        if args.slow_connections > 0: threads.append(threading.Thread(target=slow_clients))
        if args.flood: threads.append(threading.Thread(target=flood))
        for t in threads: t.start()
        # Open connections cost memory of their own (buffers): flatness is judged from a quarter
        # of the way in, once the slow connections and the flood are all in place.
        time.sleep(args.seconds / 4)
        rss_loaded = rss_kib(server.pid)
        for t in threads: t.join()
        rss_after = rss_kib(server.pid)

        lat = sorted(stats["latencies"]) or [0]
        pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
        flat = rss_after <= rss_loaded * 1.25 + 4096
        print(f"soak: {args.seconds}s, {args.readers} readers + 1 writer at {args.writes_per_second}/s, "
              f"{args.slow_connections} slow connections, anonymous flood {'on' if args.flood else 'off'}")
        print(f"/healthz probe: worst {health['worst'] * 1000:.1f} ms, failures {health['failures']}")
        print(f"requests {stats['requests']} ({stats['requests'] / args.seconds:.0f}/s), writes {stats['writes']}, errors {stats['errors']}")
        print(f"latency p50 {pct(0.5):.2f} ms, p99 {pct(0.99):.2f} ms, max {lat[-1] * 1000:.2f} ms")
        print(f"RSS after warm-up {rss_before / 1024:.1f} MiB, under full load {rss_loaded / 1024:.1f} MiB, "
              f"at the end {rss_after / 1024:.1f} MiB ({'flat' if flat else 'GREW'})")
        for sample in stats["error_samples"]: print("  error:", sample)
        return 0 if stats["errors"] == 0 and health["failures"] == 0 and flat else 1
    finally:
        server.terminate(); server.wait(timeout=10)

if __name__ == "__main__":
    sys.exit(main())
