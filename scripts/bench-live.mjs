// What open pages cost: PAGES simulated open boards each poll GET /api/board/version every
// 1.5 s with If-None-Match (as the live board island does, one keep-alive connection each),
// while a reader's requests (the board page and the JSON) are timed. Reports the pollers'
// request rate and answers, and the other requests' p50/p99. Loopback only, bounded in time.
// Usage (release server running): node scripts/bench-live.mjs http://127.0.0.1:3392 [PAGES] [SECONDS]
import http from "node:http";

const [base = "http://127.0.0.1:3392", pagesArg = "2000", secondsArg = "20"] = process.argv.slice(2);
const pages = Number(pagesArg);
const seconds = Number(secondsArg);
const url = new URL(base);
const POLL_MS = 1500;

function get(agent, path, headers = {}) {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = http.request({ host: url.hostname, port: url.port, path, agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - start, etag: res.headers.etag }));
    });
    req.on("error", () => resolve({ status: 0, ms: performance.now() - start }));
    req.end();
  });
}

const pollAgent = new http.Agent({ keepAlive: true, maxSockets: pages });
const { etag } = await get(pollAgent, "/api/board/version");
const polls = { total: 0, notModified: 0, other: 0 };
let running = true;
async function poller(offset) {
  await new Promise((r) => setTimeout(r, offset));
  while (running) {
    const started = Date.now();
    const answer = await get(pollAgent, "/api/board/version", { "if-none-match": etag });
    polls.total++;
    if (answer.status === 304) polls.notModified++;
    else polls.other++;
    await new Promise((r) => setTimeout(r, Math.max(0, POLL_MS - (Date.now() - started))));
  }
}
const pollers = Array.from({ length: pages }, (_, i) => poller((i * POLL_MS) / pages));

// The reader: 20 requests a second, alternating the page and the JSON, on its own connections.
const readerAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const latencies = [];
const readerEnd = Date.now() + seconds * 1000;
await new Promise((r) => setTimeout(r, POLL_MS)); // every poller has started
let flip = false;
while (Date.now() < readerEnd) {
  flip = !flip;
  const answer = await get(readerAgent, flip ? "/" : "/api/vendor-readiness");
  if (answer.status === 200) latencies.push(answer.ms);
  await new Promise((r) => setTimeout(r, 50));
}
running = false;
await Promise.all(pollers);
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
console.log(JSON.stringify({
  open_pages: pages,
  polls_per_second: +(polls.total / (seconds + POLL_MS / 1000)).toFixed(0),
  polls_not_modified: polls.notModified,
  polls_other: polls.other,
  other_requests: latencies.length,
  other_p50_ms: +q(0.5),
  other_p99_ms: +q(0.99),
}, null, 2));
process.exit(0);
