"""The legacy port path of `make bench` (a cocotb module run by ``sim/bench.py`` on ``nic_legacy``).

Per repetition: a fresh 1514-byte frame is written with ``NdisImmediateWriteSharedMemory`` on the
platform that puts the adapter's memory in I/O space, so the host copies it by remote DMA through
the 16-bit data port (``NdisRawWritePortBufferUshort``, the set-up and the RDC polling through the
byte ports, all over AXI4-Lite). The write is timed (wall seconds and bus cycles), checked by
backdoor (timed apart) and read back the same way (timed, compared). ``BENCH_REPS`` repetitions;
results go to ``BENCH_OUT`` as JSON in the shape of tests/sim/bench.py. Nothing here asserts on time.
"""

from __future__ import annotations

import json
import os
import resource
import time

import cocotb

from models.frames import udp_frame
from models.legacy import CTRL_WTS, Off
from models.shared_ram import first_mismatch
from tb.legacy.env import LegacyEnv

FRAME_BYTES = 1514


@cocotb.test()
async def bench_legacy_port(dut) -> None:
    """Time remote-DMA writes and reads of 1514-byte frames through the ports; every byte checked."""
    reps = int(os.environ.get("BENCH_REPS", "3"))
    env = await LegacyEnv(dut).start()
    await env.fill_random()
    host, ctx, stats = env.io_host, env.io_ctx, env.lite.stats
    address = env.cfg.base_addr
    await host.NdisImmediateWritePortUchar(ctx, env.cfg.port(Off.CTRL), CTRL_WTS)  # word transfers
    runs: dict[str, list] = {"write": [], "write_cycles": [], "read": [], "read_cycles": [], "check": []}
    for i in range(reps):
        frame = udp_frame(FRAME_BYTES, seed=i + 1)
        c0, t0 = stats.cycles, time.perf_counter()
        await host.NdisImmediateWriteSharedMemory(ctx, address, frame, len(frame))
        runs["write"].append(time.perf_counter() - t0)
        runs["write_cycles"].append(stats.cycles - c0)
        t0 = time.perf_counter()
        miss = first_mismatch(frame, env.backdoor.read(0, len(frame)), 0)
        runs["check"].append(time.perf_counter() - t0)
        if miss is not None:
            raise AssertionError(f"port write {i}: the RAM differs from the frame, {miss}")
        back = bytearray(len(frame))
        c0, t0 = stats.cycles, time.perf_counter()
        await host.NdisImmediateReadSharedMemory(ctx, address, back, len(frame))
        runs["read"].append(time.perf_counter() - t0)
        runs["read_cycles"].append(stats.cycles - c0)
        if bytes(back) != frame:
            raise AssertionError(f"port read {i}: {first_mismatch(frame, bytes(back), 0)}")
    if env.master.stats.bursts:
        raise AssertionError(f"the port path used the memory window ({env.master.stats.bursts} bursts)")
    case = {"bytes": FRAME_BYTES, "offset": 0, "runs": runs,
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump({"verilog_clock": False, "cases": [case]}, f)
