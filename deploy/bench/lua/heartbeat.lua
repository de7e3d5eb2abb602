-- POST /api/coordinator/jobs/{id}/heartbeat with a coordinator token and the run's lease
-- (BENCH_LEASE, "<epoch>.<secret>", which run.sh gave every seeded job), round-robin over the jobs
-- of BENCH_IDS (one id a line). No body: a heartbeat only extends the lease.
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
function init(args)
  ids = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"), ["Mosaic-Lease"] = os.getenv("BENCH_LEASE") }
  k = 0
end
function request()
  k = k + 1
  return wrk.format("POST", "/api/coordinator/jobs/" .. ids[(k % #ids) + 1] .. "/heartbeat", headers)
end
function done(summary, latency, requests) report(summary, latency) end
