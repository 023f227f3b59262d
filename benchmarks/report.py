#!/usr/bin/env python3
"""Turns the benchmarks' results into benchmarks/README.md and the spawn-and-sleep plot.

    python3 benchmarks/report.py --results benchmarks/results --out benchmarks/README.md [--check]

Reads RESULTS/jmh.json (JMH's JSON), RESULTS/memory.json (the memory workload, written by
dev.weft.bench.memory.MemoryMain in JMH's format) and RESULTS/run.properties (command, machine, load,
written by run.sh); writes OUT and, beside it, spawn-and-sleep.svg. The closing notes come from
analysis.md beside this script (written by hand after looking at a run) when OUT is the real README.
With --check (smoke mode) it also compares RESULTS/list.txt (JMH's benchmark list) with the results and
prints 'smoke: N passed, M failed', failing when M > 0. Standard library only.
"""

import argparse
import html
import json
import math
import os
import sys

PKG = "dev.weft.bench."

# ---------------------------------------------------------------------------- what each row is

LABELS = {
    # workload 1
    "GeneratorIteration.weft": "weft `Generator` (for-each)",
    "GeneratorIteration.iterator": "hand-written `Iterator<Integer>`",
    "GeneratorIteration.intStream": "`IntStream.range(..).sum()`",
    "GeneratorIteration.stream": "`Stream.iterate(..)` of `Integer`",
    "GeneratorIteration.kotlinSequence": "Kotlin `sequence { yield(i) }`",
    "GeneratorIteration.platformThread": "platform producer thread, `SynchronousQueue`",
    "GeneratorIteration.virtualThread": "virtual producer thread, `SynchronousQueue`",
    "GeneratorIteration.virtualThreadP1": "virtual producer thread, parallelism=1",
    # workload 2
    "SuspendResume.weftCoroutine": "weft `Coroutine` chain, `send`",
    "SuspendResume.weftGenerator": "weft `Generator` chain (`yieldFrom`), `send`",
    "SuspendResume.kotlinSuspendCoroutine": "Kotlin `suspendCoroutine` + `resume`",
    "SuspendResume.kotlinIntrinsics": "Kotlin `suspendCoroutineUninterceptedOrReturn` + `resume`",
    "SuspendResume.virtualThread": "two virtual threads, `SynchronousQueue`",
    "SuspendResume.virtualThreadP1": "two virtual threads, parallelism=1",
    "SuspendResume.platformThread": "two platform threads, `SynchronousQueue`",
    # workload 2b
    "AwaitChain.weft": "weft coroutines awaiting coroutines, `sendOrDone`",
    "AwaitChain.weftSend": "weft, `send` (ends with a `StopIteration`)",
    "AwaitChain.kotlin": "Kotlin suspend functions calling suspend functions",
    "AwaitChain.weftInCoroutine": "weft, inside a running coroutine",
    "AwaitChain.kotlinInCoroutine": "Kotlin, inside a running coroutine",
    # workload 3
    "PingPong.weft": "weft tasks, two `Queue(1)`",
    "PingPong.kotlinChannel": "Kotlin coroutines, rendezvous `Channel`s, one thread",
    "PingPong.virtualThread": "virtual threads, `SynchronousQueue`s",
    "PingPong.virtualThreadP1": "virtual threads, parallelism=1",
    "PingPongPlatform.platformThread": "platform threads, `SynchronousQueue`s",
    "PingPong.completableFuture": "`CompletableFuture` callbacks on a run loop",
    # workload 4
    "SpawnAndSleep.weft": "weft tasks, `Asyncio.sleep`",
    "SpawnAndSleep.weftCompletableFuture": "weft `@Async` `CompletableFuture` methods, one timer thread",
    "SpawnAndSleep.virtualThread": "virtual threads, `Thread.sleep`",
    "SpawnAndSleep.virtualThreadP1": "virtual threads, parallelism=1",
    "SpawnAndSleep.kotlin": "Kotlin `launch { delay(100) }` in `runBlocking`",
    "SpawnAndSleep.completableFuture": "`CompletableFuture` + one scheduled-executor thread",
    "SpawnAndSleep.eaAsync": "ea-async methods, one timer thread",
    "SpawnAndSleepPlatform.platformThread": "platform threads, `Thread.sleep`",
    # workload 4, memory against N
    "SleepMemory.weft": "weft tasks, `Asyncio.sleep`",
    "SleepMemory.weftCompletableFuture": "weft `@Async` `CompletableFuture` methods, one timer thread",
    "SleepMemory.virtualThread": "virtual threads, `Thread.sleep`",
    "SleepMemory.virtualThreadP1": "virtual threads, parallelism=1",
    "SleepMemory.kotlin": "Kotlin `launch { delay(..) }` in `runBlocking`",
    "SleepMemory.completableFuture": "`CompletableFuture` + one scheduled-executor thread",
    "SleepMemory.eaAsync": "ea-async methods, one timer thread",
    "SleepMemory.platformThread": "platform threads, `Thread.sleep`",
    # workload 5
    "Memory.weftTask": "weft task (on the loop) awaiting a `Future`",
    "Memory.weftCoroutine": "weft `Coroutine` awaiting (no task)",
    "Memory.weftGenerator": "weft `Generator` at a `yield`",
    "Memory.weftCompletableFuture": "weft `@Async` `CompletableFuture` method awaiting",
    "Memory.kotlinLaunch": "Kotlin `launch` awaiting a `CompletableDeferred`",
    "Memory.kotlinCoroutine": "Kotlin bare suspended coroutine (no `Job`)",
    "Memory.virtualThread": "virtual thread blocked on a latch",
    "Memory.virtualThreadP1": "virtual thread, parallelism=1",
    "Memory.completableFuture": "`CompletableFuture.thenApply` callback",
    "Memory.eaAsync": "ea-async method awaiting",
    "Memory.platformThread": "platform thread blocked on a latch (resident)",
    "Memory.weftGeneratorLevel": "weft `Generator`, per `yieldFrom` level",
    "Memory.weftCoroutineLevel": "weft `Coroutine`, per `await` level",
    "Memory.kotlinLevel": "Kotlin suspend function, per level",
    "Memory.virtualThreadLevel": "virtual thread, per stack frame",
    # workload 6
    "AwaitFutures.weft": "weft `@Async` `CompletableFuture` method",
    "AwaitFutures.eaAsync": "ea-async (woven at build time by its Maven plugin)",
    "AwaitFutures.thenCompose": "hand-written `thenCompose` chain",
    "AwaitFutures.kotlin": "Kotlin `future(Unconfined) { f.await() }`",
    # workload 7
    "weaving.WeaverThroughput.asyncClasses": "weaver, classes with `@Async` methods",
    "weaving.WeaverThroughput.plainClassesPrefiltered": "weaver, plain classes through the pre-filter",
    "weaving.WeaverThroughput.plainClassesParsed": "weaver, plain classes parsed (no pre-filter)",
    "weaving.AgentStartup.startUp": "two JVMs loading {classes} classes, without and with the agent",
}

# (title, description, row prefixes in display order, the parameter that splits the table, reference row,
#  derived column: (header, function(score, params) -> value, unit) or None)
WORKLOADS = [
    ("1. Generator iteration",
     "A producer yields 0..999 and the consumer sums them. Nanoseconds per element.",
     ["GeneratorIteration.weft", "GeneratorIteration.iterator", "GeneratorIteration.intStream",
      "GeneratorIteration.stream", "GeneratorIteration.kotlinSequence", "GeneratorIteration.platformThread",
      "GeneratorIteration.virtualThread", "GeneratorIteration.virtualThreadP1"],
     None, "GeneratorIteration.weft", None),
    ("2. Suspend/resume",
     "One round trip of a standing chain of `depth` frames: resume the innermost, run to its next "
     "suspension. Depth 1 is the innermost frame alone. The virtual-thread rows are two virtual threads "
     "(the echo parked `depth` frames deep); the platform row is JMH's thread and an echo thread.",
     ["SuspendResume.weftCoroutine", "SuspendResume.weftGenerator", "SuspendResume.kotlinSuspendCoroutine",
      "SuspendResume.kotlinIntrinsics", "SuspendResume.virtualThread", "SuspendResume.virtualThreadP1",
      "SuspendResume.platformThread"],
     "depth", "SuspendResume.weftCoroutine", None),
    ("2b. Entering and completing a chain of awaits",
     "Create a chain of `depth` coroutines (each awaits the next; the innermost returns at once), run it "
     "to the end, take the result. Each level calls the next directly, on both sides (weft: "
     "`await(level(d - 1))`, an await of a call to an `@Async` method of the same class, which runs "
     "the callee's direct variant; Kotlin: a suspend function calling the next). Nanoseconds per chain. From plain Java (weft: `sendOrDone`, which "
     "returns a `Done` with the result, and `send`, Python's protocol, which ends with a `StopIteration`; "
     "Kotlin: `startCoroutineUninterceptedOrReturn`), and from inside a running coroutine "
     "(a standing coroutine, resumed once per operation, awaits a fresh chain and suspends again: one "
     "resume more per chain on both sides).",
     ["AwaitChain.weft", "AwaitChain.weftSend", "AwaitChain.kotlin", "AwaitChain.weftInCoroutine",
      "AwaitChain.kotlinInCoroutine"],
     "depth", "AwaitChain.weft", None),
    ("3. Ping-pong",
     "Two tasks pass a token back and forth, `n` handoffs per operation (platform threads: 100,000, "
     "as 1,000,000 take 10-20 s an operation). Milliseconds per operation, and nanoseconds per handoff.",
     ["PingPong.weft", "PingPong.kotlinChannel", "PingPong.completableFuture", "PingPong.virtualThread",
      "PingPong.virtualThreadP1", "PingPongPlatform.platformThread"],
     None, "PingPong.weft", ("ns/handoff", lambda s, p: s * 1e6 / float(p["n"]), "ns")),
    ("4. Spawn and sleep",
     "Start `n` tasks that each sleep 100 ms, then join them all. Seconds per operation (single shot), "
     "and the young and full collections during it. The floor is 0.1 s. Platform threads run only at "
     "n = 10,000: this machine has kernel.pid_max = 32768 and vm.max_map_count = 65530 (two mappings "
     "per thread stack), so 100,000 or 1,000,000 threads cannot exist here.",
     ["SpawnAndSleep.weft", "SpawnAndSleep.weftCompletableFuture", "SpawnAndSleep.kotlin",
      "SpawnAndSleep.completableFuture", "SpawnAndSleep.eaAsync", "SpawnAndSleep.virtualThread",
      "SpawnAndSleep.virtualThreadP1", "SpawnAndSleepPlatform.platformThread"],
     "n", "SpawnAndSleep.weft", None),
    ("4b. Spawn and sleep: memory against n",
     "The same tasks, asleep (for 60 s, cancelled after the measurement): heap in use after a full "
     "collection, minus the same before they were started, per task; resident memory likewise "
     "(the heap is pre-touched, so resident growth is memory outside the heap: thread stacks).",
     ["SleepMemory.weft", "SleepMemory.weftCompletableFuture", "SleepMemory.kotlin",
      "SleepMemory.completableFuture", "SleepMemory.eaAsync", "SleepMemory.virtualThread",
      "SleepMemory.virtualThreadP1", "SleepMemory.platformThread"],
     "n", "SleepMemory.weft", None),
    ("5. Memory per suspended task",
     "Bytes of heap per suspended object with three live locals (an `int`, a `long`, a reference), "
     "all waiting on one shared gate, measured after full collections with warmed-up code "
     "(one JVM per row, 5 repetitions). Platform threads: resident bytes per thread (VmRSS). "
     "The handles (Task, Job, Thread, future) are held in an array allocated before the first "
     "measurement, so the array is not counted. \"Per level\" rows: (chains of depth 11 - depth 1) / 10; "
     "each level awaits (or yields from) the next by a direct call, as Kotlin's calls the next suspend function. "
     "\"× weft\" compares tasks, jobs and threads with the weft task; the bare Kotlin coroutine with the "
     "bare weft coroutine; ea-async and `CompletableFuture` with weft's `CompletableFuture` method; "
     "per-level rows with weft's per-`await` level.",
     ["Memory.weftTask", "Memory.weftCoroutine", "Memory.weftGenerator", "Memory.weftCompletableFuture",
      "Memory.kotlinLaunch", "Memory.kotlinCoroutine", "Memory.eaAsync", "Memory.completableFuture",
      "Memory.virtualThread", "Memory.virtualThreadP1", "Memory.platformThread",
      "Memory.weftGeneratorLevel", "Memory.weftCoroutineLevel", "Memory.kotlinLevel",
      "Memory.virtualThreadLevel"],
     None, "Memory.weftTask", None),
    ("6. Await on CompletableFuture",
     "A method awaits 10 futures in turn and returns their sum as a `CompletableFuture`: futures "
     "complete before the call (`completed` = true), or completed one by one after it (false). "
     "Nanoseconds per call.",
     ["AwaitFutures.weft", "AwaitFutures.eaAsync", "AwaitFutures.thenCompose", "AwaitFutures.kotlin"],
     "completed", "AwaitFutures.weft", None),
    ("7. Weaving cost",
     "The weaver's throughput (classes per second; an operation is one class), and the wall time of a "
     "whole JVM that loads a few thousand classes of the jars in benchmarks.jar (Kotlin, kotlinx, JMH, "
     "Commons Math, JOpt, ASM), with `async` also weft's and the benchmarks' ~300 classes, among them "
     "unwoven `@Async` classes; `asyncCached` is `async` with the agent's class cache (`cache=DIR`), "
     "filled by two runs before the measurement. Start-up is paired: each operation starts a JVM without "
     "and one with `-javaagent:weft-agent.jar`, one right after the other in alternating order; the score "
     "is the pair's, `withoutAgent/op` and `withAgent/op` each one's seconds.",
     ["weaving.WeaverThroughput.asyncClasses", "weaving.WeaverThroughput.plainClassesPrefiltered",
      "weaving.WeaverThroughput.plainClassesParsed", "weaving.AgentStartup.startUp"],
     None, None, None),
]

# Rows compared with a weft row other than their workload's reference.
REFERENCE = {
    "Memory.kotlinCoroutine": "Memory.weftCoroutine",
    "Memory.eaAsync": "Memory.weftCompletableFuture",
    "Memory.completableFuture": "Memory.weftCompletableFuture",
    "Memory.kotlinLevel": "Memory.weftCoroutineLevel",
    "Memory.virtualThreadLevel": "Memory.weftCoroutineLevel",
    "Memory.weftGeneratorLevel": "Memory.weftCoroutineLevel",
    "AwaitChain.kotlinInCoroutine": "AwaitChain.weftInCoroutine",
}

SPAWN_ROWS = ["weft", "weftCompletableFuture", "kotlin", "completableFuture", "eaAsync", "virtualThread",
              "virtualThreadP1", "platformThread"]
LEGEND = {"weft": "weft tasks", "weftCompletableFuture": "weft CompletableFuture methods",
          "kotlin": "Kotlin launch + delay", "completableFuture": "CompletableFuture + timer thread",
          "eaAsync": "ea-async + timer thread", "virtualThread": "virtual threads",
          "virtualThreadP1": "virtual threads, parallelism=1", "platformThread": "platform threads"}
COLORS = {"weft": "#d62728", "weftCompletableFuture": "#ff7f0e", "kotlin": "#9467bd",
          "completableFuture": "#2ca02c", "eaAsync": "#8c564b", "virtualThread": "#1f77b4",
          "virtualThreadP1": "#17becf", "platformThread": "#7f7f7f"}


# ---------------------------------------------------------------------------- reading

def load_json(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        text = f.read().strip()
    return json.loads(text) if text else []


def load_properties(path):
    props = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    props[k] = v
    return props


def number(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return float("nan")
    return v


class Result:
    def __init__(self, record):
        name = record["benchmark"]
        self.name = name[len(PKG):] if name.startswith(PKG) else name
        if self.name.startswith("memory."):
            self.name = self.name[len("memory."):]
        self.params = record.get("params", {}) or {}
        pm = record["primaryMetric"]
        self.score = number(pm["score"])
        self.error = number(pm.get("scoreError"))
        self.unit = pm["scoreUnit"]
        self.mode = record.get("mode")
        self.secondary = {k: v for k, v in (record.get("secondaryMetrics") or {}).items()}
        self.record = record

    def key(self, split):
        return self.params.get(split) if split else None

    def cost(self):
        """Lower is better: time and bytes as they are, throughput inverted."""
        if self.unit.startswith("ops/"):
            return 1.0 / self.score if self.score else float("inf")
        return self.score


# ---------------------------------------------------------------------------- formatting

def fmt(x, digits=3):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    ax = abs(x)
    if ax == 0:
        return "0"
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax >= 100:
        return f"{x:.1f}"
    if ax >= 10:
        return f"{x:.2f}"
    if ax >= 1:
        return f"{x:.3f}"
    return f"{x:.{digits}g}"


def score_cell(r):
    if math.isnan(r.error):
        return fmt(r.score)
    return f"{fmt(r.score)} ± {fmt(r.error)}"


def label(r_or_name, params=None):
    name = r_or_name.name if isinstance(r_or_name, Result) else r_or_name
    params = r_or_name.params if isinstance(r_or_name, Result) else (params or {})
    text = LABELS.get(name, name)
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def ratio_cell(r, ref):
    if ref is None or r is ref:
        return "1" if r is ref else ""
    a, b = r.cost(), ref.cost()
    if not b or math.isnan(a) or math.isnan(b) or b <= 0:
        return ""
    x = a / b
    if x < 0.1:
        return f"{x:.2g}"
    return f"{x:.2f}" if x < 10 else f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def missing_reason(name, params):
    if name.endswith("platformThread") and params.get("n") and int(params["n"]) > 10000:
        return "cannot run here (kernel.pid_max 32768)"
    return "no result (failed or not run: see results/jmh.log)"


# ---------------------------------------------------------------------------- tables

def per_op(r, key):
    """A JMH auxiliary counter per operation: the mean of its per-iteration raw data (in single-shot mode
    one operation per iteration), since JMH's own score for event counters is their sum."""
    m = r.secondary.get(key)
    if not m:
        return None
    raw = [x for fork in (m.get("rawData") or []) for x in fork]
    if raw and r.mode == "ss":
        return sum(number(x) for x in raw) / len(raw)
    return number(m.get("score"))


def counter_mode(by_name, present, key):
    modes = {r.mode for n in present for r in by_name[n] if key in r.secondary}
    return modes.pop() if len(modes) == 1 else None


def is_weft(row):
    last = row.split(".")[-1]
    return last == "weft" or last.startswith("weft")


def table(results, title, text, rows, split, ref_name, derived):
    by_name = {}
    for r in results:
        by_name.setdefault(r.name, []).append(r)
    present = [n for n in rows if n in by_name]
    if not present:
        return f"### {title}\n\n{text}\n\n(no results)\n"
    values = [None]
    if split:
        vals = set()
        for n in present:
            for r in by_name[n]:
                vals.add(r.params.get(split))
        values = sorted(vals, key=lambda v: (float(v) if v.replace(".", "").isdigit() else v))
    out = [f"### {title}", "", text, ""]
    extra_params = sorted({k for n in present for r in by_name[n] for k in r.params if k != split})
    secondaries = []
    for n in present:
        for r in by_name[n]:
            for k in r.secondary:
                if k not in secondaries and k not in ("heap", "resident"):
                    secondaries.append(k)
    has_mem = any("heap" in r.secondary for n in present for r in by_name[n])
    header = ["row"] + ([split] if split else []) + extra_params + ["score ± error", "unit"]
    if derived:
        header.append(derived[0])
    if has_mem:
        header += ["heap B", "resident B"]
    header += [k + "/op" if counter_mode(by_name, present, k) == "ss" else k for k in secondaries]
    if ref_name:
        header.append("× weft")
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join(["---"] * len(header)) + "|")
    for v in values:
        def ref_for(row, v=v):
            name = REFERENCE.get(row, ref_name)
            for r in by_name.get(name, []) if name else []:
                if not split or r.params.get(split) == v:
                    return r
            return None
        for n in rows:
            rs = [r for r in by_name.get(n, []) if not split or r.params.get(split) == v]
            if not rs:
                if n in present or n.endswith("platformThread"):
                    cells = [label(n)] + ([v] if split else []) + [""] * len(extra_params)
                    cells += [missing_reason(n, {split: v} if split else {}), ""]
                    cells += [""] * (len(header) - len(cells))
                    out.append("| " + " | ".join(cells) + " |")
                continue
            for r in rs:
                name = label(r)
                if r.name.split(".")[-1].startswith("weft") or r.name.endswith(".weft"):
                    name = f"**{name}**"
                cells = [name] + ([v] if split else []) + [r.params.get(p, "") for p in extra_params]
                cells += [score_cell(r), r.unit]
                if derived:
                    cells.append(fmt(derived[1](r.score, r.params)))
                if has_mem:
                    cells += [fmt(number(r.secondary.get("heap", {}).get("score"))),
                              fmt(number(r.secondary.get("resident", {}).get("score")))]
                for k in secondaries:
                    cells.append(fmt(per_op(r, k)))
                if ref_name:
                    if is_weft(n):
                        is_ref = n == ref_name or n in REFERENCE.values()
                        cells.append("1" if is_ref else "")
                    else:
                        cells.append(ratio_cell(r, ref_for(n)))
                out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------- targets

def find(results, name, **params):
    for r in results:
        if r.name == name and all(r.params.get(k) == str(v) for k, v in params.items()):
            return r
    return None


def targets(results):
    rows = []

    def add(target, measured, ok):
        status = "—" if ok is None else ("met" if ok else "**missed**")
        rows.append(f"| {target} | {measured} | {status} |")

    w, k = find(results, "GeneratorIteration.weft"), find(results, "GeneratorIteration.kotlinSequence")
    if w and k:
        add("generator iteration ≥ 4× faster than Kotlin `sequence`",
            f"weft {fmt(w.score)} ns, Kotlin {fmt(k.score)} ns: {k.score / w.score:.2f}×", k.score / w.score >= 4)
    for d in ("1", "10", "100"):
        w, k = find(results, "SuspendResume.weftCoroutine", depth=d), find(results, "SuspendResume.kotlinSuspendCoroutine", depth=d)
        if w and k:
            add(f"`send` round trip ≥ 5× faster than Kotlin `suspendCoroutine`, depth {d}",
                f"weft {fmt(w.score)} ns, Kotlin {fmt(k.score)} ns: {k.score / w.score:.2f}×", k.score / w.score >= 5)
    for row in ("SuspendResume.weftCoroutine", "SuspendResume.weftGenerator"):
        a, b = find(results, row, depth="1"), find(results, row, depth="100")
        if a and b:
            add(f"{label(row)}: depth 100 within 20% of depth 1",
                f"{fmt(a.score)} ns → {fmt(b.score)} ns ({(b.score / a.score - 1) * 100:+.0f}%)", b.score <= a.score * 1.2)
    for d in ("1", "10", "100"):
        w, k = find(results, "AwaitChain.weft", depth=d), find(results, "AwaitChain.kotlin", depth=d)
        if w and k:
            add(f"entering and completing an await chain of depth {d} no slower than Kotlin",
                f"weft {fmt(w.score)} ns, Kotlin {fmt(k.score)} ns", w.score <= k.score)
    for d in ("1", "10", "100"):
        w, k = find(results, "AwaitChain.weftInCoroutine", depth=d), find(results, "AwaitChain.kotlinInCoroutine", depth=d)
        if w and k:
            add(f"... the same inside a running coroutine, depth {d}",
                f"weft {fmt(w.score)} ns, Kotlin {fmt(k.score)} ns", w.score <= k.score)
    w, k = find(results, "PingPong.weft"), find(results, "PingPong.kotlinChannel")
    if w and k:
        add("ping-pong ≥ 2× faster than Kotlin's channel on one thread",
            f"weft {fmt(w.score * 1e6 / float(w.params['n']))} ns/handoff, Kotlin "
            f"{fmt(k.score * 1e6 / float(k.params['n']))} ns/handoff: {k.score / w.score:.2f}×", k.score / w.score >= 2)
    w = find(results, "SpawnAndSleep.weft", n="1000000")
    if w:
        peers = [r for r in results if r.name.startswith("SpawnAndSleep.") and r.name != "SpawnAndSleep.weft"
                 and r.params.get("n") == "1000000"]
        best = min(peers, key=lambda r: r.score) if peers else None
        fast = best is None or w.score < best.score
        add("1,000,000 tasks sleeping 100 ms joined faster than every peer",
            f"weft {fmt(w.score)} s; fastest peer {label(best) if best else '—'} {fmt(best.score) if best else ''} s",
            fast)
        add("... in under 0.6 s", f"{fmt(w.score)} s", w.score < 0.6)
        full = per_op(w, "fullGc")
        if full is not None:
            add("... with no full GC", f"{fmt(full)} full GCs per operation", full == 0)
    for row, limit in (("Memory.weftTask", 120), ("Memory.weftGenerator", 80), ("Memory.weftGeneratorLevel", 40),
                       ("Memory.weftCoroutineLevel", 40)):
        r = find(results, row)
        if r:
            add(f"{label(row)} under {limit} B", f"{fmt(r.score)} B", r.score < limit)
    for classes, what in (("plain", "plain classes"), ("async", "async classes"),
                          ("asyncCached", "async classes, woven classes cached by an earlier run")):
        r = find(results, "weaving.AgentStartup.startUp", classes=classes)
        a, b = (per_op(r, "withoutAgent"), per_op(r, "withAgent")) if r else (None, None)
        if a and b:
            add(f"agent adds under 10% to start-up ({what})",
                f"{fmt(a)} s → {fmt(b)} s ({(b / a - 1) * 100:+.0f}%)", b < a * 1.1)
    if not rows:
        return ""
    return "\n".join(["| target (issue 5) | measured in this run | |", "|---|---|---|"] + rows) + "\n"


# ---------------------------------------------------------------------------- the plot

def svg_plot(results, path):
    """Two log-log panels: spawn-and-sleep time against n, and memory (heap + resident) against n."""
    time_series, mem_series = {}, {}
    for r in results:
        kind, _, row = r.name.rpartition(".")
        if kind in ("SpawnAndSleep", "SpawnAndSleepPlatform") and "n" in r.params:
            time_series.setdefault(row, []).append((int(r.params["n"]), r.score))
        elif kind == "SleepMemory" and "n" in r.params:
            heap = number(r.secondary.get("heap", {}).get("score", r.score))
            res = number(r.secondary.get("resident", {}).get("score", 0))
            total = heap + max(0.0, res)
            mem_series.setdefault(row, []).append((int(r.params["n"]), total * int(r.params["n"]) / 1e6))
    if not time_series and not mem_series:
        return False
    width, height = 980, 450
    panels = [("Spawn and sleep: seconds to join n tasks sleeping 100 ms", "s", time_series, 70),
              ("Memory of n sleeping tasks: MB (heap + resident)", "MB", mem_series, 560)]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    pw, ph, top = 360, 280, 40
    for title, unit, series, left in panels:
        xs = [x for s in series.values() for x, _ in s] or [1e4, 1e6]
        ys = [y for s in series.values() for _, y in s if y > 0] or [0.1, 1]
        x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
        if x0 == x1:
            x1 += 1
        y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
        if y0 == y1:
            y1 += 1

        def px(x, x0=x0, x1=x1, left=left):
            return left + (math.log10(x) - x0) / (x1 - x0) * pw

        def py(y, y0=y0, y1=y1):
            return top + ph - (math.log10(y) - y0) / (y1 - y0) * ph

        out.append(f'<text x="{left + pw / 2}" y="{top - 16}" text-anchor="middle" font-weight="bold">'
                   f'{html.escape(title)}</text>')
        out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
        for e in range(x0, x1 + 1):
            x = left + (e - x0) / (x1 - x0) * pw
            out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{top + ph}" stroke="#ddd"/>')
            out.append(f'<text x="{x}" y="{top + ph + 16}" text-anchor="middle">{10 ** e:,}</text>')
        for e in range(y0, y1 + 1):
            y = top + ph - (e - y0) / (y1 - y0) * ph
            out.append(f'<line x1="{left}" y1="{y}" x2="{left + pw}" y2="{y}" stroke="#ddd"/>')
            out.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{10.0 ** e:g}</text>')
        out.append(f'<text x="{left + pw / 2}" y="{top + ph + 34}" text-anchor="middle">n (tasks)</text>')
        out.append(f'<text x="{left - 48}" y="{top + ph / 2}" text-anchor="middle" '
                   f'transform="rotate(-90 {left - 48} {top + ph / 2})">{unit}</text>')
        for row in SPAWN_ROWS:
            pts = sorted(p for p in series.get(row, []) if p[1] > 0)
            if not pts:
                continue
            color = COLORS.get(row, "#000")
            dash = ' stroke-dasharray="5,3"' if row.endswith("P1") else ""
            if len(pts) > 1:
                d = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
                out.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
            for x, y in pts:
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{color}"/>')
    # legend
    lx, ly = 70, top + ph + 52
    for i, row in enumerate(SPAWN_ROWS):
        if row not in time_series and row not in mem_series:
            continue
        x = lx + (i % 3) * 300
        y = ly + (i // 3) * 18
        dash = ' stroke-dasharray="5,3"' if row.endswith("P1") else ""
        out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="{COLORS[row]}" stroke-width="2"{dash}/>')
        text = LEGEND.get(row, row)
        out.append(f'<text x="{x + 28}" y="{y}">{html.escape(text)}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return True


# ---------------------------------------------------------------------------- the README

def environment(results, props):
    rec = results[0].record if results else {}
    lines = ["| | |", "|---|---|"]
    jvm = props.get("java") or f"{rec.get('vmName', '?')} {rec.get('vmVersion', '')}"
    lines.append(f"| JVM | {jvm} (JDK {rec.get('jdkVersion', '?')}) |")
    lines.append(f"| JMH | {rec.get('jmhVersion', '?')} |")
    if props.get("cpu"):
        lines.append(f"| machine | {props.get('cpu')}, {props.get('cores', '?')} cores, {props.get('memory', '?')}, "
                     f"{props.get('os', '')} |")
    load = [props.get(k) for k in ("loadavg_before", "loadavg_after_jmh", "loadavg_after") if props.get(k)]
    if load:
        shared = ""
        try:
            cores = int(props.get("cores", "0"))
            # Only the figure before JMH says whether other work competed: the one after JMH is the last
            # benchmarks' own (the agent start-up rows run two JVMs at a time, each with its JIT threads),
            # the one at the end the memory workload's (a million threads). run.sh's own build comes just
            # before, so only a load well beyond the cores counts.
            peak = float(props["loadavg_before"].split()[0]) if props.get("loadavg_before") else 0.0
            if cores and peak > 1.5 * cores:
                shared = (" — the machine was **shared** with other builds during the run (load above what "
                          "the benchmarks alone make), so some rows are noisier or slower than on a quiet machine")
        except ValueError:
            pass
        lines.append(f"| load average (1, 5, 15 min) | before {props.get('loadavg_before', '?')}; after JMH "
                     f"{props.get('loadavg_after_jmh', '?')}; at the end {props.get('loadavg_after', '?')}{shared} |")
    if props.get("started"):
        lines.append(f"| run | {props.get('started')} → {props.get('finished', '?')} (UTC) |")
    lines.append(f"| command | `{props.get('command', 'benchmarks/run.sh')}` |")
    if props.get("commit"):
        lines.append(f"| weft built from | {props.get('commit')} |")
    args = rec.get("jvmArgs")
    if args is not None:
        lines.append("| fork JVM options | per benchmark class: `-Xms1g -Xmx1g -XX:+AlwaysPreTouch` "
                     "(spawn and sleep, memory: 3g; agent start-up forks 256m, its child JVMs 128m); "
                     "virtual-thread `…P1` rows add `-Djdk.virtualThreadScheduler.parallelism=1` |")
    settings = {}
    for r in results:
        cls = r.name.rsplit(".", 1)[0].split(".")[-1]
        rr = r.record
        text = (f"{rr.get('warmupIterations')} × {rr.get('warmupTime')} warm-up, "
                f"{rr.get('measurementIterations')} × {rr.get('measurementTime')}, {rr.get('forks')} fork(s)")
        settings.setdefault(text, [])
        if cls not in settings[text]:
            settings[text].append(cls)
    if settings:
        lines.append("| iterations | " + "; ".join(f"{', '.join(v)}: {k}" for k, v in settings.items())
                     + " (memory: one JVM per row, warm-ups and repetitions of the whole measurement) |")
    return "\n".join(lines) + "\n"


def readme(results, props, plot_name, analysis):
    parts = ["# weft benchmarks", "",
             "<!-- Generated by benchmarks/report.py from benchmarks/results/*.json: do not edit by hand. "
             "Re-run benchmarks/run.sh (or report.py on existing results) instead. -->", "",
             "weft against what a Java user would otherwise pick — hand-written code, streams, platform and "
             "virtual threads, `CompletableFuture`, ea-async and Kotlin coroutines — measured side by side "
             "in one JMH run. The weft code here is **woven at build time by `weft-maven-plugin`** (goal "
             "`weave`, in this module's own build; no agent), the ea-async rows by ea-async's own Maven "
             "plugin (`ea-async-maven-plugin` 1.2.3, on classes compiled with `--release 11`: its bundled "
             "ASM 7.1 reads nothing newer), and the Kotlin rows are compiled by `kotlin-maven-plugin` "
             "against kotlinx-coroutines from Maven Central.", "",
             "## Reproduce", "",
             "```sh",
             "benchmarks/run.sh            # build, all of JMH, the memory workload, then this README (~20-25 min here)",
             "benchmarks/run.sh --no-build SpawnAndSleep -p n=10000   # a subset; extra arguments go to JMH",
             "benchmarks/smoke.sh          # CI smoke mode: everything once, tiny, ~1 min; judges nothing",
             "python3 benchmarks/report.py --results benchmarks/results --out benchmarks/README.md",
             "```", "",
             "run.sh runs on JDK 25 (`WEFT_BENCH_JDK` to change it); the module compiles on JDK 17 too "
             "(virtual threads are reached through `MethodHandles.publicLookup()`). Every fork has a fixed, "
             "pre-touched heap (`-Xms` = `-Xmx`, `-XX:+AlwaysPreTouch`): the first touch of a fresh page is "
             "slow on these machines. Virtual-thread rows run twice: with the default scheduler and with "
             "`-Djdk.virtualThreadScheduler.parallelism=1` (the `…P1` rows).", "",
             "## Environment", "", environment(results, props),
             "## Targets", "",
             "Computed from the tables below. \"× weft\" in the tables is the row's cost (time or bytes; "
             "for throughput, its inverse) divided by weft's at the same parameters: above 1, weft is "
             "ahead by that factor; below 1, behind.", "",
             targets(results),
             "## Results", ""]
    for title, text, rows, split, ref, derived in WORKLOADS:
        parts.append(table(results, title, text, rows, split, ref, derived))
        if title.startswith("4b") and plot_name:
            parts.append(f"![spawn and sleep: time and memory against n]({plot_name})\n")
            parts.append("Memory in the plot is heap + resident growth per task × n (the resident part is "
                         "what lives outside the heap: platform thread stacks).\n")
    if analysis:
        parts += ["## Where weft misses, why, and what would close it", "",
                  "_Written by hand (benchmarks/analysis.md) after reading the run above; the tables and "
                  "targets above are generated._", "", analysis.strip(), ""]
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "README.md"))
    ap.add_argument("--check", action="store_true", help="smoke mode: every listed benchmark has a result")
    args = ap.parse_args()

    records = load_json(os.path.join(args.results, "jmh.json")) + load_json(os.path.join(args.results, "memory.json"))
    results = [Result(r) for r in records]
    props = load_properties(os.path.join(args.results, "run.properties"))
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    plot = "spawn-and-sleep.svg"
    if not svg_plot(results, os.path.join(out_dir, plot)):
        plot = None
    analysis = None
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.abspath(args.out) == os.path.join(here, "README.md") and os.path.exists(os.path.join(here, "analysis.md")):
        with open(os.path.join(here, "analysis.md"), encoding="utf-8") as f:
            analysis = f.read()
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(readme(results, props, plot, analysis))

    if args.check:
        listed = []
        list_path = os.path.join(args.results, "list.txt")
        if os.path.exists(list_path):
            with open(list_path, encoding="utf-8") as f:
                listed = [line.strip() for line in f if line.strip()]
        have = {r.record["benchmark"] for r in results}
        failed = [b for b in listed if b not in have]
        memory = [r for r in results if r.record["benchmark"].startswith(PKG + "memory.")]
        passed = len(set(listed) - set(failed)) + len({r.name for r in memory})
        for b in failed:
            print(f"smoke: no result for {b}", file=sys.stderr)
        if not memory:
            print("smoke: no memory results", file=sys.stderr)
        print(f"smoke: {passed} passed, {len(failed) + (0 if memory else 1)} failed")
        return 1 if failed or not memory else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
