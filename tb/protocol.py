"""AXI4 protocol checker: a passive monitor of both sides of an AXI4 port.

:class:`AxiProtocolChecker` samples the port at every rising clock edge (the values the slave saw
at that edge, as the master samples them) and hands each channel to :class:`AxiProtocolRules`, a
pure rule engine. A broken rule is a :class:`Violation` naming the simulation time, the channel
and the rule; the checker's task raises :class:`AxiProtocolViolation` at once, and cocotb fails a
test whose background task raised. A test that breaks the protocol on purpose declares it with
``with checker.expect("wrap-length"): ...``: the named rules are then recorded instead of raised,
and must have fired by the end of the block.

Rules (the checker reports the first name; a violation can break two rules at once, e.g. an
early WLAST also ends its burst with the wrong beat count):

========================= =========== ===============================================================
rule                      side        broken when
========================= =========== ===============================================================
``valid-dropped``         both        a VALID fell before its READY
``payload-changed``       both        the payload changed while VALID was high and READY low
``x-control``             both        a VALID or READY is X/Z, or a control signal (not WDATA/RDATA)
                                      is X/Z while its VALID is high
``wlast`` / ``rlast``     master/slave LAST is missing on beat AxLEN or present on an earlier beat
``beat-count``            both        a burst's beats, up to its LAST, are not AxLEN+1
``4k-crossing``           master      an INCR burst crosses a 4 KiB boundary
``wrap-length``           master      a WRAP burst has a length other than 2, 4, 8 or 16
``wrap-unaligned``        master      a WRAP burst starts at an address not aligned to its size
``burst-reserved``        master      AxBURST is the reserved value 0b11
``size-too-wide``         master      AxSIZE is wider than the data bus
``fixed-length``          master      a FIXED burst is longer than 16 beats (AXI4's limit)
``wstrb-lanes``           master      WSTRB is set on a byte lane the beat does not own
``orphan-response``       slave       a B or R carries an ID with no burst of that ID outstanding
``b-before-wlast``        slave       a B comes for a burst whose last W beat was not yet accepted
========================= =========== ===============================================================

W beats are matched to AW bursts in order (a W beat may come before its AW); R beats to the
oldest outstanding AR of their ID (different IDs may interleave); a B to the oldest write burst
of its ID whose data is complete. A response in the same cycle as the handshake it depends on is
early: B and R are judged before AW, W and AR of the same edge. While reset is high nothing is
checked and all outstanding state is dropped.

Every completed burst (address, strobes, response, times) is passed to the listeners as a
:class:`tb.coverage.BurstRecord`; that is what functional coverage samples.
"""

from __future__ import annotations

import logging
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.task import Task
from cocotb.triggers import RisingEdge

from models.axi import WRAP_BEATS, Burst, BurstType
from tb.coverage import BurstRecord

RULES: dict[str, str] = {
    "valid-dropped": "a VALID fell before its READY",
    "payload-changed": "the payload changed while VALID was high and READY low",
    "x-control": "a VALID/READY is X or Z, or a control signal is X or Z while its VALID is high",
    "wlast": "WLAST missing on the last beat of a burst, or present on another beat",
    "rlast": "RLAST missing on the last beat of a burst, or present on another beat",
    "beat-count": "a burst's beats, up to its LAST, differ from AxLEN+1",
    "4k-crossing": "an INCR burst crosses a 4 KiB boundary",
    "wrap-length": "a WRAP burst has a length other than 2, 4, 8 or 16 beats",
    "wrap-unaligned": "a WRAP burst starts at an address not aligned to its size",
    "burst-reserved": "AxBURST is the reserved value 0b11",
    "size-too-wide": "AxSIZE is wider than the data bus",
    "fixed-length": "a FIXED burst is longer than 16 beats",
    "wstrb-lanes": "WSTRB is set on a byte lane the beat does not own",
    "orphan-response": "a B or R carries an ID with no burst of that ID outstanding",
    "b-before-wlast": "a B response before the last W beat of its burst was accepted",
}

FIXED_MAX_BEATS = 16
BOUNDARY = 4096


@dataclass(frozen=True)
class ChannelSpec:
    """The pins of one AXI channel: ``control`` must be known while VALID is high, ``data`` need not."""

    name: str
    valid: str
    ready: str
    control: tuple[str, ...]
    data: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    driver: str = "master"


#: In the order one edge is judged: responses first, so a response in the same cycle as the
#: request it answers counts as early.
CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec("B", "bvalid", "bready", ("bid", "bresp"), driver="slave"),
    ChannelSpec("R", "rvalid", "rready", ("rid", "rresp", "rlast"), ("rdata",), driver="slave"),
    ChannelSpec("AW", "awvalid", "awready", ("awid", "awaddr", "awlen", "awsize", "awburst"),
                optional=("awlock", "awcache", "awprot")),
    ChannelSpec("W", "wvalid", "wready", ("wstrb", "wlast"), ("wdata",)),
    ChannelSpec("AR", "arvalid", "arready", ("arid", "araddr", "arlen", "arsize", "arburst"),
                optional=("arlock", "arcache", "arprot")),
)
_B, _R, _AW, _W, _AR = range(5)


@dataclass(frozen=True)
class Violation:
    """One broken rule: when, on which channel, which rule, and what exactly was seen."""

    time_ns: float
    channel: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.time_ns:g} ns, {self.channel} channel, rule '{self.rule}': {self.detail}"


class AxiProtocolViolation(AssertionError):
    """The AXI port broke a protocol rule the test did not declare as expected."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = list(violations)
        super().__init__("AXI protocol violation: " + "; ".join(str(v) for v in violations))


@dataclass
class _Request:
    """An accepted AW or AR, with the byte lanes each beat owns (None when the burst is illegal)."""

    channel: str
    axid: int
    address: int
    axlen: int
    size: int
    burst: int
    time_ns: float
    lanes: list[int] | None
    beat: int = 0
    data: list[int] = field(default_factory=list)  # WSTRB (writes) or RRESP (reads) per beat

    @property
    def beats(self) -> int:
        return self.axlen + 1

    def describe(self) -> str:
        kind = BurstType(self.burst).name if self.burst in (0, 1, 2) else f"AxBURST={self.burst}"
        return (f"{self.beats}-beat {kind} burst of {1 << self.size}-byte beats at 0x{self.address:08x} "
                f"(ID {self.axid}, address at {self.time_ns:g} ns)")


def _known(bits: str) -> bool:
    """True when a binary string holds only 0 and 1 (no X, Z, U, W, L, H, -)."""
    return bits.isdigit()


class AxiProtocolRules:
    """The rule engine, fed one channel sample at a time; no simulator needed.

    ``step(time_ns, ch, valid, ready, payload)`` takes the binary strings of VALID, READY and the
    channel's payload as :attr:`layout` names it: control signals of :data:`CHANNELS` first, the
    optional ones the port has next (:meth:`use_optional`), data last; the data may be left out
    of a handshake that did not wait. ``ready`` and ``payload`` may be None when VALID is 0.
    New violations collect in :attr:`new` until :meth:`take_new`; all stay in :attr:`violations`.
    """

    def __init__(self, bus_bytes: int) -> None:
        if bus_bytes not in (1, 2, 4, 8, 16, 32, 64, 128):
            raise ValueError(f"bus_bytes must be a power of two from 1 to 128, got {bus_bytes}")
        self.bus_bytes = bus_bytes
        self.violations: list[Violation] = []
        self.new: list[Violation] = []
        self.listeners: list[Callable[[BurstRecord], None]] = []
        self.handshakes = [0] * len(CHANNELS)
        self._handlers = (self._on_b, self._on_r, self._on_aw, self._on_w, self._on_ar)
        #: Per channel: the payload's signal names and how many of them are control signals.
        self.layout = [(spec.control + spec.data, len(spec.control)) for spec in CHANNELS]
        #: Per channel: VALID was high and READY low at the last edge (updated in place).
        self.pending = [False] * len(CHANNELS)
        self._held: list[tuple[str, ...] | None] = [None] * len(CHANNELS)
        self.reset()

    def reset(self) -> None:
        """Drop every outstanding burst and half-seen handshake (reset is high)."""
        self.pending[:] = [False] * len(CHANNELS)
        self._held[:] = [None] * len(CHANNELS)
        self._aw: deque[_Request] = deque()  # write bursts whose data is not complete
        self._w_early: deque[tuple[float, int, bool]] = deque()  # W beats ahead of their AW
        self._b_wait: dict[int, deque[_Request]] = {}  # data complete, waiting for B, per ID
        self._reads: dict[int, deque[_Request]] = {}  # per ARID, oldest first

    def use_optional(self, ch: int, names: Sequence[str]) -> None:
        """Channel ``ch``'s payload carries these optional control signals after the required ones."""
        spec = CHANNELS[ch]
        self.layout[ch] = (spec.control + tuple(names) + spec.data, len(spec.control) + len(names))

    def take_new(self) -> list[Violation]:
        new, self.new = self.new, []
        return new

    def _flag(self, time_ns: float, channel: str, rule: str, detail: str) -> None:
        v = Violation(time_ns, channel, rule, detail)
        self.violations.append(v)
        self.new.append(v)

    # ------------------------------------------------------------------ handshake rules
    def step(
        self, time_ns: float, ch: int, valid: str, ready: str | None, payload: tuple[str, ...] | None
    ) -> None:
        spec = CHANNELS[ch]
        if valid == "0":
            if self.pending[ch]:
                self._flag(time_ns, spec.name, "valid-dropped",
                           f"{spec.valid.upper()} fell before {spec.ready.upper()} ({spec.driver})")
                self.pending[ch] = False
            return
        if valid != "1":
            self._flag(time_ns, spec.name, "x-control", f"{spec.valid.upper()} is {valid!r} ({spec.driver})")
            return
        assert payload is not None and ready is not None
        names, n_control = self.layout[ch]
        control = payload[:n_control]
        bad = [] if "".join(control).isdigit() else [
            f"{n.upper()}={b!r}" for n, b in zip(names, control) if not _known(b)
        ]
        if ready not in ("0", "1"):
            bad.append(f"{spec.ready.upper()}={ready!r}")
        if bad:
            self._flag(time_ns, spec.name, "x-control",
                       f"{', '.join(bad)} while {spec.valid.upper()} is high")
        if self.pending[ch] and payload != self._held[ch]:
            held = self._held[ch] or ()
            changed = [n.upper() for n, a, b in zip(names, held, payload) if a != b]
            self._flag(time_ns, spec.name, "payload-changed",
                       f"{', '.join(changed)} changed while {spec.valid.upper()} was high and "
                       f"{spec.ready.upper()} low ({spec.driver})")
        if ready == "1":
            self.pending[ch] = False
            self.handshakes[ch] += 1
            if not bad:
                self._handlers[ch](time_ns, payload)
        else:
            self.pending[ch] = True
            self._held[ch] = payload

    # ------------------------------------------------------------------ address channels
    def _request(self, channel: str, time_ns: float, payload: tuple[str, ...]) -> _Request:
        axid, address, axlen, size, burst = (int(b, 2) for b in payload[:5])
        req = _Request(channel, axid, address, axlen, size, burst, time_ns, None)
        beats, nb = axlen + 1, 1 << size
        legal = True
        if burst == BurstType.RESERVED:
            self._flag(time_ns, channel, "burst-reserved", f"AxBURST=0b11 on {req.describe()}")
            legal = False
        if nb > self.bus_bytes:
            self._flag(time_ns, channel, "size-too-wide",
                       f"AxSIZE={size} ({nb} bytes) on a {self.bus_bytes}-byte bus: {req.describe()}")
            legal = False
        if burst == BurstType.WRAP:
            if beats not in WRAP_BEATS:
                self._flag(time_ns, channel, "wrap-length",
                           f"AxLEN+1={beats}, allowed 2, 4, 8 or 16: {req.describe()}")
                legal = False
            if address % nb:
                self._flag(time_ns, channel, "wrap-unaligned",
                           f"start not aligned to {nb} bytes: {req.describe()}")
                legal = False
        elif burst == BurstType.FIXED and beats > FIXED_MAX_BEATS:
            self._flag(time_ns, channel, "fixed-length",
                       f"AxLEN+1={beats}, allowed 1 to {FIXED_MAX_BEATS}: {req.describe()}")
        elif burst == BurstType.INCR:
            last = (address & ~(nb - 1)) + beats * nb - 1
            if address // BOUNDARY != last // BOUNDARY:
                self._flag(time_ns, channel, "4k-crossing",
                           f"bytes 0x{address:08x}..0x{last:08x} cross 0x{(last // BOUNDARY) * BOUNDARY:08x}: "
                           f"{req.describe()}")
        if legal:
            lanes = Burst(address, beats, size, BurstType(burst)).lanes(self.bus_bytes)
            req.lanes = [((1 << n) - 1) << first for first, n in lanes]
        return req

    def _on_aw(self, time_ns: float, payload: tuple[str, ...]) -> None:
        self._aw.append(self._request("AW", time_ns, payload))
        if self._w_early:
            self._match_w()

    def _on_ar(self, time_ns: float, payload: tuple[str, ...]) -> None:
        req = self._request("AR", time_ns, payload)
        self._reads.setdefault(req.axid, deque()).append(req)

    # ------------------------------------------------------------------ write data and response
    def _on_w(self, time_ns: float, payload: tuple[str, ...]) -> None:
        self._w_early.append((time_ns, int(payload[0], 2), payload[1] == "1"))
        if self._aw:
            self._match_w()

    def _match_w(self) -> None:
        full = (1 << self.bus_bytes) - 1
        while self._w_early and self._aw:
            time_ns, strb, last = self._w_early.popleft()
            req = self._aw[0]
            k = req.beat
            if req.lanes is not None and k < req.beats and strb & ~req.lanes[k] & full:
                self._flag(time_ns, "W", "wstrb-lanes",
                           f"WSTRB=0x{strb:x} on beat {k}, whose lanes are 0x{req.lanes[k]:x}: {req.describe()}")
            req.data.append(strb)
            if last:
                if k < req.axlen:
                    self._flag(time_ns, "W", "wlast", f"WLAST on beat {k}, before the last beat {req.axlen}: "
                                                      f"{req.describe()}")
                    self._flag(time_ns, "W", "beat-count",
                               f"WLAST ended the burst after {k + 1} beats, AWLEN+1={req.beats}: {req.describe()}")
                elif k == req.beats:
                    self._flag(time_ns, "W", "beat-count",
                               f"WLAST on beat {k} ends the burst after {k + 1} beats, AWLEN+1={req.beats}: "
                               f"{req.describe()}")
                self._aw.popleft()
                self._b_wait.setdefault(req.axid, deque()).append(req)
            else:
                if k == req.axlen:
                    self._flag(time_ns, "W", "wlast", f"WLAST missing on beat {k}, the last: {req.describe()}")
                elif k == req.beats:
                    self._flag(time_ns, "W", "beat-count",
                               f"beat {k} without WLAST is more than AWLEN+1={req.beats}: {req.describe()}")
                req.beat = k + 1

    def _on_b(self, time_ns: float, payload: tuple[str, ...]) -> None:
        bid, bresp = int(payload[0], 2), int(payload[1], 2)
        waiting = self._b_wait.get(bid)
        if waiting:
            req = waiting.popleft()
            self._emit("write", req, bresp, time_ns)
        elif any(r.axid == bid for r in self._aw):
            req = next(r for r in self._aw if r.axid == bid)
            self._flag(time_ns, "B", "b-before-wlast",
                       f"BID={bid} after {len(req.data)} of {req.beats} W beats: {req.describe()}")
        else:
            self._flag(time_ns, "B", "orphan-response", f"BID={bid} with no write burst of ID {bid} outstanding")

    # ------------------------------------------------------------------ read data
    def _on_r(self, time_ns: float, payload: tuple[str, ...]) -> None:
        rid, rresp, last = int(payload[0], 2), int(payload[1], 2), payload[2] == "1"
        queue = self._reads.get(rid)
        if not queue:
            self._flag(time_ns, "R", "orphan-response", f"RID={rid} with no read burst of ID {rid} outstanding")
            return
        req = queue[0]
        k = req.beat
        req.data.append(rresp)
        if last:
            if k < req.axlen:
                self._flag(time_ns, "R", "rlast", f"RLAST on beat {k}, before the last beat {req.axlen}: "
                                                  f"{req.describe()}")
                self._flag(time_ns, "R", "beat-count",
                           f"RLAST ended the burst after {k + 1} beats, ARLEN+1={req.beats}: {req.describe()}")
            elif k == req.beats:
                self._flag(time_ns, "R", "beat-count",
                           f"RLAST on beat {k} ends the burst after {k + 1} beats, ARLEN+1={req.beats}: "
                           f"{req.describe()}")
            queue.popleft()
            self._emit("read", req, max(req.data), time_ns)
        else:
            if k == req.axlen:
                self._flag(time_ns, "R", "rlast", f"RLAST missing on beat {k}, the last: {req.describe()}")
            elif k == req.beats:
                self._flag(time_ns, "R", "beat-count",
                           f"beat {k} without RLAST is more than ARLEN+1={req.beats}: {req.describe()}")
            req.beat = k + 1

    def _emit(self, direction: str, req: _Request, resp: int, time_ns: float) -> None:
        if not self.listeners:
            return
        record = BurstRecord(
            direction=direction,
            axid=req.axid,
            address=req.address,
            beats=req.beats,
            size=req.size,
            burst=req.burst,
            resp=resp,
            strobes=tuple(req.data) if direction == "write" else (),
            start_ns=req.time_ns,
            end_ns=time_ns,
        )
        for listener in self.listeners:
            listener(record)

    @property
    def outstanding(self) -> dict[str, int]:
        """Bursts not finished: writes without data or response, reads without their last beat."""
        return {
            "write": len(self._aw) + sum(len(q) for q in self._b_wait.values()),
            "read": sum(len(q) for q in self._reads.values()),
        }


def _reader(handle: SimHandleBase) -> Callable[[], str]:
    """A fast reader of a signal's binary string.

    The checker reads a dozen signals every clock; going to the simulator interface for the
    binary string skips building a LogicArray for every read.
    """
    raw = getattr(handle, "_handle", None)
    getter = getattr(raw, "get_signal_val_binstr", None)
    if getter is not None:
        return getter
    return lambda: str(handle.value)


class AxiProtocolChecker:
    """Watches ``<prefix>_*`` of an AXI4 port at every rising edge of ``clock`` and enforces :data:`RULES`.

    ``reset`` (active high) suspends checking. By default an unexpected violation raises
    :class:`AxiProtocolViolation` from the checker's task, which fails the running test; with
    ``raise_on_violation=False`` violations are only recorded (and logged).
    """

    def __init__(
        self,
        entity: SimHandleBase,
        prefix: str,
        clock: SimHandleBase,
        *,
        reset: SimHandleBase | None = None,
        bus_bytes: int | None = None,
        raise_on_violation: bool = True,
        log: logging.Logger | None = None,
    ) -> None:
        self.clock = clock
        self.reset = reset
        self.raise_on_violation = raise_on_violation
        self.log = log or logging.getLogger("cocotb.tb.protocol")

        def sig(name: str) -> SimHandleBase:
            return getattr(entity, f"{prefix}_{name}")

        if bus_bytes is None:
            bus_bytes = len(sig("wdata")) // 8
        self.rules = AxiProtocolRules(bus_bytes)
        self._readers = []
        for ch, spec in enumerate(CHANNELS):
            optional = [n for n in spec.optional if hasattr(entity, f"{prefix}_{n}")]
            self.rules.use_optional(ch, optional)
            control = [_reader(sig(n)) for n in spec.control + tuple(optional)]
            data = [_reader(sig(n)) for n in spec.data]
            self._readers.append((_reader(sig(spec.valid)), _reader(sig(spec.ready)), control, control + data))
        self._reset_reader = _reader(reset) if reset is not None else None
        self._expected: list[frozenset[str]] = []
        self.expected_seen: list[Violation] = []
        self.unexpected: list[Violation] = []
        self._on_stop: list[Callable[[], None]] = []
        self._task: Task | None = None

    @property
    def violations(self) -> list[Violation]:
        return self.rules.violations

    def add_listener(self, listener: Callable[[BurstRecord], None]) -> None:
        """Call ``listener`` with every completed burst."""
        self.rules.listeners.append(listener)

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the checker's task ends (the test is over, or a violation ended it)."""
        self._on_stop.append(callback)

    def start(self) -> "AxiProtocolChecker":
        if self._task is None:
            self._task = cocotb.start_soon(self._run(), name="axi protocol checker")
        return self

    @property
    def task(self) -> Task | None:
        return self._task

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    @contextmanager
    def expect(self, *rules: str) -> Iterator[None]:
        """Allow violations of ``rules`` inside the block; each must have fired when it ends."""
        unknown = [r for r in rules if r not in RULES]
        if unknown or not rules:
            raise ValueError(f"unknown protocol rule(s) {unknown or '(none given)'}; allowed: {', '.join(RULES)}")
        allowed = frozenset(rules)
        before = len(self.expected_seen)
        self._expected.append(allowed)
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            self._expected.remove(allowed)
            if not failed:
                seen = {v.rule for v in self.expected_seen[before:]}
                missing = sorted(allowed - seen)
                if missing:
                    raise AssertionError(
                        f"expected protocol violation(s) {', '.join(missing)} did not occur "
                        f"(seen: {', '.join(sorted(seen)) or 'none'})"
                    )

    def _allowed(self, rule: str) -> bool:
        return any(rule in allowed for allowed in self._expected)

    def _report(self, new: list[Violation]) -> None:
        bad = []
        for v in new:
            if self._allowed(v.rule):
                self.expected_seen.append(v)
                self.log.info("expected AXI protocol violation: %s", v)
            else:
                self.unexpected.append(v)
                self.log.error("AXI protocol violation: %s", v)
                bad.append(v)
        if bad and self.raise_on_violation:
            raise AxiProtocolViolation(bad)

    def _sample(self, now: float | None = None) -> None:
        """Judge the port as it is now (called at a rising edge)."""
        rules = self.rules
        pending = rules.pending
        for ch, (valid, ready, control, payload) in enumerate(self._readers):
            v = valid()
            if v == "0":
                if pending[ch]:
                    rules.step(now or get_sim_time("ns"), ch, v, None, None)
                continue
            if now is None:
                now = get_sim_time("ns")
            r = ready()
            # WDATA/RDATA matter only to the stability rule: skip them on a handshake that did not wait
            readers = payload if pending[ch] or r != "1" else control
            rules.step(now, ch, v, r, tuple([read() for read in readers]))
        if rules.new:
            self._report(rules.take_new())

    async def _run(self) -> None:
        reset = self._reset_reader
        edge = RisingEdge(self.clock)
        last = period = None
        try:
            while True:
                await edge
                now = get_sim_time("ns")
                if last is not None:
                    period = now - last
                last = now
                if reset is not None and reset() != "0":
                    self.rules.reset()
                    continue
                self._sample(now)
        finally:
            # A test that ends on a rising edge may end before this task saw that edge: judge it
            # now (the values are still those of the edge), so its last handshake is not lost.
            now = get_sim_time("ns")
            if (
                period is not None
                and now == last + period
                and self.clock.value == 1
                and (reset is None or reset() == "0")
            ):
                try:
                    self._sample(now)
                finally:
                    for callback in self._on_stop:
                        callback()
            else:
                for callback in self._on_stop:
                    callback()
