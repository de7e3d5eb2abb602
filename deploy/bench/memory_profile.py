#!/usr/bin/env python3
"""One row of memory-profile.tsv: what a started, idle service's memory is, for run.sh's "startup and memory" section.

memory_profile.py SERVICE SMAPS NMT CLASSLOG
  SMAPS     a copy of /proc/<pid>/smaps: the RSS in all, and that of the AOT cache's mapping (a file named *.aot)
  NMT       jcmd <pid> VM.native_memory summary: what the JVM has committed for the heap, code, class metadata
            (metaspace and its class space) and thread stacks
  CLASSLOG  -Xlog:class+load output: the classes loaded, counted by library (the first two parts of the package)
"""
import collections
import re
import sys

MAPPING = re.compile(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$")
NMT = re.compile(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB")
LOADED = re.compile(r"\[class,load\s*\] (\S+) source:")


def rss(smaps):
    total = aot = 0
    path = ""
    with open(smaps) as f:
        for line in f:
            m = MAPPING.match(line)
            if m:
                path = m.group(1)
            elif line.startswith("Rss:"):
                kib = int(line.split()[1])
                total += kib
                aot += kib if path.endswith(".aot") else 0
    return total, aot


def committed(nmt):
    kinds = {}
    with open(nmt, errors="replace") as f:
        for line in f:
            m = NMT.match(line.strip())
            if m:
                kinds[m.group(1)] = int(m.group(2))
    return kinds


def libraries(classlog):
    counts = collections.Counter()
    with open(classlog, errors="replace") as f:
        for line in f:
            m = LOADED.search(line)
            if m:
                counts[".".join(m.group(1).split(".")[:2])] += 1
    return counts


def main(svc, smaps, nmt, classlog):
    total, aot = rss(smaps)
    kinds = committed(nmt)
    counts = libraries(classlog)
    top = "; ".join(f"{lib} {n}" for lib, n in counts.most_common(8))
    print("\t".join(map(str, [svc, total, aot, kinds.get("Java Heap", "-"), kinds.get("Code", "-"),
                              kinds.get("Class", 0) + kinds.get("Metaspace", 0) if kinds else "-",
                              kinds.get("Thread", "-"), sum(counts.values()), top])))


if __name__ == "__main__":
    main(*sys.argv[1:])
