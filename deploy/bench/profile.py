#!/usr/bin/env python3
"""Summarises `jfr print --json --stack-depth 64 --events jdk.ExecutionSample` of jobs-service under one load
(`profile.py RECORDING.json "progress at 8 connections"`): samples by thread pool, by component twice (inclusive: a
sample counts for every component on its stack; self: it counts once, for the first component from the top of its
stack, so the shares add up to what each part of the code spends itself), and the hottest top frames. Markdown on
stdout."""
import collections, json, sys

COMPONENTS = [  # (label, package prefixes)
    ("JWT verification and its cache (caller.*, smallrye-jwt, jose4j, Caffeine)",
     ("dev.mosaic.jobs.caller", "org.jose4j", "io.smallrye.jwt", "io.quarkus.smallrye.jwt", "com.github.benmanes.caffeine")),
    ("signature crypto (RSA verify)", ("sun.security.rsa", "java.math.BigInteger", "sun.security.provider", "java.security")),
    ("Bean Validation (Hibernate Validator)", ("org.hibernate.validator", "io.quarkus.hibernate.validator")),
    ("Hibernate Reactive / ORM", ("org.hibernate",)),
    ("PostgreSQL client (Vert.x SQL)", ("io.vertx.pgclient", "io.vertx.sqlclient")),
    ("JSON (Jackson)", ("com.fasterxml.jackson",)),
    ("HTTP server (Netty, Vert.x HTTP)", ("io.netty", "io.vertx.core.http", "io.vertx.core.net")),
    ("REST layer (Quarkus REST)", ("org.jboss.resteasy.reactive", "io.quarkus.resteasy.reactive")),
    ("security and CDI (Quarkus security, ArC)", ("io.quarkus.security", "io.quarkus.vertx.http.runtime.security",
                                                  "io.quarkus.arc")),
    ("Vert.x core (event loop, contexts)", ("io.vertx.core",)),
    ("Mutiny / context propagation", ("io.smallrye.mutiny", "io.smallrye.context")),
    ("metrics (Micrometer)", ("io.micrometer",)),
    ("Mosaic code", ("dev.mosaic",)),
]

def name(frame):
    m = frame.get("method", {})
    t = m.get("type", {}).get("name", "?").replace("/", ".")
    return f"{t}.{m.get('name', '?')}"

def pool(thread):
    n = (thread or {}).get("javaName") or (thread or {}).get("osName") or "?"
    for prefix in ("vert.x-eventloop-thread", "executor-thread", "vert.x-worker-thread", "vert.x-internal-blocking"):
        if n.startswith(prefix):
            return prefix
    return n

def owner(frames):
    """The component of the first frame from the top that belongs to one: the JDK's own frames (collections,
    strings, locks) count for the code that called them."""
    for f in frames:
        for label, prefixes in COMPONENTS:
            if f.startswith(prefixes):
                return label
    return "other (JDK, JVM, unlisted libraries)"

def main(path, load):
    events = json.load(open(path))["recording"]["events"]
    total = len(events)
    if not total:
        print("(the recording holds no execution samples)")
        return
    by_pool, inclusive, self_frames = collections.Counter(), collections.Counter(), collections.Counter()
    own = collections.Counter()
    for e in events:
        v = e["values"]
        frames = [name(f) for f in (v.get("stackTrace") or {}).get("frames", [])]
        by_pool[pool(v.get("sampledThread"))] += 1
        if frames:
            self_frames[frames[0]] += 1
        for label, prefixes in COMPONENTS:
            if any(f.startswith(prefixes) for f in frames):
                inclusive[label] += 1
        own[owner(frames)] += 1
    pct = lambda n: f"{100.0 * n / total:.1f} %"
    print(f"JFR `settings=profile` on jobs-service under {load}, in a pass of its own after the "
          f"measured points: {total} execution samples, stacks printed up to 64 frames, so a component counts wherever "
          "it is on the stack (Java code on CPU only; time spent waiting for PostgreSQL is not sampled).\n")
    print("| thread pool | samples | share |\n|---|---:|---:|")
    for p, n in by_pool.most_common(6):
        print(f"| {p} | {n} | {pct(n)} |")
    print("\n| component (inclusive: on the stack) | samples | share |\n|---|---:|---:|")
    for label, n in inclusive.most_common():
        print(f"| {label} | {n} | {pct(n)} |")
    print("\n| component (self: the first one from the top of the stack) | samples | share |\n|---|---:|---:|")
    for label, n in own.most_common():
        print(f"| {label} | {n} | {pct(n)} |")
    print("\n| top frame (self) | samples | share |\n|---|---:|---:|")
    for f, n in self_frames.most_common(15):
        print(f"| `{f}` | {n} | {pct(n)} |")
    lead = [(label, n) for label, n in own.most_common() if not label.startswith("other")][:1]
    if lead:
        print(f"\nThe component that spends most itself: **{lead[0][0]}** ({pct(lead[0][1])} of the samples).")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
