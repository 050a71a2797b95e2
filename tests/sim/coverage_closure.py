"""Directed coverage closure: one burst for every coverage bin, through the RTL, checked.

:func:`models.coverage.directed_bursts` lists, for the bus width of the run, bursts that between
them reach every bin of the coverage model: every burst type, length class, size, alignment,
4 KiB position, strobe shape and response. Each is written or read through the AXI master and
checked against the golden model (response, read data, and the whole RAM at the end); the bursts
that break AXI on purpose declare the rule they break. The protocol checker samples the bursts
as they happen on the bus, and the test ends by proving every bin of the model was reached, so
a bin that no legal traffic can reach fails here rather than staying a silent hole.
"""

from __future__ import annotations

import contextlib

import cocotb

from models.axi import Resp
from models.coverage import DirectedBurst, directed_bursts, lane_masks, strobes_for_shape
from tb.env import NicRamEnv


def _strobes(env: NicRamEnv, db: DirectedBurst) -> list[int]:
    nb = env.cfg.bus_bytes
    if not db.legal:
        return [(1 << nb) - 1] * db.burst.beats  # no lanes are defined for an illegal request
    return strobes_for_shape(lane_masks(db.burst, nb), db.shape)


async def _run(env: NicRamEnv, db: DirectedBurst) -> None:
    nb, burst = env.cfg.bus_bytes, db.burst
    where = f"{db.direction} {burst} ({db.shape})"
    with env.protocol.expect(*db.expect) if db.expect else contextlib.nullcontext():
        if db.direction == "write":
            words = [int.from_bytes(env.random_bytes(nb), "little") for _ in range(burst.beats)]
            strobes = _strobes(env, db)
            xfer = await env.master.write_beats([burst], lambda i: (words, strobes))
            expected = env.model.write_burst(burst, nb, words, strobes)
            assert xfer.resps == [expected], f"{where}: response {xfer.resps}, model says {expected.name}"
        else:
            xfer = await env.master.read([burst])
            words, expected = env.model.read_burst(burst, nb)
            assert xfer.resps == [expected], f"{where}: response {xfer.resps}, model says {expected.name}"
            if expected == Resp.OKAY:
                for i, (got, want) in enumerate(zip(xfer.words[0], words)):
                    lo, n = burst.lanes(nb)[i]
                    mask = ((1 << (8 * n)) - 1) << (8 * lo)
                    assert got & mask == want & mask, f"{where}: beat {i} RDATA 0x{got:x}, expected 0x{want:x}"
            else:
                assert xfer.words[0] == [0] * burst.beats, f"{where}: RDATA of an error burst must be zero"


@cocotb.test()
@cocotb.parametrize(stalls=("none", "random:0.3"))
async def every_coverage_bin_is_reached(dut, stalls: str) -> None:
    """Directed bursts for every bin, with and without stalls: all agree with the model, and the
    coverage sampled from the bus has no hole (the stall bins of the other setting aside)."""
    env = await NicRamEnv(dut, stalls=stalls).start()
    await env.fill_random()
    bursts = directed_bursts(env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes)
    for db in bursts:
        await _run(env, db)
    await cocotb.triggers.RisingEdge(dut.clk)  # let the checker see the last response
    env.checker.check_all()
    other = "off" if env.coverage.stalls else "on"
    holes = {
        cross: [b for b in bins if not (cross == "stalls x type" and f"/ {other} /" in b)]
        for cross, bins in env.coverage.holes().items()
    }
    holes = {cross: bins for cross, bins in holes.items() if bins}
    assert not holes, f"{len(bursts)} directed bursts left coverage holes: {holes}"
    assert not env.coverage.counts.outside, f"bursts outside the legal bins: {dict(env.coverage.counts.outside)}"
    env.log.info("%d directed bursts reached all %d bins of the %d-bit model (stalls %s)",
                 len(bursts), env.coverage.model.total, env.cfg.data_width, stalls)
