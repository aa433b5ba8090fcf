-- wrk script: POST a new post as one signed-in member. TOKEN, TARGET come from the environment.
local token = os.getenv("TOKEN")
local target = os.getenv("TARGET") or "/api/communities/facebook/posts"
wrk.method = "POST"
wrk.path = target
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text":"benchmark post: what a lovely day to measure throughput"}'

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f ok_rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f errors_status=%d errors_socket=%d\n",
    summary.requests, summary.duration / 1e6, (summary.requests - summary.errors.status) / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
