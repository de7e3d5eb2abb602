-- POST /api/auth/sign-in/email with the right password, round-robin over the bench's confirmed accounts
-- (BENCH_ACCOUNTS: "email password address" a line), each from its own client address: run.sh is the trusted
-- proxy (MOSAIC_AUTH_TRUSTED_PROXIES=127.0.0.1) and names it in X-Forwarded-For. With more accounts than
-- connections no account and no address has two attempts in flight, so the throttle never counts a
-- right password twice against one client. Run with ONE wrk thread. done() prints "STATUS <code> <n>" for
-- every status that is not 200, so that run.sh can tell throttles (429) from a full hash queue (503).
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  accounts = {}
  for line in io.lines(os.getenv("BENCH_ACCOUNTS")) do
    local email, password, address = line:match("^(%S+) (%S+) (%S+)$")
    accounts[#accounts + 1] = {
      body = string.format('{"email":"%s","password":"%s"}', email, password),
      headers = { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address },
    }
  end
  k = 0
  statuses = {}
end
function request()
  k = k + 1
  local a = accounts[(k % #accounts) + 1]
  return wrk.format("POST", "/api/auth/sign-in/email", a.headers, a.body)
end
function response(status, hdrs, body)
  if status ~= 200 then
    local key = "s" .. status
    statuses[key] = (statuses[key] or 0) + 1
  end
end
function done(summary, latency, requests)
  report(summary, latency)
  local total = {}
  for _, t in ipairs(threads) do
    for code = 100, 599 do
      local n = t:get("statuses")["s" .. code]
      if n then total[code] = (total[code] or 0) + n end
    end
  end
  for code, n in pairs(total) do io.write(string.format("STATUS %d %d\n", code, n)) end
end
