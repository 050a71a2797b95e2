"""The floor under every fast-engine call (a cocotb module run by ``python -m sim.bench --floor`` on the
benchmark's build of ``nic_fast_top``, Verilog clock): what a cycle costs when nothing is transferring,
and what one read of the transactor's status costs.

* ``idle_us_per_cycle``: CPU microseconds per cycle of ``FLOOR_CYCLES`` idle cycles simulated under one
  ``Timer`` (one wakeup), the transactor selected and no call open, the port recorder off; then with
  the recorder on (``idle_logged_us_per_cycle``: what the checks cost when nothing happens) and off
  again (``idle_again_us_per_cycle``, to show the first figure did not drift). ``FLOOR_REPS`` runs each.
* ``<signal>_us_per_read``: CPU microseconds of one ``value`` read (and conversion to an integer) of
  the 256-bit status vectors, the 8-bit event counter and the 32-bit cycle counter.

Results go to ``BENCH_OUT`` as JSON. Nothing here asserts on time.
"""

from __future__ import annotations

import json
import os
import time

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge, Timer

from tb.fast_engine import FastEngine

#: The signals whose read cost is measured, and how many reads are timed per signal.
READ_SIGNALS = ("x_wr_stat", "x_rd_stat", "x_wr_ev", "x_cycle")
READS = 2000


@cocotb.test()
async def floor(dut) -> None:
    """CPU microseconds per idle cycle (recorder off, on, off) and per status read."""
    n = int(os.environ.get("FLOOR_CYCLES", "200000"))
    reps = int(os.environ.get("FLOOR_REPS", "3"))
    for name in ("nic_en", "nic_we", "nic_addr", "nic_wdata", "x_wr_cmd", "x_rd_cmd"):
        getattr(dut, name).value = 0
    clock = dut.clk_core
    FastEngine(dut, clock)  # the transactor drives the RAM; the wrapper's own AXI inputs are held idle
    dut.rst.value = 1
    await ClockCycles(clock, 4)
    dut.rst.value = 0
    await RisingEdge(clock)
    period_ns = int(os.environ.get("FLOOR_PERIOD_NS", "10"))
    out: dict[str, list[float]] = {}
    for key, log in (("idle_us_per_cycle", 0), ("idle_logged_us_per_cycle", 1), ("idle_again_us_per_cycle", 0)):
        dut.x_log_en.value = log
        await RisingEdge(clock)
        out[key] = []
        for _ in range(reps):
            c0 = dut.x_cycle.value.to_unsigned()
            p0 = time.process_time()
            await Timer(period_ns * n, "ns")
            p1 = time.process_time()
            cycles = dut.x_cycle.value.to_unsigned() - c0
            if cycles <= 0:
                raise RuntimeError(f"floor: the clock did not run ({cycles} cycles in {period_ns * n} ns); +fast_clock missing?")
            out[key].append((p1 - p0) / cycles * 1e6)
    dut.x_log_en.value = 0
    await RisingEdge(clock)
    for name in READ_SIGNALS:
        handle = getattr(dut, name)
        p0 = time.process_time()
        for _ in range(READS):
            handle.value.to_unsigned()
        out[f"{name}_us_per_read"] = [(time.process_time() - p0) / READS * 1e6]
    dut._log.info("floor: %s", out)
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump(out, f)
