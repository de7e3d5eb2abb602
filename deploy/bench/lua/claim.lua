-- POST /api/coordinator/jobs/claim {"types":["bench-claim"],"max":BENCH_MAX} with a coordinator token:
-- each connection is a coordinator that claims and claims again. The response hook counts the jobs
-- the answers hand out (one lease token each), so that run.sh reports claimed jobs per second, and
-- the answers that held none (the queue ran dry).
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
wrk.method = "POST"
wrk.path = "/api/coordinator/jobs/claim"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"types":["bench-claim"],"max":%d}', tonumber(os.getenv("BENCH_MAX")))
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  jobs = 0
  empty = 0
end
function response(status, hdrs, body)
  if status == 200 then
    local n = 0
    for _ in string.gmatch(body, '"token":"') do n = n + 1 end
    jobs = jobs + n
    if n == 0 then empty = empty + 1 end
  end
end
function done(summary, latency, requests)
  report(summary, latency)
  local jobs_total, empty_total = 0, 0
  for _, t in ipairs(threads) do
    jobs_total = jobs_total + (t:get("jobs") or 0)
    empty_total = empty_total + (t:get("empty") or 0)
  end
  io.write(string.format("JOBS %d\nEMPTY %d\n", jobs_total, empty_total))
end
