"""The burst transactor's wire format, defined once: what :class:`tb.fast_engine.FastEngine` writes
to the transactor and reads back, field by field.

The transactor (``tb/hdl/axi_xactor_*.v``) has a command port, a configuration word, a status
snapshot and (writes) a response log per direction, and reads the later bursts of a streamed call
from a file of fixed-size records (writes: descriptor, strobes and data; reads: the descriptor);
a streamed read call's finished bursts come back in a file of fixed-size records too; a Verilator
model also copies the status vectors into a mapped file, the status mailbox (:data:`MAILBOX`,
:class:`Mailbox`). Every field of those vectors is named here with its
position; the Verilog names the same positions with localparams of the same names in upper case
(``CMD_LEN``, ``ST_FREE``, ``DESC_ADDR``, ``ERR_TIMEOUT`` ...), and
``tests/test_testbench_hdl.py`` holds the two to each other for several ID and address widths.
No simulator is needed to use or test this module.

Commands (one layout per direction; ``streams`` is the number of pacing streams, AW/W/B or AR/R):

========== ================================ ==================================================
field      bits                             meaning
========== ================================ ==================================================
seq        [7:0]                            command number: new when it differs from the last
start      [8]                              the call starts (takes ``pace``, ``id``, ``stream``)
burst      [9]                              the command carries a burst
last       [10]                             it is the last burst of the call
pace       [11 +: streams]                  pacing on, per stream (with ``start``)
chunks     [11 + streams +: streams]        a chunk of decisions for that stream is present
len        next 8                           AxLEN
size       next 3                           AxSIZE
type       next 2                           AxBURST
id         next ID_WIDTH                    AxID of the call (with ``start``)
addr       next ADDR_WIDTH                  AxADDR
stream     next 15                          bursts of the call that follow in the stream file
file       next 1                           the call's first burst goes through the files too
                                            (with ``start``; writes: its record is the stream
                                            file's first, the data vector is not read; reads:
                                            it comes back in the out file, even alone)
========== ================================ ==================================================
"""

from __future__ import annotations

import mmap
import os
import weakref
from dataclasses import dataclass
from enum import IntEnum
from typing import Iterable, Mapping

#: Decisions a pacing stream of the transactor holds.
DEPTH = 256
#: Bits of a pacing stream's level in the status ($clog2(DEPTH + 1)).
LEVEL_BITS = DEPTH.bit_length()
#: B responses the write half's log holds, RESP_BITS each (response i at [RESP_BITS*(i % RESP_LOG) +: 2]).
RESP_LOG = 256
RESP_BITS = 2
#: Bursts one call can stream after its first (the 15-bit ``stream`` field).
MAX_STREAM = 0x7FFF
#: The file streamed write calls go through (the transactor's STREAM_FILE, relative to the
#: working directory the simulator and Python share).
STREAM_FILE = "axi_xactor_wr.stream"
#: The files of a streamed read call: the descriptors of its bursts after the first (in), and every
#: finished burst (out: :data:`READ_RECORD` header, then the burst vector, little-endian).
READ_STREAM_FILE = "axi_xactor_rd.stream"
READ_OUT_FILE = "axi_xactor_rd.out"
#: The status mailbox of a Verilator build of ``nic_fast_top`` (its MAILBOX_FILE): the status
#: vectors, copied by the model whenever they change, at the byte offsets of :data:`MAILBOX`.
MAILBOX_FILE = "axi_xactor.mailbox"
#: Where each vector sits in the mailbox: (byte offset, bytes), least significant byte first.
MAILBOX = {"x_wr_stat": (0, 32), "x_wr_resp_log": (32, 64), "x_rd_stat": (96, 32)}
#: The mailbox's size (nic_fast_top MAILBOX_BYTES).
MAILBOX_BYTES = 128
#: Pacing streams per direction: AW, W, B and AR, R.
WRITE_STREAMS = 3
READ_STREAMS = 2
#: Width of the status snapshot of either half.
STATUS_BITS = 256
#: Bytes of a stream record's descriptor (big-endian, before the beats).
DESCRIPTOR_BYTES = 16


@dataclass(frozen=True)
class Field:
    """``width`` bits at ``lsb`` of a vector."""

    name: str
    lsb: int
    width: int

    @property
    def mask(self) -> int:
        return (1 << self.width) - 1

    def get(self, vector: int) -> int:
        return (vector >> self.lsb) & self.mask

    def put(self, value: int) -> int:
        """``value`` at this field's place; ValueError when it does not fit."""
        if not 0 <= value <= self.mask:
            raise ValueError(f"{self.name}={value} does not fit {self.width} bits (allowed 0..{self.mask})")
        return value << self.lsb


class Layout:
    """A vector made of named fields, each after the one before unless placed (``at``)."""

    def __init__(self, name: str, fields: Iterable[tuple[str, int] | tuple[str, int, int]], width: int | None = None):
        self.name = name
        self.fields: dict[str, Field] = {}
        lsb = 0
        for spec in fields:
            fname, fwidth = spec[0], spec[1]
            if len(spec) == 3:
                lsb = spec[2]  # type: ignore[misc]
            self.fields[fname] = Field(fname, lsb, fwidth)
            lsb += fwidth
        self.width = lsb if width is None else width
        if lsb > self.width:
            raise ValueError(f"{name}: fields end at bit {lsb}, beyond its {self.width} bits")
        self._unpack = tuple((f.name, f.lsb, f.mask) for f in self.fields.values())
        self._places = {f.name: (f.lsb, f.mask) for f in self.fields.values()}

    def __getitem__(self, name: str) -> Field:
        return self.fields[name]

    def pack(self, **values: int) -> int:
        """The vector with these fields set (the others zero)."""
        vector = 0
        places = self._places
        for name, value in values.items():
            place = places.get(name)
            if place is None:
                raise KeyError(f"{self.name} has no field {name!r}; fields: {', '.join(self.fields)}")
            value = int(value)
            if not 0 <= value <= place[1]:
                self.fields[name].put(value)  # raises, naming the field and what fits
            vector |= value << place[0]
        return vector

    def unpack(self, vector: int) -> dict[str, int]:
        """Every field's value."""
        return {name: (vector >> lsb) & mask for name, lsb, mask in self._unpack}


def command_layout(streams: int, id_width: int, addr_width: int, *, stream_count: bool) -> Layout:
    """The command of a half with ``streams`` pacing streams (see the module doc)."""
    fields: list[tuple[str, int]] = [
        ("seq", 8), ("start", 1), ("burst", 1), ("last", 1), ("pace", streams), ("chunks", streams),
        ("len", 8), ("size", 3), ("type", 2), ("id", id_width), ("addr", addr_width),
    ]
    if stream_count:
        fields += [("stream", 15), ("file", 1)]
    return Layout("command", fields)


def write_command(id_width: int, addr_width: int) -> Layout:
    """The write half's command."""
    return command_layout(WRITE_STREAMS, id_width, addr_width, stream_count=True)


def read_command(id_width: int, addr_width: int) -> Layout:
    """The read half's command."""
    return command_layout(READ_STREAMS, id_width, addr_width, stream_count=True)


#: The configuration word of either half: outstanding bursts allowed, quiet cycles before a timeout.
CONFIG = Layout("config", [("max_out", 8), ("timeout", 32)])

#: Fields both halves' status has at the same place.
_STATUS_COMMON = [
    ("seq", 8, 0),          # last command taken
    ("free", 8, 8),         # free burst slots
    ("calls", 8, 16),       # calls finished (wraps)
    ("count", 16, 24),      # writes: B responses of the call; reads: bursts finished in the call
    ("err", 4, 40),         # error code of the call (WriteError / ReadError)
    ("err_id", 8, 48),      # offending ID (write reset: the beat reached; stream error: bursts owed)
]

#: The write half's status snapshot.
WRITE_STATUS = Layout("write status", _STATUS_COMMON + [
    ("level_aw", LEVEL_BITS, 64), ("level_w", LEVEL_BITS), ("level_b", LEVEL_BITS),
    ("cycles", 32, 96),      # cycles of the call
    ("addr_count", 32, 128), # AW handshakes
    ("data_done", 16, 160),  # bursts whose data is done
    ("beat", 8, 176),        # beat of the current burst
    ("first", 32, 184),      # cycle of the first W handshake
    ("last", 32, 216),       # cycle of the last one
], STATUS_BITS)

#: The read half's status snapshot.
READ_STATUS = Layout("read status", _STATUS_COMMON + [
    ("err_beat", 8, 56),     # offending beat
    ("level_ar", LEVEL_BITS, 64), ("level_r", LEVEL_BITS),
    ("err_len", 8, 88),      # offending burst's ARLEN
    ("cycles", 32, 96),
    ("addr_count", 32, 128), # AR handshakes
    ("first", 32, 160),      # cycle of the first R handshake
    ("last", 32, 192),       # cycle of the last one
    ("resp", 2, 224),        # RRESP of the last finished burst (worst beat)
], STATUS_BITS)

#: A stream record's descriptor (:data:`DESCRIPTOR_BYTES` bytes, big-endian); the beats follow.
DESCRIPTOR = Layout("descriptor", [("type", 2, 51), ("size", 3), ("len", 8), ("addr", 64)], 8 * DESCRIPTOR_BYTES)


#: The header of a finished burst in :data:`READ_OUT_FILE` (32 bits, little-endian): the burst's RRESP
#: (worst beat), the calls the read half had finished before its call (low 8 bits), its index in the
#: call (low 16 bits). The file is rewritten from its start, not truncated: these tell a record of
#: this call from one left by an earlier, longer call.
READ_RECORD = Layout("read record header", [("resp", 2), ("call", 8, 8), ("index", 16, 16)], 32)
READ_RECORD_HEADER_BYTES = READ_RECORD.width // 8


class WriteError(IntEnum):
    """Why the write half ended a call (``err`` of its status)."""

    NONE = 0
    BID = 1          # a B carried another ID than the call's
    NO_BURST = 2     # a B with no burst outstanding
    TIMEOUT = 3      # no handshake for TIMEOUT cycles
    UNDERRUN = 4     # the testbench did not feed a burst or a decision in time
    MISUSE = 5       # a command the transactor cannot take
    RESET = 6        # reset during the call
    STREAM = 7       # a record of the stream file could not be read whole


class ReadError(IntEnum):
    """Why the read half ended a call (``err`` of its status)."""

    NONE = 0
    RID = 1          # an R beat carried another ID than the call's
    NO_BURST = 2     # an R beat with no burst outstanding
    TIMEOUT = 3
    UNDERRUN = 4
    MISUSE = 5
    RESET = 6
    RLAST = 7        # RLAST on another beat than the last
    RDATA_X = 8      # RDATA was X or Z
    STREAM = 9       # a descriptor of the stream file could not be read whole


def logged_response(log: int, i: int) -> int:
    """BRESP of the call's response ``i`` from the write half's response log."""
    return (log >> (RESP_BITS * (i % RESP_LOG))) & ((1 << RESP_BITS) - 1)


def record_bytes(max_beats: int, bus_bytes: int) -> int:
    """Bytes of one stream record: the descriptor, then strobes and data of ``max_beats`` beats."""
    return DESCRIPTOR_BYTES + max_beats * bus_bytes * 9 // 8


def read_record_bytes(max_beats: int, bus_bytes: int) -> int:
    """Bytes of one finished burst in :data:`READ_OUT_FILE`: the header, then ``max_beats`` beats."""
    return READ_RECORD_HEADER_BYTES + max_beats * bus_bytes


_DESC_ADDR, _DESC_LEN, _DESC_SIZE, _DESC_TYPE = (DESCRIPTOR[n].lsb for n in ("addr", "len", "size", "type"))
_DESC_ADDR_END = 1 << DESCRIPTOR["addr"].width


def descriptor(address: int, beats: int, size: int, burst_type: int) -> bytes:
    """A record's descriptor for a burst (a value that does not fit its field raises, naming it)."""
    if not (0 <= address < _DESC_ADDR_END and 1 <= beats <= 256 and 0 <= size < 8 and 0 <= burst_type < 4):
        DESCRIPTOR.pack(addr=address, len=beats - 1, size=size, type=burst_type)  # raises, naming the field
    return ((address << _DESC_ADDR) | ((beats - 1) << _DESC_LEN) | (size << _DESC_SIZE)
            | (burst_type << _DESC_TYPE)).to_bytes(DESCRIPTOR_BYTES, "big")


def verilog_names(layout: Layout, prefix: str) -> Mapping[str, int]:
    """The localparam name and bit position of every field, as the Verilog spells them
    (``prefix`` + the field's name in upper case)."""
    return {prefix + name.upper(): f.lsb for name, f in layout.fields.items()}


# ---------------------------------------------------------------------- Wishbone and Avalon-MM
# The request transactors of wb_fast_top and avmm_fast_top (tb/hdl/wb_xactor.v, avmm_xactor.v):
# one command starts a call and carries its first request; the others are records of the
# stream file (a REQUEST descriptor, then the request's write data: bus_bytes bytes, big-endian);
# the answers come back in the answer file, a line "<code> <data>" (hex) each.

#: The command of a Wishbone or Avalon-MM call (``data_width``: the bus's).
def bus_command(data_width: int) -> Layout:
    return Layout("bus command", [
        ("seq", 8), ("we", 1), ("pipelined", 1), ("count", 32), ("bursts", 32), ("timeout", 32),
        ("desc", 8 * DESCRIPTOR_BYTES), ("data", data_width),
    ])


#: A request's descriptor (in the command, or the first :data:`DESCRIPTOR_BYTES` bytes of a record).
REQUEST = Layout("request", [
    ("addr", 64, 0), ("idle", 24), ("cti", 3), ("bte", 2), ("end", 1), ("count", 12), ("sel", 16, 112),
], 8 * DESCRIPTOR_BYTES)

#: The status of either request transactor.
BUS_STATUS = Layout("bus status", [
    ("seq", 8), ("calls", 16), ("err", 4), ("issued", 32, 32), ("answered", 32), ("cycles", 32),
], 128)

#: Idle cycles one request can wait for (the 24-bit ``idle`` field).
MAX_IDLE = (1 << 24) - 1

#: The files of each bus's transactor (the STREAM_FILE and ANSWER_FILE parameters, in the
#: simulation's working directory) and of its wrapper's port recorder (LOG_FILE).
BUS_FILES = {
    "wishbone": ("wb_xactor.stream", "wb_xactor.answers", "wb_port.log"),
    "avalon": ("avmm_xactor.stream", "avmm_xactor.answers", "avmm_port.log"),
}


class BusError(IntEnum):
    """Why a request transactor ended a call (``err`` of :data:`BUS_STATUS`)."""

    NONE = 0
    NO_REQUEST = 1   # an answer with no request outstanding
    DATA_X = 2       # read data with X or Z bits
    TIMEOUT = 3      # neither a request taken nor an answer for TIMEOUT cycles
    STREAM = 4       # a record of the stream file could not be read whole
    RESET = 5        # reset during the call
    BUSY = 6         # a command while a call ran


def rewrite_file(path: str, data: bytes) -> None:
    """``data`` at the start of the file ``path``, which then ends there: how Python hands a call's
    stream file to a transactor.  The file is rewritten in place, not truncated to nothing or created
    anew (on ext4 truncating a file to nothing makes its close flush it, and creating and removing
    one per call costs about 0.1 ms)."""
    try:
        f = open(path, "r+b")
    except FileNotFoundError:
        f = open(path, "wb")
    with f:
        f.write(data)
        if f.seek(0, os.SEEK_END) > len(data):
            f.truncate(len(data))


class HeldFile:
    """A transactor's file that one engine rewrites (or reads) at every call, held open between calls.

    :meth:`rewrite` puts ``data`` at the start of the file, which then ends there: the content
    :func:`rewrite_file` leaves, without opening and closing the file each call. It costs one
    ``fstat``, then a copy into a mapping of the file when the file is already as long as ``data``
    (a call as long as the last: no write call; a reader of the file sees the same bytes), else
    one ``pwrite``, and an ``ftruncate`` when the file was longer. :meth:`read` returns the
    file's first bytes (one ``pread``, unbuffered, so nothing read before is served again). The
    file is opened (and created) at the first use, relative to the working directory then, and
    closed with :meth:`close` or when the object goes away. When the file held has been removed
    (or replaced by a rename), the next use opens what the path names then."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._closer: weakref.finalize | None = None
        self._map: mmap.mmap | None = None

    def _open(self) -> tuple[int, int]:
        """The file's descriptor and size."""
        fd = self._fd
        if fd is not None:
            st = os.fstat(fd)
            if st.st_nlink:
                return fd, st.st_size
            self.close()  # the file held was removed or replaced: open what the path names now
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        self._fd = fd
        self._closer = weakref.finalize(self, os.close, fd)
        return fd, os.fstat(fd).st_size

    def rewrite(self, data: bytes) -> None:
        """``data`` at the start of the file, which then ends there."""
        fd, size = self._open()
        n = len(data)
        if size == n and n:
            mapped = self._map
            if mapped is None or len(mapped) != n:
                self._unmap()
                mapped = self._map = mmap.mmap(fd, n)
            mapped[:] = data
            return
        self._unmap()  # (the file's size changes)
        view = memoryview(data)
        done = 0
        while done < len(view):
            done += os.pwrite(fd, view[done:], done)
        if size > len(view):  # (ftruncate costs as much as the write even when the size stays)
            os.ftruncate(fd, len(view))

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes from the start of the file (fewer when it is shorter)."""
        fd, _ = self._open()
        parts = []
        done = 0
        while done < size:
            part = os.pread(fd, size - done, done)
            if not part:
                break
            parts.append(part)
            done += len(part)
        return b"".join(parts)

    def _unmap(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None

    def close(self) -> None:
        """Close the file (the next use opens it again)."""
        self._unmap()
        if self._closer is not None:
            self._closer()
        self._fd = self._closer = None


class Mailbox:
    """The status mailbox (:data:`MAILBOX_FILE`) mapped into memory, read only: the vectors of
    :data:`MAILBOX` as the model last copied them there, which is what a read of them through the
    simulator would return (the model copies a vector in the evaluation that changed it). A read
    is a slice of memory, not a call through the simulator's value interface.

    ``path`` is opened relative to the working directory; a file of another size than
    :data:`MAILBOX_BYTES` is refused (:class:`ValueError` naming both)."""

    def __init__(self, path: str = MAILBOX_FILE) -> None:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size != MAILBOX_BYTES:
                raise ValueError(f"{path!r} (in {os.getcwd()}) holds {size} bytes; a status mailbox holds {MAILBOX_BYTES}")
            self._map = mmap.mmap(f.fileno(), MAILBOX_BYTES, access=mmap.ACCESS_READ)
        self.path = path

    def reader(self, vector: str):
        """A function of no argument that returns ``vector``'s value (one of :data:`MAILBOX`) now,
        as an unsigned integer."""
        if vector not in MAILBOX:
            raise ValueError(f"vector={vector!r}; the mailbox holds {', '.join(MAILBOX)}")
        at, size = MAILBOX[vector]
        view, end, from_bytes = self._map, at + size, int.from_bytes
        return lambda: from_bytes(view[at:end], "little")

    def close(self) -> None:
        """Unmap the file (a reader made before fails from then on)."""
        self._map.close()
