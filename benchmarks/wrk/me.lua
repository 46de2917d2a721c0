-- Drives GET /api/me with the session cookie in $COOKIE and counts every response that is not
-- a 200 with the expected username as an error, so that a lost session cannot pass for a fast run.
wrk.method = "GET"
wrk.path = "/api/me"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["Accept"] = "application/json"
-- with ONE_JVM=1, run.sh names the header that makes the one instance serve the request without autologout
local without = os.getenv("WITHOUT_HEADER")
if without and without ~= "" then
  wrk.headers[without] = "1"
end
-- with ONE_JVM=1, the mode the benchmarks' RequestThreadCpu filter counts the request in
local mode = os.getenv("BENCHMARK_MODE")
if mode and mode ~= "" then
  wrk.headers["X-Benchmark-Mode"] = mode
end

local expected = '"username":"' .. (os.getenv("EXPECT_USER") or "user") .. '"'
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  mismatches = 0
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, expected, 1, true) then
    mismatches = mismatches + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("mismatches")
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d mismatches=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
