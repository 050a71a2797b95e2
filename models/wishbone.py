"""Wishbone B4: cycle type encodings, the burst planner, beat addresses and the protocol rules.

Pure Python, no simulator. The numbering of RULEs follows the WISHBONE specification (RULE 3.xx:
classic bus cycles, RULE 4.xx: registered feedback bus cycles); B4 adds the pipelined mode, whose
requirements (section "Pipelined") have no RULE numbers and are named after the mode here.

Addresses are byte addresses; a transfer moves one data-bus word at a word-aligned address, and
SEL picks its bytes (byte granularity). In pipelined mode the slave takes a request at every
rising edge where CYC, STB are high and STALL is low, and answers each request with exactly one
ACK or ERR, in order, later.
In standard (classic) mode a request stays on the bus from the edge STB rises until the edge
where ACK or ERR terminates it, and the answer is given only to CYC and STB (RULE 3.35); a
registered-feedback burst is the sequence of terminated transfers (:class:`WishboneRules` judges
either mode).

Burst planning (:func:`plan_wishbone`): consecutive words with the *same* SEL and the same
direction form a linear incrementing burst (CTI = 010 on every beat but the last, 111 on the last,
BTE = 00), because RULE 4.40 requires an incrementing burst to keep SEL and WE and to increment the
address; any other beat (an unaligned head, a partial tail, a narrow or byte-wise access) is a
single transfer tagged End-Of-Burst (PERMISSION 4.40: End-Of-Burst may mark a single access).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Callable, Sequence

from .axi import check_bus_bytes
from .bus_beats import Beat

__all__ = [
    "Cti",
    "Bte",
    "WRAP_OF_BTE",
    "WbBurst",
    "plan_wishbone",
    "burst_addresses",
    "next_address",
    "RULES",
    "WbSample",
    "WbTransfer",
    "WbViolation",
    "WishboneRules",
    "RULE_MODES",
]


class Cti(IntEnum):
    """CTI_O: cycle type identifier (registered feedback)."""

    CLASSIC = 0b000
    CONSTANT = 0b001
    INCREMENTING = 0b010
    END_OF_BURST = 0b111


class Bte(IntEnum):
    """BTE_O: burst type extension of an incrementing burst."""

    LINEAR = 0b00
    WRAP4 = 0b01
    WRAP8 = 0b10
    WRAP16 = 0b11


#: Beats in one wrap of each BTE (0: linear, no wrap).
WRAP_OF_BTE = {Bte.LINEAR: 0, Bte.WRAP4: 4, Bte.WRAP8: 8, Bte.WRAP16: 16}


def next_address(address: int, bus_bytes: int, bte: int) -> int:
    """The address of the next beat of an incrementing burst (Table 4-3 of the specification):
    one word up; with a wrap BTE the word index is taken modulo the wrap size."""
    check_bus_bytes(bus_bytes)
    wrap = WRAP_OF_BTE[Bte(bte)]
    if not wrap:
        return address + bus_bytes
    span = wrap * bus_bytes
    base = address - address % span
    return base + (address - base + bus_bytes) % span


def burst_addresses(address: int, beats: int, bus_bytes: int, bte: int = Bte.LINEAR) -> list[int]:
    """Word addresses of ``beats`` beats of an incrementing burst starting at ``address``."""
    if beats < 1:
        raise ValueError(f"beats must be >= 1, got {beats}")
    if address % bus_bytes:
        raise ValueError(f"address 0x{address:x} is not aligned to the {bus_bytes}-byte data bus")
    out = [address]
    for _ in range(beats - 1):
        out.append(next_address(out[-1], bus_bytes, bte))
    return out


@dataclass(frozen=True)
class WbBurst:
    """One Wishbone burst of the plan: ``count`` beats from index ``first`` of the beat list.

    ``cti`` holds CTI_O per beat; ``bte`` is BTE_O (linear for every planned burst)."""

    first: int
    count: int
    cti: tuple[int, ...]
    bte: int = Bte.LINEAR

    @property
    def is_burst(self) -> bool:
        return self.count > 1


def _cti_of(count: int) -> tuple[int, ...]:
    return (Cti.INCREMENTING,) * (count - 1) + (Cti.END_OF_BURST,)


def plan_wishbone(beats: Sequence[Beat], bus_bytes: int, max_beats: int = 256) -> list[WbBurst]:
    """Group ``beats`` (in order) into Wishbone bursts by RULE 4.40.

    Beat ``j+1`` joins the burst of beat ``j`` when its address is the next word, its SEL is the
    same and the burst has fewer than ``max_beats`` beats. Every beat lands in exactly one burst,
    in order; a burst of one beat is an End-Of-Burst single access."""
    check_bus_bytes(bus_bytes)
    if isinstance(max_beats, bool) or not isinstance(max_beats, int) or max_beats < 1:
        raise ValueError(f"max_beats must be an int >= 1, got {max_beats!r}")
    out: list[WbBurst] = []
    i, n = 0, len(beats)
    while i < n:
        j = i + 1
        while (
            j < n
            and j - i < max_beats
            and beats[j].address == beats[j - 1].address + bus_bytes
            and beats[j].sel == beats[i].sel
        ):
            j += 1
        out.append(WbBurst(i, j - i, _cti_of(j - i)))
        i = j
    return out


# ------------------------------------------------------------------------------------ protocol rules

RULES: dict[str, str] = {
    "rule-3.20-reset": "RULE 3.20: STB_O and CYC_O must be negated while RST_I is asserted",
    "rule-3.25-cyc": "RULE 3.25: CYC_O must be asserted whenever STB_O is",
    "rule-3.35-termination": "RULE 3.35: ACK/ERR only in response to a request (one per request, in pipelined mode)",
    "rule-3.45-one-termination": "RULE 3.45: a slave must not assert more than one of ACK_O, ERR_O, RTY_O",
    "rule-4.30-end-of-burst": "RULE 4.30: a burst must end with an End-Of-Burst (CTI 111) transfer",
    "rule-4.35-constant-burst": "RULE 4.35: a constant address burst keeps WE, SEL and ADR",
    "rule-4.40-incrementing-burst": "RULE 4.40: an incrementing burst keeps WE and SEL, and steps ADR as BTE says",
    "cti-reserved": "CTI_O holds a reserved value (011 to 110)",
    "pipelined-stall-hold": "B4 pipelined mode: a request the slave stalls is held unchanged until it is taken",
    "pipelined-cyc-held": "B4 pipelined mode: CYC_O stays asserted until every request has been answered",
    "classic-request-held": "standard (classic) mode: the master holds STB, CYC and its request (ADR, WE, SEL, CTI, "
                            "BTE, write data) until ACK or ERR terminates it",
    "x-control": "CYC, STB, ACK, ERR or STALL is X/Z, or ADR/WE/SEL/CTI/BTE is X/Z while STB is high",
}


@dataclass(frozen=True)
class WbSample:
    """The port at one rising edge; ``None`` stands for a value with X or Z bits."""

    rst: int | None
    cyc: int | None
    stb: int | None
    we: int | None
    adr: int | None
    sel: int | None
    cti: int | None
    bte: int | None
    stall: int | None
    ack: int | None
    err: int | None
    dat_w: int | None = 0
    dat_r: int | None = 0


@dataclass(frozen=True)
class WbTransfer:
    """One answered transfer, for coverage and logs."""

    we: int
    address: int
    sel: int
    cti: int
    bte: int
    err: bool
    stalled: bool
    burst_beats: int  # beats of the burst it belongs to, known when that burst ends (0 until then)
    time_ns: float
    classic: bool = False  # a standard-mode (classic) cycle: the transfer ended at its ACK/ERR edge


@dataclass(frozen=True)
class WbViolation:
    """One broken rule: when, which rule, what exactly was seen."""

    time_ns: float
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.time_ns:g} ns, Wishbone, rule '{self.rule}': {self.detail}"


@dataclass
class _Req:
    we: int
    address: int
    sel: int
    cti: int
    bte: int
    stalled: bool
    time_ns: float


#: The modes a master runs a Wishbone port in (the rule engine judges one of them).
RULE_MODES = ("pipelined", "classic")


class WishboneRules:
    """The rule engine of a Wishbone B4 port, fed one :class:`WbSample` per rising edge.

    ``mode`` is the master's mode: ``pipelined`` (a request is taken at an edge with STALL low and
    answered later, in order) or ``classic`` (standard mode: a request is on the bus from the edge
    STB rises until the edge where ACK or ERR terminates it; RULE 3.35 asks the answer only in
    response to CYC and STB; registered-feedback bursts are the sequence of terminated transfers,
    judged by RULEs 4.30, 4.35 and 4.40).

    New violations collect in :attr:`new` until :meth:`take_new`; all stay in :attr:`violations`.
    Listeners get, at the end of each burst, the list of its transfers (:class:`WbTransfer`)."""

    def __init__(self, bus_bytes: int, mode: str = "pipelined") -> None:
        check_bus_bytes(bus_bytes)
        if mode not in RULE_MODES:
            raise ValueError(f"mode={mode!r} is not known; allowed: {', '.join(RULE_MODES)}")
        self.mode = mode
        self.bus_bytes = bus_bytes
        self.violations: list[WbViolation] = []
        self.new: list[WbViolation] = []
        self.listeners: list[Callable[[list[WbTransfer]], None]] = []
        self.transfers = 0
        self._prev_rst = 0
        self.reset()

    def reset(self) -> None:
        self._outstanding: list[_Req] = []
        self._held: tuple | None = None  # request seen stalled at the last edge
        self._open: _Req | None = None  # last accepted beat of a burst still open (CTI 001/010)
        self._burst: list[_Req] = []  # accepted beats of the burst still open
        self._closed: list[list[_Req]] = []  # bursts whose last beat was taken, oldest first
        self._answered: list[tuple[_Req, bool]] = []
        self._last_taken: tuple | None = None  # the request taken at the previous edge
        self._stall_seen = False
        self._pending: tuple | None = None  # classic mode: the request on the bus, not yet terminated
        self._waited = 0  # classic mode: edges it has waited for its termination

    def take_new(self) -> list[WbViolation]:
        new, self.new = self.new, []
        return new

    def _flag(self, t: float, rule: str, detail: str) -> None:
        v = WbViolation(t, rule, detail)
        self.violations.append(v)
        self.new.append(v)

    def step(self, t: float, s: WbSample) -> None:
        """Judge the port at one rising edge."""
        if s.rst != 0:
            if s.rst is None:
                self._flag(t, "x-control", "RST is X/Z")
            elif self._prev_rst and (s.cyc or s.stb):
                self._flag(t, "rule-3.20-reset", f"CYC={s.cyc} STB={s.stb} while RST_I has been asserted")
            self._prev_rst = 1
            self.reset()
            return
        self._prev_rst = 0
        bad = [n for n in ("cyc", "stb", "ack", "err", "stall") if getattr(s, n) is None]
        if s.stb and s.cyc:
            bad += [n for n in ("we", "adr", "sel", "cti", "bte") if getattr(s, n) is None]
        if bad:
            self._flag(t, "x-control", ", ".join(f"{n.upper()} is X/Z" for n in bad))
            return
        if self.mode == "classic":
            self._step_classic(t, s)
            return
        last, self._last_taken = self._last_taken, None
        dropped = False
        if not s.cyc and self._outstanding:
            # CYC fell before the answers came (even an answer at this very edge came too late)
            self._flag(t, "pipelined-cyc-held",
                       f"CYC negated with {len(self._outstanding)} request(s) not yet answered")
            self._outstanding.clear()
            self._closed.clear()
            self._answered.clear()
            self._burst = []
            dropped = True
        # Terminations first: an answer at this edge belongs to a request taken at an earlier edge.
        if s.ack and s.err:
            self._flag(t, "rule-3.45-one-termination", "ACK and ERR asserted together")
        if s.ack or s.err:
            if dropped:
                pass
            elif not self._outstanding:
                self._flag(t, "rule-3.35-termination", f"{'ACK' if s.ack else 'ERR'} with no request outstanding")
            else:
                req = self._outstanding.pop(0)
                self._answered.append((req, bool(s.err and not s.ack)))
                self.transfers += 1
        if not s.cyc:
            if s.stb:
                self._flag(t, "rule-3.25-cyc", "STB asserted while CYC is negated")
            self._end_cycle(t)
            self._held = None
            self._flush()
            return
        if not s.stb:
            if self._held is not None:
                self._flag(t, "pipelined-stall-hold", "STB negated while the request was stalled")
            self._held = None
            self._flush()
            return
        request = (s.we, s.adr, s.sel, s.cti, s.bte, s.dat_w if s.we else 0)
        if s.stall and self._held is None and request == last:
            # A standard-mode master holds STB until the answer of the transfer just taken: the
            # slave stalls that cycle, and the held request is the same transfer, not a new one.
            self._flush()
            return
        if self._held is not None and request != self._held:
            names = ("WE", "ADR", "SEL", "CTI", "BTE", "DAT")
            changed = [n for n, a, b in zip(names, self._held, request) if a != b]
            self._flag(t, "pipelined-stall-hold", f"{', '.join(changed)} changed while STALL held the request")
        if s.stall:
            self._held = request
            self._stall_seen = True
            self._flush()
            return
        stalled = self._held is not None
        self._held = None
        self._accept(t, s, stalled)
        self._last_taken = request
        self._flush()

    def _end_cycle(self, t: float) -> None:
        """CYC fell: a burst left open without its End-Of-Burst transfer breaks RULE 4.30, and the
        cycle's beats close as one burst."""
        if self._open is not None:
            self._flag(t, "rule-4.30-end-of-burst",
                       f"the cycle ended after a CTI={self._open.cti:03b} beat at 0x{self._open.address:08x} "
                       "without an End-Of-Burst transfer")
            self._open = None
        if self._burst:
            self._closed.append(self._burst)
            self._burst = []

    def _step_classic(self, t: float, s: WbSample) -> None:
        """One edge of a standard-mode cycle: a transfer ends at the edge where CYC, STB and ACK or
        ERR are high; until then its request stays on the bus unchanged."""
        term = bool(s.ack or s.err)
        if s.ack and s.err:
            self._flag(t, "rule-3.45-one-termination", "ACK and ERR asserted together")
        if not (s.cyc and s.stb):
            if s.stb:
                self._flag(t, "rule-3.25-cyc", "STB asserted while CYC is negated")
            if term:
                self._flag(t, "rule-3.35-termination",
                           f"{'ACK' if s.ack else 'ERR'} while {'STB' if s.cyc else 'CYC'} is negated (standard mode)")
            if self._pending is not None:
                self._flag(t, "classic-request-held",
                           f"{'STB' if s.cyc else 'CYC'} negated before the request at 0x{self._pending[1]:08x} "
                           "was terminated")
                self._pending = None
            if not s.cyc:
                self._end_cycle(t)
            self._flush()
            return
        request = (s.we, s.adr, s.sel, s.cti, s.bte, s.dat_w if s.we else 0)
        if self._pending is not None and request != self._pending:
            names = ("WE", "ADR", "SEL", "CTI", "BTE", "DAT")
            changed = [n for n, a, b in zip(names, self._pending, request) if a != b]
            self._flag(t, "classic-request-held", f"{', '.join(changed)} changed before the request was terminated")
        if not term:
            if self._pending is None:
                self._waited = 0
            self._pending = request
            self._waited += 1
            return
        # the request ends at this edge; a wait beyond the registered answer's one cycle is a stall
        self._accept(t, s, self._waited > 1)
        self._pending = None
        self._waited = 0
        req = self._outstanding.pop(0)
        self._answered.append((req, bool(s.err and not s.ack)))
        self.transfers += 1
        self._flush()

    def _accept(self, t: float, s: WbSample, stalled: bool) -> None:
        assert s.we is not None and s.adr is not None and s.sel is not None and s.cti is not None and s.bte is not None
        cti = s.cti
        if cti not in (0b000, 0b001, 0b010, 0b111):
            self._flag(t, "cti-reserved", f"CTI={cti:03b} at 0x{s.adr:08x}")
        prev = self._open
        if prev is not None:
            if prev.cti == Cti.CONSTANT and (s.we, s.adr, s.sel) != (prev.we, prev.address, prev.sel):
                self._flag(t, "rule-4.35-constant-burst",
                           f"after a constant address beat at 0x{prev.address:08x} (WE={prev.we}, SEL=0x{prev.sel:x}) "
                           f"came WE={s.we}, ADR=0x{s.adr:08x}, SEL=0x{s.sel:x}")
            elif prev.cti == Cti.INCREMENTING:
                want = next_address(prev.address, self.bus_bytes, prev.bte) if prev.bte in (0, 1, 2, 3) else None
                if (s.we, s.sel) != (prev.we, prev.sel) or s.adr != want or s.bte != prev.bte:
                    self._flag(t, "rule-4.40-incrementing-burst",
                               f"after an incrementing beat at 0x{prev.address:08x} (WE={prev.we}, SEL=0x{prev.sel:x}, "
                               f"BTE={prev.bte:02b}) came WE={s.we}, ADR=0x{s.adr:08x}, SEL=0x{s.sel:x}, BTE={s.bte:02b}"
                               + (f"; expected ADR=0x{want:08x}" if want is not None and s.adr != want else ""))
            if cti == Cti.CLASSIC:
                self._flag(t, "rule-4.30-end-of-burst",
                           f"a classic transfer at 0x{s.adr:08x} followed a CTI={prev.cti:03b} beat without End-Of-Burst")
        req = _Req(s.we, s.adr, s.sel, cti, s.bte, stalled, t)
        self._outstanding.append(req)
        self._burst.append(req)
        self._open = req if cti in (Cti.CONSTANT, Cti.INCREMENTING) else None
        if self._open is None:
            self._closed.append(self._burst)
            self._burst = []

    def _flush(self) -> None:
        """Hand a finished burst (End-Of-Burst or classic beat taken and every beat answered) to the listeners."""
        while self._closed and len(self._answered) >= len(self._closed[0]):
            beats = len(self._closed.pop(0))
            stalled = self._stall_seen
            done = [
                WbTransfer(r.we, r.address, r.sel, r.cti, r.bte, err, r.stalled or stalled, beats, r.time_ns,
                           self.mode == "classic")
                for r, err in self._answered[:beats]
            ]
            self._answered = self._answered[beats:]
            self._stall_seen = False
            for listener in self.listeners:
                listener(done)
