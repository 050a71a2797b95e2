"""The LiteEth side of `make bench` (a cocotb module run by ``sim/bench.py`` on ``liteeth_top``).

Per repetition: a fresh 1514-byte frame is sent on MII and lands in an RX slot; the host's RX copy,
``NdisImmediateReadSharedMemory`` of the whole frame through the classic Wishbone master, is timed
(wall seconds and bus cycles) and compared with the frame; then the same for the TX copy,
``NdisImmediateWriteSharedMemory`` of a fresh frame into a TX slot, checked by backdoor (timed apart).
``BENCH_STRATEGY`` picks burst or bytewise copies; ``BENCH_REPS`` the repetitions. Results go to
``BENCH_OUT`` as JSON in the shape of tests/sim/bench.py. Nothing here asserts on time.
"""

from __future__ import annotations

import json
import os
import resource
import time

import cocotb

from models.liteeth import MAX_FRAME
from models.shared_ram import first_mismatch
from tb.liteeth import LiteEthEnv, LiteEthMiniport
from tb.ndis import CopyStrategy


@cocotb.test()
async def bench_liteeth(dut) -> None:
    """Time the RX and TX copies of 1514-byte frames; every byte checked."""
    strategy = CopyStrategy(os.environ.get("BENCH_STRATEGY", "burst"))
    reps = int(os.environ.get("BENCH_REPS", "3"))
    env = await LiteEthEnv(dut, strategy).start()
    mp = LiteEthMiniport(env)
    await mp.initialize()
    ctx, host, stats = env.ctx, env.host, env.master.stats
    runs: dict[str, list] = {"read": [], "read_cycles": [], "write": [], "write_cycles": [], "check": []}
    for i in range(reps):
        frame = env.rng.randbytes(MAX_FRAME)
        await env.send_on_wire(frame)
        while not await mp.rx_pending():
            pass
        slot = await mp.read("ethmac_sram_writer_slot")
        length = await mp.read("ethmac_sram_writer_length")
        if length != MAX_FRAME:
            raise AssertionError(f"RX length register says {length}, the frame has {MAX_FRAME} bytes")
        buf = bytearray(length)
        c0, t0 = stats.cycles, time.perf_counter()
        await host.NdisImmediateReadSharedMemory(ctx, env.map.rx_slot(slot), buf, length)
        runs["read"].append(time.perf_counter() - t0)
        runs["read_cycles"].append(stats.cycles - c0)
        if bytes(buf) != frame:
            raise AssertionError(f"RX copy {i}: {first_mismatch(frame, bytes(buf), 0)}")
        await mp.write("ethmac_sram_writer_ev_pending", 1)

        frame = env.rng.randbytes(MAX_FRAME)
        slot = i % env.map.tx_slots
        c0, t0 = stats.cycles, time.perf_counter()
        await host.NdisImmediateWriteSharedMemory(ctx, env.map.tx_slot(slot), frame, len(frame))
        runs["write"].append(time.perf_counter() - t0)
        runs["write_cycles"].append(stats.cycles - c0)
        t0 = time.perf_counter()
        env.tx_mem[slot].expect(0, frame)
        env.tx_mem[slot].check(f"TX slot {slot} after the timed copy {i}", env.map.tx_slot(slot))
        runs["check"].append(time.perf_counter() - t0)
    case = {"bytes": MAX_FRAME, "offset": 0, "runs": runs, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump({"verilog_clock": False, "cases": [case]}, f)
