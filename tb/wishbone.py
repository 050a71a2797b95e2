"""Pin-level Wishbone B4 master with the bus-engine shape, and the Wishbone protocol monitor.

:class:`WishboneMaster` runs the bursts the NDIS host plans (:mod:`models.axi` descriptors) on a
Wishbone port: it turns them into data-bus words (:mod:`models.bus_beats`), groups the words into
bursts by RULE 4.40 (:func:`models.wishbone.plan_wishbone`) and drives them in one bus cycle (CYC
held from the first request to the last answer). Two modes:

* ``pipelined`` (default): a request per clock, held while STALL is high; the next request is
  presented in the clock after the previous one was taken, answers are counted as they come (one
  ACK or ERR per request, in order). Incrementing-burst beats are tagged CTI 010, the last beat of
  a burst and every single transfer 111 (End-Of-Burst).
* ``classic``: the standard mode: one transfer at a time, STB held until its ACK/ERR, STALL not
  looked at; transfers are tagged CTI 000 (no registered feedback: two clocks a transfer on the
  RTL).
* ``classic-burst``: the standard mode with registered-feedback bursts (Wishbone B4 chapter 4):
  the same one-at-a-time handshake, with the CTI/BTE tags of the plan (incrementing 010, End-Of-Burst
  111 on the last beat and on single transfers). After each ACK the next beat's request is on the
  bus at once, so a slave that answers a burst beat per clock gets one.

The master samples at the rising edge (the values the slave saw there) and drives the next values
right after it, one Python wakeup per clock. ``pace`` takes a :class:`models.pacing.MasterPacing`:
its W channel pattern inserts idle cycles (STB low) between requests; in the classic modes those are
master wait states, inside a burst too.

Responses: a copy burst whose words were all ACKed is OKAY; one with an ERR (the slave's answer to
an address outside its window) is reported as DECERR, and its read bytes stay zero.
"""

from __future__ import annotations

import logging
from typing import Callable, Sequence

from cocotb.handle import SimHandleBase
from cocotb.triggers import ReadWrite, RisingEdge

from models.axi import Burst, Resp, unpack_burst
from models.bus_beats import Beat, read_beats, words_of, write_beats
from models.pacing import MasterPacing
from models.wishbone import RULES, Bte, Cti, WbSample, WishboneRules, plan_wishbone
from tb.axi_master import AxiStats, Transfer
from tb.bus_protocol import BusProtocolChecker, RecordedBusChecker, int_reader
from tb.xactor_wire import BUS_FILES

PREFIX = "s_wb"
MODES = ("pipelined", "classic", "classic-burst")


class WishboneError(Exception):
    """The slave broke the protocol as the master saw it, or a call timed out."""


class WishboneMaster:
    """Wishbone B4 master on ``<prefix>_adr/dat_i/dat_o/we/sel/stb/cyc/cti/bte/ack/err/stall``.

    Has the bus-engine shape :mod:`tb.ndis` needs: ``bus_bytes``, ``write(bursts, buffer)`` and
    ``read(bursts, length)``; ``stats`` counts Wishbone bursts, words and cycles. ``run`` executes
    explicit requests (for directed tests of CTI/BTE)."""

    def __init__(
        self,
        dut: SimHandleBase,
        clock: SimHandleBase,
        *,
        prefix: str = PREFIX,
        mode: str = "pipelined",
        max_beats: int = 256,
        timeout_cycles: int = 10000,
        log: logging.Logger | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode={mode!r} is not known; allowed: {', '.join(MODES)}")
        self.clock = clock
        self.mode = mode
        self.max_beats = max_beats
        self.timeout_cycles = timeout_cycles
        self.log = log or logging.getLogger("cocotb.tb.wishbone")
        sig = lambda n: getattr(dut, f"{prefix}_{n}")  # noqa: E731
        self.adr, self.dat_w, self.dat_r = sig("adr"), sig("dat_i"), sig("dat_o")
        self.we, self.sel, self.stb, self.cyc = sig("we"), sig("sel"), sig("stb"), sig("cyc")
        self.cti, self.bte = sig("cti"), sig("bte")
        self.ack, self.err, self.stall = sig("ack"), sig("err"), sig("stall")
        self.bus_bytes = len(self.dat_w) // 8
        self.stats = AxiStats()
        self.pause: Callable[[], bool] | None = None
        for s in (self.adr, self.dat_w, self.we, self.stb, self.cyc, self.cti, self.bte):
            s.value = 0
        self.sel.value = (1 << self.bus_bytes) - 1

    def pace(self, pacing: MasterPacing) -> None:
        """Idle cycles between requests from the W pattern of ``pacing``."""
        self.pause = pacing.w.hook("w") if pacing.w.active else None

    # ------------------------------------------------------------------ engine shape
    async def write(self, bursts: Sequence[Burst], buffer: bytes) -> Transfer:
        """Write ``bursts`` (bytes of ``buffer``); a response per burst."""
        beats = write_beats(bursts, self.bus_bytes, buffer)
        errs, _, cycles = await self._run_beats(beats, True)
        return self._finish(bursts, beats, errs, cycles)

    async def read(self, bursts: Sequence[Burst], length: int | None = None) -> Transfer:
        """Read ``bursts``; their bytes placed by burst offset, and a response per burst."""
        beats = read_beats(bursts, self.bus_bytes)
        errs, words, cycles = await self._run_beats(beats, False)
        xfer = self._finish(bursts, beats, errs, cycles)
        total = sum(b.length for b in bursts) if length is None else length
        out = bytearray(total)
        base = bursts[0].offset if bursts else 0
        per_burst = words_of(bursts, beats, words)
        for b, w, r in zip(bursts, per_burst, xfer.resps):
            if r == Resp.OKAY:
                data = unpack_burst(b, self.bus_bytes, w)
                out[b.offset - base : b.offset - base + len(data)] = data
        xfer.data = bytes(out)
        xfer.words = per_burst
        return xfer

    def _finish(self, bursts: Sequence[Burst], beats: Sequence[Beat], errs: Sequence[bool], cycles: int) -> Transfer:
        bad = [False] * len(bursts)
        for beat, e in zip(beats, errs):
            bad[beat.burst] |= e
        self.stats.add(AxiStats(0, 0, sum(b.length for b in bursts), 0))
        return Transfer([Resp.DECERR if e else Resp.OKAY for e in bad], cycles)

    async def _run_beats(self, beats: Sequence[Beat], we: bool) -> tuple[list[bool], list[int], int]:
        plan = plan_wishbone(beats, self.bus_bytes, self.max_beats)
        requests = []
        for p in plan:
            for k in range(p.count):
                b = beats[p.first + k]
                cti = Cti.CLASSIC if self.mode == "classic" else p.cti[k]  # classic-burst keeps the plan's tags
                requests.append((b.address, b.sel, b.data, cti, p.bte))
        errs, words, cycles = await self.run(requests, we)
        self.stats.add(AxiStats(len(plan), len(beats), 0, cycles))
        return errs, words, cycles

    # ------------------------------------------------------------------ pins
    async def run(
        self, requests: Sequence[tuple[int, int, int, int, int]], we: bool
    ) -> tuple[list[bool], list[int], int]:
        """Drive ``requests`` (address, SEL, data, CTI, BTE) in one bus cycle; return per request
        whether it got ERR, the read words, and the cycles taken."""
        if not requests:
            return [], [], 0
        errs: list[bool] = []
        words: list[int] = []
        n = len(requests)
        pipelined = self.mode == "pipelined"
        self.cyc.value = 1
        self.we.value = int(we)
        issued = 0  # requests taken by the slave
        driving = False  # STB high with requests[issued] on the bus
        cycles = quiet = 0
        while len(errs) < n:
            if not driving and issued < n and (pipelined or issued == len(errs)):
                if not (self.pause and self.pause()):
                    adr, sel, dat, cti, bte = requests[issued]
                    self.adr.value = adr
                    self.sel.value = sel
                    self.dat_w.value = dat if we else 0
                    self.cti.value = int(cti)
                    self.bte.value = int(bte)
                    self.stb.value = 1
                    driving = True
            await RisingEdge(self.clock)
            cycles += 1
            quiet += 1
            ack, err = self.ack.value == 1, self.err.value == 1
            if ack or err:
                if len(errs) >= issued + (0 if pipelined else int(driving)):
                    raise WishboneError(f"{'ACK' if ack else 'ERR'} with no request outstanding (cycle {cycles})")
                if not we:
                    value = self.dat_r.value
                    if not value.is_resolvable:
                        raise WishboneError(f"DAT_O is {value} on the answer to request {len(errs)}")
                    words.append(value.to_unsigned())
                errs.append(err and not ack)
                quiet = 0
            if driving:
                taken = (self.stall.value == 0) if pipelined else (ack or err)
                if taken:
                    issued += 1
                    driving = False
                    quiet = 0
            if not driving:
                self.stb.value = 0
            if quiet > self.timeout_cycles:
                raise WishboneError(
                    f"no progress for {self.timeout_cycles} cycles ({issued}/{n} requests taken, {len(errs)} answered)"
                )
        self.stb.value = 0
        self.cyc.value = 0
        self.we.value = 0
        if we and not pipelined:
            # a standard-mode slave may store a write at the edge of its ACK: let that edge's
            # register updates land before the caller looks at the memory
            await ReadWrite()
        return errs, words, cycles


def wishbone_checker(dut: SimHandleBase, clock: SimHandleBase, reset: SimHandleBase, prefix: str = PREFIX,
                     mode: str = "pipelined") -> BusProtocolChecker:
    """The protocol monitor of a Wishbone port (rules: :data:`models.wishbone.RULES`), judging a
    master in ``mode`` (``pipelined`` or ``classic``, :data:`models.wishbone.RULE_MODES`)."""
    sig = lambda n: int_reader(getattr(dut, f"{prefix}_{n}"))  # noqa: E731
    r = [sig(n) for n in ("cyc", "stb", "we", "adr", "sel", "cti", "bte", "stall", "ack", "err", "dat_i", "dat_o")]
    rst = int_reader(reset)
    bus_bytes = len(getattr(dut, f"{prefix}_dat_i")) // 8

    def sample() -> WbSample:
        cyc, stb, we, adr, sel, cti, bte, stall, ack, err, dw, dr = (f() for f in r)
        return WbSample(rst(), cyc, stb, we, adr, sel, cti, bte, stall, ack, err, dw, dr)

    return BusProtocolChecker("Wishbone", clock, WishboneRules(bus_bytes, mode), sample, RULES)


def recorded_wishbone_checker(top: SimHandleBase, mode: str = "pipelined") -> RecordedBusChecker:
    """The protocol monitor of ``wb_fast_top``'s port fed from its recorder (the Verilog clock:
    ``+fast_clock``), with the rules and mode of :func:`wishbone_checker`."""
    def parse(f: list[int | None]) -> WbSample:
        return WbSample(*f)  # the recorder writes the fields in WbSample's order

    return RecordedBusChecker("Wishbone", top.x_log_en, BUS_FILES["wishbone"][2],
                              WishboneRules(len(top.p_wb_dat_i) // 8, mode), parse, RULES)


__all__ = ["WishboneMaster", "WishboneError", "wishbone_checker", "recorded_wishbone_checker", "MODES", "Bte", "Cti"]
