-- GET of wrk's URL, no body: /q/health/live.
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
function done(summary, latency, requests) report(summary, latency) end
