"""The AXI protocol checker fires on each violation, and only then.

Runs on ``tb/hdl/axi_probe_shell.v``: a port whose master and slave sides are both driven from
here, pin by pin, so any sequence can be put on the wires. Each test drives one violation (after
a reset, on an otherwise legal port) and expects exactly the rules it breaks, on the channel it
breaks them, at the clock edge that first shows it. A last test drives a long stretch of legal
but unusual traffic (W before AW, interleaved read IDs, responses out of order across IDs, long
waits, X on data lanes, a reset in the middle of a burst) and expects no violation at all, and
the right bursts handed to coverage.
"""

from __future__ import annotations

import cocotb
from cocotb.handle import LogicObject
from cocotb.simtime import get_sim_time
from cocotb.triggers import RisingEdge
from cocotb.types import Logic, LogicArray

from models.axi import BurstRecord, BurstType
from models.axi_protocol import BrokenRule
from tb.clock import start_clock
from tb.protocol import AxiProtocolChecker

FOUR_STATE = cocotb.SIM_NAME.lower().startswith("icarus")

MASTER_OUTPUTS = (
    "awid", "awaddr", "awlen", "awsize", "awburst", "awvalid", "wdata", "wstrb", "wlast", "wvalid",
    "bready", "arid", "araddr", "arlen", "arsize", "arburst", "arvalid", "rready",
)
SLAVE_OUTPUTS = ("awready", "wready", "bid", "bresp", "bvalid", "arready", "rid", "rdata", "rresp", "rlast", "rvalid")


class Port:
    """Drives the probe shell's pins one clock at a time; a checker in record mode watches them."""

    def __init__(self, dut) -> None:
        self.dut = dut
        self.nb = len(dut.s_axi_wdata) // 8
        self.full = self.nb.bit_length() - 1
        self.checker = AxiProtocolChecker(dut, "s_axi", dut.clk, reset=dut.rst, raise_on_violation=False)
        self.records: list[BurstRecord] = []
        self.checker.add_listener(self.records.append)

    async def start(self) -> "Port":
        start_clock(self.dut.clk)
        self.checker.start()
        self.dut.rst.value = 1
        for name in MASTER_OUTPUTS + SLAVE_OUTPUTS:
            getattr(self.dut, f"s_axi_{name}").value = 0
        await RisingEdge(self.dut.clk)
        await RisingEdge(self.dut.clk)
        self.dut.rst.value = 0
        await RisingEdge(self.dut.clk)
        return self

    async def cycle(self, **values) -> float:
        """Drive ``values`` (pin name without prefix: value) for the next clock; they stay until
        changed. Returns the time of the edge that samples them."""
        for name, value in values.items():
            getattr(self.dut, f"s_axi_{name}").value = value
        await RisingEdge(self.dut.clk)
        return get_sim_time("ns")

    async def settle(self) -> list[BrokenRule]:
        """One more edge, so the checker has judged everything driven so far."""
        await RisingEdge(self.dut.clk)
        return list(self.checker.violations)

    # legal building blocks ------------------------------------------------------------
    def aw(self, axid=0, addr=0x100, beats=1, size=None, burst=BurstType.INCR) -> dict:
        return dict(awid=axid, awaddr=addr, awlen=beats - 1, awsize=self.full if size is None else size,
                    awburst=int(burst), awvalid=1)

    def ar(self, axid=0, addr=0x100, beats=1, size=None, burst=BurstType.INCR) -> dict:
        return dict(arid=axid, araddr=addr, arlen=beats - 1, arsize=self.full if size is None else size,
                    arburst=int(burst), arvalid=1)

    def w(self, last=1, strb=None, data=0x5A) -> dict:
        return dict(wdata=data, wstrb=(1 << self.nb) - 1 if strb is None else strb, wlast=last, wvalid=1)

    async def write_address(self, **kw) -> float:
        t = await self.cycle(**self.aw(**kw), awready=1)
        await self.cycle(awvalid=0, awready=0)
        return t

    async def read_address(self, **kw) -> float:
        t = await self.cycle(**self.ar(**kw), arready=1)
        await self.cycle(arvalid=0, arready=0)
        return t

    async def w_beats(self, lasts: list[int], **kw) -> list[float]:
        times = [await self.cycle(**self.w(last=last, **kw), wready=1) for last in lasts]
        await self.cycle(wvalid=0, wready=0)
        return times

    async def r_beats(self, lasts: list[int], axid=0, resp=0) -> list[float]:
        times = [await self.cycle(rid=axid, rdata=0xA5, rresp=resp, rlast=last, rvalid=1, rready=1) for last in lasts]
        await self.cycle(rvalid=0, rready=0)
        return times


def _expect(violations: list[BrokenRule], time_ns: float, channel: str, rules: list[str]) -> None:
    got = [(v.rule, v.channel, v.time_ns) for v in violations]
    want = [(rule, channel, time_ns) for rule in rules]
    assert got == want, f"expected {want}, the checker reported {[str(v) for v in violations]}"


# --------------------------------------------------------------------------- handshake rules

HANDSHAKE_CHANNELS = ("aw", "w", "b", "ar", "r")


def _payload(port: Port, ch: str) -> dict:
    return {
        "aw": port.aw(),
        "w": port.w(),
        "b": dict(bid=3, bresp=0, bvalid=1),
        "ar": port.ar(),
        "r": dict(rid=3, rdata=0x11, rresp=0, rlast=1, rvalid=1),
    }[ch]


@cocotb.test()
@cocotb.parametrize(channel=HANDSHAKE_CHANNELS)
async def valid_dropped_before_ready(dut, channel: str) -> None:
    """VALID high with READY low, then VALID low: 'valid-dropped' on that channel (master and slave side)."""
    port = await Port(dut).start()
    await port.cycle(**_payload(port, channel), **{f"{channel}ready": 0})
    t = await port.cycle(**{f"{channel}valid": 0})
    _expect(await port.settle(), t, channel.upper(), ["valid-dropped"])


CHANGES = {
    "aw": dict(awaddr=0x140), "w": dict(wdata=0x77), "b": dict(bresp=2), "ar": dict(arlen=3), "r": dict(rdata=0x99),
}


@cocotb.test()
@cocotb.parametrize(channel=HANDSHAKE_CHANNELS)
async def payload_changed_while_waiting(dut, channel: str) -> None:
    """VALID high, READY low, then a payload signal changes: 'payload-changed' on that channel."""
    port = await Port(dut).start()
    await port.cycle(**_payload(port, channel), **{f"{channel}ready": 0})
    await port.cycle()  # still waiting, unchanged: legal
    t = await port.cycle(**CHANGES[channel])
    _expect(await port.settle(), t, channel.upper(), ["payload-changed"])


X_CASES = {
    "aw_address": ("aw", dict(awaddr="x")),
    "w_valid": ("w", dict(wvalid="x")),
    "w_strobe": ("w", dict(wstrb="z")),
    "b_response": ("b", dict(bresp="x")),
    "ar_burst": ("ar", dict(arburst="z")),
    "r_ready": ("r", dict(rready="z")),
    "r_last": ("r", dict(rlast="x")),
}


def _unknown(dut, name: str, kind: str) -> Logic | LogicArray:
    handle = getattr(dut, f"s_axi_{name}")
    return Logic(kind) if isinstance(handle, LogicObject) else LogicArray(kind * len(handle))


if FOUR_STATE:  # X and Z exist only in a four-state simulator

    @cocotb.test()
    @cocotb.parametrize(case=tuple(X_CASES))
    async def x_or_z_on_a_control_signal(dut, case: str) -> None:
        """An X or Z on VALID, READY, or a control signal while VALID is high: 'x-control'."""
        port = await Port(dut).start()
        channel, bad = X_CASES[case]
        values = {**_payload(port, channel), f"{channel}ready": 0}
        values.update({name: _unknown(dut, name, kind) for name, kind in bad.items()})
        t = await port.cycle(**values)
        violations = [v for v in await port.settle() if v.time_ns == t]
        _expect(violations, t, channel.upper(), ["x-control"])


# --------------------------------------------------------------------------- burst framing

@cocotb.test()
async def wlast_missing_on_the_last_beat(dut) -> None:
    """A 2-beat write whose second beat has no WLAST: 'wlast'."""
    port = await Port(dut).start()
    await port.write_address(beats=2)
    times = await port.w_beats([0, 0])
    _expect(await port.settle(), times[1], "W", ["wlast"])


@cocotb.test()
async def wlast_on_an_earlier_beat(dut) -> None:
    """WLAST on beat 0 of a 4-beat write: 'wlast', and the burst ends with 1 beat: 'beat-count'."""
    port = await Port(dut).start()
    await port.write_address(beats=4)
    times = await port.w_beats([1])
    _expect(await port.settle(), times[0], "W", ["wlast", "beat-count"])


@cocotb.test()
async def more_write_beats_than_awlen(dut) -> None:
    """Three beats for AWLEN+1 = 2, WLAST on the third: 'wlast' on beat 1, 'beat-count' on beat 2."""
    port = await Port(dut).start()
    await port.write_address(beats=2)
    times = await port.w_beats([0, 0, 1])
    violations = await port.settle()
    _expect(violations[:1], times[1], "W", ["wlast"])
    _expect(violations[1:], times[2], "W", ["beat-count"])


@cocotb.test()
async def rlast_missing_on_the_last_beat(dut) -> None:
    """A 2-beat read whose second beat has no RLAST: 'rlast' (a slave-side rule)."""
    port = await Port(dut).start()
    await port.read_address(beats=2)
    times = await port.r_beats([0, 0])
    _expect(await port.settle(), times[1], "R", ["rlast"])


@cocotb.test()
async def rlast_on_an_earlier_beat(dut) -> None:
    """RLAST on beat 1 of a 4-beat read: 'rlast' and 'beat-count'."""
    port = await Port(dut).start()
    await port.read_address(beats=4)
    times = await port.r_beats([0, 1])
    _expect(await port.settle(), times[1], "R", ["rlast", "beat-count"])


@cocotb.test()
async def more_read_beats_than_arlen(dut) -> None:
    """Two beats without RLAST for ARLEN+1 = 1: 'rlast' on beat 0, 'beat-count' on beat 1."""
    port = await Port(dut).start()
    await port.read_address(beats=1)
    times = await port.r_beats([0, 0, 1])
    violations = await port.settle()
    _expect(violations[:1], times[0], "R", ["rlast"])
    _expect(violations[1:], times[1], "R", ["beat-count"])


# --------------------------------------------------------------------------- address rules

ADDRESS_CASES = {
    # name: (address, beats, size relative to the bus (0 = full, +1 = wider), burst type, rule)
    "incr_crosses_4k": (0xFFE, 4, 0, BurstType.INCR, "4k-crossing"),
    "wrap_of_3_beats": (0x100, 3, 0, BurstType.WRAP, "wrap-length"),
    "wrap_of_32_beats": (0x100, 32, 0, BurstType.WRAP, "wrap-length"),
    "wrap_unaligned": (0x101, 4, 0, BurstType.WRAP, "wrap-unaligned"),
    "reserved_type": (0x100, 2, 0, BurstType.RESERVED, "burst-reserved"),
    "size_wider_than_bus": (0x100, 2, 1, BurstType.INCR, "size-too-wide"),
    "fixed_of_17_beats": (0x100, 17, 0, BurstType.FIXED, "fixed-length"),
}


@cocotb.test()
@cocotb.parametrize(case=tuple(ADDRESS_CASES), channel=("aw", "ar"))
async def illegal_request(dut, case: str, channel: str) -> None:
    """Each request AXI forbids, on AW and on AR, breaks exactly its rule at its address handshake."""
    port = await Port(dut).start()
    address, beats, wider, kind, rule = ADDRESS_CASES[case]
    if port.nb == 1 and rule == "wrap-unaligned":
        address, beats, wider = 0x101, 4, 1  # on an 8-bit bus, use 2-byte beats: also too wide
    size = port.full + wider
    send = port.write_address if channel == "aw" else port.read_address
    t = await send(addr=address, beats=beats, size=size, burst=kind)
    violations = await port.settle()
    rules = [rule] if not (port.nb == 1 and rule == "wrap-unaligned") else ["size-too-wide", rule]
    _expect(violations, t, channel.upper(), rules)


@cocotb.test()
async def strobe_on_a_lane_the_beat_does_not_own(dut) -> None:
    """A 1-byte beat at address 1 owns lane 1 only; WSTRB with lane 0 set breaks 'wstrb-lanes'."""
    port = await Port(dut).start()
    lanes = 0b11 if port.nb > 1 else 0b1
    await port.write_address(addr=0x101, beats=1, size=0)
    times = await port.w_beats([1], strb=lanes)
    violations = await port.settle()
    if port.nb == 1:  # one lane: a byte beat owns the whole bus, nothing to break
        assert violations == [], [str(v) for v in violations]
        return
    _expect(violations, times[0], "W", ["wstrb-lanes"])


# --------------------------------------------------------------------------- responses

@cocotb.test()
async def b_with_nothing_outstanding(dut) -> None:
    """A B response when no write burst is outstanding: 'orphan-response' (slave side)."""
    port = await Port(dut).start()
    t = await port.cycle(bid=5, bresp=0, bvalid=1, bready=1)
    _expect(await port.settle(), t, "B", ["orphan-response"])


@cocotb.test()
async def b_with_the_wrong_id(dut) -> None:
    """A finished write of ID 1 answered with BID 2: 'orphan-response'."""
    port = await Port(dut).start()
    await port.write_address(axid=1)
    await port.w_beats([1])
    t = await port.cycle(bid=2, bresp=0, bvalid=1, bready=1)
    _expect(await port.settle(), t, "B", ["orphan-response"])


@cocotb.test()
async def r_with_nothing_outstanding(dut) -> None:
    """An R beat when no read burst is outstanding: 'orphan-response'."""
    port = await Port(dut).start()
    times = await port.r_beats([1], axid=4)
    _expect(await port.settle(), times[0], "R", ["orphan-response"])


@cocotb.test()
async def r_in_the_same_cycle_as_its_ar(dut) -> None:
    """Read data in the cycle of its own AR handshake is early: 'orphan-response'."""
    port = await Port(dut).start()
    t = await port.cycle(**port.ar(axid=2), arready=1, rid=2, rdata=0, rresp=0, rlast=1, rvalid=1, rready=1)
    _expect(await port.settle(), t, "R", ["orphan-response"])


@cocotb.test()
async def b_before_the_last_w_beat(dut) -> None:
    """A B after the first of two W beats: 'b-before-wlast'."""
    port = await Port(dut).start()
    await port.write_address(axid=7, beats=2)
    await port.w_beats([0])
    t = await port.cycle(bid=7, bresp=0, bvalid=1, bready=1)
    _expect(await port.settle(), t, "B", ["b-before-wlast"])


@cocotb.test()
async def b_in_the_same_cycle_as_the_last_w_beat(dut) -> None:
    """BVALID in the cycle of the last W handshake is early: 'b-before-wlast'."""
    port = await Port(dut).start()
    await port.write_address(axid=7)
    t = await port.cycle(**port.w(last=1), wready=1, bid=7, bresp=0, bvalid=1, bready=1)
    _expect(await port.settle(), t, "B", ["b-before-wlast"])


# --------------------------------------------------------------------------- legal traffic

@cocotb.test()
async def legal_traffic_breaks_no_rule(dut) -> None:
    """Legal but unusual traffic: no violation, and every finished burst reaches the listeners."""
    port = await Port(dut).start()
    nb, full = port.nb, port.full
    ones = (1 << nb) - 1

    # W beats before their AW; B after both
    await port.w_beats([0, 1], data=0x1234 & ((1 << 8 * nb) - 1))
    await port.write_address(axid=1, beats=2)
    await port.cycle(bid=1, bresp=0, bvalid=1, bready=1)
    await port.cycle(bvalid=0, bready=0)

    # AW and its only W beat in the same cycle; a response that waits 3 cycles, then is taken
    await port.cycle(**port.aw(axid=2), awready=1, **port.w(last=1), wready=1)
    await port.cycle(awvalid=0, awready=0, wvalid=0, wready=0)
    for _ in range(3):
        await port.cycle(bid=2, bresp=2, bvalid=1, bready=0)
    await port.cycle(bready=1)
    await port.cycle(bvalid=0, bready=0)

    # two writes of different IDs answered out of order
    await port.write_address(axid=3)
    await port.write_address(axid=4)
    await port.w_beats([1, 1])
    for bid in (4, 3):
        await port.cycle(bid=bid, bresp=0, bvalid=1, bready=1)
    await port.cycle(bvalid=0, bready=0)

    # read data of two IDs interleaved; an AR that waits with a stable payload
    await port.cycle(**port.ar(axid=5, beats=2), arready=0)
    await port.cycle(arready=0)
    await port.cycle(arready=1)
    await port.read_address(axid=6, beats=2)
    for rid, last in ((6, 0), (5, 0), (6, 1), (5, 1)):
        await port.cycle(rid=rid, rdata=rid, rresp=0, rlast=last, rvalid=1, rready=1)
    await port.cycle(rvalid=0, rready=0)

    # narrow unaligned INCR with its own lanes strobed, a size-aligned WRAP, FIXED of 16,
    # and an INCR ending exactly at a 4 KiB boundary
    if nb > 1:
        await port.write_address(addr=0x201, beats=2, size=1)
        await port.w_beats([0], strb=0b10)
        await port.w_beats([1], strb=0b1100 & ones)
        await port.cycle(bid=0, bresp=0, bvalid=1, bready=1)
        await port.cycle(bvalid=0, bready=0)
    await port.read_address(addr=0x300 + nb, beats=4, burst=BurstType.WRAP)
    await port.r_beats([0, 0, 0, 1])
    await port.read_address(addr=0x400, beats=16, burst=BurstType.FIXED)
    await port.r_beats([0] * 15 + [1])
    await port.read_address(addr=0x1000 - 4 * nb, beats=4, size=full)
    await port.r_beats([0, 0, 0, 1])

    # X where it is allowed: data lanes while VALID is high, anything while VALID is low
    if FOUR_STATE:
        await port.cycle(awaddr=LogicArray("x" * len(dut.s_axi_awaddr)), wstrb=LogicArray("x" * nb))
        await port.write_address(axid=8)
        await port.w_beats([1], data=LogicArray("x" * 8 * nb))
        await port.cycle(bid=8, bresp=0, bvalid=1, bready=1)
        await port.cycle(bvalid=0, bready=0, rdata=LogicArray("x" * 8 * nb))

    # reset in the middle of a write burst drops it; traffic after the reset starts afresh
    await port.write_address(axid=9, beats=4)
    await port.w_beats([0])
    await port.cycle(**port.aw(axid=9), awready=0)
    dut.rst.value = 1
    await port.cycle(awvalid=0, wvalid=0)
    dut.rst.value = 0
    await port.cycle()
    await port.write_address(axid=9, beats=1)
    await port.w_beats([1])
    await port.cycle(bid=9, bresp=0, bvalid=1, bready=1)
    await port.cycle(bvalid=0, bready=0)

    violations = await port.settle()
    assert violations == [], "legal traffic was reported:\n" + "\n".join(str(v) for v in violations)
    writes = [r for r in port.records if r.direction == "write"]
    reads = [r for r in port.records if r.direction == "read"]
    assert [r.axid for r in writes] == [1, 2, 4, 3] + ([0] if nb > 1 else []) + ([8] if FOUR_STATE else []) + [9]
    assert writes[0].beats == 2 and writes[0].strobes == (ones, ones)
    assert writes[1].resp == 2, "the SLVERR of the waiting B response is recorded"
    assert [r.axid for r in reads] == [6, 5, 0, 0, 0]
    assert [r.burst for r in reads[2:]] == [BurstType.WRAP, BurstType.FIXED, BurstType.INCR]
    assert port.checker.rules.outstanding == {"write": 0, "read": 0}
