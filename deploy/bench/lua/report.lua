-- Shared by every wrk script: one machine-readable line with throughput and latency percentiles
-- (wrk keeps latencies in an HdrHistogram-style histogram, in microseconds).
function report(summary, latency)
  local seconds = summary.duration / 1e6
  local s = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d sockerr=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), latency.max,
    s.status, s.connect + s.read + s.write + s.timeout))
end
