-- POST /api/auth/sign-in/email with the right password of one bench user (failures would hit the rate limit).
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
wrk.method = "POST"
wrk.path = "/api/auth/sign-in/email"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s"}', os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))
function done(summary, latency, requests) report(summary, latency) end
