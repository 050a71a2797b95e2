"""Pin-level bursting Avalon-MM master with the bus-engine shape, and the Avalon-MM protocol monitor.

:class:`AvalonMaster` runs the bursts the NDIS host plans (:mod:`models.axi` descriptors): it turns
them into data-bus words (:mod:`models.bus_beats`), groups the words into Avalon-MM bursts
(:func:`models.avalon.plan_avalon`: at most the slave's maximum burstcount, never across its burst
boundary, partial byte enables only in bursts of one) and drives them pipelined:

* writes: the command with the first word, then one word per clock while waitrequest is low;
  address and burstcount are held for the whole burst; the next burst's command follows at once;
  the call ends when every burst's write response (writeresponsevalid) is in;
* reads: a command per burst, the next one presented as soon as the previous one is taken
  (the slave's waitrequest bounds how many are pending); words are counted on readdatavalid.

The master samples at the rising edge (the values the slave saw there) and drives right after it,
one Python wakeup per clock. ``pace`` takes a :class:`models.pacing.MasterPacing`: its W pattern
inserts idle cycles (read and write low) before a word or command.

Responses: a copy burst's response is the worst over its Avalon bursts (SLAVEERROR -> SLVERR,
DECODEERROR -> DECERR); the read bytes of an error burst stay zero.
"""

from __future__ import annotations

import logging
from typing import Callable, Sequence

from cocotb.handle import SimHandleBase
from cocotb.triggers import RisingEdge

from models.avalon import RULES, AvalonRules, AvSample, plan_avalon
from models.axi import Burst, Resp, unpack_burst
from models.bus_beats import Beat, read_beats, words_of, write_beats
from models.pacing import MasterPacing
from tb.axi_master import AxiStats, Transfer
from tb.bus_protocol import BusProtocolChecker, RecordedBusChecker, int_reader
from tb.xactor_wire import BUS_FILES

PREFIX = "s_avmm"
#: maxPendingReadTransactions of nic_shared_ram_avmm (its header).
MAX_PENDING_READS = 2


class AvalonError(Exception):
    """The slave broke the protocol as the master saw it, or a call timed out."""


def max_burst_of(dut: SimHandleBase, prefix: str = PREFIX) -> int:
    """The slave's maximum burst: ``2**(n-1)`` for an ``n``-bit burstcount."""
    return 1 << (len(getattr(dut, f"{prefix}_burstcount")) - 1)


class AvalonMaster:
    """Avalon-MM host on ``<prefix>_address/read/write/writedata/byteenable/burstcount/waitrequest/
    readdata/readdatavalid/response/writeresponsevalid``, with the bus-engine shape of :mod:`tb.ndis`.

    ``stats`` counts Avalon bursts, words and cycles; ``run_write``/``run_read`` execute explicit
    bursts (for directed tests)."""

    def __init__(
        self,
        dut: SimHandleBase,
        clock: SimHandleBase,
        *,
        prefix: str = PREFIX,
        max_burst: int | None = None,
        write_responses: bool = True,
        timeout_cycles: int = 10000,
        log: logging.Logger | None = None,
    ) -> None:
        self.clock = clock
        sig = lambda n: getattr(dut, f"{prefix}_{n}")  # noqa: E731
        self.address, self.read_, self.write_ = sig("address"), sig("read"), sig("write")
        self.writedata, self.byteenable, self.burstcount = sig("writedata"), sig("byteenable"), sig("burstcount")
        self.waitrequest, self.readdata, self.readdatavalid = sig("waitrequest"), sig("readdata"), sig("readdatavalid")
        self.response, self.writeresponsevalid = sig("response"), sig("writeresponsevalid")
        self.bus_bytes = len(self.writedata) // 8
        self.max_burst = max_burst or max_burst_of(dut, prefix)
        #: False for an agent without writeresponsevalid: a write burst is done when its last word
        #: is taken, and counts as OKAY.
        self.write_responses = write_responses
        self.timeout_cycles = timeout_cycles
        self.log = log or logging.getLogger("cocotb.tb.avalon")
        self.stats = AxiStats()
        self.pause: Callable[[], bool] | None = None
        for s in (self.address, self.read_, self.write_, self.writedata):
            s.value = 0
        self.byteenable.value = (1 << self.bus_bytes) - 1
        self.burstcount.value = 1

    def pace(self, pacing: MasterPacing) -> None:
        """Idle cycles before words and commands from the W pattern of ``pacing``."""
        self.pause = pacing.w.hook("w") if pacing.w.active else None

    # ------------------------------------------------------------------ engine shape
    async def write(self, bursts: Sequence[Burst], buffer: bytes) -> Transfer:
        beats = write_beats(bursts, self.bus_bytes, buffer)
        plan = plan_avalon(beats, self.bus_bytes, self.max_burst, write=True)
        commands = [(beats[p.first].address, [(b.data, b.sel) for b in beats[p.first : p.first + p.count]]) for p in plan]
        resps, cycles = await self.run_write(commands)
        return self._finish(bursts, beats, plan, resps, cycles)

    async def read(self, bursts: Sequence[Burst], length: int | None = None) -> Transfer:
        beats = read_beats(bursts, self.bus_bytes)
        plan = plan_avalon(beats, self.bus_bytes, self.max_burst, write=False)
        resps, words, cycles = await self.run_read([(beats[p.first].address, p.count) for p in plan])
        xfer = self._finish(bursts, beats, plan, resps, cycles)
        total = sum(b.length for b in bursts) if length is None else length
        out = bytearray(total)
        base = bursts[0].offset if bursts else 0
        per_burst = words_of(bursts, beats, [w for group in words for w in group])
        for b, w, r in zip(bursts, per_burst, xfer.resps):
            if r == Resp.OKAY:
                data = unpack_burst(b, self.bus_bytes, w)
                out[b.offset - base : b.offset - base + len(data)] = data
        xfer.data = bytes(out)
        xfer.words = per_burst
        return xfer

    def _finish(self, bursts, beats: Sequence[Beat], plan, resps: Sequence[int], cycles: int) -> Transfer:
        worst = [Resp.OKAY] * len(bursts)
        for p, r in zip(plan, resps):
            resp = {0: Resp.OKAY, 1: Resp.SLVERR, 2: Resp.SLVERR, 3: Resp.DECERR}[r]
            for k in range(p.first, p.first + p.count):
                i = beats[k].burst
                worst[i] = max(worst[i], resp)
        self.stats.add(AxiStats(len(plan), len(beats), sum(b.length for b in bursts), cycles))
        return Transfer(worst, cycles)

    # ------------------------------------------------------------------ pins
    async def run_write(self, commands: Sequence[tuple[int, Sequence[tuple[int, int]]]]) -> tuple[list[int], int]:
        """Write bursts ``(address, [(writedata, byteenable), ...])``; the response of each, and the cycles."""
        if not commands:
            return [], 0
        n = len(commands)
        resps: list[int] = []
        c = k = 0  # command, word within it
        driving = False
        cycles = quiet = 0
        while len(resps) < n:
            if not driving and c < n and not (self.pause and self.pause()):
                address, words = commands[c]
                data, sel = words[k]
                self.address.value = address
                self.burstcount.value = len(words)
                self.writedata.value = data
                self.byteenable.value = sel
                self.write_.value = 1
                driving = True
            await RisingEdge(self.clock)
            cycles += 1
            quiet += 1
            if self.write_responses and self.writeresponsevalid.value == 1:
                if len(resps) >= c:
                    raise AvalonError(f"writeresponsevalid with no write burst complete (cycle {cycles})")
                resps.append(self.response.value.to_unsigned())
                quiet = 0
            if driving and self.waitrequest.value == 0:
                driving = False
                quiet = 0
                k += 1
                if k == len(commands[c][1]):
                    c, k = c + 1, 0
                    if not self.write_responses:
                        resps.append(0)
            if not driving:
                self.write_.value = 0
            if quiet > self.timeout_cycles:
                raise AvalonError(f"write: no progress for {self.timeout_cycles} cycles ({c}/{n} bursts sent, {len(resps)} answered)")
        self.write_.value = 0
        return resps, cycles

    async def run_read(self, commands: Sequence[tuple[int, int]]) -> tuple[list[int], list[list[int]], int]:
        """Read bursts ``(address, burstcount)``; the worst response and the words of each, and the cycles."""
        if not commands:
            return [], [], 0
        n = len(commands)
        resps: list[int] = []
        words: list[list[int]] = []
        current: list[int] = []
        worst = 0
        c = 0
        driving = False
        cycles = quiet = 0
        full = (1 << self.bus_bytes) - 1
        while len(resps) < n:
            if not driving and c < n and not (self.pause and self.pause()):
                address, count = commands[c]
                self.address.value = address
                self.burstcount.value = count
                self.byteenable.value = full
                self.read_.value = 1
                driving = True
            await RisingEdge(self.clock)
            cycles += 1
            quiet += 1
            if self.readdatavalid.value == 1:
                if len(resps) >= c:
                    raise AvalonError(f"readdatavalid with no read outstanding (cycle {cycles})")
                value = self.readdata.value
                if not value.is_resolvable:
                    raise AvalonError(f"readdata is {value} on word {len(current)} of read burst {len(resps)}")
                current.append(value.to_unsigned())
                worst = max(worst, self.response.value.to_unsigned())
                quiet = 0
                if len(current) == max(commands[len(resps)][1], 1):
                    words.append(current)
                    resps.append(worst)
                    current, worst = [], 0
            if driving and self.waitrequest.value == 0:
                driving = False
                quiet = 0
                c += 1
            if not driving:
                self.read_.value = 0
            if quiet > self.timeout_cycles:
                raise AvalonError(f"read: no progress for {self.timeout_cycles} cycles ({c}/{n} commands taken, {len(resps)} complete)")
        self.read_.value = 0
        return resps, words, cycles


def avalon_checker(dut: SimHandleBase, clock: SimHandleBase, reset: SimHandleBase, prefix: str = PREFIX,
                   max_pending_reads: int = MAX_PENDING_READS) -> BusProtocolChecker:
    """The protocol monitor of an Avalon-MM port (rules: :data:`models.avalon.RULES`)."""
    names = ("read", "write", "address", "burstcount", "byteenable", "writedata", "waitrequest",
             "readdatavalid", "writeresponsevalid", "response")
    r = [int_reader(getattr(dut, f"{prefix}_{n}")) for n in names]
    rst = int_reader(reset)
    rules = AvalonRules(len(getattr(dut, f"{prefix}_writedata")) // 8, max_burst_of(dut, prefix), max_pending_reads)

    def sample() -> AvSample:
        rd, wr, a, bc, be, wd, wait, rdv, wrv, resp = (f() for f in r)
        return AvSample(rst(), rd, wr, a, bc, be, wd, wait, rdv, wrv, resp)

    return BusProtocolChecker("Avalon-MM", clock, rules, sample, RULES)


def recorded_avalon_checker(top: SimHandleBase, max_pending_reads: int = MAX_PENDING_READS) -> RecordedBusChecker:
    """The protocol monitor of ``avmm_fast_top``'s port fed from its recorder (the Verilog clock:
    ``+fast_clock``), with the rules of :func:`avalon_checker`."""
    def parse(f: list[int | None]) -> AvSample:
        return AvSample(*f)  # the recorder writes the fields in AvSample's order

    rules = AvalonRules(len(top.p_avmm_writedata) // 8, max_burst_of(top, "p_avmm"), max_pending_reads)
    return RecordedBusChecker("Avalon-MM", top.x_log_en, BUS_FILES["avalon"][2], rules, parse, RULES)
