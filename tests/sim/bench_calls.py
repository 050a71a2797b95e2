"""The cost of one small call (a cocotb module run by ``python -m sim.bench --calls`` on the benchmark's
build of ``nic_fast_top``, Verilog clock, fast engine, no checks).

``BENCH_CASES`` is a JSON list of ``{"op": "write"|"read", "bytes", "offset", "calls"}``. Each case makes
``calls`` NDIS calls (``NdisImmediateWriteSharedMemory`` or ``NdisImmediateReadSharedMemory``) of
``bytes`` bytes ``offset`` bytes into the window, one after the other, after ``BENCH_WARMUP`` untimed
ones, and records for every call: wall and CPU nanoseconds, the simulated cycles, the engine's
wakeups, and the split of
its wall time by stage: the engine's stages (:class:`tb.fast_engine.StageClock`) and ``ndis``, the
rest of the call (the verifier, translation, mapping, planning, the call record); with
``BENCH_STAGES=0`` the engine times nothing and the whole call is ``ndis``. Then it simulates
the median number of cycles of the case with nothing happening (one ``Timer``, one wakeup; ``calls``
times) for what those cycles cost alone. Every written call is checked by backdoor and every read
compared, outside the timed part. ``BENCH_PROFILE=<file>`` profiles the timed calls (cProfile; for
shares only: the profiler multiplies the cost of short Python calls). Results go to ``BENCH_OUT`` as
JSON. Nothing here asserts on time.
"""

from __future__ import annotations

import cProfile
import json
import os
import random
import statistics
import time

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge, Timer

from models.platform import MemoryManager, isa_platform
from tb.backdoor import RamBackdoor
from tb.env import fast_clock
from tb.fast_engine import FastEngine, StageClock
from tb.ndis import NdisHost


def _median(values: list[int]) -> float:
    return statistics.median(values) if values else 0.0


@cocotb.test()
async def bench_calls(dut) -> None:
    """Time every case's calls, stage by stage, and the same cycles idle."""
    if not fast_clock():
        raise ValueError("the per-call benchmark needs the Verilog clock (plusarg +fast_clock)")
    cases = json.loads(os.environ["BENCH_CASES"])
    warmup = int(os.environ.get("BENCH_WARMUP", "20"))
    nb = len(dut.s_axi_wdata) // 8
    base = int(os.environ["NIC_BASE_ADDR"])
    ram_bytes = int(os.environ["NIC_RAM_BYTES"])
    clock = dut.clk_core
    for name in ("nic_en", "nic_we", "nic_addr", "nic_wdata", "x_wr_cmd", "x_rd_cmd"):
        getattr(dut, name).value = 0
    stages = StageClock()
    timed = os.environ.get("BENCH_STAGES", "1") != "0"  # 0: the engine times nothing (what the timing costs)
    bus = FastEngine(dut, clock, timeout_cycles=1 << 20, stages=stages if timed else None)
    hal, ctx = isa_platform(window_base=base, window_bytes=ram_bytes)
    host = NdisHost(hal, MemoryManager(), bus)
    backdoor = RamBackdoor.of(dut.u_ram, nb, base, ram_bytes)
    dut.rst.value = 1
    await ClockCycles(clock, 4)
    dut.rst.value = 0
    await RisingEdge(clock)
    period_ns = int(os.environ.get("BENCH_PERIOD_NS", "10"))
    rng = random.Random(int(os.environ.get("COCOTB_RANDOM_SEED", "0") or 0))
    cycle = dut.x_cycle
    profile_path = os.environ.get("BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_path else None
    results = []
    for case in cases:
        op, n, offset, calls = case["op"], case["bytes"], case["offset"], case["calls"]
        if op not in ("write", "read"):
            raise ValueError(f"case op={op!r}; allowed: write, read")
        address = base + offset
        data = rng.randbytes(n)
        buf = bytearray(n)
        await host.NdisImmediateWriteSharedMemory(ctx, address, data, n)
        runs: dict[str, list] = {"wall_ns": [], "cpu_ns": [], "cycles": [], "wakeups": [], "stages_ns": []}
        for k in range(warmup + calls):
            if op == "write":
                data = rng.randbytes(n)
            await RisingEdge(clock)
            before = dict(stages.ns)
            w0 = bus.wakeups
            c0 = cycle.value.to_unsigned()
            p0 = time.process_time_ns()
            if profiler is not None and k >= warmup:
                profiler.enable()
            t0 = time.perf_counter_ns()
            if op == "write":
                await host.NdisImmediateWriteSharedMemory(ctx, address, data, n)
            else:
                await host.NdisImmediateReadSharedMemory(ctx, address, buf, n)
            t1 = time.perf_counter_ns()
            if profiler is not None:
                profiler.disable()
            p1 = time.process_time_ns()
            c1 = cycle.value.to_unsigned()
            split = {s: v - before.get(s, 0) for s, v in stages.ns.items() if v != before.get(s, 0)}
            split["ndis"] = (t1 - t0) - sum(split.values())
            if op == "write":
                if backdoor.read(address, n) != data:
                    raise AssertionError(f"write call {k}: the RAM differs from the {n} bytes written at "
                                         f"0x{address:08x}")
            elif buf != data:
                raise AssertionError(f"read call {k}: {n} bytes at 0x{address:08x} read back other bytes")
            if k >= warmup:
                runs["wall_ns"].append(t1 - t0)
                runs["cpu_ns"].append(p1 - p0)
                runs["cycles"].append(c1 - c0)
                runs["wakeups"].append(bus.wakeups - w0)
                runs["stages_ns"].append(split)
        # the same number of cycles with nothing happening: one Timer, one wakeup
        idle_cycles = int(_median(runs["cycles"]))
        idle_wall, idle_cpu = [], []
        for _ in range(calls):
            await RisingEdge(clock)
            p0 = time.process_time_ns()
            t0 = time.perf_counter_ns()
            await Timer(idle_cycles * period_ns, "ns")
            idle_wall.append(time.perf_counter_ns() - t0)
            idle_cpu.append(time.process_time_ns() - p0)
        results.append({**case, "runs": runs, "idle_cycles": idle_cycles, "idle_wall_ns": idle_wall,
                        "idle_cpu_ns": idle_cpu})
        dut._log.info("%s %d bytes at +%d: %d calls, median %.0f us wall, %.0f us CPU, %d cycles", op, n, offset, calls,
                      _median(runs["wall_ns"]) / 1e3, _median(runs["cpu_ns"]) / 1e3, idle_cycles)
    if profiler is not None:
        profiler.dump_stats(profile_path)
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump({"cases": results}, f)
