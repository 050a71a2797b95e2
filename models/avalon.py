"""Avalon-MM: response encodings, the burst planner and the protocol rules.

Pure Python, no simulator. Rule names follow the sections of the Avalon Interface Specifications
(Intel, chapter 3 "Avalon Memory-Mapped Interfaces": signal roles, interface properties, transfers,
burst transfers).

The host side as modelled here: ``address`` is a byte address aligned to the data width (the
specification's default for hosts); ``burstcount`` counts words; a burst of ``burstcount`` ``n``
moves ``n`` consecutive words from ``address``; a write burst presents its ``n`` words of
``writedata`` one per accepted cycle, the first with the command; a read burst is one command
cycle and ``n`` ``readdatavalid`` cycles later; ``waitrequest`` high holds every host signal.

Burst planning (:func:`plan_avalon`): consecutive words form a burst up to ``max_burst`` words
(the slave's maximum burstcount, a power of two: ``burstcount`` is ``log2(max_burst) + 1`` bits
wide) that never crosses a multiple of ``max_burst`` words (the slave's burst boundary), so the
same plan also suits a slave that splits or requires bursts on burst boundaries. A write word
whose byte enables are partial (an unaligned head or tail, a narrow or byte-wise access) goes as a
burst of one: the byte enables of a multi-word write burst are all set, which every slave
accepts. Read bursts enable every byte lane (see :mod:`models.bus_beats`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Callable, Sequence

from .axi import check_bus_bytes
from .bus_beats import Beat, full_sel

__all__ = [
    "AvalonResponse",
    "AvBurst",
    "burstcount_width",
    "plan_avalon",
    "RULES",
    "AvSample",
    "AvBurstRecord",
    "AvViolation",
    "AvalonRules",
]


class AvalonResponse(IntEnum):
    """The ``response`` signal's encodings."""

    OKAY = 0b00
    RESERVED = 0b01
    SLVERR = 0b10  # SLAVEERROR
    DECODEERROR = 0b11


def _check_max_burst(max_burst: int) -> int:
    if isinstance(max_burst, bool) or not isinstance(max_burst, int) or max_burst < 1 or max_burst & (max_burst - 1):
        raise ValueError(f"max_burst must be a power of two >= 1, got {max_burst!r}")
    return max_burst


def burstcount_width(max_burst: int) -> int:
    """Bits of ``burstcount`` for a maximum burst of ``max_burst`` words: ``log2(max_burst) + 1``
    (a width of ``n`` allows bursts of up to ``2**(n-1)`` words)."""
    return _check_max_burst(max_burst).bit_length()


@dataclass(frozen=True)
class AvBurst:
    """One Avalon-MM burst of the plan: ``count`` words from index ``first`` of the beat list."""

    first: int
    count: int


def plan_avalon(beats: Sequence[Beat], bus_bytes: int, max_burst: int = 64, *, write: bool) -> list[AvBurst]:
    """Group ``beats`` (in order) into Avalon-MM bursts.

    Beat ``j+1`` joins the burst of beat ``j`` when it is the next word, the burst has fewer than
    ``max_burst`` words, the next word does not start a new ``max_burst``-word block, and (writes)
    both words have every byte enabled."""
    check_bus_bytes(bus_bytes)
    _check_max_burst(max_burst)
    full = full_sel(bus_bytes)
    block = max_burst * bus_bytes
    out: list[AvBurst] = []
    i, n = 0, len(beats)
    while i < n:
        j = i + 1
        while (
            j < n
            and j - i < max_burst
            and beats[j].address == beats[j - 1].address + bus_bytes
            and beats[j].address % block != 0
            and (not write or (beats[j].sel == full and beats[i].sel == full))
        ):
            j += 1
        out.append(AvBurst(i, j - i))
        i = j
    return out


# ------------------------------------------------------------------------------------ protocol rules

RULES: dict[str, str] = {
    "waitrequest-hold": "3.5 transfers: while waitrequest is asserted the host holds read, write, address, "
                        "burstcount, byteenable and writedata constant",
    "read-and-write": "3.2 signal roles: read and write asserted in the same cycle",
    "address-alignment": "3.2 signal roles (address): a host's byte address must be aligned to the data width",
    "burstcount-range": "3.5.5 burst transfers: burstcount is from 1 to 2**(n-1) for an n-bit burstcount",
    "burst-boundary": "3.5.5 burst transfers / burstOnBurstBoundariesOnly: a burst crosses a multiple of the "
                      "maximum burst size",
    "write-burst-interrupted": "3.5.5.1 write bursts: the agent must receive the burst's n words of writedata "
                               "before another command (a read came first)",
    "readdatavalid-unrequested": "3.5.5.2 read bursts: readdatavalid with no read word outstanding",
    "writeresponse-unrequested": "3.2 signal roles (writeresponsevalid): a write response with no write burst "
                                 "awaiting one",
    "response-reserved": "3.2 signal roles (response): the reserved encoding 01",
    "max-pending-reads": "3.3 interface properties (maxPendingReadTransactions): more read commands pending than "
                         "the agent declares",
    "x-control": "read, write, waitrequest, readdatavalid or writeresponsevalid is X/Z, or a command's "
                 "address/burstcount/byteenable is X/Z",
}


@dataclass(frozen=True)
class AvSample:
    """The port at one rising edge; ``None`` stands for a value with X or Z bits."""

    rst: int | None
    read: int | None
    write: int | None
    address: int | None
    burstcount: int | None
    byteenable: int | None
    writedata: int | None
    waitrequest: int | None
    readdatavalid: int | None
    writeresponsevalid: int | None
    response: int | None


@dataclass(frozen=True)
class AvBurstRecord:
    """A finished burst, for coverage and logs: ``response`` is the worst of its words."""

    write: bool
    address: int
    burstcount: int
    byteenables: tuple[int, ...]
    response: int
    waited: bool
    time_ns: float


@dataclass(frozen=True)
class AvViolation:
    time_ns: float
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.time_ns:g} ns, Avalon-MM, rule '{self.rule}': {self.detail}"


@dataclass
class _Cmd:
    write: bool
    address: int
    burstcount: int
    time_ns: float
    waited: bool
    left: int  # words still to move (write: to be accepted; read: to be returned)
    byteenables: list[int]
    response: int = 0


class AvalonRules:
    """The rule engine of an Avalon-MM port, fed one :class:`AvSample` per rising edge.

    ``max_burst`` is the slave's maximum burstcount (the boundary the planner keeps to),
    ``max_pending_reads`` its maxPendingReadTransactions (0: not checked)."""

    def __init__(self, bus_bytes: int, max_burst: int, max_pending_reads: int = 0) -> None:
        check_bus_bytes(bus_bytes)
        self.bus_bytes = bus_bytes
        self.max_burst = _check_max_burst(max_burst)
        self.width = burstcount_width(max_burst)
        self.max_pending_reads = max_pending_reads
        self.violations: list[AvViolation] = []
        self.new: list[AvViolation] = []
        self.listeners: list[Callable[[AvBurstRecord], None]] = []
        self.reset()

    def reset(self) -> None:
        self._held: tuple | None = None
        self._wr: _Cmd | None = None  # write burst still taking words
        self._wr_resp: list[_Cmd] = []  # write bursts complete, awaiting writeresponsevalid
        self._reads: list[_Cmd] = []  # read bursts with words still to return

    def take_new(self) -> list[AvViolation]:
        new, self.new = self.new, []
        return new

    def _flag(self, t: float, rule: str, detail: str) -> None:
        v = AvViolation(t, rule, detail)
        self.violations.append(v)
        self.new.append(v)

    def _emit(self, cmd: _Cmd) -> None:
        rec = AvBurstRecord(cmd.write, cmd.address, cmd.burstcount, tuple(cmd.byteenables), cmd.response,
                            cmd.waited, cmd.time_ns)
        for listener in self.listeners:
            listener(rec)

    def step(self, t: float, s: AvSample) -> None:
        """Judge the port at one rising edge."""
        if s.rst != 0:
            if s.rst is None:
                self._flag(t, "x-control", "reset is X/Z")
            self.reset()
            return
        bad = [n for n in ("read", "write", "waitrequest", "readdatavalid", "writeresponsevalid") if getattr(s, n) is None]
        if s.read or s.write:
            bad += [n for n in ("address", "burstcount", "byteenable") if getattr(s, n) is None]
        if (s.readdatavalid or s.writeresponsevalid) and s.response is None:
            bad.append("response")
        if bad:
            self._flag(t, "x-control", ", ".join(f"{n} is X/Z" for n in bad))
            return
        # Responses first: they answer commands taken at earlier edges.
        if s.response == AvalonResponse.RESERVED and (s.readdatavalid or s.writeresponsevalid):
            self._flag(t, "response-reserved", "response = 01 with readdatavalid/writeresponsevalid")
        if s.readdatavalid:
            if not self._reads:
                self._flag(t, "readdatavalid-unrequested", "readdatavalid with no read word outstanding")
            else:
                cmd = self._reads[0]
                cmd.response = max(cmd.response, s.response or 0)
                cmd.left -= 1
                if cmd.left == 0:
                    self._reads.pop(0)
                    self._emit(cmd)
        if s.writeresponsevalid:
            if not self._wr_resp:
                self._flag(t, "writeresponse-unrequested", "writeresponsevalid with no write burst awaiting a response")
            else:
                cmd = self._wr_resp.pop(0)
                cmd.response = s.response or 0
                self._emit(cmd)
        if s.read and s.write:
            self._flag(t, "read-and-write", f"read and write both asserted (address 0x{s.address:08x})")
            s = replace(s, read=0)  # judged further as the write (an agent cannot do both)
        if not (s.read or s.write):
            if self._held is not None:
                self._flag(t, "waitrequest-hold", f"{'write' if self._held[0] else 'read'} negated while waitrequest was high")
            self._held = None
            return
        request = (s.write, s.address, s.burstcount, s.byteenable, s.writedata if s.write else 0)
        if self._held is not None and request != self._held:
            names = ("write", "address", "burstcount", "byteenable", "writedata")
            in_burst = self._wr is not None and self._held[0]
            changed = [n for n, a, b in zip(names, self._held, request) if a != b and not (in_burst and n in ("address", "burstcount"))]
            if changed:
                self._flag(t, "waitrequest-hold", f"{', '.join(changed)} changed while waitrequest was high")
        if s.waitrequest:
            self._held = request
            return
        waited = self._held is not None
        self._held = None
        self._take(t, s, waited)

    def _take(self, t: float, s: AvSample, waited: bool) -> None:
        assert s.address is not None and s.burstcount is not None and s.byteenable is not None
        if self._wr is not None:
            if s.read:
                self._flag(t, "write-burst-interrupted",
                           f"a read at 0x{s.address:08x} came with {self._wr.left} word(s) of the write burst at "
                           f"0x{self._wr.address:08x} still to come (judged as ignored; the burst goes on)")
            else:
                # a further word of the write burst: address and burstcount are not looked at
                cmd = self._wr
                cmd.byteenables.append(s.byteenable)
                cmd.left -= 1
                if cmd.left == 0:
                    self._wr_resp.append(cmd)
                    self._wr = None
                return
        # A new command.
        n = s.burstcount
        if not 1 <= n <= self.max_burst:
            self._flag(t, "burstcount-range",
                       f"burstcount={n} at 0x{s.address:08x}; allowed 1 to {self.max_burst} ({self.width}-bit burstcount)")
        if s.address % self.bus_bytes:
            self._flag(t, "address-alignment", f"address 0x{s.address:08x} is not a multiple of {self.bus_bytes}")
        words = max(n, 1)
        block = self.max_burst * self.bus_bytes
        first = s.address - s.address % self.bus_bytes
        if n > 1 and first // block != (first + (words - 1) * self.bus_bytes) // block:
            self._flag(t, "burst-boundary",
                       f"a {n}-word burst at 0x{s.address:08x} crosses a {block}-byte boundary "
                       f"({self.max_burst} words of {self.bus_bytes} bytes)")
        cmd = _Cmd(bool(s.write), s.address, n, t, waited, words, [])
        if s.write:
            cmd.byteenables.append(s.byteenable)
            cmd.left -= 1
            if cmd.left == 0:
                self._wr_resp.append(cmd)
            else:
                self._wr = cmd
        else:
            self._reads.append(cmd)
            if self.max_pending_reads and len(self._reads) > self.max_pending_reads:
                self._flag(t, "max-pending-reads",
                           f"{len(self._reads)} read commands pending; the agent declares at most {self.max_pending_reads}")
