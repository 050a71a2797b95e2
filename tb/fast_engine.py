"""Burst engine: the host's bursts executed by the Verilog transactor in ``tb/hdl/axi_burst_xactor.v``.

:class:`FastEngine` has the interface of :class:`tb.axi_master.AxiMaster` (``bus_bytes``, ``write``,
``write_beats``, ``read``, ``pace``, ``stats``, the pacing hooks) and returns the same
:class:`~models.axi.Transfer`. Python still plans and packs the bursts; each burst then goes to
the transactor as one command (its address fields, and for writes every beat's data and strobes as
one wide vector), and Python sleeps until the transactor reports something: a command taken, a
burst slot free, a read burst finished, the call finished, or an error. The transactor keeps up to
four write bursts (eight read bursts) queued, so bursts follow each other with no idle cycle, and
it drives every channel cycle by cycle with the same decisions as the pin-level master, so the bus
traffic is identical (``tests/sim/engines.py`` proves it).

Pacing hooks are consulted ahead of time, in chunks of decisions, in the same order the pin-level
master consults them; the transactor consumes one decision exactly where that master would call
the hook. A hook must therefore not depend on bus state (the :mod:`models.pacing` hooks do not).

Streamed writes: a write call hands its first burst's address fields as a command and every
burst's beats (the first's too: no wide vector crosses to the simulator) through a file the
transactor reads itself, the first record when the command arrives, then one burst whenever a slot
is free (``STREAM_FILE``, in the simulation's working directory). Every command, status, record and error
code is a named field of :mod:`tb.xactor_wire`, the one definition of the transactor's wire format.
The bus traffic is the same; Python then wakes only at the end of the call, on an error, for
pacing chunks and every 128 responses, instead of once or twice per burst. Streamed reads
the same way: a read call hands its first burst as a command and the descriptors of the others
through ``READ_STREAM_FILE``; the transactor writes every finished burst
(its RRESP and beats) to ``READ_OUT_FILE``, which Python reads once when the call has ended, so a
read call wakes Python about once too instead of once per burst. The files stay in the working
directory, held open by the engine, and are rewritten in place by the next streamed call (see
:class:`tb.xactor_wire.HeldFile`; the read
records carry their call and index, so one left from an earlier call cannot pass for this call's).
``stream=False`` hands every burst as a command (the beats in the wide data vector) and collects
every read burst from the transactor's result vector.

The status (``x_wr_stat``, ``x_wr_resp_log``, ``x_rd_stat``) is read at the start of a call and at
every wakeup. On a model that keeps the status mailbox (``x_mailbox``: a Verilator build of
``nic_fast_top``) the engine reads it there, from memory (:class:`tb.xactor_wire.Mailbox`: the
model copies every snapshot into it as it takes it), instead of through the simulator, where
cocotb makes a ``LogicArray`` of every read; ``mailbox=False`` reads through the simulator always.

The engine needs the ``nic_fast_top`` toplevel (it selects the transactor with ``x_sel``).
"""

from __future__ import annotations

import logging
import os
import struct
import time
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Sequence

from cocotb.handle import SimHandleBase

from models.axi import Burst, Resp, Transfer, pack_burst, unpack_burst
from models.pacing import MasterPacing
from tb.axi_master import AxiError, AxiProtocolError, AxiResetError, AxiStats, AxiTimeoutError
from tb.xactor_wire import (
    CONFIG,
    DEPTH,
    MAILBOX_FILE,
    MAX_STREAM,
    READ_OUT_FILE,
    READ_RECORD,
    READ_RECORD_HEADER_BYTES,
    READ_STATUS,
    READ_STREAM_FILE,
    RESP_LOG,
    STREAM_FILE,
    WRITE_STATUS,
    HeldFile,
    Layout,
    Mailbox,
    ReadError,
    WriteError,
    descriptor,
    logged_response,
    read_command,
    read_record_bytes,
    write_command,
)

_STRUCT = {1: "B", 2: "H", 4: "I", 8: "Q"}


class _Status(NamedTuple):
    """One read of a half's status vector (fields: :data:`tb.xactor_wire.WRITE_STATUS`,
    :data:`tb.xactor_wire.READ_STATUS`; a field one half lacks reads 0)."""

    seq: int
    free: int
    calls: int
    count: int
    err: int
    err_id: int
    err_beat: int
    levels: tuple[int, ...]
    err_len: int
    cycles: int
    addr_count: int
    data_done: int
    beat: int
    first: int
    last: int
    resp: int

    @classmethod
    def write(cls, vector: int) -> "_Status":
        return _decode_write(vector)

    @classmethod
    def read(cls, vector: int) -> "_Status":
        return _decode_read(vector)


def _unsigned(handle: SimHandleBase) -> int:
    """The value of a vector of 0s and 1s as an unsigned integer, as ``handle.value.to_unsigned()``
    gives it but converting cocotb's text of the value directly (about a fifth less than a status
    read cost that way); any other value takes ``to_unsigned`` (L and H resolved, an error for X
    and Z)."""
    value = handle.value
    try:
        return int(str(value), 2)
    except ValueError:
        return value.to_unsigned()


def _decoder(layout: Layout, levels: tuple[str, ...]) -> Callable[[int], _Status]:
    """A function that reads every :class:`_Status` field of ``layout`` from a status vector in one
    expression (it runs at every wakeup of every call; a field the half lacks reads 0)."""
    parts = []
    for name in _Status._fields:
        if name == "levels":
            parts.append("(" + "".join(f"(v >> {layout[n].lsb}) & {layout[n].mask}, " for n in levels) + ")")
        elif name in layout.fields:
            parts.append(f"(v >> {layout[name].lsb}) & {layout[name].mask}")
        else:
            parts.append("0")
    return eval(f"lambda v: new(cls, ({', '.join(parts)}))", {"new": tuple.__new__, "cls": _Status})


#: The fields an unpaced command carries, in the order :func:`_packer`'s functions take them.
_COMMAND_FIELDS = ("seq", "start", "last", "pace", "len", "size", "type", "id", "addr", "stream", "file")


def _packer(layout: Layout) -> Callable[..., int]:
    """A function of the :data:`_COMMAND_FIELDS` values (in that order) giving the command with
    them set, ``burst`` set and ``chunks`` zero, in one expression: it packs every unpaced
    command. It checks no range: every value comes checked (the burst by :class:`models.axi.Burst`
    and :meth:`FastEngine._check`, the ID by the call, the stream count by ``MAX_STREAM``)."""
    body = " | ".join([f"({n} << {layout[n].lsb})" for n in _COMMAND_FIELDS] + [f"{1 << layout['burst'].lsb}"])
    return eval(f"lambda {', '.join(_COMMAND_FIELDS)}: {body}")


_decode_write = _decoder(WRITE_STATUS, ("level_aw", "level_w", "level_b"))
_decode_read = _decoder(READ_STATUS, ("level_ar", "level_r"))


class _ReadTransfer(Transfer):
    """The :class:`~models.axi.Transfer` of a read call, whose ``words`` (every burst's RDATA
    words) a streamed call unpacks from the out file's records only when they are first asked
    for: most callers want the bytes alone, and a 1514-byte read has 190 words. It equals a
    :class:`~models.axi.Transfer` with the same fields."""

    _unpack: Callable[[], list[list[int]]] | None = None
    _words: list[list[int]]

    @property  # type: ignore[override]
    def words(self) -> list[list[int]]:
        if self._unpack is not None:
            unpack, self._unpack = self._unpack, None
            self._words = unpack()
        return self._words

    @words.setter
    def words(self, value: list[list[int]]) -> None:
        self._unpack = None
        self._words = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Transfer):
            return NotImplemented
        return (self.resps, self.cycles, self.data, self.words) == (other.resps, other.cycles, other.data, other.words)

    __hash__ = None  # type: ignore[assignment]  # (as Transfer's)


@dataclass
class DataSpan:
    """Where the data beats of the last call fell: cycles (from the call's first) of the first and
    last data handshake. ``span - beats`` is the number of idle cycles between them."""

    first: int = 0
    last: int = 0

    @property
    def span(self) -> int:
        return self.last - self.first + 1


@dataclass
class StageClock:
    """Where a :class:`FastEngine`'s calls spend their time, stage by stage (opt in:
    ``FastEngine(..., stages=StageClock())``; without one the engine times nothing).

    ``ns`` sums the wall nanoseconds (``time.perf_counter_ns``) of every call per stage; the stages
    of one call follow each other without a gap from the call's first line to its last, so their
    sum is the engine's share of the call. A benchmark takes a copy of ``ns`` before and after a
    call for that call's split. Stages: ``setup`` (argument checks, configuration), ``status``
    (status vector reads and decoding), ``pack`` (the first burst's data and strobe vectors, a
    streamed call's records or descriptors), ``stream`` (writing those to the stream file),
    ``vector`` (writing a write's first burst to the data vector: cocotb turns the integer into
    a binary string as wide as the vector), ``command`` (the other command ports), ``wait``
    (awaiting the transactor: the simulated cycles and the wakeup), ``results`` (responses, read
    data placed), ``after`` (the ``after_call`` hooks), ``finish`` (the returned
    :class:`~models.axi.Transfer` and the stats).
    """

    ns: dict[str, int] = field(default_factory=dict)
    #: Calls timed (writes and reads).
    calls: int = 0

    def lap(self, stage: str, since: int) -> int:
        """Add the time from ``since`` to now to ``stage``; return now."""
        now = time.perf_counter_ns()
        self.ns[stage] = self.ns.get(stage, 0) + now - since
        return now


class FastEngine:
    """Bus engine over the transactor of ``nic_fast_top`` (same interface as ``AxiMaster``)::

        engine = FastEngine(dut, dut.clk_core)
        xfer = await engine.write(plan_bursts(addr, len(data), engine.bus_bytes), data)

    ``max_outstanding`` and ``timeout_cycles`` mean what they mean for the pin-level master;
    ``stream`` sends the bursts of a call after its first through the stream files (and takes a
    read call's data back through a file); ``stages`` times each call's stages (:class:`StageClock`);
    ``mailbox`` reads the status from the model's status mailbox when it keeps one
    (:attr:`status_from` says where it was read, from the first call on).
    """

    def __init__(
        self,
        top: SimHandleBase,
        clock: SimHandleBase,
        *,
        max_outstanding: int = 8,
        timeout_cycles: int = 10000,
        stream: bool = True,
        log: logging.Logger | None = None,
        stages: StageClock | None = None,
        mailbox: bool = True,
    ) -> None:
        if not 1 <= max_outstanding <= 255:
            raise ValueError(f"max_outstanding={max_outstanding}; allowed: 1..255")
        if not 1 <= timeout_cycles < 1 << 32:
            raise ValueError(f"timeout_cycles={timeout_cycles}; allowed: 1..2**32-1")
        self.top = top
        self.clock = clock
        self.max_outstanding = max_outstanding
        self.timeout_cycles = timeout_cycles
        self.stream = stream
        self.stages = stages
        self.log = log or logging.getLogger("cocotb.tb.fast_engine")
        self.bus_bytes = len(top.s_axi_wdata) // 8
        self.id_width = len(top.s_axi_awid)
        self.addr_width = len(top.s_axi_awaddr)
        self.max_beats = len(top.x_wr_data) // (8 * self.bus_bytes)
        self.chunk = len(top.x_wr_chunks) // 3
        self._wr_cmd = write_command(self.id_width, self.addr_width)
        self._rd_cmd = read_command(self.id_width, self.addr_width)
        self._wr_pack = _packer(self._wr_cmd)
        self._rd_pack = _packer(self._rd_cmd)
        # a call ORs its sequence number into a command that _next_command packed with 0 there
        assert self._wr_cmd["seq"].lsb == self._rd_cmd["seq"].lsb == 0, "commands carry seq at bit 0"
        self.stats = AxiStats()
        self.default_id = 0
        #: Pacing hooks, as on AxiMaster: return True to idle a channel for one opportunity.
        self.aw_pause: Callable[[], bool] | None = None
        self.w_pause: Callable[[], bool] | None = None
        self.ar_pause: Callable[[], bool] | None = None
        self.b_hold: Callable[[], bool] | None = None
        self.r_hold: Callable[[], bool] | None = None
        #: Called after every write and read call (also one that failed): e.g. a protocol checker
        #: that judges the call's traffic from a log (:class:`tb.protocol.RecordedProtocolChecker`).
        self.after_call: list[Callable[[], None]] = []
        #: Data-handshake cycles of the last write and read call.
        self.write_span = DataSpan()
        self.read_span = DataSpan()
        self._h = {name: getattr(top, name) for name in (
            "x_wr_cmd", "x_wr_data", "x_wr_strb", "x_wr_chunks", "x_wr_cfg", "x_wr_ev", "x_wr_stat",
            "x_wr_resp_log", "x_rd_cmd", "x_rd_chunks", "x_rd_cfg", "x_rd_ev", "x_rd_stat", "x_rd_data",
        )}
        #: Times a call has waited for the transactor (every call, writes and reads).
        self.wakeups = 0
        self._wr_busy = False
        self._rd_busy = False
        self._strb_written: int | None = None
        self._strobe_cache: dict[tuple[int, int], bytes] = {}
        self._zeros = memoryview(bytes(self.max_beats * self.bus_bytes))  # a record's padding, sliced
        # the stream files, held open between calls (rewritten and read in place)
        self._wr_stream = HeldFile(STREAM_FILE)
        self._rd_stream = HeldFile(READ_STREAM_FILE)
        self._rd_out = HeldFile(READ_OUT_FILE)
        # the status vectors' readers, bound at the first call (_bind_status)
        self.mailbox = mailbox
        #: Where the status is read: "mailbox" or "simulator" (None before the first call).
        self.status_from: str | None = None
        self._wr_stat: Callable[[], int] | None = None
        self._wr_log: Callable[[], int] | None = None
        self._rd_stat: Callable[[], int] | None = None
        top.x_sel.value = 1
        # continue the command numbering where an earlier engine on this transactor left it
        # (at time 0 the status may not be initialised yet: numbering starts at 0 then)
        wr, rd = self._h["x_wr_stat"].value, self._h["x_rd_stat"].value
        self._wr_seq = WRITE_STATUS["seq"].get(wr.to_unsigned()) if wr.is_resolvable else 0
        self._rd_seq = READ_STATUS["seq"].get(rd.to_unsigned()) if rd.is_resolvable else 0
        self._h["x_wr_cmd"].value = self._wr_seq
        self._h["x_rd_cmd"].value = self._rd_seq
        self._h["x_wr_chunks"].value = 0
        self._h["x_rd_chunks"].value = 0
        self._cfg = CONFIG.pack(max_out=max_outstanding, timeout=timeout_cycles)
        self._cfg_of = (max_outstanding, timeout_cycles)  # what _cfg was packed from
        self._h["x_wr_cfg"].value = self._cfg
        self._h["x_rd_cfg"].value = self._cfg
        self._idle_pins()

    def _idle_pins(self) -> None:
        """The wrapper's own s_axi_* inputs are unused with the transactor selected: hold them idle."""
        t = self.top
        for name in ("awvalid", "wvalid", "arvalid", "awid", "awaddr", "awlen", "awsize", "awburst", "wdata",
                     "wstrb", "wlast", "arid", "araddr", "arlen", "arsize", "arburst",
                     "awlock", "awcache", "awprot", "arlock", "arcache", "arprot"):
            getattr(t, f"s_axi_{name}").value = 0
        t.s_axi_bready.value = 1
        t.s_axi_rready.value = 1

    def pace(self, pacing: MasterPacing) -> None:
        """Install the idle/backpressure pattern of every channel (see :mod:`models.pacing`).

        Decisions already handed to the transactor are used up first, so pace before the first call."""
        self.aw_pause = pacing.aw.hook("aw")
        self.w_pause = pacing.w.hook("w")
        self.ar_pause = pacing.ar.hook("ar")
        self.b_hold = pacing.b.hook("b")
        self.r_hold = pacing.r.hook("r")

    # ------------------------------------------------------------------ helpers
    def _bind_status(self) -> None:
        """Choose where the status vectors are read: from the model's status mailbox
        (:class:`tb.xactor_wire.Mailbox`, a read from memory) when ``mailbox`` is on and the model
        keeps one (``x_mailbox``: Verilator), else through the simulator (``x_wr_stat`` ...)."""
        h = self._h
        kept = False
        if self.mailbox:
            try:
                kept = str(self.top.x_mailbox.value) == "1"
            except AttributeError:
                kept = False
        if kept:
            box = Mailbox(MAILBOX_FILE)
            self._wr_stat, self._wr_log, self._rd_stat = (
                box.reader("x_wr_stat"), box.reader("x_wr_resp_log"), box.reader("x_rd_stat"))
        else:
            self._wr_stat, self._wr_log, self._rd_stat = (
                lambda: _unsigned(h["x_wr_stat"]), lambda: _unsigned(h["x_wr_resp_log"]),
                lambda: _unsigned(h["x_rd_stat"]))
        self.status_from = "mailbox" if kept else "simulator"
        self.log.debug("status read %s", f"from the mailbox {MAILBOX_FILE!r}" if kept else "through the simulator")

    def _after_call(self) -> None:
        for hook in self.after_call:
            hook()

    def _config(self) -> None:
        if (self.max_outstanding, self.timeout_cycles) == self._cfg_of:
            return
        cfg = CONFIG.pack(max_out=self.max_outstanding, timeout=self.timeout_cycles)
        self._cfg_of = (self.max_outstanding, self.timeout_cycles)
        if cfg != self._cfg:
            self._cfg = cfg
            self._h["x_wr_cfg"].value = cfg
            self._h["x_rd_cfg"].value = cfg

    def _check(self, bursts: Sequence[Burst], what: str) -> None:
        for b in bursts:
            if b.beats > self.max_beats:
                raise ValueError(f"{what}: a {b.beats}-beat burst; this transactor takes at most {self.max_beats}")
            if b.address >= 1 << self.addr_width:
                raise ValueError(f"{what}: address 0x{b.address:x} does not fit {self.addr_width} address bits")

    def _chunk(self, hook: Callable[[], bool]) -> int:
        bits = 0
        for i in range(self.chunk):
            if hook():
                bits |= 1 << i
        return bits

    def _pack(self, burst: Burst, words: Sequence[int], strobes: Sequence[int]) -> tuple[int, int]:
        nb = self.bus_bytes
        if len(words) != burst.beats or len(strobes) != burst.beats:
            raise ValueError(
                f"burst at 0x{burst.address:x} has {burst.beats} beats but {len(words)} data words "
                f"and {len(strobes)} strobes were given"
            )
        code = _STRUCT.get(nb)
        raw = struct.pack(f"<{len(words)}{code}", *words) if code else b"".join(w.to_bytes(nb, "little") for w in words)
        strb = 0
        for k, s in enumerate(strobes):
            strb |= s << (k * nb)
        return int.from_bytes(raw, "little"), strb

    def _record(self, burst: Burst, raw: bytes, strobes: bytes) -> bytes:
        """One burst as a stream-file record (:data:`tb.xactor_wire.DESCRIPTOR`): the descriptor,
        then the strobes and data of ``max_beats`` beats as one big-endian number (``raw``: the
        burst's beats as little-endian bytes; ``strobes``: from :meth:`_strobe_block`)."""
        pad = self._zeros[: (self.max_beats - burst.beats) * self.bus_bytes]
        return b"".join((self._descriptor(burst), strobes, pad, raw[::-1]))

    def _strobe_block(self, strb: int) -> bytes:
        """The strobe part of a record (beat k's strobes at bit k * bus_bytes of ``strb``)."""
        return strb.to_bytes(self.max_beats * self.bus_bytes // 8, "big")

    @staticmethod
    def _descriptor(burst: Burst) -> bytes:
        return descriptor(burst.address, burst.beats, burst.size, int(burst.burst_type))

    def _strobes(self, head: int, length: int) -> bytes:
        """The strobe part of a record whose burst carries ``length`` bytes from lane ``head`` of its
        first beat on (kept for the next burst of the same shape: most calls repeat a few)."""
        key = (head, length)
        cached = self._strobe_cache.get(key)
        if cached is None:
            if len(self._strobe_cache) >= 1024:
                self._strobe_cache.clear()
            cached = self._strobe_cache[key] = self._strobe_block(((1 << length) - 1) << head)
        return cached

    @staticmethod
    def _burst_fields(bursts: Sequence[Burst], i: int) -> dict[str, int]:
        """The command fields that hand burst ``i`` of a call to the transactor."""
        b = bursts[i]
        return dict(burst=1, last=int(i == len(bursts) - 1), len=b.beats - 1, size=b.size,
                    type=int(b.burst_type), addr=b.address)

    def _command(self, layout: Layout, fields: dict[str, int], hooks: Sequence, st: _Status, chunks_port: str) -> bool:
        """Add to ``fields`` a chunk of decisions for every paced stream with room for one (and write
        the chunks); True when there is a command to send."""
        chunks = present = 0
        for c, hook in enumerate(hooks):
            if hook is not None and st.levels[c] <= DEPTH - self.chunk:
                chunks |= self._chunk(hook) << (c * self.chunk)
                present |= 1 << c
        if present:
            fields["chunks"] = present
            self._h[chunks_port].value = chunks
        return bool(fields)

    def _next_command(
        self, layout: Layout, pack: Callable[..., int], hooks: Sequence, st: _Status, chunks_port: str,
        bursts: Sequence[Burst], pushed: int, axid: int, pace: int, filed: int,
    ) -> tuple[int | None, int]:
        """The next command of a call, with sequence number 0 (the caller ORs its own into bit 0;
        None: nothing to send), and how many
        bursts are handed over after it. It carries burst ``pushed`` when the transactor has a free
        slot (the call's start: its pacing, ID and, ``filed``, the stream count and file flag) and,
        on a paced call, a chunk of decisions for every paced stream with room for one (written to
        ``chunks_port``). An unpaced command is packed by ``pack`` in one expression."""
        n = len(bursts)
        give = pushed < n and st.free > 0
        if not pace:
            if not give:
                return None, pushed
            b = bursts[pushed]
            first = int(pushed == 0)
            cmd = pack(0, first, int(pushed == n - 1), 0, b.beats - 1, b.size, int(b.burst_type),
                       axid if first else 0, b.address, n - 1 if first and filed else 0, first & filed)
            return cmd, n if filed else pushed + 1
        fields: dict[str, int] = {}
        if give:
            fields = self._burst_fields(bursts, pushed)
            if pushed == 0:
                fields.update(start=1, pace=pace, id=axid)
                if filed:
                    fields.update(stream=n - 1, file=1)
            pushed = n if filed else pushed + 1
        if not self._command(layout, fields, hooks, st, chunks_port):
            return None, pushed
        return layout.pack(seq=0, **fields), pushed

    # ------------------------------------------------------------------ write
    async def write(self, bursts: Sequence[Burst], buffer: bytes, axid: int | None = None) -> Transfer:
        """Write ``bursts`` (carrying bytes of ``buffer``) and return their responses."""
        nb = self.bus_bytes
        view = memoryview(buffer).cast("B") if not isinstance(buffer, (bytes, bytearray)) else buffer

        def beats(i: int) -> tuple[int, int]:
            b = bursts[i]
            if b.is_full_width_incr(nb) and b.offset + b.length <= len(view):
                head = b.address & (nb - 1)
                data = int.from_bytes(view[b.offset : b.offset + b.length], "little") << (8 * head)
                return data, ((1 << b.length) - 1) << head
            return self._pack(b, *pack_burst(b, nb, view))

        zeros, max_beats, copied = self._zeros, self.max_beats, isinstance(view, memoryview)

        def record(i: int) -> bytes:
            b = bursts[i]
            if b.is_full_width_incr(nb) and b.offset + b.length <= len(view):
                # (see _record) the beats reversed: the padding and the last beat's unused high
                # lanes, the bytes from the last, then the first beat's unused low lanes
                head = b.address & (nb - 1)
                data = view[b.offset : b.offset + b.length]
                return b"".join((self._descriptor(b), self._strobes(head, b.length),
                                 zeros[: (max_beats - b.beats) * nb + b.beats * nb - head - b.length],
                                 (bytes(data) if copied else data)[::-1], zeros[:head]))
            return self._packed_record(b, *pack_burst(b, nb, view))

        return await self._write(bursts, beats, axid, record)

    def _stream(self, records: bytes) -> None:
        """Hand the records of a call's streamed bursts to the transactor (the file it reads)."""
        self._wr_stream.rewrite(records)

    def _stream_reads(self, descriptors: bytes) -> None:
        """Hand the descriptors of a read call's streamed bursts to the transactor (the file it reads)."""
        self._rd_stream.rewrite(descriptors)

    def _packed_record(self, burst: Burst, words: Sequence[int], strobes: Sequence[int]) -> bytes:
        """The record of a burst given beat by beat (WDATA words and WSTRB values)."""
        data, strb = self._pack(burst, words, strobes)
        return self._record(burst, data.to_bytes(burst.beats * self.bus_bytes, "little"), self._strobe_block(strb))

    async def write_beats(
        self,
        bursts: Sequence[Burst],
        beats: Callable[[int], tuple[Sequence[int], Sequence[int]]],
        axid: int | None = None,
    ) -> Transfer:
        """Write ``bursts`` whose WDATA/WSTRB per beat ``beats(i)`` gives for burst ``i``."""
        return await self._write(
            bursts, lambda i: self._pack(bursts[i], *beats(i)), axid,
            lambda i: self._packed_record(bursts[i], *beats(i)),
        )

    async def _write(
        self,
        bursts: Sequence[Burst],
        vectors: Callable[[int], tuple[int, int]],
        axid: int | None,
        record: Callable[[int], bytes],
    ) -> Transfer:
        xfer = Transfer()
        if not bursts:
            return xfer
        clock = self.stages
        if clock is not None:
            clock.calls += 1
            mark = time.perf_counter_ns()
        if self._wr_busy:
            raise AxiError("write: another write call is still running on this engine")
        self._check(bursts, "write")
        self._config()
        axid = self.default_id if axid is None else axid
        if not 0 <= axid < 1 << self.id_width:
            raise ValueError(f"write: AWID={axid} does not fit {self.id_width} ID bits")
        h = self._h
        hooks = (self.aw_pause, self.w_pause, self.b_hold)
        pace = sum(1 << c for c, hook in enumerate(hooks) if hook is not None)
        n = len(bursts)
        resps: list[int] = []
        pushed = 0
        if clock is not None:
            mark = clock.lap("setup", mark)
        if self._wr_stat is None:
            self._bind_status()
        read_status = self._wr_stat
        st = _Status.write(read_status())
        calls = st.calls
        self._wr_seq = st.seq  # the last command taken (another engine on this transactor may have sent it)
        if clock is not None:
            mark = clock.lap("status", mark)
        filed = self.stream and n <= MAX_STREAM + 1  # every burst, the first too, through the file
        if filed:
            records = b"".join(record(i) for i in range(n))
            if clock is not None:
                mark = clock.lap("pack", mark)
            self._stream(records)
            if clock is not None:
                mark = clock.lap("stream", mark)
        self._strb_written = None
        self._wr_busy = True
        try:
            while True:
                if pushed:  # the call has started: its first command was taken
                    if st.err:
                        self._write_error(st, bursts, axid)
                    if st.count > len(resps):
                        if st.count - len(resps) > RESP_LOG:
                            raise AxiError(f"write: {st.count - len(resps)} responses arrived between two wakeups; "
                                           f"the transactor logs {RESP_LOG}")
                        log = self._wr_log()
                        resps.extend(logged_response(log, k) for k in range(len(resps), st.count))
                        if clock is not None:
                            mark = clock.lap("results", mark)
                    if st.calls != calls:
                        break
                if st.seq == self._wr_seq:
                    if not filed and pushed < n and st.free > 0:
                        data, strb = vectors(pushed)
                        if clock is not None:
                            mark = clock.lap("pack", mark)
                        h["x_wr_data"].value = data
                        if clock is not None:
                            mark = clock.lap("vector", mark)
                        if strb != self._strb_written:
                            h["x_wr_strb"].value = strb
                            self._strb_written = strb
                    cmd, pushed = self._next_command(
                        self._wr_cmd, self._wr_pack, hooks, st, "x_wr_chunks", bursts, pushed, axid, pace, filed)
                    if cmd is not None:
                        self._wr_seq = (self._wr_seq + 1) & 0xFF
                        h["x_wr_cmd"].value = cmd | self._wr_seq
                    if clock is not None:
                        mark = clock.lap("command", mark)
                while True:
                    await h["x_wr_ev"].value_change
                    self.wakeups += 1
                    if clock is not None:
                        mark = clock.lap("wait", mark)
                    st = _Status.write(read_status())
                    if clock is not None:
                        mark = clock.lap("status", mark)
                    if st.seq == self._wr_seq:  # commands are taken at the next edge
                        break
        finally:
            self._wr_busy = False
            self._after_call()
            if clock is not None:
                mark = clock.lap("after", mark)
        if len(resps) != n:
            raise AxiProtocolError(f"write: {len(resps)} B responses for {n} bursts")
        xfer.resps = [Resp(r) for r in resps]
        xfer.cycles = st.cycles
        self.write_span = DataSpan(st.first, st.last)
        self.stats.add(AxiStats(n, sum(b.beats for b in bursts), sum(b.length for b in bursts), st.cycles))
        if clock is not None:
            clock.lap("finish", mark)
        return xfer

    def _write_error(self, st: _Status, bursts: Sequence[Burst], axid: int) -> None:
        n = len(bursts)
        progress = f"AW issued {st.addr_count}/{n}, W at burst {st.data_done} beat {st.beat}, B received {st.count}"
        if st.err == WriteError.BID:
            raise AxiProtocolError(f"B response carries BID={st.err_id}, expected {axid}")
        if st.err == WriteError.NO_BURST:
            raise AxiProtocolError(f"B response (BID={st.err_id}) with no write burst outstanding")
        if st.err == WriteError.TIMEOUT:
            raise AxiTimeoutError(f"write: no handshake for {self.timeout_cycles} cycles ({progress})")
        if st.err == WriteError.RESET:
            index, done = (st.data_done, st.err_id) if st.data_done < n else (st.count, bursts[st.count].beats)
            self._reset_error("write", bursts, index, done, st.count, st.cycles)
        if st.err == WriteError.STREAM:
            raise AxiError(
                f"write: the transactor could not read a whole burst record from {STREAM_FILE!r} "
                f"(in {os.getcwd()}); bursts missing: {st.err_id}; the bursts before them completed ({progress})"
            )
        raise AxiError(f"write: the transactor reported error {st.err} ({_error_name(WriteError, st.err)}, {progress}); "
                       "the engine fed it wrongly")

    # ------------------------------------------------------------------ read
    async def read(self, bursts: Sequence[Burst], length: int | None = None, axid: int | None = None) -> Transfer:
        """Read ``bursts``; return their bytes (placed by burst offset) and responses; ``words`` per burst too."""
        xfer = _ReadTransfer()
        if not bursts:
            return xfer
        clock = self.stages
        if clock is not None:
            clock.calls += 1
            mark = time.perf_counter_ns()
        if self._rd_busy:
            raise AxiError("read: another read call is still running on this engine")
        self._check(bursts, "read")
        self._config()
        axid = self.default_id if axid is None else axid
        if not 0 <= axid < 1 << self.id_width:
            raise ValueError(f"read: ARID={axid} does not fit {self.id_width} ID bits")
        h = self._h
        nb = self.bus_bytes
        code = _STRUCT.get(nb)
        hooks = (self.ar_pause, self.r_hold)
        pace = sum(1 << c for c, hook in enumerate(hooks) if hook is not None)
        n = len(bursts)
        total = sum(b.length for b in bursts) if length is None else length
        out = bytearray(total)
        base_offset = bursts[0].offset
        resps: list[Resp] = []
        pushed = 0
        if clock is not None:
            mark = clock.lap("setup", mark)
        if self._wr_stat is None:
            self._bind_status()
        read_status = self._rd_stat
        st = _Status.read(read_status())
        calls = st.calls
        self._rd_seq = st.seq
        if clock is not None:
            mark = clock.lap("status", mark)
        filed = self.stream and n <= MAX_STREAM + 1  # every finished burst, the first too, in the out file
        if filed and n > 1:
            descriptors = b"".join(self._descriptor(bursts[i]) for i in range(1, n))
            if clock is not None:
                mark = clock.lap("pack", mark)
            self._stream_reads(descriptors)
            if clock is not None:
                mark = clock.lap("stream", mark)
        self._rd_busy = True
        try:
            while True:
                if pushed and st.err:
                    self._read_error(st, bursts, axid, st.count if filed else len(resps))
                if pushed and not filed and st.count > len(resps):
                    if st.count > len(resps) + 1:
                        raise AxiError(f"read: {st.count - len(resps)} bursts finished between two wakeups; results lost")
                    b = bursts[len(resps)]
                    raw = self._result_beats(b.beats)
                    words = list(struct.unpack(f"<{b.beats}{code}", raw)) if code else [
                        int.from_bytes(raw[k : k + nb], "little") for k in range(0, len(raw), nb)
                    ]
                    resp = Resp(st.resp)
                    if resp == Resp.OKAY:
                        if b.is_full_width_incr(nb):
                            head = b.address & (nb - 1)
                            data = raw[head : head + b.length]
                        else:
                            data = unpack_burst(b, nb, words)
                        start = b.offset - base_offset
                        out[start : start + len(data)] = data
                    resps.append(resp)
                    xfer.words.append(words)
                    if clock is not None:
                        mark = clock.lap("results", mark)
                if pushed and st.calls != calls:
                    break
                if st.seq == self._rd_seq:
                    cmd, pushed = self._next_command(
                        self._rd_cmd, self._rd_pack, hooks, st, "x_rd_chunks", bursts, pushed, axid, pace, filed)
                    if cmd is not None:
                        self._rd_seq = (self._rd_seq + 1) & 0xFF
                        h["x_rd_cmd"].value = cmd | self._rd_seq
                    if clock is not None:
                        mark = clock.lap("command", mark)
                while True:
                    await h["x_rd_ev"].value_change
                    self.wakeups += 1
                    if clock is not None:
                        mark = clock.lap("wait", mark)
                    st = _Status.read(read_status())
                    if clock is not None:
                        mark = clock.lap("status", mark)
                    if st.seq == self._rd_seq:
                        break
        finally:
            self._rd_busy = False
            self._after_call()
            if clock is not None:
                mark = clock.lap("after", mark)
        if filed:  # the call is over: the transactor has written and closed the out file
            xfer._unpack = self._collect(bursts, calls, out, base_offset, resps)
            if clock is not None:
                mark = clock.lap("results", mark)
        if len(resps) != n:
            raise AxiProtocolError(f"read: {len(resps)} bursts answered of {n}")
        xfer.resps = resps
        xfer.cycles = st.cycles
        xfer.data = bytes(out)
        self.read_span = DataSpan(st.first, st.last)
        self.stats.add(AxiStats(n, sum(b.beats for b in bursts), sum(b.length for b in bursts), st.cycles))
        if clock is not None:
            clock.lap("finish", mark)
        return xfer

    def _result_beats(self, beats: int) -> bytes:
        """The first ``beats`` beats of the read half's result vector (``x_rd_data``) as little-endian
        bytes. Only those beats' bits are converted: the vector's text (cocotb reads it as 0/1
        characters) is cut to them before it becomes an integer (a quarter less work than the
        whole vector for a 190-beat burst, almost none for a short one); beats with other
        characters than 0 and 1 take cocotb's conversion of the whole vector (L and H resolved, an
        error for X and Z)."""
        value = self._h["x_rd_data"].value
        text = str(value)
        bits = beats * self.bus_bytes * 8
        try:
            word = int(text[len(text) - bits :], 2)
        except ValueError:
            word = value.to_unsigned() & ((1 << bits) - 1)
        return word.to_bytes(bits // 8, "little")

    def _collect(self, bursts: Sequence[Burst], call: int, out: bytearray, base_offset: int,
                 resps: list[Resp]) -> Callable[[], list[list[int]]]:
        """Read a streamed read call's finished bursts from ``READ_OUT_FILE`` (one record each, in
        order, tagged with ``call``: the calls finished before it) into ``out`` (OKAY bursts) and
        ``resps``; return a function that gives every burst's RDATA words from them."""
        nb = self.bus_bytes
        size = read_record_bytes(self.max_beats, nb)
        blob = self._rd_out.read(size * len(bursts))
        if len(blob) != size * len(bursts):
            raise AxiError(f"read: {READ_OUT_FILE!r} (in {os.getcwd()}) holds {len(blob)} bytes; "
                           f"{len(bursts)} bursts of {size} bytes were expected")
        view = memoryview(blob)
        code = _STRUCT.get(nb)

        def words(i: int, b: Burst) -> list[int]:
            at = i * size + READ_RECORD_HEADER_BYTES
            if code:
                return list(struct.unpack_from(f"<{b.beats}{code}", view, at))
            return [int.from_bytes(view[k : k + nb], "little") for k in range(at, at + b.beats * nb, nb)]

        resp_field, call_field, index_field = READ_RECORD["resp"], READ_RECORD["call"], READ_RECORD["index"]
        for i, b in enumerate(bursts):
            at = i * size
            header = int.from_bytes(view[at : at + READ_RECORD_HEADER_BYTES], "little")
            if (call_field.get(header), index_field.get(header)) != (call & call_field.mask, i & index_field.mask):
                raise AxiError(f"read: record {i} of {READ_OUT_FILE!r} (in {os.getcwd()}) is burst "
                               f"{index_field.get(header)} of call {call_field.get(header)}, not burst {i} of call "
                               f"{call & call_field.mask}: the transactor did not write this call's bursts")
            resp = Resp(resp_field.get(header))
            if resp == Resp.OKAY:
                start = b.offset - base_offset
                if b.is_full_width_incr(nb):
                    head = at + READ_RECORD_HEADER_BYTES + (b.address & (nb - 1))
                    out[start : start + b.length] = view[head : head + b.length]
                else:
                    data = unpack_burst(b, nb, words(i, b))
                    out[start : start + len(data)] = data
            resps.append(resp)
        return lambda: [words(i, b) for i, b in enumerate(bursts)]

    @staticmethod
    def _reset_error(kind: str, bursts: Sequence[Burst], index: int, beats_done: int, completed: int, cycles: int) -> None:
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

    def _read_error(self, st: _Status, bursts: Sequence[Burst], axid: int, done: int) -> None:
        n = len(bursts)
        burst = bursts[min(done, n - 1)]
        if st.err == ReadError.RID:
            raise AxiProtocolError(f"R beat carries RID={st.err_id}, expected {axid}")
        if st.err == ReadError.NO_BURST:
            raise AxiProtocolError("R beat with no read burst outstanding")
        if st.err == ReadError.TIMEOUT:
            raise AxiTimeoutError(
                f"read: no handshake for {self.timeout_cycles} cycles "
                f"(AR issued {st.addr_count}/{n}, R at burst {done} beat {st.err_beat})"
            )
        if st.err == ReadError.RLAST:
            rlast = int(st.err_beat != st.err_len)
            raise AxiProtocolError(
                f"RLAST={rlast} on beat {st.err_beat} of a {st.err_len + 1}-beat burst at 0x{burst.address:x}"
            )
        if st.err == ReadError.RDATA_X:
            raise AxiProtocolError(f"RDATA is X or Z on beat {st.err_beat} of burst at 0x{burst.address:x}")
        if st.err == ReadError.RESET:
            self._reset_error("read", bursts, done, st.err_beat, done, st.cycles)
        if st.err == ReadError.STREAM:
            raise AxiError(
                f"read: the transactor could not read a whole burst descriptor from {READ_STREAM_FILE!r} "
                f"(in {os.getcwd()}); bursts missing: {st.err_id}; the bursts before them completed"
            )
        raise AxiError(f"read: the transactor reported error {st.err} ({_error_name(ReadError, st.err)}, R at burst {done}); "
                       "the engine fed it wrongly")


def _error_name(codes: type, code: int) -> str:
    try:
        return codes(code).name
    except ValueError:
        return "unknown code"
