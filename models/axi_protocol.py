"""The AXI4 protocol rules: a pure rule engine, fed one channel sample at a time, no simulator.

:class:`AxiProtocolRules` takes each channel of an AXI4 port as the slave saw it at a rising
edge (binary strings of VALID, READY and the payload) and reports every broken rule as a
:class:`BrokenRule` naming the simulation time, the channel and the rule. Every completed burst
(address, strobes, response, times) goes to the listeners as a :class:`models.axi.BurstRecord`;
that is what functional coverage (:mod:`models.coverage`) samples. The monitor that samples a
simulated port is :class:`tb.protocol.AxiProtocolChecker`.
Rules (the first name is reported; a violation can break two rules at once, e.g. an
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
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Sequence

from models.axi import AXI_BOUNDARY, FIXED_MAX_BEATS, WRAP_BEATS, Burst, BurstRecord, BurstType

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

BOUNDARY = AXI_BOUNDARY


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
class BrokenRule:
    """One broken rule: when, on which channel, which rule, and what exactly was seen."""

    time_ns: float
    channel: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.time_ns:g} ns, {self.channel} channel, rule '{self.rule}': {self.detail}"


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
        self.violations: list[BrokenRule] = []
        self.new: list[BrokenRule] = []
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

    def take_new(self) -> list[BrokenRule]:
        new, self.new = self.new, []
        return new

    def _flag(self, time_ns: float, channel: str, rule: str, detail: str) -> None:
        v = BrokenRule(time_ns, channel, rule, detail)
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
        return self._request_of(channel, time_ns, axid, address, axlen, size, burst)

    def _request_of(self, channel: str, time_ns: float, axid: int, address: int, axlen: int, size: int,
                    burst: int) -> _Request:
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
        if legal and channel == "AR":
            req.lanes = []  # only write strobes are checked against the lanes
        elif legal and burst == BurstType.INCR and nb == self.bus_bytes:
            req.lanes = [(1 << nb) - 1] * beats  # full-width INCR: every lane of every beat
        elif legal:
            lanes = Burst(address, beats, size, BurstType(burst)).lanes(self.bus_bytes)
            req.lanes = [((1 << n) - 1) << first for first, n in lanes]
        return req

    def _on_aw(self, time_ns: float, payload: tuple[str, ...]) -> None:
        self._add_aw(self._request("AW", time_ns, payload))

    def _add_aw(self, req: _Request) -> None:
        self._aw.append(req)
        if self._w_early:
            self._match_w()

    def _on_ar(self, time_ns: float, payload: tuple[str, ...]) -> None:
        req = self._request("AR", time_ns, payload)
        self._reads.setdefault(req.axid, deque()).append(req)

    # ------------------------------------------------------------------ write data and response
    def _on_w(self, time_ns: float, payload: tuple[str, ...]) -> None:
        self._w_beat(time_ns, int(payload[0], 2), payload[1] == "1")

    def _w_beat(self, time_ns: float, strb: int, last: bool) -> None:
        self._w_early.append((time_ns, strb, last))
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
        self._b(time_ns, int(payload[0], 2), int(payload[1], 2))

    def _b(self, time_ns: float, bid: int, bresp: int) -> None:
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
        self._r_beat(time_ns, int(payload[0], 2), int(payload[1], 2), payload[2] == "1")

    def _r_beat(self, time_ns: float, rid: int, rresp: int, last: bool) -> None:
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

    # ------------------------------------------------------------------ recorded traffic
    # The entry points for a port recorded elsewhere (a Verilog monitor, :mod:`models.axi_port_log`)
    # that judged the per-cycle rules itself and hands over handshakes, W and R beats a burst at a time.
    def recorded_break(self, time_ns: float, ch: int, rule: str, detail: str) -> None:
        """A per-cycle rule (``valid-dropped``, ``payload-changed``, ``x-control``) the recorder saw broken."""
        if rule not in RULES:
            raise ValueError(f"unknown protocol rule {rule!r}; allowed: {', '.join(RULES)}")
        self._flag(time_ns, CHANNELS[ch].name, rule, detail)

    def recorded_b(self, time_ns: float, bid: int, bresp: int) -> None:
        """A B handshake."""
        self.handshakes[_B] += 1
        self._b(time_ns, bid, bresp)

    def recorded_address(self, time_ns: float, ch: int, axid: int, address: int, axlen: int, size: int,
                         burst: int) -> None:
        """An AW (``ch`` 2) or AR (``ch`` 4) handshake."""
        self.handshakes[ch] += 1
        if ch == _AW:
            self._add_aw(self._request_of("AW", time_ns, axid, address, axlen, size, burst))
        elif ch == _AR:
            req = self._request_of("AR", time_ns, axid, address, axlen, size, burst)
            self._reads.setdefault(axid, deque()).append(req)
        else:
            raise ValueError(f"channel {ch} is not an address channel; allowed: {_AW} (AW), {_AR} (AR)")

    def recorded_w(self, time_ns: float, strobes: Sequence[int], last: bool) -> None:
        """W beats (their WSTRB) accepted up to the last, which carried WLAST when ``last``; the
        same verdicts as beat by beat, all at ``time_ns``."""
        n = len(strobes)
        self.handshakes[_W] += n
        req = self._aw[0] if self._aw and not self._w_early else None
        if last and req is not None and req.beat == 0 and req.beats == n and req.lanes is not None:
            full = (1 << self.bus_bytes) - 1
            lanes = req.lanes
            if lanes[0] != full or lanes[-1] != full or len(set(lanes)) != 1:
                for k, (strb, lane) in enumerate(zip(strobes, lanes)):
                    if strb & ~lane & full:
                        self._flag(time_ns, "W", "wstrb-lanes",
                                   f"WSTRB=0x{strb:x} on beat {k}, whose lanes are 0x{lane:x}: {req.describe()}")
            req.data.extend(strobes)
            req.beat = n - 1
            self._aw.popleft()
            self._b_wait.setdefault(req.axid, deque()).append(req)
            return
        for k, strb in enumerate(strobes):
            self._w_beat(time_ns, strb, last and k == n - 1)

    def recorded_r(self, time_ns: float, rid: int, beats: int, last: bool, resp: int) -> None:
        """R beats of one ID up to the last, which carried RLAST when ``last``; ``resp`` the worst RRESP."""
        self.handshakes[_R] += beats
        queue = self._reads.get(rid)
        req = queue[0] if queue else None
        if last and req is not None and req.beat == 0 and req.beats == beats:
            req.data.append(resp)
            queue.popleft()
            self._emit("read", req, resp, time_ns)
            return
        for k in range(beats):
            self._r_beat(time_ns, rid, resp, last and k == beats - 1)

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
