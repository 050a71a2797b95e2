"""AXI4 constants, the burst descriptor, the burst planner and beat packing.

Addresses are byte addresses.  Data words are little endian: the byte at
address ``a`` travels on byte lane ``a % bus_bytes`` of the data bus, which is
bits ``[8*lane, 8*lane + 8)`` of the WDATA/RDATA word.  Strobes are ints with
bit ``lane`` set when that lane carries a byte.

A :class:`Burst` carries ``length`` bytes of a host buffer starting at
``offset``.  Those bytes fill the burst's valid byte lanes (as defined by the
AXI specification for the burst's address, size and type) in beat order, lowest
lane first; the first ``length`` valid lanes are the ones whose strobes are set.
For an INCR burst that makes an unaligned start address carry the head and a
short ``length`` carry the tail.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Sequence, Union

__all__ = [
    "AXI_MAX_BEATS",
    "AXI_BOUNDARY",
    "WRAP_BEATS",
    "BurstType",
    "Resp",
    "Burst",
    "BytesLike",
    "plan_bursts",
    "plan_bytewise",
    "beat_strobes",
    "pack_burst",
    "unpack_burst",
    "pack_burst_wide",
    "unpack_burst_wide",
    "check_bus_bytes",
    "BurstRecord",
    "Transfer",
]

AXI_MAX_BEATS = 256
"""Longest AXI4 burst (AxLEN is 8 bits)."""

AXI_BOUNDARY = 4096
"""No AXI burst may cross a 4 KiB address boundary."""

WRAP_BEATS = frozenset({2, 4, 8, 16})
"""Legal lengths of a WRAP burst."""

FIXED_MAX_BEATS = 16
"""Longest FIXED burst AXI4 allows."""

_MAX_SIZE = 7  # AxSIZE is 3 bits: 1..128 bytes per beat
BytesLike = Union[bytes, bytearray, memoryview]
"""Buffers the packers read from."""

_STRUCT_CODES = {1: "B", 2: "H", 4: "I", 8: "Q"}
# Slots make bursts smaller and quicker to build (Python 3.10 and later).
_SLOTS: dict[str, bool] = {"slots": True} if sys.version_info >= (3, 10) else {}


class BurstType(IntEnum):
    """AxBURST encodings.  ``RESERVED`` (0b11) exists so illegal requests can be described."""

    FIXED = 0
    INCR = 1
    WRAP = 2
    RESERVED = 3


class Resp(IntEnum):
    """BRESP/RRESP encodings."""

    OKAY = 0
    EXOKAY = 1
    SLVERR = 2
    DECERR = 3


def _require_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    return value


def check_bus_bytes(bus_bytes: int) -> int:
    """Validate a data bus width in bytes (a power of two from 1 to 128) and return log2 of it."""
    _require_int("bus_bytes", bus_bytes)
    if bus_bytes < 1 or bus_bytes > 128 or bus_bytes & (bus_bytes - 1):
        raise ValueError(f"bus_bytes must be a power of two from 1 to 128, got {bus_bytes}")
    return bus_bytes.bit_length() - 1


def _contiguous_view(buffer: object) -> memoryview:
    """A C-contiguous view of ``buffer``: its own when it is one, else one of a copy of its bytes."""
    view = memoryview(buffer)  # type: ignore[arg-type]
    return view if view.c_contiguous else memoryview(view.tobytes())


def _byte_view(buffer: object) -> memoryview:
    view = _contiguous_view(buffer)
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    return view


@dataclass(frozen=True, **_SLOTS)
class Burst:
    """One AXI burst: what goes on AW/AR plus where its bytes come from in the host buffer.

    ``address`` is AxADDR (it may be unaligned for INCR and FIXED), ``beats`` is
    AxLEN + 1, ``size`` is AxSIZE (log2 of the bytes per beat).  ``offset`` is
    the index in the host buffer of the first byte the burst carries and
    ``length`` the number of buffer bytes it carries, i.e. the number of byte
    strobes it sets.  ``length`` may be anything from 0 to :attr:`capacity`.

    Construction only checks field ranges; protocol legality (WRAP length and
    alignment, size against the bus width, the 4 KiB rule) is left to the
    consumer so that illegal requests can be described and sent.
    """

    address: int
    beats: int
    size: int
    burst_type: BurstType = BurstType.INCR
    offset: int = 0
    length: int = 0

    def __post_init__(self) -> None:
        # Fast acceptance of well-formed fields; anything else gets the detailed checks.
        a, beats, size, length = self.address, self.beats, self.size, self.length
        if (
            type(a) is int
            and type(beats) is int
            and type(size) is int
            and type(length) is int
            and type(self.offset) is int
            and type(self.burst_type) is BurstType
            and a >= 0
            and 0 < beats <= AXI_MAX_BEATS
            and 0 <= size <= _MAX_SIZE
            and self.offset >= 0
            and 0 <= length <= (beats << size) - (a & ((1 << size) - 1))
            and (length <= 1 or self.burst_type != BurstType.FIXED or length <= self.capacity)
        ):
            return
        self._validate()

    def _validate(self) -> None:
        if _require_int("address", self.address) < 0:
            raise ValueError(f"address must be >= 0, got {self.address:#x}")
        if not 1 <= _require_int("beats", self.beats) <= AXI_MAX_BEATS:
            raise ValueError(f"beats must be from 1 to {AXI_MAX_BEATS}, got {self.beats}")
        if not 0 <= _require_int("size", self.size) <= _MAX_SIZE:
            raise ValueError(f"size (AxSIZE) must be from 0 to {_MAX_SIZE}, got {self.size}")
        if type(self.burst_type) is not BurstType:
            try:
                object.__setattr__(self, "burst_type", BurstType(self.burst_type))
            except ValueError:
                raise ValueError(
                    f"burst_type must be 0 (FIXED), 1 (INCR), 2 (WRAP) or 3 (RESERVED), "
                    f"got {self.burst_type!r}"
                ) from None
        if _require_int("offset", self.offset) < 0:
            raise ValueError(f"offset must be >= 0, got {self.offset}")
        if _require_int("length", self.length) < 0 or self.length > self.capacity:
            raise ValueError(
                f"length must be from 0 to the burst's capacity {self.capacity} "
                f"(address {self.address:#x}, {self.beats} beats of {1 << self.size} bytes, "
                f"{self.burst_type.name}), got {self.length}"
            )

    @classmethod
    def covering(
        cls,
        address: int,
        beats: int,
        size: int,
        burst_type: BurstType = BurstType.INCR,
        offset: int = 0,
    ) -> "Burst":
        """A burst that carries a byte in every valid lane (``length`` = capacity)."""
        probe = cls(address, beats, size, burst_type, offset, 0)
        return cls(address, beats, size, burst_type, offset, probe.capacity)

    @property
    def axlen(self) -> int:
        """AxLEN: beats - 1."""
        return self.beats - 1

    @property
    def bytes_per_beat(self) -> int:
        """2 ** AxSIZE."""
        return 1 << self.size

    @property
    def capacity(self) -> int:
        """Number of valid byte lanes over all beats (the most bytes the burst can carry)."""
        nb = 1 << self.size
        head = self.address & (nb - 1)
        if self.burst_type == BurstType.FIXED:
            return self.beats * (nb - head)
        return self.beats * nb - head

    def beat_addresses(self) -> list[int]:
        """Address of every beat, as the AXI specification defines it.

        FIXED repeats AxADDR.  INCR starts at AxADDR and continues from the
        size-aligned address.  WRAP continues from the aligned address and wraps
        at the wrap boundary (AxADDR rounded down to beats * bytes per beat).
        """
        nb = 1 << self.size
        a = self.address
        bt = self.burst_type
        if bt == BurstType.FIXED:
            return [a] * self.beats
        aligned = a - (a & (nb - 1))
        if bt == BurstType.INCR:
            return [a, *range(aligned + nb, aligned + self.beats * nb, nb)]
        if bt == BurstType.WRAP:
            total = nb * self.beats
            boundary = a - a % total
            rel = aligned - boundary
            return [a] + [boundary + (rel + i * nb) % total for i in range(1, self.beats)]
        raise ValueError(f"burst type {bt.name} ({int(bt)}) has no defined beat addresses")

    def lanes(self, bus_bytes: int) -> list[tuple[int, int]]:
        """Per beat, ``(first_lane, n_lanes)`` of the byte lanes the AXI rules make valid.

        This ignores ``length``; see :meth:`carried_lanes` for the lanes that
        actually carry buffer bytes.
        """
        self._check_width(bus_bytes)
        nb = 1 << self.size
        bmask = bus_bytes - 1
        return [(a & bmask, nb - (a & (nb - 1))) for a in self.beat_addresses()]

    def carried_lanes(self, bus_bytes: int) -> list[tuple[int, int]]:
        """Per beat, ``(first_lane, n_lanes)`` of the lanes carrying buffer bytes (``n_lanes`` may be 0)."""
        remaining = self.length
        out = []
        for first, n in self.lanes(bus_bytes):
            take = n if n <= remaining else remaining
            remaining -= take
            out.append((first, take))
        return out

    def _check_width(self, bus_bytes: int) -> None:
        log2 = check_bus_bytes(bus_bytes)
        if self.size > log2:
            raise ValueError(
                f"burst size {self.size} ({1 << self.size} bytes per beat) is wider than "
                f"the {bus_bytes}-byte data bus"
            )

    def is_full_width_incr(self, bus_bytes: int) -> bool:
        """True for an INCR burst whose beats are as wide as the bus (the planner's kind)."""
        return self.burst_type == BurstType.INCR and (1 << self.size) == bus_bytes


# --------------------------------------------------------------------------- planners


def plan_bursts(
    address: int,
    length: int,
    bus_bytes: int,
    max_beats: int = AXI_MAX_BEATS,
    boundary: int = AXI_BOUNDARY,
) -> list[Burst]:
    """Split a linear copy of ``length`` bytes at ``address`` into full-width INCR bursts.

    No burst crosses a ``boundary`` address boundary or has more than
    ``max_beats`` beats.  An unaligned head is carried by starting the burst at
    the unaligned address and an unaligned tail by a partial last beat, so
    every byte of ``[address, address + length)`` is carried exactly once, in
    ascending order.  Each burst runs as far as the rules allow, which gives the
    fewest bursts.
    """
    _require_int("address", address)
    _require_int("length", length)
    _require_int("max_beats", max_beats)
    _require_int("boundary", boundary)
    if address < 0:
        raise ValueError(f"address must be >= 0, got {address:#x}")
    if length < 0:
        raise ValueError(f"length must be >= 0, got {length}")
    size = check_bus_bytes(bus_bytes)
    if not 1 <= max_beats <= AXI_MAX_BEATS:
        raise ValueError(f"max_beats must be from 1 to {AXI_MAX_BEATS}, got {max_beats}")
    if boundary < bus_bytes or boundary & (boundary - 1):
        raise ValueError(
            f"boundary must be a power of two >= bus_bytes ({bus_bytes}), got {boundary}"
        )
    bursts: list[Burst] = []
    bmask = bus_bytes - 1
    span = max_beats * bus_bytes
    bound_mask = boundary - 1
    pos = address
    end = address + length
    offset = 0
    incr = BurstType.INCR
    while pos < end:
        row = pos & ~bmask
        stop = min(end, (pos | bound_mask) + 1, row + span)
        n = stop - pos
        bursts.append(Burst(pos, (stop - row + bmask) >> size, size, incr, offset, n))
        offset += n
        pos = stop
    return bursts


def plan_bytewise(address: int, length: int) -> list[Burst]:
    """One single-byte access per byte, in ascending address order (size 0, one beat each).

    This is the bus traffic of a byte-wide register buffer copy such as
    WRITE_REGISTER_BUFFER_UCHAR.
    """
    _require_int("address", address)
    _require_int("length", length)
    if address < 0:
        raise ValueError(f"address must be >= 0, got {address:#x}")
    if length < 0:
        raise ValueError(f"length must be >= 0, got {length}")
    incr = BurstType.INCR
    return [Burst(address + i, 1, 0, incr, i, 1) for i in range(length)]


# --------------------------------------------------------------------------- packing


def _words_from_bytes(raw: bytes | memoryview, bus_bytes: int, beats: int) -> list[int]:
    code = _STRUCT_CODES.get(bus_bytes)
    if code is not None:
        return list(struct.unpack_from(f"<{beats}{code}", raw))
    return [int.from_bytes(raw[i : i + bus_bytes], "little") for i in range(0, beats * bus_bytes, bus_bytes)]


def _words_to_bytes(words: Sequence[int], bus_bytes: int) -> bytes:
    code = _STRUCT_CODES.get(bus_bytes)
    try:
        if code is not None:
            return struct.pack(f"<{len(words)}{code}", *words)
        return b"".join(w.to_bytes(bus_bytes, "little") for w in words)
    except (struct.error, OverflowError, AttributeError):
        for i, w in enumerate(words):
            if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w < 1 << (8 * bus_bytes):
                raise ValueError(
                    f"data word {i} ({w!r}) does not fit a {bus_bytes}-byte bus"
                ) from None
        raise


def _check_source(burst: Burst, buffer_len: int) -> None:
    if burst.offset + burst.length > buffer_len:
        raise ValueError(
            f"burst carries buffer bytes [{burst.offset}, {burst.offset + burst.length}) "
            f"but the buffer has only {buffer_len} bytes"
        )


def _incr_strobes(head: int, length: int, beats: int, bus_bytes: int) -> list[int]:
    if length == 0:
        return [0] * beats
    full = (1 << bus_bytes) - 1
    end = head + length
    last = (end - 1) // bus_bytes
    strobes = [full] * (last + 1)
    if last + 1 < beats:
        strobes.extend([0] * (beats - last - 1))
    strobes[0] &= full ^ ((1 << head) - 1)
    strobes[last] &= (1 << (end - last * bus_bytes)) - 1
    return strobes


def beat_strobes(burst: Burst, bus_bytes: int) -> list[int]:
    """WSTRB of every beat: the lanes of the bytes this burst carries."""
    if burst.is_full_width_incr(bus_bytes):
        check_bus_bytes(bus_bytes)
        return _incr_strobes(burst.address & (bus_bytes - 1), burst.length, burst.beats, bus_bytes)
    return [((1 << n) - 1) << first for first, n in burst.carried_lanes(bus_bytes)]


def pack_burst(burst: Burst, bus_bytes: int, buffer: BytesLike) -> tuple[list[int], list[int]]:
    """WDATA words and WSTRB of every beat for the bytes ``buffer[offset:offset+length]``.

    Each byte sits in its own byte lane; lanes that carry nothing are 0.
    """
    view = _byte_view(buffer)
    _check_source(burst, len(view))
    start, stop = burst.offset, burst.offset + burst.length
    if burst.is_full_width_incr(bus_bytes):
        check_bus_bytes(bus_bytes)
        head = burst.address & (bus_bytes - 1)
        total = burst.beats * bus_bytes
        raw = b"".join((bytes(head), view[start:stop], bytes(total - head - burst.length)))
        return (
            _words_from_bytes(raw, bus_bytes, burst.beats),
            _incr_strobes(head, burst.length, burst.beats, bus_bytes),
        )
    words = []
    strobes = []
    pos = start
    for first, n in burst.carried_lanes(bus_bytes):
        if n:
            words.append(int.from_bytes(view[pos : pos + n], "little") << (8 * first))
            strobes.append(((1 << n) - 1) << first)
            pos += n
        else:
            words.append(0)
            strobes.append(0)
    return words, strobes


def unpack_burst(burst: Burst, bus_bytes: int, words: Sequence[int]) -> bytes:
    """The ``burst.length`` bytes a burst carries, taken from its RDATA words (inverse of :func:`pack_burst`)."""
    if len(words) != burst.beats:
        raise ValueError(f"burst has {burst.beats} beats but {len(words)} data words were given")
    if burst.is_full_width_incr(bus_bytes):
        check_bus_bytes(bus_bytes)
        head = burst.address & (bus_bytes - 1)
        return _words_to_bytes(list(words), bus_bytes)[head : head + burst.length]
    limit = 1 << (8 * bus_bytes)
    parts = []
    for i, ((first, n), w) in enumerate(zip(burst.carried_lanes(bus_bytes), words)):
        if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w < limit:
            raise ValueError(f"data word {i} ({w!r}) does not fit a {bus_bytes}-byte bus")
        if n:
            parts.append(((w >> (8 * first)) & ((1 << (8 * n)) - 1)).to_bytes(n, "little"))
    return b"".join(parts)


def pack_burst_wide(burst: Burst, bus_bytes: int, buffer: BytesLike) -> tuple[int, int]:
    """The whole burst as one data int and one strobe int.

    Beat ``i`` occupies data bits ``[i*8*bus_bytes, (i+1)*8*bus_bytes)`` and
    strobe bits ``[i*bus_bytes, (i+1)*bus_bytes)``.
    """
    if burst.is_full_width_incr(bus_bytes):
        check_bus_bytes(bus_bytes)
        view = _byte_view(buffer)
        _check_source(burst, len(view))
        head = burst.address & (bus_bytes - 1)
        data = int.from_bytes(view[burst.offset : burst.offset + burst.length], "little")
        return data << (8 * head), ((1 << burst.length) - 1) << head
    words, strobes = pack_burst(burst, bus_bytes, buffer)
    data = int.from_bytes(_words_to_bytes(words, bus_bytes), "little")
    bits = "".join(format(s, f"0{bus_bytes}b") for s in reversed(strobes))
    return data, int(bits, 2)


def unpack_burst_wide(burst: Burst, bus_bytes: int, wide: int) -> bytes:
    """Inverse of :func:`pack_burst_wide` for read data: the bytes the burst carries."""
    check_bus_bytes(bus_bytes)
    total = burst.beats * bus_bytes
    if isinstance(wide, bool) or not isinstance(wide, int) or wide < 0 or wide.bit_length() > 8 * total:
        raise ValueError(f"wide data must be an int of at most {8 * total} bits (the {burst.beats}-beat burst)")
    raw = wide.to_bytes(total, "little")
    if burst.is_full_width_incr(bus_bytes):
        head = burst.address & (bus_bytes - 1)
        return raw[head : head + burst.length]
    return unpack_burst(burst, bus_bytes, _words_from_bytes(raw, bus_bytes, burst.beats))


@dataclass(frozen=True)
class BurstRecord:
    """A burst as the bus carried it, complete with its response: what a protocol monitor hands
    on when a burst ends, and what functional coverage samples.

    ``burst`` is AxBURST as seen (3, the reserved value, included). ``resp`` is BRESP, or the worst
    RRESP of the burst's beats. ``strobes`` holds WSTRB per beat (writes only). Times are the
    address handshake and the response (B, or the last R beat).
    """

    direction: str
    axid: int
    address: int
    beats: int
    size: int
    burst: int
    resp: int
    strobes: tuple[int, ...] = ()
    start_ns: float = 0.0
    end_ns: float = 0.0


@dataclass
class Transfer:
    """What a bus engine returns for one call: a response per burst, the cycles it took, and for a
    read the bytes (and the bus words) it returned."""

    resps: list[Resp] = field(default_factory=list)
    cycles: int = 0
    data: bytes = b""
    words: list[list[int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r == Resp.OKAY for r in self.resps)

    @property
    def worst(self) -> Resp:
        return max(self.resps, default=Resp.OKAY)
