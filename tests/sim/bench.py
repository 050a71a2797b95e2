"""The simulation side of `make bench` (a cocotb module run by ``sim/bench.py`` on ``nic_fast_top``).

One simulation measures one engine on one build: ``BENCH_ENGINE`` is ``pin`` or ``fast`` (our host
side, ``NdisImmediateWriteSharedMemory``/``NdisImmediateReadSharedMemory`` through the pin-level
master or the burst transactor, with ``BENCH_STRATEGY`` ``burst`` or ``bytewise``) or
``cocotbext-axi`` (its ``AxiMaster`` writing and reading the same bytes). ``BENCH_CHECKED=1`` (the
``fast-checked`` bench engine) runs the fast engine as the regression does under the Verilog clock:
the port recorder on, the protocol rules and coverage fed from its log after every call.
``BENCH_PROFILE=<file>`` profiles the timed calls (cProfile; the statistics go to that file). ``BENCH_CASES`` is a JSON
list of ``{"bytes", "offset", "reps"}``; each repetition writes fresh random bytes, checks the RAM
by backdoor (timed apart), reads them back and compares. Results go to ``BENCH_OUT`` as JSON.
Nothing here asserts on time: a wrong byte fails the run, a slow one does not.
"""

from __future__ import annotations

import cProfile
import json
import os
import random
import resource
import time

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge

from models.coverage import CoverageCollector
from models.platform import MemoryManager, isa_platform
from tb.axi_master import AxiMaster
from tb.backdoor import RamBackdoor
from tb.clock import start_clock
from tb.env import fast_clock
from tb.fast_engine import FastEngine
from tb.ndis import CopyStrategy, NdisHost
from tb.protocol import RecordedProtocolChecker


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@cocotb.test()
async def bench(dut) -> None:
    """Copy, check and read back every case; save wall time, cycles and check cost of each run."""
    engine_name = os.environ["BENCH_ENGINE"]
    strategy = CopyStrategy(os.environ.get("BENCH_STRATEGY", "burst"))
    cases = json.loads(os.environ["BENCH_CASES"])
    nb = len(dut.s_axi_wdata) // 8
    base = int(os.environ["NIC_BASE_ADDR"])
    ram_bytes = int(os.environ["NIC_RAM_BYTES"])
    verilog_clock = fast_clock()
    if verilog_clock and engine_name != "fast":
        raise ValueError(f"engine {engine_name!r} samples at the clock edge and needs the Python clock (no +fast_clock)")
    clock = dut.clk_core if verilog_clock else dut.clk
    for name in ("nic_en", "nic_we", "nic_addr", "nic_wdata", "x_wr_cmd", "x_rd_cmd"):
        getattr(dut, name).value = 0
    dut.x_sel.value = int(engine_name == "fast")
    if not verilog_clock:
        start_clock(dut.clk)

    if engine_name == "cocotbext-axi":
        from cocotbext.axi import AxiBus
        from cocotbext.axi import AxiMaster as PeerMaster

        peer = PeerMaster(AxiBus.from_prefix(dut, "s_axi"), dut.clk, dut.rst)

        async def write(address: int, data: bytes) -> None:
            await peer.write(address, data)

        async def read(address: int, n: int) -> bytes:
            return bytes((await peer.read(address, n)).data)
    else:
        if engine_name == "fast":
            bus = FastEngine(dut, clock, timeout_cycles=1 << 20)
            if os.environ.get("BENCH_CHECKED") == "1":
                if not verilog_clock:
                    raise ValueError("BENCH_CHECKED=1 needs the Verilog clock (+fast_clock)")
                protocol = RecordedProtocolChecker(dut.x_log_en, nb)
                coverage = CoverageCollector(nb)
                protocol.add_listener(coverage.sample)
                bus.after_call.append(protocol.poll)
                protocol.start()
        elif engine_name == "pin":
            bus = AxiMaster.from_prefix(dut, "s_axi", dut.clk, reset=dut.rst, timeout_cycles=1 << 20)
        else:
            raise ValueError(f"BENCH_ENGINE={engine_name!r}; allowed: pin, fast, cocotbext-axi")
        hal, ctx = isa_platform(window_base=base, window_bytes=ram_bytes)
        host = NdisHost(hal, MemoryManager(), bus, strategy=strategy)

        async def write(address: int, data: bytes) -> None:
            await host.NdisImmediateWriteSharedMemory(ctx, address, data, len(data))

        async def read(address: int, n: int) -> bytes:
            buf = bytearray(n)
            await host.NdisImmediateReadSharedMemory(ctx, address, buf, n)
            return bytes(buf)

    backdoor = RamBackdoor.of(dut.u_ram, nb, base, ram_bytes)
    dut.rst.value = 1
    await ClockCycles(clock, 4)
    dut.rst.value = 0
    await RisingEdge(clock)

    profile_path = os.environ.get("BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_path else None
    if profiler is not None:
        inner_write, inner_read = write, read

        async def write(address: int, data: bytes) -> None:
            profiler.enable()
            try:
                await inner_write(address, data)
            finally:
                profiler.disable()

        async def read(address: int, n: int) -> bytes:
            profiler.enable()
            try:
                return await inner_read(address, n)
            finally:
                profiler.disable()

    rng = random.Random(int(os.environ.get("COCOTB_RANDOM_SEED", "0") or 0))
    cycle = dut.x_cycle
    results = []
    for case in cases:
        n, offset = case["bytes"], case["offset"]
        address = base + offset
        runs: dict[str, list] = {
            "write": [], "read": [], "check": [], "write_cpu": [], "read_cpu": [], "write_cycles": [], "read_cycles": [],
        }
        for _ in range(case["reps"]):
            data = rng.randbytes(n)
            c0 = cycle.value.to_unsigned()
            p0 = time.process_time()
            t0 = time.perf_counter()
            await write(address, data)
            t1 = time.perf_counter()
            p1 = time.process_time()
            c1 = cycle.value.to_unsigned()
            got = backdoor.read(address, n)
            t2 = time.perf_counter()
            assert got == data, f"{engine_name}: the RAM differs from the {n} bytes written at 0x{address:08x}"
            await RisingEdge(clock)
            c2 = cycle.value.to_unsigned()
            p3 = time.process_time()
            t3 = time.perf_counter()
            back = await read(address, n)
            t4 = time.perf_counter()
            p4 = time.process_time()
            c3 = cycle.value.to_unsigned()
            assert back == data, f"{engine_name}: reading back {n} bytes at 0x{address:08x} returned other bytes"
            runs["write"].append(t1 - t0)
            runs["check"].append(t2 - t1)
            runs["read"].append(t4 - t3)
            runs["write_cpu"].append(p1 - p0)
            runs["read_cpu"].append(p4 - p3)
            runs["write_cycles"].append(c1 - c0)
            runs["read_cycles"].append(c3 - c2)
            await RisingEdge(clock)
        results.append({**case, "runs": runs, "rss_mib": _peak_rss_mib()})
        dut._log.info("%s %s: %d bytes at +%d: write %s s, read %s s, check %s s", engine_name, strategy.value, n, offset,
                      ["%.4f" % t for t in runs["write"]], ["%.4f" % t for t in runs["read"]],
                      ["%.4f" % t for t in runs["check"]])
    if profiler is not None:
        profiler.dump_stats(profile_path)
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump({"engine": engine_name, "strategy": strategy.value, "verilog_clock": verilog_clock, "cases": results}, f)
