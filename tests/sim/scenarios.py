"""The scenarios `make sim` runs: each is a cocotb test that prints and saves a summary."""

from __future__ import annotations

import json
import time
from pathlib import Path

import cocotb

from models.frames import udp_frame
from tb.env import NicRamEnv, regression_seed

SUMMARY_FILE = "summary.json"


def _save(summary: dict) -> None:
    Path(SUMMARY_FILE).write_text(json.dumps(summary, indent=2))


@cocotb.test()
async def frame_write(dut) -> None:
    """Write a 1514-byte Ethernet frame into the transmit buffer at the start of the window with
    NdisImmediateWriteSharedMemory; check it byte for byte (backdoor and front-door read-back)."""
    env = await NicRamEnv(dut).start()
    frame = udp_frame(1514, seed=cocotb.RANDOM_SEED)
    address = env.cfg.base_addr
    summary = {
        "scenario": "frame_write",
        "call": f"NdisImmediateWriteSharedMemory(ctx, 0x{address:08x}, frame, {len(frame)})",
        "bytes": len(frame),
        "seed": regression_seed(),
        # what moved the bursts and what judged them (make sim's engine row)
        "engine": "fast" if env.engine.startswith("fast") else "pin",
        "master": type(env.master).__name__,
        "checker": type(env.protocol).__name__,
        "result": "FAIL",
    }
    t0 = time.perf_counter()
    before = env.master.stats.cycles, env.master.stats.beats, env.master.stats.bursts
    guards = env.checker.guards(address, len(frame))
    try:
        await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, frame, len(frame))
        summary.update(
            bus_bursts=env.master.stats.bursts - before[2],
            bus_beats=env.master.stats.beats - before[1],
            cycles=env.master.stats.cycles - before[0],
            ideal_beats=-(-len(frame) // env.cfg.bus_bytes),
        )
        env.log.info(
            "%s: %d burst(s), %d beats in %d cycles",
            summary["call"], summary["bus_bursts"], summary["bus_beats"], summary["cycles"],
        )
        await env.checker.check_write(address, frame, guards, "frame write")
        env.log.info(
            "checked: RAM equals the frame byte for byte (backdoor), %d guard bytes on each side unchanged, "
            "front-door read-back equal", env.checker.guard,
        )
        env.checker.check_all()
        env.mm.assert_no_leaks()
        env.log.info("checked: the rest of the RAM is unchanged; no mapping leaked")
        summary["result"] = "PASS"
    finally:
        summary["copy_wall_s"] = round(time.perf_counter() - t0, 4)
        summary["data_width"] = env.cfg.data_width
        _save(summary)


# --------------------------------------------------------------------------- the legacy NIC (nic_legacy)


def _legacy_summary(scenario: str, call: str, nbytes: int) -> dict:
    return {"scenario": scenario, "call": call, "bytes": nbytes, "seed": regression_seed(), "result": "FAIL", "rows": []}


@cocotb.test()
async def frame_through_ports(dut) -> None:
    """The frame of frame_write through the port path: the platform puts the adapter's memory in
    I/O space, so NdisImmediateWriteSharedMemory copies it by remote DMA through the adapter's
    ports (16-bit data port); checked byte for byte, and read back the same way."""
    from models.legacy import CTRL_WTS, Off
    from tb.legacy.env import LegacyEnv

    env = await LegacyEnv(dut).start()
    await env.fill_random()
    frame = udp_frame(1514, seed=cocotb.RANDOM_SEED)
    address = env.cfg.base_addr
    summary = _legacy_summary(
        "frame_through_ports", f"NdisImmediateWriteSharedMemory(io_ctx, 0x{address:08x}, frame, {len(frame)})", len(frame)
    )
    t0 = time.perf_counter()
    try:
        await env.io_host.NdisImmediateWritePortUchar(env.io_ctx, env.cfg.port(Off.CTRL), CTRL_WTS)
        before = env.ram()
        lite = env.lite.stats
        accesses, cycles = lite.writes + lite.reads, lite.cycles
        await env.io_host.NdisImmediateWriteSharedMemory(env.io_ctx, address, frame, len(frame))
        accesses, cycles = lite.writes + lite.reads - accesses, lite.cycles - cycles
        summary.update(cycles=cycles)
        summary["rows"] = [
            ["port accesses", f"{accesses} (16-bit data port: {-(-len(frame) // 2)} words, the rest remote-DMA set-up and RDC polling)"],
            ["window bursts", f"{env.master.stats.bursts} (the memory window is not used)"],
        ]
        env.log.info("%s: %d port accesses in %d cycles", summary["call"], accesses, cycles)
        after = env.ram()
        assert after[: len(frame)] == frame, "the RAM does not hold the frame"
        changed = [i for i in range(len(after)) if after[i] != before[i]]
        assert not changed or max(changed) < len(frame), f"bytes past the frame changed, first at RAM offset 0x{[i for i in changed if i >= len(frame)][0]:x}"
        env.check_ram("port frame write")
        back = bytearray(len(frame))
        await env.io_host.NdisImmediateReadSharedMemory(env.io_ctx, address, back, len(frame))
        assert back == frame, "the port-path read-back differs from the frame"
        assert env.master.stats.bursts == 0, "the port path used the memory window"
        env.log.info("checked: RAM equals the frame byte for byte (backdoor), nothing else changed, port-path read-back equal")
        summary["result"] = "PASS"
    finally:
        summary["copy_wall_s"] = round(time.perf_counter() - t0, 4)
        summary["data_width"] = env.cfg.data_width
        _save(summary)


@cocotb.test()
async def paged_transmit_copy(dut) -> None:
    """A 3c503-style transmit copy: the window shows the receive bank; the driver switches it to
    bank 0 (transmit), copies the frame with NdisMoveToMappedMemory and switches back; the frame is
    in bank 0, the receive bank is untouched and shown again."""
    from models.legacy import Off
    from tb.legacy.env import LegacyEnv

    env = await LegacyEnv(dut).start()
    await env.fill_random()
    frame = udp_frame(1514, seed=cocotb.RANDOM_SEED)
    rx = env.cfg.pages - 1
    summary = _legacy_summary("paged_transmit_copy", f"PAGE=0, NdisMoveToMappedMemory(window, frame, {len(frame)}), PAGE={rx}", len(frame))
    t0 = time.perf_counter()
    try:
        drv = env.driver()
        await drv.initialize(word_mode=False, window_enabled=True, page=rx)
        before = env.ram()
        m, lite = env.master.stats, env.lite.stats
        start = m.bursts, m.beats, m.cycles, lite.writes + lite.reads
        await drv.transmit_copy_paged(frame, tx_page=0)
        summary.update(
            bus_bursts=m.bursts - start[0],
            bus_beats=m.beats - start[1],
            cycles=m.cycles - start[2],
            ideal_beats=-(-len(frame) // env.cfg.bus_bytes),
        )
        summary["rows"] = [
            ["port accesses", f"{lite.writes + lite.reads - start[3]} (PAGE=0 before the copy, PAGE={rx} after)"],
            ["banks", f"{env.cfg.pages} of {env.cfg.window_bytes} bytes; the window shows bank {rx} before and after"],
        ]
        after = env.ram()
        assert after[: len(frame)] == frame, "bank 0 does not hold the frame"
        changed = [i for i in range(len(after)) if after[i] != before[i]]
        assert not changed or max(changed) < len(frame), "bytes outside the transmit buffer changed"
        page = await env.inp(Off.PAGE)
        assert page == rx, f"the window shows bank {page} after the copy, not the receive bank {rx}"
        env.check_ram("paged transmit copy")
        await drv.halt()
        env.mm.assert_no_leaks()
        env.log.info("checked: the frame is in bank 0 byte for byte, every other byte unchanged, PAGE back to %d", rx)
        summary["result"] = "PASS"
    finally:
        summary["copy_wall_s"] = round(time.perf_counter() - t0, 4)
        summary["data_width"] = env.cfg.data_width
        _save(summary)


# --------------------------------------------------------------------------- LiteEth's MAC (liteeth_top)


@cocotb.test()
async def liteeth_frames(dut) -> None:
    """A 1514-byte frame written into LiteEth's TX slot 0 by NdisImmediateWriteSharedMemory and
    started by NdisWriteRegisterUlong, checked on MII; then a frame from MII copied out of its RX
    slot by NdisImmediateReadSharedMemory (tb/liteeth.py)."""
    from tb.liteeth import frames_both_ways

    summary = {"scenario": "liteeth_frames", "seed": regression_seed(), "result": "FAIL"}
    try:
        summary.update(await frames_both_ways(dut, udp_frame(1514, seed=cocotb.RANDOM_SEED), udp_frame(590, seed=cocotb.RANDOM_SEED + 1)))
    finally:
        summary["seed"] = regression_seed()
        _save(summary)
