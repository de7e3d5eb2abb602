#!/usr/bin/env python3
"""One row of start-profile.tsv: where a start's time and CPU went, for run.sh's "startup and memory" section.

start_profile.py SERVICE PID READY_MS CPU_MS T0_NS LOG THREADS
  PID       the started JVM
  T0_NS     when run.sh launched it (date +%s%N)
  LOG       its output, with -Dquarkus.debug.print-startup-times=true: "Build step <name> completed in: <n>ms" lines
  THREADS   "tid<TAB>cpu ms<TAB>name" a line, read from /proc at the first 200 on /q/health/ready
"""
import datetime
import re
import sys

STEP = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*Build step (\S+) completed in: (\d+)ms")


def kind(tid, name, pid):
    if name.startswith("C2 Compiler"):
        return "c2"
    if name.startswith("C1 Compiler"):
        return "c1"
    if name == "java":  # the launcher's thread (tid = pid) and Java's main thread, which keeps the process name
        return "main"
    if name.startswith(("VM ", "GC ", "Service Thread")):
        return "vm_gc"
    return "other"


def main(svc, pid, ready_ms, cpu_ms, t0_ns, log, threads):
    cpu = {"c2": 0, "c1": 0, "main": 0, "vm_gc": 0, "other": 0}
    for line in threads.splitlines():
        tid, ms, name = line.split("\t", 2)
        cpu[kind(tid, name, pid)] += int(ms)
    steps, first = [], None
    with open(log, errors="replace") as f:
        for line in f:
            m = STEP.match(line)
            if m:
                # the log's clock is local time, like date's
                first = first or datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f")
                steps.append((int(m.group(3)), m.group(2)))
    before = int((first.timestamp() - int(t0_ns) / 1e9) * 1000) if first else "-"
    top = "; ".join(f"{name} {ms}" for ms, name in sorted(steps, reverse=True)[:6])
    print("\t".join(map(str, [svc, ready_ms, cpu_ms, cpu["c2"], cpu["c1"], cpu["main"], cpu["vm_gc"], cpu["other"],
                              before, sum(ms for ms, _ in steps), top])))


if __name__ == "__main__":
    main(*sys.argv[1:])
