#!/usr/bin/env python3
"""CPU used so far, from /proc, in milliseconds: `proc_cpu.py JVM_PID POSTMASTER_PID` prints
"jvm_ms jit_ms pg_ms": all threads of the JVM; its JIT compiler threads alone (C1/C2 CompilerThread);
PostgreSQL: the postmaster and every live child, plus what its exited children used (cutime/cstime,
e.g. pgbench's backends after their run). Differences between two calls give the CPU of what ran between."""
import os, sys

TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")

def stat(path):
    """(comm, fields after comm) of a /proc stat file; comm may hold spaces and parentheses."""
    text = open(path).read()
    return text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()

def ticks(fields, children=False):
    # after comm: state is [0], utime [11], stime [12], cutime [13], cstime [14]
    return int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)

def jvm(pid):
    total = ticks(stat(f"/proc/{pid}/stat")[1])
    jit = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            comm, fields = stat(f"/proc/{pid}/task/{task}/stat")
        except OSError:
            continue  # the thread ended meanwhile
        if "CompilerThre" in comm:
            jit += ticks(fields)
    return total, jit

def postgres(postmaster):
    total = ticks(stat(f"/proc/{postmaster}/stat")[1], children=True)
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid == str(postmaster):
            continue
        try:
            _, fields = stat(f"/proc/{pid}/stat")
        except OSError:
            continue
        if fields[1] == str(postmaster):  # ppid
            total += ticks(fields)
    return total

if __name__ == "__main__":
    jvm_ticks, jit_ticks = jvm(sys.argv[1])
    pg_ticks = postgres(sys.argv[2])
    print(f"{jvm_ticks * TICK_MS:.0f} {jit_ticks * TICK_MS:.0f} {pg_ticks * TICK_MS:.0f}")
