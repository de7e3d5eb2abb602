-- POST of an OAuth 2 client-credentials grant to wrk's URL (the token endpoint), the client authenticated
-- with HTTP Basic (BENCH_BASIC: base64 of "client_id:secret"): the same request to auth-service and Keycloak.
dofile(os.getenv("BENCH_DIR") .. "/lua/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")
wrk.body = "grant_type=client_credentials"
function done(summary, latency, requests) report(summary, latency) end
