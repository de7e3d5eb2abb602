-- GET /api/runner-jobs/{id} with a user token, round-robin over the seeded jobs (BENCH_IDS: one id a line).
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
function init(args)
  ids = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
  k = 0
end
function request()
  k = k + 1
  return wrk.format("GET", "/api/runner-jobs/" .. ids[(k % #ids) + 1], headers)
end
function done(summary, latency, requests) report(summary, latency) end
