"""The simulation side of the bus rows of `make bench` (run by ``sim/bench_buses.py``).

On nic_shared_ram_wb or nic_shared_ram_avmm, ``BENCH_ENGINE`` ``pin`` (our host side over our
master: NdisImmediateWrite/ReadSharedMemory) or ``peer`` (cocotbext-wishbone's or cocotbext-avalon's
master, one word per operation, the same bytes), or on the bus's engine wrapper (wb_fast_top,
avmm_fast_top, run with +fast_clock) ``fast`` (our host side over the fast engine: the same master
over the wrapper's transactor, under the Verilog clock) writes ``BENCH_BYTES`` random bytes at the start
of the window, checks them by backdoor, reads them back and compares, ``BENCH_REPS`` times. Wall
time, clock cycles (our engines: the cycles of their calls, as they count them; the peer: rising
edges counted here) and the bus efficiency (ideal words / cycles) of every repetition go to
``BENCH_OUT`` as JSON. Nothing here asserts on time: a wrong byte fails the run, a slow one does not.
"""

from __future__ import annotations

import json
import os
import time

import cocotb
from cocotb.triggers import RisingEdge

from tb.env import NicRamEnv


class _Cycles:
    """Counts rising edges while running."""

    def __init__(self, clock) -> None:
        self.clock, self.n = clock, 0
        cocotb.start_soon(self._run())

    async def _run(self) -> None:
        while True:
            await RisingEdge(self.clock)
            self.n += 1


async def _peer_write(dut, peer, bus: str, base: int, data: bytes, nb: int) -> None:
    words = [int.from_bytes(data[i : i + nb], "little") for i in range(0, len(data), nb)]
    if bus == "wishbone":
        from cocotbext.wishbone.driver import WBOp

        await peer.send_cycle([WBOp(adr=base + i * nb, dat=w, sel=(1 << nb) - 1) for i, w in enumerate(words)])
    else:
        for i, w in enumerate(words):
            await peer.write(base + i * nb, w, timeout_cycles=1000)


async def _peer_read(dut, peer, bus: str, base: int, n: int, nb: int) -> bytes:
    if bus == "wishbone":
        from cocotbext.wishbone.driver import WBOp

        res = await peer.send_cycle([WBOp(adr=base + i * nb, sel=(1 << nb) - 1) for i in range(n // nb)])
        words = [int(r.datrd) for r in res]
    else:
        words = [await peer.read(base + i * nb, timeout_cycles=1000) for i in range(n // nb)]
    return b"".join(w.to_bytes(nb, "little") for w in words)


@cocotb.test()
async def bench(dut) -> None:
    """Write, check, read back: wall seconds, cycles and efficiency of each repetition."""
    engine = os.environ["BENCH_ENGINE"]
    n = int(os.environ["BENCH_BYTES"])
    reps = int(os.environ.get("BENCH_REPS", "3"))
    env = await NicRamEnv(dut, engine="fast" if engine == "fast" else None).start()
    bus, nb, base = env.bus, env.cfg.bus_bytes, env.cfg.base_addr
    peer = None
    if engine == "peer":
        if bus == "wishbone":
            from cocotbext.wishbone.driver import WishboneMaster as PeerMaster

            signals = {"cyc": "cyc", "stb": "stb", "we": "we", "adr": "adr", "datwr": "dat_i", "datrd": "dat_o", "ack": "ack"}
            peer = PeerMaster(dut, "s_wb", dut.clk, width=8 * nb, timeout=1000, signals_dict=signals)
        else:
            from cocotbext.avalon import AvalonMMMasterBFM

            peer = AvalonMMMasterBFM.from_prefix(dut, "s_avmm", dut.clk, dut.rst)
            peer.start()
    if engine != "peer":
        stats = env.master.stats

        class _Counter:
            """The clock cycles of our engine's calls as it counts them (the pin-level master and the
            transactor count alike: tests/sim/bus_engines.py); no Python wakes per clock for it."""

            @property
            def n(self) -> int:
                return stats.cycles

        cycles = _Counter()
    else:
        cycles = _Cycles(dut.clk)
    runs = []
    for _ in range(reps):
        data = env.random_bytes(n)
        c0, t0 = cycles.n, time.perf_counter()
        if peer is None:
            await env.host.NdisImmediateWriteSharedMemory(env.ctx, base, data, n)
        else:
            await _peer_write(dut, peer, bus, base, data, nb)
        t1, c1 = time.perf_counter(), cycles.n
        await RisingEdge(env.clock)  # a word taken at the last edge is in the RAM after it
        assert env.backdoor.read(base, n) == data, "the RAM differs from the written bytes"
        c2, t2 = cycles.n, time.perf_counter()
        if peer is None:
            back = bytearray(n)
            await env.host.NdisImmediateReadSharedMemory(env.ctx, base, back, n)
        else:
            back = await _peer_read(dut, peer, bus, base, n, nb)
        t3, c3 = time.perf_counter(), cycles.n
        assert bytes(back) == data, "the read-back differs from the written bytes"
        runs.append({"write_s": t1 - t0, "write_cycles": c1 - c0, "read_s": t3 - t2, "read_cycles": c3 - c2})
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump({"bus": bus, "engine": engine, "bytes": n, "bus_bytes": nb, "runs": runs}, f)
