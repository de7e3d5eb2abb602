#!/usr/bin/env python3
"""Writes results.md and results.svg from the files run.sh left in deploy/bench/work/out:
results.tsv (one row per measured point), meta.env, checks.txt, profile.md."""
import csv, html, math, os, sys

out, md_path, svg_path = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(os.path.join(out, "results.tsv")), delimiter="\t"))
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

md = []
md.append("# Mosaic benchmark results\n")
md.append(f"Produced by `deploy/bench/run.sh` in {meta.get('duration', '?')} s. Machine: **{meta.get('nproc')} cores**, "
          f"{meta.get('cpu')}; commit **{meta.get('commit')}**; {meta.get('date')}; PostgreSQL {meta.get('postgres')} (embedded), "
          f"{meta.get('java')}. Each point: {meta.get('warmup')} s warm-up per scenario, then {meta.get('seconds')} s measured; "
          f"wrk with one thread (latencies from its HdrHistogram), pgbench `-M prepared` (percentiles from its per-transaction log). "
          f"{meta.get('rows')} seeded RUNNING jobs per set, each held by the bench's coordinator under a lease that its "
          f"requests send; every set is used by one point only. Every claim point starts from a fresh queue of "
          f"{meta.get('claim_rows')} PENDING jobs.\n")
md.append("The machine is shared with other work, so absolute numbers are noisy: read the **ratio** column, "
          "which compares each service figure with a raw measurement taken minutes apart in the same run.\n")
md.append("| scenario | conc. | req/s | jobs/s | p50 ms | p99 ms | raw (what) | raw value | ratio | conflicts | retries | exhausted | notes |")
md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|")
for r in rows:
    md.append("| " + " | ".join([r["scenario"], r["conc"], rps(r["rps"]), rps(r.get("jobs_s")), ms(r["p50_us"]), ms(r["p99_us"]), r["raw"],
                                 rps(r["raw_value"]) if "(us)" not in r["raw"] and "(ms)" not in r["raw"] else r["raw_value"],
                                 r["ratio"], r["conflicts"], r["retries"], r["exhausted"], html.escape(r["note"])]) + " |")
md.append("\nRatios: scenarios 2 and 3 are req/s over the pgbench req/s of the same statements at the same concurrency "
          "(scenario 3 over its one-row variant); scenario 4 over the bare SELECT; heartbeat over its UPDATE; claim is "
          "jobs/s (claimed jobs per second, counted in the answers) over the jobs/s of pgbench running the same "
          "claim transaction with the same `max` and 8 clients (counted in the database); sign-in over the reference C argon2id "
          "with the service's parameters (m=19456 KiB, t=2, p=1) on every core; the liveness rows are p99 over the idle p99; "
          "startup is time to first 200 on `/q/health/ready` over a bare `java -version`.\n")

md.append("## Hot job: no acknowledged update lost\n")
md.append("For every job of the hot-job points, wrk's `response` hook kept the highest `progressPercent` that a 200 answered; "
          "afterwards the database must hold at least that value for each job, and the job's PROGRESS events must rise strictly.\n")
for line in read("checks.txt").splitlines():
    md.append(f"- {line}")

md.append("\n## Where the time goes (progress path)\n")
stages = [l.split("|") for l in read("stages.txt").splitlines() if l.count("|") == 2]
if stages:
    md.append("**Wall clock, by stage** (scenario 2 at 1 connection; `sql/stage_sampler.sql` samples `pg_stat_activity` "
              "every ~2 ms and classifies the request in flight):\n")
    md.append("| stage | ticks | share |\n|---|---:|---:|")
    for st, n, p in stages:
        md.append(f"| {html.escape(st)} | {n} | {p} % |")
    md.append("")
elif read("stages.txt"):
    md.append("(stage sampler failed: " + html.escape(read("stages.txt")[:300]) + ")\n")
md.append("**CPU, by component** (JFR):\n")
md.append(read("profile.md"))
p8, r8 = find("2 progress", 8), find("1 raw: progress SQL (pgbench)", 8)
if p8 and r8 and num(p8["rps"]) and num(r8["rps"]):
    md.append(f"\nAt 8 connections the service reaches {num(p8['rps']):.0f} req/s against {num(r8['rps']):.0f} transactions/s "
              f"for the same statements sent by pgbench (ratio {p8['ratio']}): everything above the SQL costs the difference. "
              "p50 of the service vs pgbench: " + ms(p8["p50_us"]) + " ms vs " + ms(r8["p50_us"]) + " ms.")
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
