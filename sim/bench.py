"""`make bench`: how fast a host copy runs, per engine, against the peers and the simulator's limit.

    python -m sim.bench [--quick] [--sim verilator] [--data-width 64] [--bytes 65536] [--reps 3]

For each simulator, data width, size (4 KiB, 64 KiB, 1 MiB) and start (aligned, unaligned by 3
bytes) it writes and reads back the same number of random bytes with:

* ``fast``: our host side (NdisImmediateWrite/ReadSharedMemory) over the burst transactor, clock
  generated in Verilog (``+fast_clock``); also ``fast-python-clock`` (cocotb's clock) and
  ``fast-checked`` (Verilog clock, with the port recorder feeding the protocol rules and coverage
  after every call, as in the regression);
* ``pin``: our host side over the pin-level Python master (one wakeup per clock);
  both also with the bytewise copy strategy at 4 KiB (one bus access per byte);
* ``cocotbext-axi``: its AxiMaster writing and reading the same bytes;
* ``pure-hdl``: ``tb/hdl/bench_tb.v``, the same burst copy through the same RTL with no Python;
* ``liteeth``: LiteEth's MAC (generated, docs/liteeth.md): the host's RX copy of a 1514-byte frame
  out of an RX slot (``read``) and its TX copy into a TX slot (``write``) through the classic
  Wishbone master, 32-bit, burst and bytewise (``tests/sim/bench_liteeth.py``);
* ``legacy-port``: nic_legacy's port path: a 1514-byte frame written (and read back) by remote DMA
  through the 16-bit data port (``NdisRawWritePortBufferUshort`` over AXI4-Lite), at each width
  (``tests/sim/bench_legacy.py``).

Every engine but pure-hdl runs on one build of ``nic_fast_top`` per simulator and width (RAM_BYTES
2 MiB, so that an unaligned 1 MiB copy fits); every write is checked by backdoor (timed apart: ``check_s``) and every read compared.
A record per (simulator, width, size, start, engine, operation) gives the median wall time of the
repetitions (all listed), MiB/s, CPU seconds of the simulator process, simulated cycles, bus
efficiency (ideal beats / cycles), the ratios to cocotbext-axi and to pure-hdl, and the peak RSS
of the simulator process. Build times are printed apart. The records go to ``bench-results.json``
at the repository root. This is a benchmark: it asserts nothing about time.

``--calls`` measures, instead, what one small call costs on the fast engine (Verilator or Icarus,
Verilog clock, no checks; ``tests/sim/bench_calls.py``): ``--call-count`` (200) calls each of a
1514-byte and a 4 KiB write and read, aligned and 3 bytes off, with per call the median wall and
CPU microseconds, the cycles, what the same cycles cost with nothing happening, the pure-Verilog
time of the same copy and the ratio, and the split of the call's time by stage (the engine's
:class:`tb.fast_engine.StageClock` stages, and ``ndis`` for the NDIS layer around it). The records
(``bench-calls.json`` unless ``--out``) have the fields of ``bench-results.json`` and a few more
(``calls``, ``stages_us``, ``idle_cpu_us`` ...; see :func:`call_records`).

``--floor`` prints, instead, what the cocotb engines' build costs when nothing is transferring: CPU
microseconds per idle cycle under the Verilog clock, with the port recorder off and on, and per read of
the transactor's status (``tests/sim/bench_floor.py``; docs/performance.md, *The floor*).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sim.runner import (
    BuildConfig, BUILD_ROOT, REPO, TB_HDL_DIR, SPEED_VERILATOR_ARGS, TIMING_VERILATOR_ARGS, build, engine_config, hdl_sources, run,
    setup_verilator_path,
)

SIZES = (4096, 65536, 1 << 20)
OFFSETS = {True: 0, False: 3}  # aligned -> offset into the window
RAM_BYTES = 2 << 20  # room for an unaligned 1 MiB copy
BASE_ADDR = 2 << 20
BENCH_DIR = BUILD_ROOT / "bench"


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


# ---------------------------------------------------------------------------- cocotb engines
def run_engine(sim: str, dw: int, engine: str, cases: list[dict], strategy: str = "burst", seed: int = 1) -> dict:
    """One simulation of ``engine`` over ``cases``; returns the JSON the simulation wrote."""
    verilog_clock = engine in ("fast", "fast-checked")
    cfg = bench_config(sim, dw, fast_only=verilog_clock)
    name = "fast" if engine.startswith("fast") else engine
    checked = {"BENCH_CHECKED": "1"} if engine == "fast-checked" else {}
    out = BENCH_DIR / f"{sim}-dw{dw}-{engine}-{strategy}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    result = run(
        cfg, "tests.sim.bench", seed=seed, run_name=f"bench-{engine}-{strategy}",
        plusargs=["+fast_clock"] if verilog_clock else [],
        extra_env={"BENCH_ENGINE": name, "BENCH_STRATEGY": strategy, "BENCH_CASES": json.dumps(cases), "BENCH_OUT": str(out),
                   **checked},
    )
    if result.failed or not result.cases or not out.exists():
        raise SystemExit(f"bench: {engine} ({strategy}) on {cfg.name} failed\n{result.summary()}\nlog: {result.run_dir / 'sim.log'}")
    return json.loads(out.read_text())


def run_liteeth(sim: str, strategy: str, reps: int, seed: int = 1) -> tuple[dict, float]:
    """One simulation of tests/sim/bench_liteeth.py on the generated LiteEth core; its JSON and the
    build seconds."""
    from sim.liteeth_gen import liteeth_config

    cfg, env = liteeth_config(sim)
    t0 = time.perf_counter()
    runner = build(cfg)
    secs = time.perf_counter() - t0
    out = BENCH_DIR / f"{sim}-liteeth-{strategy}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    result = run(
        cfg, "tests.sim.bench_liteeth", seed=seed, run_name=f"bench-liteeth-{strategy}", runner=runner,
        extra_env={**env, "BENCH_STRATEGY": strategy, "BENCH_REPS": str(reps), "BENCH_OUT": str(out)},
    )
    if result.failed or not result.cases or not out.exists():
        raise SystemExit(f"bench: liteeth ({strategy}) on {cfg.name} failed\n{result.summary()}\nlog: {result.run_dir / 'sim.log'}")
    return json.loads(out.read_text()), secs


def run_legacy(sim: str, dw: int, reps: int, seed: int = 1) -> tuple[dict, float]:
    """One simulation of tests/sim/bench_legacy.py on nic_legacy (the build of ``make sim
    SCENARIO=port``, without waves); its JSON and the build seconds."""
    from sim.main import scenario_config

    cfg = scenario_config("port", sim, dw).with_waves(False)
    t0 = time.perf_counter()
    runner = build(cfg)
    secs = time.perf_counter() - t0
    out = BENCH_DIR / f"{sim}-dw{dw}-legacy-port.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    result = run(cfg, "tests.sim.bench_legacy", seed=seed, run_name="bench-legacy-port", runner=runner,
                 extra_env={"BENCH_REPS": str(reps), "BENCH_OUT": str(out)})
    if result.failed or not result.cases or not out.exists():
        raise SystemExit(f"bench: legacy-port on {cfg.name} failed\n{result.summary()}\nlog: {result.run_dir / 'sim.log'}")
    return json.loads(out.read_text()), secs


def bench_config(sim: str, dw: int, fast_only: bool) -> BuildConfig:
    """The benchmark's build of ``nic_fast_top``: lean on Verilator; for the engines under the Verilog
    clock (``fast_only``) the build without ports there (``engine_config(..., ports=False)``)."""
    no_ports = fast_only and sim == "verilator"
    return engine_config(sim, dw, ram_bytes=RAM_BYTES, base_addr=BASE_ADDR, lean=True, ports=not no_ports)


def run_floor(sim: str, dw: int, cycles: int, reps: int, seed: int = 1, fast_only: bool = True) -> dict[str, float]:
    """The cost floor of the cocotb engines' build (tests/sim/bench_floor.py): CPU microseconds per
    idle cycle under the Verilog clock (recorder off, on, off again) and per status read; medians.
    ``fast_only``: on the build the ``fast`` engines run on (:func:`bench_config`), else on the one
    with ports the other engines share."""
    cfg = bench_config(sim, dw, fast_only)
    out = BENCH_DIR / f"{sim}-dw{dw}-floor{'' if fast_only else '-ports'}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    result = run(cfg, "tests.sim.bench_floor", seed=seed, run_name="bench-floor", plusargs=["+fast_clock"],
                 extra_env={"BENCH_OUT": str(out), "FLOOR_CYCLES": str(cycles), "FLOOR_REPS": str(reps)})
    if result.failed or not result.cases or not out.exists():
        raise SystemExit(f"bench: floor on {cfg.name} failed\n{result.summary()}\nlog: {result.run_dir / 'sim.log'}")
    return {k: round(_median(v), 3) for k, v in json.loads(out.read_text()).items()}


#: The small calls ``--calls`` times: (operation, bytes); each aligned and 3 bytes off.
CALL_CASES = (("write", 1514), ("write", 4096), ("read", 1514), ("read", 4096))
#: Stages of a call in the order the table shows them (the engine's, then the NDIS layer's).
CALL_STAGES = ("ndis", "setup", "status", "pack", "stream", "vector", "command", "wait", "results", "after", "finish")


def run_calls(sim: str, dw: int, calls: int, seed: int = 1, stages: bool = True) -> dict:
    """One simulation of tests/sim/bench_calls.py: ``calls`` timed calls of every :data:`CALL_CASES`
    case, aligned and not, on the benchmark's build under the Verilog clock; the JSON it wrote."""
    cfg = bench_config(sim, dw, fast_only=True)
    cases = [{"op": op, "bytes": n, "offset": OFFSETS[al], "calls": calls} for op, n in CALL_CASES for al in (True, False)]
    out = BENCH_DIR / f"{sim}-dw{dw}-calls.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    result = run(cfg, "tests.sim.bench_calls", seed=seed, run_name="bench-calls", plusargs=["+fast_clock"],
                 extra_env={"BENCH_CASES": json.dumps(cases), "BENCH_OUT": str(out), "BENCH_STAGES": str(int(stages))})
    if result.failed or not result.cases or not out.exists():
        raise SystemExit(f"bench: calls on {cfg.name} failed\n{result.summary()}\nlog: {result.run_dir / 'sim.log'}")
    return json.loads(out.read_text())


def call_records(sim: str, dw: int, cases: list[dict], pure: dict[tuple[int, int], dict]) -> list[dict]:
    """The records of ``--calls``: one per case with the fields of ``bench-results.json`` (``wall_s``,
    ``cpu_s`` and ``cycles`` the medians per call; ``runs_s`` every call's wall time) and more:
    ``calls``; ``wall_us``, ``cpu_us``, ``wakeups`` (medians per call); ``idle_cycles``, ``idle_wall_us``,
    ``idle_cpu_us`` (the call's median cycles simulated with nothing happening); ``pure_hdl_us``,
    ``pure_hdl_cpu_us`` (the pure-Verilog testbench's copy) and ``cpu_ratio_vs_pure_hdl``; ``stages_us``
    (the median wall microseconds of each stage; the medians need not add up to the call's).
    ``pure`` maps (bytes, offset) to :func:`run_pure`'s runs; its own records come with them."""
    nb = dw // 8
    out = []
    for case in cases:
        runs, n, offset, op = case["runs"], case["bytes"], case["offset"], case["op"]
        ideal = -(-((offset % nb) + n) // nb)
        wall = _median(runs["wall_ns"]) / 1e9
        cpu = _median(runs["cpu_ns"]) / 1e9
        cycles = int(_median(runs["cycles"]))
        stages = sorted({s for split in runs["stages_ns"] for s in split}, key=lambda s: (s not in CALL_STAGES,
                        CALL_STAGES.index(s) if s in CALL_STAGES else 0, s))
        p = pure.get((n, offset))
        pure_wall = _median(p[op]) if p else None
        pure_cpu = _median(p[f"{op}_cpu"]) if p else None
        common = {"sim": sim, "data_width": dw, "bytes": n, "aligned": offset % nb == 0, "strategy": "burst", "op": op,
                  "verilog_clock": True, "ideal_beats": ideal, "check_s": None, "calls": case["calls"]}
        out.append({
            **common, "engine": "fast", "wall_s": round(wall, 9),
            "runs_s": [round(t / 1e9, 9) for t in runs["wall_ns"]],
            "cpu_s": round(cpu, 9), "mib_s": round(n / (1 << 20) / wall, 3) if wall else None,
            "cycles": cycles, "efficiency": round(ideal / cycles, 5) if cycles else None, "rss_mib": 0.0,
            "wall_us": round(wall * 1e6, 1), "cpu_us": round(cpu * 1e6, 1),
            "wakeups": _median(runs.get("wakeups", [])),
            "idle_cycles": case["idle_cycles"], "idle_wall_us": round(_median(case["idle_wall_ns"]) / 1e3, 1),
            "idle_cpu_us": round(_median(case["idle_cpu_ns"]) / 1e3, 1),
            "pure_hdl_us": round(pure_wall * 1e6, 2) if pure_wall else None,
            "pure_hdl_cpu_us": round(pure_cpu * 1e6, 2) if pure_cpu else None,
            "cpu_ratio_vs_pure_hdl": round(cpu / pure_cpu, 2) if pure_cpu else None,
            "stages_us": {s: round(_median([split.get(s, 0) for split in runs["stages_ns"]]) / 1e3, 1) for s in stages},
        })
        if p:
            out.append({
                **common, "engine": "pure-hdl", "wall_s": round(pure_wall, 9), "runs_s": [round(x, 9) for x in p[op]],
                "cpu_s": round(pure_cpu, 9), "mib_s": round(n / (1 << 20) / pure_wall, 3) if pure_wall else None,
                "cycles": int(_median(p[f"{op}_cycles"])), "rss_mib": round(p.get("rss_mib", 0.0), 1),
                "efficiency": round(ideal / int(_median(p[f"{op}_cycles"])), 5) if _median(p[f"{op}_cycles"]) else None,
                "wall_us": round(pure_wall * 1e6, 2), "cpu_us": round(pure_cpu * 1e6, 2),
            })
    return out


def calls_table(records: list[dict]) -> str:
    """The per-call budget of ``--calls`` records: microseconds per call (medians), by stage."""
    rows = [r for r in records if r["engine"] == "fast" and "stages_us" in r]
    stages = [s for s in CALL_STAGES if any(s in r["stages_us"] for r in rows)]
    stages += sorted({s for r in rows for s in r["stages_us"]} - set(stages))
    head = (f"{'op':<5} {'bytes':>5} {'al':<2} {'cycles':>6} {'wake':>4} {'wall us':>8} {'cpu us':>7} {'idle us':>7} "
            f"{'pure us':>7} {'/pure':>6} {'cpu/pure':>8} | " + " ".join(f"{s:>7}" for s in stages))
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['op']:<5} {r['bytes']:>5} {'y' if r['aligned'] else 'n':<2} {r['cycles']:>6} {r.get('wakeups', 0):>4g} "
            f"{r['wall_us']:>8.1f} "
            f"{r['cpu_us']:>7.1f} {r['idle_cpu_us']:>7.1f} {_fmt(r['pure_hdl_us'], 1):>7} "
            f"{_fmt(r['ratio_vs_pure_hdl']):>6} {_fmt(r['cpu_ratio_vs_pure_hdl']):>8} | "
            + " ".join(f"{_fmt(r['stages_us'].get(s), 1):>7}" for s in stages)
        )
    lines.append("(us per call, medians of every call; idle us: CPU of the same cycles with nothing happening; "
                 "stages: wall us, each stage's own median)")
    return "\n".join(lines)


#: Idle cycles the floor simulates per run: about 0.2 s each on either simulator.
FLOOR_CYCLES = {"verilator": 300000, "icarus": 20000}


# ---------------------------------------------------------------------------- pure HDL
def build_pure(sim: str, dw: int) -> tuple[list[str], float]:
    """Build tb/hdl/bench_tb.v; return the command that runs it and the build seconds."""
    out = BENCH_DIR / f"pure-{sim}-dw{dw}"
    out.mkdir(parents=True, exist_ok=True)
    sources = [str(s) for s in hdl_sources()] + [str(TB_HDL_DIR / "bench_tb.v")]
    params = {"DATA_WIDTH": dw, "RAM_BYTES": RAM_BYTES}
    t0 = time.perf_counter()
    if sim == "icarus":
        vvp = out / "bench_tb.vvp"
        cmd = ["iverilog", "-g2005", "-o", str(vvp), "-s", "bench_tb"]
        cmd += [f"-Pbench_tb.{k}={v}" for k, v in params.items()] + [f"-Pbench_tb.BASE_ADDR={BASE_ADDR}"]
        subprocess.run(cmd + sources, check=True, capture_output=True, text=True)
        runner = ["vvp", "-n", str(vvp)]
    else:
        setup_verilator_path()
        exe = out / "obj" / "bench_tb"
        cmd = ["verilator", "--binary", "-Wno-fatal", "--top-module", "bench_tb", "--Mdir", str(out / "obj"), "-o", "bench_tb",
               *TIMING_VERILATOR_ARGS, *SPEED_VERILATOR_ARGS, "-MAKEFLAGS", "CFG_CXXFLAGS_PCH_I=-include",
               *[f"-G{k}={v}" for k, v in params.items()], f"-GBASE_ADDR=32'h{BASE_ADDR:08x}"]
        stamp = out / "build.stamp"
        key = json.dumps([cmd, [Path(s).read_text() for s in sources]])
        if not (exe.exists() and stamp.exists() and stamp.read_text() == key):
            proc = subprocess.run(cmd + sources, capture_output=True, text=True)
            if proc.returncode:
                raise SystemExit(f"bench: verilator --binary failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
            stamp.write_text(key)
        runner = [str(exe)]
    return runner, time.perf_counter() - t0


#: Bytes each measured pure-hdl run moves at least: differences of whole-process wall times carry
#: a few ms of start-up jitter, which must stay small against the copies (Verilator copies 1 MiB in
#: about 20 ms; Icarus takes 2 s).
PURE_RUN_BYTES = {"verilator": 8 << 20, "icarus": 256 << 10}


def run_pure(runner: list[str], n: int, offset: int, reps: int, sim: str) -> dict:
    """Wall and CPU seconds of a write and of a read. Writes: a run of 1 + ``inner`` writes minus a
    run of one, divided by ``inner`` (start-up, and the first pass over the RAM, are left out, as the
    medians of the cocotb engines leave them out); reads: the run of 1 + ``inner`` writes and reads
    minus that run of writes, divided by 1 + ``inner``.
    ``inner`` makes each measured run move at least ``PURE_RUN_BYTES[sim]``."""
    inner = max(1, PURE_RUN_BYTES[sim] // n)
    base = [*runner, f"+bytes={n}", f"+offset={offset}"]
    zero, writes, boths, rss = [], [], [], 0.0
    cycles = {}
    for _ in range(reps):
        for kind, extra, sink in (("zero", ["+reps=1", "+write_only"], zero),
                                  ("write", [f"+reps={1 + inner}", "+write_only"], writes),
                                  ("both", [f"+reps={1 + inner}"], boths)):
            wall, cpu, peak, out = _time_child(base + extra)
            if "errors=0" not in out.split("BENCH done")[-1]:
                raise SystemExit(f"bench: pure-hdl copy reported errors:\n{out[-2000:]}")
            for m in re.finditer(r"BENCH op=(\w+) .* cycles=(\d+)", out):
                cycles[m.group(1)] = int(m.group(2))
            sink.append((wall, cpu))
            rss = max(rss, peak)
    z_wall, z_cpu = _median([w for w, _ in zero]), _median([c for _, c in zero])
    write_runs = [max(w - z_wall, 1e-6) / inner for w, _ in writes]
    read_runs = [max(b - w, 1e-6) / (1 + inner) for (b, _), (w, _) in zip(boths, writes)]
    return {
        "write": write_runs, "read": read_runs,
        "write_cpu": [max(c - z_cpu, 1e-6) / inner for _, c in writes],
        "read_cpu": [max(b - w, 1e-6) / (1 + inner) for (_, b), (_, w) in zip(boths, writes)],
        "write_cycles": [cycles.get("write", 0)], "read_cycles": [cycles.get("read", 0)],
        "startup_s": z_wall, "rss_mib": rss,
    }


def _time_child(cmd: list[str]) -> tuple[float, float, float, str]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    chunks = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status:
        raise SystemExit(f"bench: {' '.join(cmd)} exited with status {status}:\n{chunks[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, chunks


# ---------------------------------------------------------------------------- records
def records_from(sim: str, dw: int, engine: str, strategy: str, verilog_clock: bool, cases: list[dict]) -> list[dict]:
    nb = dw // 8
    out = []
    for case in cases:
        runs = case["runs"]
        n, offset = case["bytes"], case["offset"]
        ideal = -(-((offset % nb) + n) // nb)
        for op in ("write", "read"):
            wall = _median(runs[op])
            cycles = int(_median(runs[f"{op}_cycles"]))
            out.append({
                "sim": sim, "data_width": dw, "bytes": n, "aligned": offset % nb == 0, "engine": engine,
                "strategy": strategy, "op": op, "verilog_clock": verilog_clock,
                "wall_s": round(wall, 6), "runs_s": [round(x, 6) for x in runs[op]],
                "cpu_s": round(_median(runs.get(f"{op}_cpu", [])), 6),
                "mib_s": round(n / (1 << 20) / wall, 3) if wall else None,
                "cycles": cycles, "ideal_beats": ideal, "efficiency": round(ideal / cycles, 5) if cycles else None,
                "check_s": round(_median(runs["check"]), 6) if op == "write" and runs.get("check") else None,
                "rss_mib": round(case.get("rss_mib", 0.0), 1),
            })
    return out


def add_ratios(records: list[dict]) -> None:
    """ratio_vs_cocotbext: how many times faster than cocotbext-axi (its wall / ours);
    ratio_vs_pure_hdl: how many times slower than the pure Verilog testbench (ours / its wall)."""
    key = lambda r: (r["sim"], r["data_width"], r["bytes"], r["aligned"], r["op"])  # noqa: E731
    peer = {key(r): r["wall_s"] for r in records if r["engine"] == "cocotbext-axi"}
    pure = {key(r): r["wall_s"] for r in records if r["engine"] == "pure-hdl"}
    for r in records:
        k = key(r)
        r["ratio_vs_cocotbext"] = round(peer[k] / r["wall_s"], 2) if k in peer and r["wall_s"] else None
        r["ratio_vs_pure_hdl"] = round(r["wall_s"] / pure[k], 2) if k in pure and pure[k] else None


def table(records: list[dict]) -> str:
    head = (f"{'sim':<9} {'dw':>3} {'bytes':>8} {'al':<3} {'engine':<18} {'op':<5} {'wall s':>9} {'MiB/s':>8} {'cpu s':>8} "
            f"{'cycles':>8} {'eff':>6} {'x cbext':>7} {'/pure':>7} {'check s':>8} {'RSS MiB':>7}")
    lines = [head, "-" * len(head)]
    for r in records:
        name = r["engine"] + ("/bytewise" if r["strategy"] == "bytewise" else "")
        lines.append(
            f"{r['sim']:<9} {r['data_width']:>3} {r['bytes']:>8} {'y' if r['aligned'] else 'n':<3} {name:<18} {r['op']:<5} "
            f"{r['wall_s']:>9.4f} {r['mib_s'] or 0:>8.2f} {r['cpu_s']:>8.4f} {r['cycles']:>8} {r['efficiency'] or 0:>6.3f} "
            f"{_fmt(r['ratio_vs_cocotbext']):>7} {_fmt(r['ratio_vs_pure_hdl']):>7} {_fmt(r['check_s'], 4):>8} {r['rss_mib']:>7.0f}"
        )
    return "\n".join(lines)


def markdown(records: list[dict]) -> str:
    """The records as a Markdown table (for the README)."""
    head = ("| sim | width | bytes | aligned | engine | op | wall s (median) | MiB/s | cycles | efficiency "
            "| x faster than cocotbext-axi | x pure-hdl time | check s | RSS MiB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in records:
        name = r["engine"] + (" (bytewise)" if r["strategy"] == "bytewise" else "")
        lines.append(
            f"| {r['sim']} | {r['data_width']} | {r['bytes']} | {'yes' if r['aligned'] else 'no'} | {name} | {r['op']} "
            f"| {r['wall_s']:.4f} | {r['mib_s'] or 0:.2f} | {r['cycles']} | {r['efficiency'] or 0:.4f} "
            f"| {_fmt(r['ratio_vs_cocotbext'])} | {_fmt(r['ratio_vs_pure_hdl'])} | {_fmt(r['check_s'], 4)} | {r['rss_mib']:.0f} |"
        )
    return "\n".join(lines)


def _fmt(x, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


# ---------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="64 KiB, DATA_WIDTH 64, Verilator, every engine")
    ap.add_argument("--sim", action="append", choices=("icarus", "verilator"))
    ap.add_argument("--data-width", action="append", type=int, choices=(32, 64))
    ap.add_argument("--bytes", action="append", type=int, choices=SIZES)
    ap.add_argument("--reps", type=int, default=3, help="repetitions per case (the median is reported)")
    ap.add_argument("--engine", action="append", help="only these engines (default: all)")
    ap.add_argument("--out", type=Path, help="results file (default: bench-results.json; bench-calls.json with --calls)")
    ap.add_argument("--report", type=Path, help="only print the table of an earlier results file")
    ap.add_argument("--floor", action="store_true",
                    help="only print the cocotb engines' floor: CPU us per idle cycle (recorder off/on) and per status "
                         "read (tests/sim/bench_floor.py); writes no records")
    ap.add_argument("--calls", action="store_true",
                    help="only measure the cost of one small call on the fast engine (tests/sim/bench_calls.py): the "
                         "per-call budget by stage, against the pure-Verilog copy; records in bench-calls.json")
    ap.add_argument("--call-count", type=int, default=200, help="with --calls: timed calls per case")
    ap.add_argument("--no-stages", action="store_true", help="with --calls: the engine times no stages (what timing them costs)")
    ap.add_argument("--markdown", action="store_true", help="with --report: as a Markdown table")
    ap.add_argument("--merge", action="store_true",
                    help="replace only the records of the engines measured now in --out (others are kept)")
    a = ap.parse_args(argv)
    if a.report:
        records = json.loads(a.report.read_text())
        print(markdown(records) if a.markdown else table(records))
        if any("stages_us" in r for r in records) and not a.markdown:
            print()
            print(calls_table(records))
        return 0
    if a.out is None:
        a.out = REPO / ("bench-calls.json" if a.calls else "bench-results.json")
    sims = a.sim or (["verilator"] if a.quick else ["verilator", "icarus"])
    widths = a.data_width or ([64] if a.quick else [32, 64])
    if a.floor:
        for sim in sims:
            for dw in widths:
                builds = (True, False) if sim == "verilator" else (True,)  # Icarus: one build
                for fast_only in builds:
                    floor = run_floor(sim, dw, FLOOR_CYCLES[sim], a.reps, fast_only=fast_only)
                    which = "" if sim != "verilator" else " fast-only build" if fast_only else " build with ports"
                    print(f"floor {sim} dw{dw}{which} (load average {os.getloadavg()[0]:.1f}): "
                          + ", ".join(f"{k} {v}" for k, v in floor.items()), flush=True)
        return 0
    if a.calls:
        if a.call_count < 1:
            raise SystemExit(f"bench: --call-count={a.call_count}; allowed: 1 or more")
        return bench_calls(sims if a.sim else ["verilator"], a.data_width or [64], a.call_count, a.reps, a.out,
                           stages=not a.no_stages)
    sizes = a.bytes or ([65536] if a.quick else list(SIZES))
    if shutil.which("iverilog") is None and "icarus" in sims:
        raise SystemExit("bench: iverilog not found (make setup installs it)")
    engines = a.engine or ["fast", "fast-checked", "fast-python-clock", "pin", "cocotbext-axi", "pure-hdl", "liteeth",
                           "legacy-port"]
    if a.quick and not a.engine:
        engines = ["fast", "pin", "cocotbext-axi", "pure-hdl"]

    t_start = time.perf_counter()
    records: list[dict] = []
    builds: list[tuple[str, float]] = []
    load = os.getloadavg()[0]
    for sim in sims:
        if "liteeth" in engines:
            for strategy in ("burst", "bytewise"):
                print(f"bench: {sim} liteeth ({strategy}) ...", flush=True)
                data, secs = run_liteeth(sim, strategy, a.reps)
                if strategy == "burst":
                    builds.append((f"liteeth_top {sim}", secs))
                records += records_from(sim, 32, "liteeth", strategy, False, data["cases"])
        for dw in widths:
            if "legacy-port" in engines:
                print(f"bench: {sim} dw{dw} legacy-port ...", flush=True)
                data, secs = run_legacy(sim, dw, a.reps)
                builds.append((f"nic_legacy {sim} dw{dw}", secs))
                records += records_from(sim, dw, "legacy-port", "burst", False, data["cases"])
            if not set(engines) - {"liteeth", "legacy-port"}:
                continue
            cases = [{"bytes": n, "offset": OFFSETS[al], "reps": a.reps} for n in sizes for al in (True, False)]
            cocotb_engines = [e for e in engines if e not in ("pure-hdl", "liteeth", "legacy-port")]
            for cfg in dict.fromkeys(bench_config(sim, dw, e in ("fast", "fast-checked")) for e in cocotb_engines):
                t0 = time.perf_counter()
                build(cfg)
                builds.append((f"{cfg.name} (cocotb engines)", time.perf_counter() - t0))
            for engine in engines:
                if engine == "pure-hdl":
                    runner, secs = build_pure(sim, dw)
                    builds.append((f"bench_tb {sim} dw{dw} (pure-hdl)", secs))
                    pure_cases = [{**c, "runs": run_pure(runner, c["bytes"], c["offset"], a.reps, sim)} for c in cases]
                    for c in pure_cases:
                        c["rss_mib"] = c["runs"]["rss_mib"]
                    records += records_from(sim, dw, engine, "burst", True, pure_cases)
                    continue
                print(f"bench: {sim} dw{dw} {engine} ...", flush=True)
                data = run_engine(sim, dw, engine, cases)
                ran = records_from(sim, dw, engine, "burst", data["verilog_clock"], data["cases"])
                if engine in ("fast", "pin") and 4096 in sizes:
                    small = [{"bytes": 4096, "offset": OFFSETS[al], "reps": a.reps} for al in (True, False)]
                    data = run_engine(sim, dw, engine, small, strategy="bytewise")
                    ran += records_from(sim, dw, engine, "bytewise", data["verilog_clock"], data["cases"])
                for r in ran:  # which build of nic_fast_top the engine ran on
                    r["build"] = bench_config(sim, dw, engine in ("fast", "fast-checked")).name
                records += ran
    if a.merge and a.out.exists():
        fresh = {(r["sim"], r["data_width"], r["engine"]) for r in records}
        records = [r for r in json.loads(a.out.read_text()) if (r["sim"], r["data_width"], r["engine"]) not in fresh] + records
    add_ratios(records)
    a.out.write_text(json.dumps(records, indent=1))
    print()
    print(table(records))
    print()
    print("builds (reported apart; cached builds take ~0 s):")
    for name, secs in builds:
        print(f"  {secs:7.1f} s  {name}")
    print(f"\n{len(records)} records in {a.out} ({time.perf_counter() - t_start:.0f} s, load average {load:.1f} at start,"
          f" {os.cpu_count()} cores)")
    return 0


def bench_calls(sims: list[str], widths: list[int], calls: int, reps: int, out: Path, stages: bool = True) -> int:
    """``--calls``: time the small calls, print the per-call budget and write the records to ``out``."""
    t_start = time.perf_counter()
    load = os.getloadavg()[0]
    records: list[dict] = []
    for sim in sims:
        for dw in widths:
            print(f"bench: {sim} dw{dw} calls ...", flush=True)
            build(engine_config(sim, dw, ram_bytes=RAM_BYTES, base_addr=BASE_ADDR, lean=True))
            data = run_calls(sim, dw, calls, stages=stages)
            runner, _ = build_pure(sim, dw)
            pure = {(c["bytes"], c["offset"]): run_pure(runner, c["bytes"], c["offset"], reps, sim)
                    for c in data["cases"] if c["op"] == "write"}
            records += call_records(sim, dw, data["cases"], pure)
    add_ratios(records)
    out.write_text(json.dumps(records, indent=1))
    print()
    print(calls_table(records))
    print(f"\n{len(records)} records in {out} ({time.perf_counter() - t_start:.0f} s, load average {load:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
