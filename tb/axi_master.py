"""Pin-level AXI4 master that executes planned bursts (the reference engine).

The master samples handshakes at the rising clock edge (the values the design saw at that edge)
and drives the next values right after it: one Python wakeup per clock for all channels of a
direction. Address and data channels are pipelined: the next burst's address is presented while
the current burst's data is still streaming, data beats go back to back, so a slave that keeps
READY high sees no idle cycle between bursts. Responses are checked: ID, count, RLAST placement.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.triggers import RisingEdge
from cocotb_bus.bus import Bus

from models.axi import Burst, BurstType, Resp, Transfer, pack_burst, unpack_burst
from models.pacing import MasterPacing

AW_SIGNALS = ("awid", "awaddr", "awlen", "awsize", "awburst", "awvalid", "awready")
W_SIGNALS = ("wdata", "wstrb", "wlast", "wvalid", "wready")
B_SIGNALS = ("bid", "bresp", "bvalid", "bready")
AR_SIGNALS = ("arid", "araddr", "arlen", "arsize", "arburst", "arvalid", "arready")
R_SIGNALS = ("rid", "rdata", "rresp", "rlast", "rvalid", "rready")
OPTIONAL_SIGNALS = ("awlock", "awcache", "awprot", "arlock", "arcache", "arprot")


class AxiError(Exception):
    """Base of the errors the AXI master raises."""


class AxiProtocolError(AxiError):
    """The slave broke the AXI protocol (wrong ID, RLAST misplaced, X on a payload)."""


class AxiTimeoutError(AxiError):
    """No handshake happened for too many cycles: the slave (or the master's pacing) hung."""


class AxiResetError(AxiError):
    """The slave was reset while a call was in progress; the call was abandoned.

    ``burst`` is the burst that was interrupted, ``index`` its position in the call, ``beats_done``
    how many of its beats had moved, and ``completed`` how many bursts of the call had finished.
    """

    def __init__(self, message: str, burst: Burst, index: int, beats_done: int, completed: int) -> None:
        super().__init__(message)
        self.burst = burst
        self.index = index
        self.beats_done = beats_done
        self.completed = completed


@dataclass
class AxiStats:
    """Counters of what the master has done, for summaries and throughput checks."""

    bursts: int = 0
    beats: int = 0
    bytes: int = 0
    cycles: int = 0

    def add(self, other: "AxiStats") -> None:
        self.bursts += other.bursts
        self.beats += other.beats
        self.bytes += other.bytes
        self.cycles += other.cycles


def _value(handle: SimHandleBase) -> int:
    return handle.value.to_unsigned()


class AxiMaster:
    """AXI4 master driving a slave's ``<prefix>_aw*``/``w*``/``b*``/``ar*``/``r*`` signals.

    Build it from a signal prefix, as cocotbext-axi does::

        master = AxiMaster.from_prefix(dut, "s_axi", dut.clk)
        xfer = await master.write(plan_bursts(addr, len(data), master.bus_bytes), data)

    ``write`` and ``read`` take bursts planned by :mod:`models.axi` and run them pipelined.
    ``timeout_cycles`` bounds how long a channel may wait for a handshake before the call fails.
    """

    def __init__(
        self,
        bus: Bus,
        clock: SimHandleBase,
        *,
        max_outstanding: int = 8,
        timeout_cycles: int = 10000,
        log: logging.Logger | None = None,
        reset: SimHandleBase | None = None,
    ) -> None:
        self.bus = bus
        self.clock = clock
        #: Active-high synchronous reset of the slave: a call in progress when it is sampled high
        #: at a clock edge stops, drops its VALIDs and raises :class:`AxiResetError`.
        self.reset = reset
        self._reset_rose = False  # set by the watcher task; the pin is read only when it is set
        self._reset_task = None
        self.max_outstanding = max_outstanding
        self.timeout_cycles = timeout_cycles
        self.log = log or logging.getLogger("cocotb.tb.axi_master")
        self.bus_bytes = len(bus.wdata) // 8
        self.id_width = len(bus.awid)
        self.stats = AxiStats()
        self.default_id = 0
        #: Optional pacing hooks (called once per cycle): return True to hold a channel idle.
        self.aw_pause: Callable[[], bool] | None = None
        self.w_pause: Callable[[], bool] | None = None
        self.ar_pause: Callable[[], bool] | None = None
        self.b_hold: Callable[[], bool] | None = None
        self.r_hold: Callable[[], bool] | None = None
        self._idle_bus()

    def pace(self, pacing: MasterPacing) -> None:
        """Install the idle/backpressure pattern of every channel (see :mod:`models.pacing`)."""
        self.aw_pause = pacing.aw.hook("aw")
        self.w_pause = pacing.w.hook("w")
        self.ar_pause = pacing.ar.hook("ar")
        self.b_hold = pacing.b.hook("b")
        self.r_hold = pacing.r.hook("r")

    @classmethod
    def from_prefix(cls, entity: SimHandleBase, prefix: str, clock: SimHandleBase, **kwargs) -> "AxiMaster":
        signals = AW_SIGNALS + W_SIGNALS + B_SIGNALS + AR_SIGNALS + R_SIGNALS
        bus = Bus(entity, prefix, list(signals), optional_signals=list(OPTIONAL_SIGNALS), bus_separator="_")
        return cls(bus, clock, **kwargs)

    def _idle_bus(self) -> None:
        """Drive every master output to a defined idle value (no Z in the waveform)."""
        b = self.bus
        driven = [s for s in AW_SIGNALS + W_SIGNALS + AR_SIGNALS if not s.endswith("ready")]
        for name in driven + [s for s in OPTIONAL_SIGNALS if hasattr(b, s)]:
            getattr(b, name).value = 0
        b.bready.value = 1
        b.rready.value = 1

    def _watch_reset(self) -> None:
        """Start (once per test) the task that notes every rise of ``reset``; note one already high."""
        if self.reset is None:
            return
        if self._reset_task is None or self._reset_task.done():
            self._reset_task = cocotb.start_soon(self._reset_watcher())
        if self.reset.value == 1:
            self._reset_rose = True

    async def _reset_watcher(self) -> None:
        while True:
            await RisingEdge(self.reset)
            self._reset_rose = True

    def _in_reset(self) -> bool:
        """At a clock edge after reset rose: is it (still) high at this edge?"""
        if self.reset.value == 1:
            return True
        self._reset_rose = False  # a pulse that ended before this edge: the slave never saw it
        return False

    def _abort_on_reset(self, kind: str, bursts: Sequence[Burst], index: int, beats_done: int, completed: int, cycles: int) -> None:
        """Drop every VALID this master drives and raise :class:`AxiResetError` for burst ``index``."""
        bus = self.bus
        bus.awvalid.value = 0
        bus.wvalid.value = 0
        bus.arvalid.value = 0
        bus.bready.value = 1
        bus.rready.value = 1
        b = bursts[index]
        raise AxiResetError(
            f"{kind} abandoned: reset asserted {cycles} cycles into the call, during burst {index + 1} of "
            f"{len(bursts)} at 0x{b.address:08x} ({b.beats} beats of {b.bytes_per_beat} bytes, {b.burst_type.name}, "
            f"{beats_done} beats moved); {completed} of {len(bursts)} bursts had completed",
            b,
            index,
            beats_done,
            completed,
        )

    # ------------------------------------------------------------------ write
    async def write(self, bursts: Sequence[Burst], buffer: bytes, axid: int | None = None) -> Transfer:
        """Write ``bursts`` (carrying bytes of ``buffer``) and return their responses."""
        bus_bytes = self.bus_bytes
        return await self.write_beats(bursts, lambda i: pack_burst(bursts[i], bus_bytes, buffer), axid)

    async def write_beats(
        self,
        bursts: Sequence[Burst],
        beats: Callable[[int], tuple[Sequence[int], Sequence[int]]],
        axid: int | None = None,
    ) -> Transfer:
        """Write ``bursts`` whose WDATA/WSTRB per beat ``beats(i)`` gives for burst ``i``."""
        xfer = Transfer()
        if not bursts:
            return xfer
        bus = self.bus
        axid = self.default_id if axid is None else axid
        n = len(bursts)
        resps: list[Resp] = []
        aw_i = 0  # next burst whose address is to be issued
        aw_valid = False
        w_i = 0  # burst whose data is streaming
        w_beat = 0
        w_valid = False
        words: Sequence[int] = ()
        strobes: Sequence[int] = ()
        b_hold = False
        cycles = 0
        quiet = 0
        bus.bready.value = 1
        self._watch_reset()

        aw_wire = w_wire = False  # what VALID currently is on the wires
        while len(resps) < n:
            # Drive the next values (held until the next edge); write a VALID only when it changes.
            if not aw_valid and aw_i < n and aw_i - len(resps) < self.max_outstanding:
                if not (self.aw_pause and self.aw_pause()):
                    b = bursts[aw_i]
                    bus.awaddr.value = b.address
                    bus.awlen.value = b.beats - 1
                    bus.awsize.value = b.size
                    bus.awburst.value = int(b.burst_type)
                    bus.awid.value = axid
                    aw_valid = True
            if aw_valid != aw_wire:
                bus.awvalid.value = int(aw_valid)
                aw_wire = aw_valid
            if not w_valid and w_i < aw_i + aw_valid and w_i < n:
                if not (self.w_pause and self.w_pause()):
                    if w_beat == 0:
                        words, strobes = beats(w_i)
                    bus.wdata.value = words[w_beat]
                    bus.wstrb.value = strobes[w_beat]
                    bus.wlast.value = int(w_beat == bursts[w_i].beats - 1)
                    w_valid = True
            if w_valid != w_wire:
                bus.wvalid.value = int(w_valid)
                w_wire = w_valid
            if self.b_hold is not None:
                hold = self.b_hold()
                if hold != b_hold:
                    bus.bready.value = int(not hold)
                    b_hold = hold

            await RisingEdge(self.clock)
            cycles += 1
            quiet += 1
            if self._reset_rose and self._in_reset():
                # Nothing moves at an edge with reset high: the burst being written is interrupted.
                k, done = (w_i, w_beat) if w_i < n else (len(resps), bursts[len(resps)].beats)
                self._abort_on_reset("write", bursts, k, done, len(resps), cycles)

            # Sample what happened at this edge.
            if aw_valid and bus.awready.value == 1:
                aw_i += 1
                aw_valid = False
                quiet = 0
            if w_valid and bus.wready.value == 1:
                w_beat += 1
                if w_beat == bursts[w_i].beats:
                    w_i += 1
                    w_beat = 0
                w_valid = False
                quiet = 0
            if not b_hold and bus.bvalid.value == 1:
                bid = _value(bus.bid)
                if len(resps) >= aw_i:
                    raise AxiProtocolError(f"B response (BID={bid}) with no write burst outstanding")
                if bid != axid:
                    raise AxiProtocolError(f"B response carries BID={bid}, expected {axid}")
                resps.append(Resp(_value(bus.bresp)))
                quiet = 0
            if quiet > self.timeout_cycles:
                raise AxiTimeoutError(
                    f"write: no handshake for {self.timeout_cycles} cycles "
                    f"(AW issued {aw_i}/{n}, W at burst {w_i} beat {w_beat}, B received {len(resps)})"
                )

        bus.awvalid.value = 0
        bus.wvalid.value = 0
        if b_hold:
            bus.bready.value = 1
        xfer.resps = resps
        xfer.cycles = cycles
        self.stats.add(AxiStats(n, sum(b.beats for b in bursts), sum(b.length for b in bursts), cycles))
        return xfer

    # ------------------------------------------------------------------ read
    async def read(self, bursts: Sequence[Burst], length: int | None = None, axid: int | None = None) -> Transfer:
        """Read ``bursts``; return their bytes (placed by burst offset) and responses; ``words`` per burst too."""
        xfer = Transfer()
        if not bursts:
            return xfer
        bus, bus_bytes = self.bus, self.bus_bytes
        axid = self.default_id if axid is None else axid
        n = len(bursts)
        total = sum(b.length for b in bursts) if length is None else length
        out = bytearray(total)
        base_offset = bursts[0].offset
        resps: list[Resp] = []
        ar_i = 0
        ar_valid = False
        r_i = 0
        r_words: list[int] = []
        r_resp = Resp.OKAY
        r_hold = False
        cycles = 0
        quiet = 0
        bus.rready.value = 1
        self._watch_reset()

        ar_wire = False
        while r_i < n:
            if not ar_valid and ar_i < n and ar_i - r_i < self.max_outstanding:
                if not (self.ar_pause and self.ar_pause()):
                    b = bursts[ar_i]
                    bus.araddr.value = b.address
                    bus.arlen.value = b.beats - 1
                    bus.arsize.value = b.size
                    bus.arburst.value = int(b.burst_type)
                    bus.arid.value = axid
                    ar_valid = True
            if ar_valid != ar_wire:
                bus.arvalid.value = int(ar_valid)
                ar_wire = ar_valid
            if self.r_hold is not None:
                hold = self.r_hold()
                if hold != r_hold:
                    bus.rready.value = int(not hold)
                    r_hold = hold

            await RisingEdge(self.clock)
            cycles += 1
            quiet += 1
            if self._reset_rose and self._in_reset():
                self._abort_on_reset("read", bursts, r_i, len(r_words), r_i, cycles)

            if ar_valid and bus.arready.value == 1:
                ar_i += 1
                ar_valid = False
                quiet = 0
            if not r_hold and bus.rvalid.value == 1:
                quiet = 0
                if r_i >= ar_i:
                    raise AxiProtocolError("R beat with no read burst outstanding")
                rid = _value(bus.rid)
                if rid != axid:
                    raise AxiProtocolError(f"R beat carries RID={rid}, expected {axid}")
                burst = bursts[r_i]
                rdata = bus.rdata.value
                if not rdata.is_resolvable:
                    raise AxiProtocolError(f"RDATA is {rdata} (X or Z) on beat {len(r_words)} of burst at 0x{burst.address:x}")
                r_words.append(rdata.to_unsigned())
                r_resp = max(r_resp, Resp(_value(bus.rresp)))
                last = bus.rlast.value == 1
                if last != (len(r_words) == burst.beats):
                    raise AxiProtocolError(
                        f"RLAST={int(last)} on beat {len(r_words) - 1} of a {burst.beats}-beat burst at 0x{burst.address:x}"
                    )
                if last:
                    if r_resp == Resp.OKAY:  # an error burst's bytes stay zero
                        data = unpack_burst(burst, bus_bytes, r_words)
                        start = burst.offset - base_offset
                        out[start : start + len(data)] = data
                    resps.append(r_resp)
                    xfer.words.append(r_words)
                    r_words = []
                    r_resp = Resp.OKAY
                    r_i += 1
            if quiet > self.timeout_cycles:
                raise AxiTimeoutError(
                    f"read: no handshake for {self.timeout_cycles} cycles "
                    f"(AR issued {ar_i}/{n}, R at burst {r_i} beat {len(r_words)})"
                )

        bus.arvalid.value = 0
        if r_hold:
            bus.rready.value = 1
        xfer.resps = resps
        xfer.cycles = cycles
        xfer.data = bytes(out)
        self.stats.add(AxiStats(n, sum(b.beats for b in bursts), sum(b.length for b in bursts), cycles))
        return xfer


def single(address: int, size: int, beats: int = 1, burst_type: BurstType = BurstType.INCR, length: int = 0) -> Burst:
    """A hand-made burst for direct AXI tests (no buffer planning)."""
    return Burst(address=address, beats=beats, size=size, burst_type=burst_type, offset=0, length=length)
