#!/usr/bin/env python3
"""Writes results.md, results.svg and results-warmup.svg from the files run.sh left in
deploy/bench/work/out: results.tsv (one row per measured point), warmups.tsv and warm-*.tsv (the
warm-up windows), meta.env, checks.txt, stages.txt, profile.md, profile-read.md."""
import csv, html, math, os, re, statistics, sys

out, md_path, svg_path, warm_svg_path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
tsv = lambda f: list(csv.DictReader(open(os.path.join(out, f)), delimiter="\t")) if os.path.exists(os.path.join(out, f)) else []
rows = tsv("results.tsv")
warmups = tsv("warmups.tsv")
cold = tsv("warm-jobs-progress.tsv")
meta = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(out, "meta.env")) if "=" in line)
read = lambda f: open(os.path.join(out, f)).read().strip() if os.path.exists(os.path.join(out, f)) else ""

def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None

def ms(us):
    x = num(us)
    return "-" if x is None else (f"{x / 1000:.2f}" if x < 10000 else f"{x / 1000:.0f}")

def rps(v):
    x = num(v)
    return "-" if x is None else (f"{x:.0f}" if x >= 100 else f"{x:.1f}")

def find(scenario, conc):
    return next((r for r in rows if r["scenario"].startswith(scenario) and r["conc"] == str(conc)), None)

def startup_groups():
    """The starts of each (service, variant), in the order run.sh measured them."""
    groups = {}
    for r in tsv("startups.tsv"):
        groups.setdefault((r["service"], r["variant"]), []).append(r)
    return groups

def ready_ms_median(starts):
    return statistics.median(int(r["ready_ms"]) for r in starts)

def idle_rss_kib(starts):
    """RSS of the last start after its idle seconds, or None when no start was sampled idle."""
    idle = [int(r["rss_idle_kib"]) for r in starts if r["rss_idle_kib"] != "-"]
    return idle[-1] if idle else None

def cpu(v):
    x = num(v)
    return "-" if x is None else f"{x:.3f}"

load1 = num((meta.get("load_start") or "").split(" ")[0]) or 0.0
md = []
md.append("# Mosaic benchmark results\n")
if meta.get("quick") == "1":
    md.append("> **QUICK RUN (`BENCH_QUICK=1`)**: short points, small sets and warm-ups cut short. It checks that the "
              "script runs end to end; its figures are not results.\n")
if load1 > 0.5 * (num(meta.get("nproc")) or 1):
    md.append(f"> **BUSY MACHINE**: the load average was {meta.get('load_start')} at the start and {meta.get('load_end')} "
              "at the end of this run, so other work shared the cores: these figures are not results. Run again on a quiet machine.\n")
md.append(f"Produced by `deploy/bench/run.sh` in {meta.get('duration', '?')} s. Machine: **{meta.get('nproc')} cores**, "
          f"{meta.get('cpu')}; commit **{meta.get('commit')}**; {meta.get('date')}; PostgreSQL {meta.get('postgres')} (embedded), "
          f"{meta.get('java')}; load average {meta.get('load_start')} at the start, {meta.get('load_end')} at the end. "
          f"Each scenario's service points follow a warm-up with that scenario's load in {meta.get('window')} s windows until "
          f"the JVM is steady (at least {meta.get('warm_min')} s, then until its JIT compiler threads use less than "
          f"{meta.get('steady_jit_pct')} % of a core in a window and req/s moves less than 10 %, at most {meta.get('warm_max')} s; "
          f"see the warm-ups below); each point is {meta.get('seconds')} s measured, with no profiler running; "
          f"wrk with one thread (latencies from its HdrHistogram), pgbench `-M prepared` (percentiles from its per-transaction log). "
          f"{meta.get('rows')} seeded RUNNING jobs per set, each held by the bench's coordinator under a lease that its "
          f"requests send; every set is used by one point only. Every claim point starts from a fresh queue of "
          f"{meta.get('claim_rows')} PENDING jobs. The access tokens the scenarios send are minted once at the start and "
          f"live {meta.get('token_lifetime', 'PT15M')} in this run (`MOSAIC_AUTH_TOKEN_LIFETIME`; production 15 minutes) so that "
          "none expires mid-run.\n")
md.append("Read the **ratio** column (each service figure over a raw measurement of the same SQL taken minutes apart "
          "in the same run) and the **CPU per request** columns: JVM CPU ms/req is the CPU of every thread of the service's "
          "JVM during the point over the requests it answered (`/proc/<pid>/stat`), PG CPU ms/req the CPU of every PostgreSQL "
          "process (backends, WAL writer, checkpointer, …) over the same requests (for pgbench rows: over its transactions). "
          "CPU per request depends far less on what else runs on the machine than req/s does, and says what a request costs: "
          "at 2 cores, req/s can be at most about 2000 / (JVM + PG + client CPU ms per request).\n")
md.append("| scenario | conc. | req/s | jobs/s | p50 ms | p99 ms | JVM CPU ms/req | PG CPU ms/req | raw (what) | raw value | ratio | conflicts | retries | exhausted | notes |")
md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|")
for r in rows:
    md.append("| " + " | ".join([r["scenario"], r["conc"], rps(r["rps"]), rps(r.get("jobs_s")), ms(r["p50_us"]), ms(r["p99_us"]),
                                 cpu(r.get("jvm_ms_req")), cpu(r.get("pg_ms_req")), r["raw"],
                                 rps(r["raw_value"]) if "(us)" not in r["raw"] and "(ms)" not in r["raw"] else r["raw_value"],
                                 r["ratio"], r["conflicts"], r["retries"], r["exhausted"], html.escape(r["note"])]) + " |")
md.append("\nRatios: scenarios 2 and 3 are req/s over the pgbench req/s of the same statements at the same concurrency "
          "(scenario 3 over its one-row variant); scenario 4 over the bare SELECT; heartbeat over its UPDATE; claim is "
          "jobs/s (claimed jobs per second, counted in the answers) over the jobs/s of pgbench running the same "
          "claim transaction with the same `max` and 8 clients (counted in the database); sign-in over the reference C argon2id "
          "with the service's parameters (m=19456 KiB, t=2, p=1) on every core; the liveness rows are p99 over the idle p99; "
          "startup is time to first 200 on `/q/health/ready` over a bare `java -version`.\n")

md.append("## The goals of the performance issue\n")
md.append("Each goal beside what this run measured: `met`, or by how much it was missed. What is left to cut on the "
          "progress path is in \"Where the time goes\" below (CPU by component, full stacks).\n")
md.append("| goal | at | measured | verdict |\n|---|---|---:|---|")
def goal(what, at, value, target, higher_is_better, unit=""):
    if value is None:
        return
    met = value >= target if higher_is_better else value <= target
    off = (target / value if higher_is_better else value / target) if value else float("inf")
    shown = f"{value:.3f}" if unit == " ms" and value < 1 else (f"{value:.2f}" if value < 10 else f"{value:.0f}")
    verdict = "met" if met else (f"missed by {(off - 1) * 100:.0f} %" if off < 2 else f"missed: {off:.1f}x off the goal")
    md.append(f"| {what} | {at} | {shown}{unit} | {verdict} |")
p32 = find("2 progress", 32)
if p32:
    goal("progress spread, ratio to pgbench >= 0.5", "c=32", num(p32["ratio"]), 0.5, True)
for scenario, label, target in (("3 progress", "hot job, ratio to its one-row raw rate", 0.7),
                                ("4 read GET", "GET job, ratio to the raw SELECT", 0.35)):
    for r in (r for r in rows if r["scenario"].startswith(scenario)):
        goal(f"{label} >= {target}", f"c={r['conc']}", num(r["ratio"]), target, True)
if p32:
    goal("progress p99 <= 25 ms", "c=32", (num(p32["p99_us"]) or 0) / 1000, 25, False, " ms")
for scenario, label, target in (("2 progress", "JVM CPU per progress request <= 0.2 ms", 0.2),
                                ("4 read GET", "JVM CPU per GET <= 0.15 ms", 0.15)):
    for r in (r for r in rows if r["scenario"].startswith(scenario)):
        goal(label, f"c={r['conc']}", num(r.get("jvm_ms_req")), target, False, " ms")
for (service, variant), starts in startup_groups().items():
    goal("start to ready <= 1.5 s", f"{service}-service, {variant}", ready_ms_median(starts) / 1000, 1.5, False, " s")
    idle = idle_rss_kib(starts)
    if idle:
        goal("idle RSS <= 150 MiB", f"{service}-service, {variant}", idle / 1024, 150, False, " MiB")
mem = find("8 memory auth-service", 1)
peak = re.search(r"(\d+) MiB at most during the sign-in", mem["note"]) if mem else None
if peak:
    goal("auth-service RSS in a sign-in flood <= 400 MiB", "peak, sampled every 0.5 s", float(peak.group(1)), 400, False,
         " MiB")
if tsv("keycloak.tsv"):
    md.append("\nThe goals beside Keycloak are in its own section below.")
md.append("")
md.append("## Warm-ups and the cold start\n")
md.append("Before its measured points each scenario ran its own load in windows until the JVM was steady. `steady`: the "
          "JIT compiler threads had settled and req/s had stopped climbing; `limit`: the warm-up reached its longest "
          "duration first (the points that follow may still be warming).\n")
if warmups:
    md.append("| warm-up | seconds | windows | last window req/s | JIT CPU ms in it | outcome |\n|---|---:|---:|---:|---:|---|")
    for w in warmups:
        md.append(f"| {w['name']} | {w['seconds']} | {w['windows']} | {rps(w['last_rps'])} | {w['last_jit_ms']} | {w['outcome']} |")
if cold:
    first, best = num(cold[0]["rps"]) or 0, max(num(w["rps"]) or 0 for w in cold)
    reach = next((int(w["start_s"]) + int(meta.get("window", "5")) for w in cold if (num(w["rps"]) or 0) >= 0.8 * best), None)
    md.append(f"\n**Cold start of jobs-service** ([results-warmup.svg](results-warmup.svg)): progress at 8 connections from "
              f"its first request after start, per {meta.get('window')} s window: {rps(first)} req/s in the first window, "
              f"{rps(best)} at best; 80 % of that within {reach if reach is not None else '?'} s. This is how long a freshly "
              "started replica serves slowly.\n")
    md.append("| from s | req/s | JVM CPU ms | JIT CPU ms |\n|---:|---:|---:|---:|")
    for w in cold:
        md.append(f"| {w['start_s']} | {rps(w['rps'])} | {w['jvm_cpu_ms']} | {w['jit_cpu_ms']} |")
md.append("")
env = lambda f: dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(out, f)) if "=" in l) if os.path.exists(os.path.join(out, f)) else {}
signin = env("signin.env")
if signin:
    md.append("## Sign-in (scenario 7)\n")
    md.append(f"Each request signs in one of {signin.get('accounts')} accounts, round-robin, with its right password. Every account "
              "signed up and was confirmed through the link of its confirmation mail (read from the stack's mock mailer), as a "
              "person does. For this run only, two settings differ from production: wrk on 127.0.0.1 is auth-service's trusted "
              "proxy (`MOSAIC_AUTH_TRUSTED_PROXIES=127.0.0.1`) and names a client address of its own for each account in "
              "`X-Forwarded-For`, so that no throttle sees two attempts of one client at once, as with real people behind an "
              f"ingress; and the argon2id queue holds {signin.get('queue_per_thread')} tasks per CPU-work thread "
              f"(`MOSAIC_AUTH_CPU_WORK_QUEUE_PER_THREAD`; production 8), {signin.get('capacity')} in all, so that the 32 connections "
              "of the largest point wait in it rather than get 503 at once. The notes give every answer that was not a 200, by "
              f"status; more than {signin.get('max_non2xx_pct')} % of them fails the run.\n")
    if signin.get("failed"):
        md.append(f"> **SIGN-IN FAILED** at{signin['failed']} (non-2xx share): these points measure refusals, not sign-ins.\n")
groups = startup_groups()
if groups:
    md.append("## Start and memory\n")
    md.append(f"A second instance of each service, with the command line and environment of the stack's (the JVM flags of "
              f"`deploy/ops/docker/jvm.options` with `-XX:MaxRAM=512m`{', and its AOT cache' if meta.get('aot') == '1' else ''}), "
              f"started {meta.get('starts')} times while the stack is idle: time from launch to the first 200 on `/q/health/ready`, "
              "the CPU it used until then (all threads: steadier than wall time on a shared machine), RSS at ready, and RSS of the "
              f"last start after {meta.get('idle_secs')} s idle. `aot`: the AOT cache that the stack recorded from a real run "
              "(`app-trained.aot`: a start against PostgreSQL and the training workload); `aot-build`: the one the build "
              "packaged instead (`app.aot`: the application up to the end of its static init, since a build has no "
              "database); `no-aot`: the same without `-XX:AOTCache`.\n")
    md.append("| service | variant | starts | ready ms, median | min-max | CPU ms to ready, median | RSS at ready MiB | RSS idle MiB | load1 at the starts |")
    md.append("|---|---|---:|---:|---|---:|---:|---:|---|")
    for key, rs in groups.items():
        msv = [int(r["ready_ms"]) for r in rs]
        idle = idle_rss_kib(rs)
        md.append(f"| {key[0]}-service | {key[1]} | {len(rs)} | {int(ready_ms_median(rs))} | {min(msv)}-{max(msv)} | "
                  f"{int(statistics.median(int(r['cpu_ms']) for r in rs))} | "
                  f"{int(statistics.median(int(r['rss_ready_kib']) for r in rs)) // 1024} | "
                  f"{idle // 1024 if idle else '-'} | {' '.join(r['load1'] for r in rs)} |")
    md.append("")
profiles = tsv("start-profile.tsv")
if profiles:
    md.append("What is left of a start: one more start of each, as `aot` above but not measured there, with Quarkus' "
              "own step clock on (`-Dquarkus.debug.print-startup-times=true`). CPU until ready by kind of thread: the JIT "
              "compilers (C2, C1), the main thread (the JVM's launch, Quarkus' config and static init, then its startup "
              "steps one after the other), the VM and collector, the rest (event loops, pools). Then the time from "
              "launch to Quarkus' first step, the steps' sum, and the longest steps (ms).\n")
    md.append("| service | ready ms | CPU ms | C2 | C1 | main | VM+GC | other | launch to first step | steps | longest steps |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for p in profiles:
        md.append(f"| {p['service']}-service | {p['ready_ms']} | {p['cpu_ms']} | {p['c2_ms']} | {p['c1_ms']} | {p['main_ms']} | "
                  f"{p['vm_gc_ms']} | {p['other_ms']} | {p['before_steps_ms']} | {p['steps_ms']} | {p['top_steps']} |")
    md.append("")
memory = tsv("memory-profile.tsv")
if memory:
    mb = lambda v: "-" if v in ("-", "") else f"{int(v) / 1024:.0f}"
    md.append(f"What a started service's memory is: one more start of each, as `aot` above but not measured there, "
              f"after {meta.get('idle_secs')} s idle. RSS in all, and that of the AOT cache's mapping (the JVM maps the "
              "cache whole: the metadata of every class it holds); then what Native Memory Tracking says is committed "
              "(not all of it resident) for the heap, the code cache, class metadata outside the cache, and thread stacks; "
              "and the classes loaded, by library (MiB).\n")
    md.append("| service | RSS | of it the AOT cache | heap | code | class metadata | threads | classes loaded | most classes |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for m in memory:
        md.append(f"| {m['service']}-service | {mb(m['rss_kib'])} | {mb(m['aot_rss_kib'])} | {mb(m['heap_kib'])} | "
                  f"{mb(m['code_kib'])} | {mb(m['class_kib'])} | {mb(m['thread_kib'])} | {m['classes']} | {m['top_libraries']} |")
    md.append("")
kc = tsv("keycloak.tsv")
if kc:
    kenv = env("keycloak.env")
    md.append("## Keycloak side by side\n")
    md.append(f"Keycloak {kenv.get('version')} (server distribution from Maven Central, production mode, its JVM settings as "
              f"shipped, {kenv.get('java')}) on the same PostgreSQL, in the same run, one service after the other, each warmed "
              "with the load before its point. Client credentials: auth-service's `coordinator` client and a confidential "
              "Keycloak client, HTTP Basic, at 8 connections; JWKS: `GET /api/auth/jwks` and the realm's `certs`. Keycloak's "
              f"starts (after a first, unmeasured one that made its schema and imported the realm): {kenv.get('starts')} ms.\n")
    md.append("| what | auth-service | Keycloak | auth-service's advantage | goal |\n|---|---:|---:|---:|---|")
    for r in kc:
        a, k = num(r["auth"]), num(r["keycloak"])
        lower_is_better = r["unit"] in ("ms", "MiB", "us")
        adv = "-" if not a or not k else (f"{k / a:.1f}x" if lower_is_better else f"{a / k:.1f}x")
        show = lambda v: ms(v) if r["unit"] == "us" else (rps(v) if r["unit"] == "req/s" else ("-" if num(v) is None else f"{num(v):.0f}"))
        md.append(f"| {r['what']} ({'ms' if r['unit'] == 'us' else r['unit']}) | {show(r['auth'])} | {show(r['keycloak'])} | {adv} | {r['goal']} |")
    md.append("")
md.append("## Hot job: no acknowledged update lost\n")
md.append("For every job of the hot-job points, wrk's `response` hook kept the highest `progressPercent` that a 200 answered; "
          "afterwards the database must hold at least that value for each job, and the job's PROGRESS events must rise strictly.\n")
for line in read("checks.txt").splitlines():
    md.append(f"- {line}")

md.append("\n## Where the time goes (progress path)\n")
stages = [l.split("|") for l in read("stages.txt").splitlines() if l.count("|") == 2]
if stages:
    md.append("**Wall clock, by stage** (progress at 1 connection in the profile pass, which is not measured; "
              "`sql/stage_sampler.sql` samples `pg_stat_activity` every ~2 ms and classifies the request in flight):\n")
    md.append("| stage | ticks | share |\n|---|---:|---:|")
    for st, n, p in stages:
        md.append(f"| {html.escape(st)} | {n} | {p} % |")
    md.append("")
elif read("stages.txt"):
    md.append("(stage sampler failed: " + html.escape(read("stages.txt")[:300]) + ")\n")
md.append("**CPU, by component** (JFR in the profile pass, which is not measured):\n")
md.append(read("profile.md"))
p8, r8 = find("2 progress", 8), find("1 raw: progress SQL (pgbench)", 8)
if p8 and r8 and num(p8["rps"]) and num(r8["rps"]):
    md.append(f"\nAt 8 connections the service reaches {num(p8['rps']):.0f} req/s against {num(r8['rps']):.0f} transactions/s "
              f"for the same statements sent by pgbench (ratio {p8['ratio']}): everything above the SQL costs the difference. "
              "p50 of the service vs pgbench: " + ms(p8["p50_us"]) + " ms vs " + ms(r8["p50_us"]) + " ms.")
if read("profile-read.md"):
    md.append("\n## Where the time goes (read path)\n")
    md.append("**CPU, by component** (JFR in a pass after scenario 4's points, which is not measured):\n")
    md.append(read("profile-read.md"))
    g8, s8 = find("4 read GET job (JWT verified)", 8), find("4 raw: the job SELECT (pgbench)", 8)
    if g8 and s8 and num(g8["rps"]) and num(s8["rps"]):
        md.append(f"\nAt 8 connections GET reaches {num(g8['rps']):.0f} req/s against {num(s8['rps']):.0f} SELECTs/s from "
                  f"pgbench (ratio {g8['ratio']}). p50 of the service vs pgbench: " + ms(g8["p50_us"]) + " ms vs "
                  + ms(s8["p50_us"]) + " ms.")
md.append("\nChart: [results.svg](results.svg) (req/s and p99 per point, log scales).\n")
open(md_path, "w").write("\n".join(md) + "\n")

# ---------------------------------------------------------------- SVG, by hand
pts = [r for r in rows if num(r["rps"]) is not None]
bar_h, gap, left, panel, top = 16, 6, 330, 300, 60
space = 120  # between the panels: room for a req/s label with its jobs/s
height = top + len(pts) * (bar_h + gap) + 40
width = left + 2 * panel + space + 40
def scale(v, vmax):
    return 0 if not v or v <= 0 else panel * math.log10(1 + v) / math.log10(1 + vmax)
rmax = max(num(r["rps"]) for r in pts)
pmax = max((num(r["p99_us"]) or 0) / 1000 for r in pts) or 1
s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
     f'<rect width="{width}" height="{height}" fill="white"/>',
     f'<text x="10" y="20" font-size="14" font-weight="bold">Mosaic benchmark, {html.escape(meta.get("nproc", "?"))} cores, '
     f'commit {html.escape(meta.get("commit", "?"))}, {html.escape(meta.get("date", ""))}</text>',
     f'<text x="{left}" y="45" font-weight="bold">req/s (log scale)</text>',
     f'<text x="{left + panel + space}" y="45" font-weight="bold">p99 ms (log scale)</text>']
for i, r in enumerate(pts):
    y = top + i * (bar_h + gap)
    raw = r["scenario"].split(" ")[1] == "raw:"
    color = "#999999" if raw else "#3572b0"
    label = f'{r["scenario"]}  c={r["conc"]}'
    s.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{html.escape(label)}</text>')
    w = scale(num(r["rps"]), rmax)
    s.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
    jobs = f' ({rps(r["jobs_s"])} jobs/s)' if num(r.get("jobs_s")) else ""
    s.append(f'<text x="{left + w + 4:.1f}" y="{y + 12}">{rps(r["rps"])}{jobs}</text>')
    p = (num(r["p99_us"]) or 0) / 1000
    if p:
        w = scale(p, pmax)
        x0 = left + panel + space
        s.append(f'<rect x="{x0}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{"#bbbbbb" if raw else "#d0743c"}"/>')
        s.append(f'<text x="{x0 + w + 4:.1f}" y="{y + 12}">{ms(r["p99_us"])}</text>')
s.append(f'<text x="10" y="{height - 12}" fill="#555">grey: raw measurement (pgbench, argon2 CLI, idle liveness); '
         f'colour: the services. Numbers in deploy/bench/results.md.</text>')
s.append("</svg>")
open(svg_path, "w").write("\n".join(s) + "\n")

# ---------------------------------------------------------------- the cold-start curve, by hand
if cold:
    w_px, h_px, left, top, bottom = 720, 300, 60, 40, 40
    window = num(meta.get("window")) or 5
    tmax = max(num(w["start_s"]) for w in cold) + window
    ymax = max(num(w["rps"]) or 0 for w in cold) or 1
    x = lambda t: left + (w_px - left - 20) * t / tmax
    y = lambda v: top + (h_px - top - bottom) * (1 - v / ymax)
    jit_share = lambda w: min(1.0, (num(w["jit_cpu_ms"]) or 0) / (window * 1000))
    rps_line = " ".join(f"{x(num(w['start_s']) + window / 2):.1f},{y(num(w['rps']) or 0):.1f}" for w in cold)
    jit_line = " ".join(f"{x(num(w['start_s']) + window / 2):.1f},{y(jit_share(w) * ymax):.1f}" for w in cold)
    g = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w_px}" height="{h_px}" font-family="sans-serif" font-size="11">',
         f'<rect width="{w_px}" height="{h_px}" fill="white"/>',
         f'<text x="10" y="20" font-size="14" font-weight="bold">jobs-service cold start: progress req/s at 8 connections per '
         f'{window:g} s window from the first request (commit {html.escape(meta.get("commit", "?"))})</text>',
         f'<line x1="{left}" y1="{y(0):.1f}" x2="{w_px - 20}" y2="{y(0):.1f}" stroke="#333"/>',
         f'<line x1="{left}" y1="{top}" x2="{left}" y2="{y(0):.1f}" stroke="#333"/>',
         f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{rps(ymax)}</text>',
         f'<text x="{left - 4}" y="{y(0):.1f}" text-anchor="end">0</text>',
         f'<text x="{w_px - 20}" y="{y(0) + 16:.1f}" text-anchor="end">{tmax:g} s</text>',
         f'<polyline points="{rps_line}" fill="none" stroke="#3572b0" stroke-width="2"/>',
         f'<polyline points="{jit_line}" fill="none" stroke="#d0743c" stroke-width="1.5" stroke-dasharray="4 3"/>',
         f'<text x="{left + 10}" y="{h_px - 10}" fill="#3572b0">req/s</text>',
         f'<text x="{left + 60}" y="{h_px - 10}" fill="#d0743c">JIT compiler CPU, share of one core (top = 100 %)</text>',
         "</svg>"]
    open(warm_svg_path, "w").write("\n".join(g) + "\n")
