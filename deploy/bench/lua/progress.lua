-- POST /api/coordinator/jobs/{id}/progress with a coordinator token and the run's lease (BENCH_LEASE,
-- "<epoch>.<secret>", which run.sh gave every seeded job). Run with ONE wrk thread (-t1), so that a
-- single counter k orders every request of the run; BENCH_K0 (default 0) is where k starts, so that the
-- windows of a warm-up continue one another instead of repeating values already written (no-ops).
--   BENCH_MODE=spread: request k goes to job k mod M with value floor(k / M) + 1, so every request
--     raises its job by one (a real write: UPDATE + INSERT) as long as k < 100 * M; the script
--     counts the requests that would have exceeded 100 (no-ops) in `capped`.
--   BENCH_MODE=hot: every connection on the same job; request k goes to job floor(k / 100) with value
--     k mod 100 + 1, i.e. all connections race on one job until it reaches 100, then move on to a fresh
--     one. The response hook keeps, per job, the highest progressPercent that a 200 acknowledged;
--     done() writes it to BENCH_ACKED so that run.sh can compare it with the database (lost updates).
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
local mode = os.getenv("BENCH_MODE")
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  ids = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"), ["Content-Type"] = "application/json",
              ["Mosaic-Lease"] = os.getenv("BENCH_LEASE") }
  k = tonumber(os.getenv("BENCH_K0") or "0") - 1
  capped = 0
  acked = {}
  ok = 0
end
function request()
  k = k + 1
  local job, value
  if mode == "hot" then
    job = ids[(math.floor(k / 100) % #ids) + 1]
    value = (k % 100) + 1
  else
    job = ids[(k % #ids) + 1]
    value = math.floor(k / #ids) + 1
    if value > 100 then value = 100; capped = capped + 1 end
  end
  return wrk.format("POST", "/api/coordinator/jobs/" .. job .. "/progress", headers,
    '{"progressPercent":' .. value .. '}')
end
if mode == "hot" then
  function response(status, hdrs, body)
    if status == 200 then
      ok = ok + 1
      local id = string.match(body, '"id":"([0-9a-f%-]+)"')
      local p = tonumber(string.match(body, '"progressPercent":(%d+)'))
      if id and p and (acked[id] == nil or p > acked[id]) then acked[id] = p end
    end
  end
end
function done(summary, latency, requests)
  report(summary, latency)
  local capped_total = 0
  for _, t in ipairs(threads) do capped_total = capped_total + (t:get("capped") or 0) end
  io.write(string.format("CAPPED %d\n", capped_total))
  if mode == "hot" then
    local f = assert(io.open(os.getenv("BENCH_ACKED"), "w"))
    local oks = 0
    for _, t in ipairs(threads) do
      oks = oks + (t:get("ok") or 0)
      for id, p in pairs(t:get("acked") or {}) do f:write(id, " ", p, "\n") end
    end
    f:close()
    io.write(string.format("ACKED200 %d\n", oks))
  end
end
