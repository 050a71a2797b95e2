"""LiteEth's MII MAC as LiteEth generates it by default (tb/liteeth/liteeth_mii_defaults.yml): where
it goes wrong on a frame with a bad FCS.

The MAC's CRC checker (LiteEthMACCRC32Checker) reports an error only on a last beat whose last_be
marks a valid byte; LiteEth's MII PHY drives `last` but not `last_be`, and LiteEth sets last_be from
last only later in the RX datapath. So at the checker every last beat has last_be = 0, the error is
never raised, ethmac_rx_datapath_crc_errors never counts, and the SRAM writer (which drops a frame on
error & last_be) keeps the bad frame for the host. The kit's config adds phy_rx_last_be (the PHY
sets last_be = last), and tests/sim/liteeth.py proves that generation drops and counts bad frames.

This module shows the fault on the default generation. If a LiteEth version fixes it, the test fails
and says so: phy_rx_last_be can then go (docs/liteeth.md, "Bad frames").
"""

from __future__ import annotations

import zlib
from importlib import metadata

import cocotb
from cocotb.triggers import ClockCycles, ReadOnly, RisingEdge

from tests.sim.liteeth import _frame, _setup

#: How the CRC checker's sink shows in LiteX's Verilog (a generated name; a LiteX version that
#: names it otherwise gets the message below, not a wrong result).
CHECKER_SINK = "crc32checker_sink_sink_"


def _checker_sink(core) -> dict[str, object]:
    names = [n for n in dir(core) if CHECKER_SINK in n]
    want = {"valid": None, "last": None, "payload_last_be": None}
    for key in want:
        hits = [n for n in names if n.endswith(CHECKER_SINK + key)]
        if len(hits) != 1:
            raise AssertionError(
                f"cannot find the RX CRC checker's sink `{key}` in the generated core (liteeth "
                f"{metadata.version('liteeth')}, litex {metadata.version('litex')}): signals matching "
                f"*{CHECKER_SINK}{key}: {hits}; update CHECKER_SINK in {__name__}"
            )
        want[key] = getattr(core, hits[0])
    return want


@cocotb.test()
async def the_crc_checker_sees_last_be_0_so_a_bad_fcs_frame_reaches_the_host(dut) -> None:
    """On the default generation: at the CRC checker's last beat last_be is 0, the bad-FCS frame
    is not counted, and the host receives it as a good frame."""
    env, mp = await _setup(dut)
    sink = _checker_sink(dut.u_core)
    last_beats: list[int] = []

    async def watch() -> None:
        while True:
            await RisingEdge(dut.mii_rx_clk)
            await ReadOnly()
            if sink["valid"].value == 1 and sink["last"].value == 1:
                last_beats.append(int(sink["payload_last_be"].value))

    watcher = cocotb.start_soon(watch())
    crc0 = await mp.read("ethmac_rx_datapath_crc_errors")
    bad = _frame(env, 100)
    await env.send_on_wire(bad, fcs=(zlib.crc32(bad) ^ 0x1).to_bytes(4, "little"))
    await ClockCycles(dut.clk, 200)
    watcher.cancel()
    crc = await mp.read("ethmac_rx_datapath_crc_errors") - crc0
    got = []
    while await mp.rx_pending():
        got.append((await mp.receive()).data)
    assert last_beats == [0], f"the CRC checker's last beats had last_be {last_beats}, expected one beat with 0"
    assert crc == 0 and got == [bad], (
        f"LiteEth {metadata.version('liteeth')} now handles the bad FCS itself (crc_errors +{crc}, host got "
        f"{len(got)} frame(s)): phy_rx_last_be is no longer needed; update docs/liteeth.md and this test"
    )
