"""Independent AXI peers (cocotbext-axi) and the checks that compare them with this testbench.

Two directions:

* an AXI master nobody here wrote (cocotbext-axi's ``AxiMaster``) drives the RTL; every handshake
  is recorded by :class:`tb.monitor.AxiMonitor` and replayed into the golden model
  (:func:`replay_writes`, :func:`replay_reads`), so the RTL is checked against exactly the bursts
  that master put on the wires, whatever they are;
* the host side (``NdisHost`` over ``tb.axi_master.AxiMaster``) writes into an AXI RAM nobody here
  wrote (cocotbext-axi's ``AxiRam``) on the empty toplevel ``tb/hdl/axi_ram_shell.v``
  (:class:`AxiRamShellEnv`), so the host's bursts are checked by a slave of other origin.

Both peers sample their handshakes at the rising edge, which sees the pre-edge values only with
cocotb's Python ``Clock`` (the one these environments start).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from typing import Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.triggers import ClockCycles, RisingEdge
from cocotbext.axi import AxiBus, AxiRam

from models.axi import Burst, BurstType, Resp
from models.platform import MemoryManager, isa_platform
from models.shared_ram import SharedRamModel
from tb.axi_master import AxiMaster
from tb.call_trace import CallTraceSignal
from tb.clock import start_clock
from tb.env import NicRamConfig
from tb.monitor import Handshake
from tb.ndis import CopyStrategy, NdisHost


def quiet_peer_logs(dut: SimHandleBase, level: int = logging.WARNING) -> None:
    """cocotbext-axi logs every burst at INFO under ``cocotb.<toplevel>``: keep only warnings."""
    logging.getLogger(f"cocotb.{dut._name}").setLevel(level)


def _burst(payload: tuple[int, ...]) -> tuple[int, Burst]:
    axid, address, axlen, size, burst_type = payload
    return axid, Burst(address, axlen + 1, size, BurstType(burst_type))


@dataclass
class ReplayReport:
    """What a replay checked and every disagreement it found (empty ``problems``: all agreed)."""

    bursts: int = 0
    beats: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self, what: str, limit: int = 6) -> str:
        head = f"{what}: {len(self.problems)} disagreement(s) over {self.bursts} bursts, {self.beats} beats"
        return "\n  ".join([head, *self.problems[:limit]])


def replay_writes(log: Sequence[Handshake], model: SharedRamModel, bus_bytes: int) -> ReplayReport:
    """Apply the recorded AW/W handshakes to ``model`` (framing by count, in order) and compare
    each recorded B with the response the model gives: BID must echo AWID, BRESP must be the
    model's (SLVERR when WLAST is not on exactly the last beat)."""
    aws = [h for h in log if h.channel == "aw"]
    ws = [h for h in log if h.channel == "w"]
    bs = [h for h in log if h.channel == "b"]
    rep = ReplayReport()
    wi = 0
    for k, aw in enumerate(aws):
        awid, burst = _burst(aw.payload)
        beats = ws[wi : wi + burst.beats]
        wi += burst.beats
        if len(beats) < burst.beats:
            rep.problems.append(f"AW {k} {burst}: only {len(beats)} W beats were recorded")
            break
        words = [b.payload[0] for b in beats]
        strobes = [b.payload[1] for b in beats]
        expected = model.write_burst(burst, bus_bytes, words, strobes)
        if any(b.payload[2] != (i == burst.beats - 1) for i, b in enumerate(beats)):
            expected = Resp.SLVERR
        rep.bursts += 1
        rep.beats += burst.beats
        if k >= len(bs):
            rep.problems.append(f"AW {k} {burst}: no B response")
            continue
        bid, bresp = bs[k].payload
        if bid != awid or bresp != expected:
            rep.problems.append(
                f"AW {k} (cycle {aw.cycle}) {burst}: B carries BID={bid} {Resp(bresp).name}, "
                f"expected BID={awid} {expected.name}"
            )
    if wi < len(ws):
        rep.problems.append(f"{len(ws) - wi} W beats were taken beyond the recorded bursts")
    if len(bs) > len(aws):
        rep.problems.append(f"{len(bs) - len(aws)} B responses with no write burst")
    return rep


def replay_reads(log: Sequence[Handshake], model: SharedRamModel, bus_bytes: int) -> ReplayReport:
    """Compare every recorded R beat with what ``model`` returns for its AR (in order): RID,
    RRESP, RLAST on the last beat only, and the whole RDATA word (zero for an error burst)."""
    ars = [h for h in log if h.channel == "ar"]
    rs = [h for h in log if h.channel == "r"]
    rep = ReplayReport()
    ri = 0
    for k, ar in enumerate(ars):
        arid, burst = _burst(ar.payload)
        words, resp = model.read_burst(burst, bus_bytes)
        beats = rs[ri : ri + burst.beats]
        ri += burst.beats
        rep.bursts += 1
        rep.beats += len(beats)
        if len(beats) < burst.beats:
            rep.problems.append(f"AR {k} {burst}: only {len(beats)} R beats were recorded")
            break
        for i, (beat, want) in enumerate(zip(beats, words)):
            rid, rdata, rresp, rlast = beat.payload
            if rid != arid or rresp != resp or rlast != (i == burst.beats - 1) or rdata != want:
                rep.problems.append(
                    f"AR {k} (cycle {ar.cycle}) {burst} beat {i}: RID={rid} {Resp(rresp).name} RLAST={rlast} "
                    f"RDATA=0x{rdata:x}; expected RID={arid} {resp.name} RLAST={int(i == burst.beats - 1)} RDATA=0x{want:x}"
                )
                break
    if ri < len(rs):
        rep.problems.append(f"{len(rs) - ri} R beats with no read burst")
    return rep


class AxiRamShellEnv:
    """The host side writing into cocotbext-axi's ``AxiRam`` on ``axi_ram_shell``.

    ``ram`` serves addresses 0 .. window end (the window is where the host's adapter sits);
    ``host`` is the NDIS host over this testbench's ``master``; ``rng`` draws from cocotb's seed.
    """

    def __init__(self, dut: SimHandleBase, strategy: CopyStrategy = CopyStrategy.BURST) -> None:
        self.dut = dut
        self.cfg = NicRamConfig.of(dut)
        self.log = logging.getLogger("cocotb.tb")
        quiet_peer_logs(dut)
        self.master = AxiMaster.from_prefix(dut, "s_axi", dut.clk, reset=dut.rst)
        dut.rst.value = 1
        self.ram = AxiRam(AxiBus.from_prefix(dut, "s_axi"), dut.clk, dut.rst, size=self.cfg.window_end)
        self.hal, self.ctx = isa_platform(window_base=self.cfg.base_addr, window_bytes=self.cfg.ram_bytes)
        self.mm = MemoryManager()
        self.host = NdisHost(self.hal, self.mm, self.master, strategy=strategy)
        self.host.trace = CallTraceSignal.find(dut)
        self.rng = random.Random(cocotb.RANDOM_SEED)

    async def start(self, reset_cycles: int = 4) -> "AxiRamShellEnv":
        start_clock(self.dut.clk)
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, reset_cycles)
        self.dut.rst.value = 0
        await RisingEdge(self.dut.clk)
        return self

    def snapshot(self) -> bytes:
        """Everything the AXI RAM holds, from address 0 to the end of the window."""
        return bytes(self.ram.read(0, self.cfg.window_end))

    def fill_window_random(self) -> None:
        self.ram.write(self.cfg.base_addr, self.rng.randbytes(self.cfg.ram_bytes))
