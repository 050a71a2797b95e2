"""A write master that sends exactly what it is told, including what the AXI protocol forbids.

:class:`RawWriteDriver` drives the AW channel from a list of bursts and the W channel from an
independent list of beats, each beat with its own WLAST, so a test can send a burst with WLAST
early, late or missing, or with more or fewer beats than AxLEN+1. It keeps every VALID high until
its handshake (so only the framing is wrong, never the handshakes), takes B responses as they come,
and stops when every burst has its response or when nothing has moved for ``timeout_cycles``
(a hung port is a result to assert on, not an exception).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from cocotb.handle import SimHandleBase
from cocotb.triggers import RisingEdge

from models.axi import Burst, Resp


@dataclass(frozen=True)
class RawBeat:
    """One W beat as driven: data word, strobes and the WLAST bit."""

    data: int
    strobe: int
    last: bool


@dataclass
class RawResult:
    """What happened: the B responses (ID, response, cycle), beats and bursts taken, and whether it hung."""

    responses: list[tuple[int, Resp, int]] = field(default_factory=list)
    aw_taken: int = 0
    w_taken: int = 0
    cycles: int = 0
    hung: bool = False

    @property
    def resps(self) -> list[Resp]:
        return [r for _, r, _ in self.responses]


class RawWriteDriver:
    """Pin-level AW/W/B driver for ``<prefix>_*`` with independent AW and W streams."""

    def __init__(self, dut: SimHandleBase, clock: SimHandleBase, prefix: str = "s_axi") -> None:
        self.clock = clock
        self._sig = lambda name: getattr(dut, f"{prefix}_{name}")  # noqa: E731

    def idle(self) -> None:
        """Drop both VALIDs (for use while reset is high)."""
        self._sig("awvalid").value = 0
        self._sig("wvalid").value = 0

    async def run(
        self,
        bursts: Sequence[Burst],
        beats: Sequence[RawBeat],
        axid: int = 0,
        timeout_cycles: int = 64,
    ) -> RawResult:
        """Send ``bursts`` on AW and ``beats`` on W, in order, until every burst has a B response.

        A beat still on offer when the call returns stays on the wires (VALID high): a slave that
        has not taken it may take it later, as it would from a real master."""
        s = self._sig
        awvalid, awready, wvalid, wready = s("awvalid"), s("awready"), s("wvalid"), s("wready")
        bvalid, bready, bid, bresp = s("bvalid"), s("bready"), s("bid"), s("bresp")
        res = RawResult()
        bready.value = 1
        aw_on = w_on = False
        quiet = 0
        while len(res.responses) < len(bursts):
            if not aw_on and res.aw_taken < len(bursts):
                b = bursts[res.aw_taken]
                s("awaddr").value = b.address
                s("awlen").value = b.beats - 1
                s("awsize").value = b.size
                s("awburst").value = int(b.burst_type)
                s("awid").value = axid
                awvalid.value = 1
                aw_on = True
            elif not aw_on:
                awvalid.value = 0
            if not w_on and res.w_taken < len(beats):
                beat = beats[res.w_taken]
                s("wdata").value = beat.data
                s("wstrb").value = beat.strobe
                s("wlast").value = int(beat.last)
                wvalid.value = 1
                w_on = True
            elif not w_on:
                wvalid.value = 0
            await RisingEdge(self.clock)
            res.cycles += 1
            quiet += 1
            if aw_on and awready.value == 1:
                res.aw_taken += 1
                aw_on = False
                quiet = 0
            if w_on and wready.value == 1:
                res.w_taken += 1
                w_on = False
                quiet = 0
            if bvalid.value == 1:
                res.responses.append((int(bid.value), Resp(int(bresp.value)), res.cycles))
                quiet = 0
            if quiet > timeout_cycles:
                res.hung = True
                break
        if not aw_on:
            awvalid.value = 0
        if not w_on:
            wvalid.value = 0
        return res
