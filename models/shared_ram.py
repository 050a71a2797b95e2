"""Golden model of the NIC's shared RAM as an AXI4 slave sees it.

The RAM answers bus addresses in the window ``[base, base + size)``.  Each
burst gets one response, decided from its address-channel fields alone, in
this order (the RTL slave's rules):

1. SLVERR: the beat size is wider than the data bus, the burst type is
   RESERVED, or a WRAP burst has a length other than 2, 4, 8 or 16 beats or a
   start address not aligned to its size.
2. DECERR: any byte of the burst's range lies outside the window.  The range
   (:meth:`SharedRamModel.burst_range`) is, for INCR, the size-aligned start
   address plus beats << size bytes; for FIXED, the one size-aligned beat; for
   WRAP, the wrap container.
3. OKAY otherwise.

An error burst changes nothing and reads as all-zero words.  In an OKAY burst
a beat owns the byte lanes from its address to the end of its size-aligned
container: write strobes on other lanes are ignored, and a read beat carries
the whole RAM word (every lane of the bus-aligned row holding its address).
Bursts crossing a 4 KiB boundary are served as addressed.

RAM words are the bus-aligned rows of the address space, which match the
RTL's word indexing when the window base is aligned to the bus width (the RTL
aligns it to the RAM size).  For a window whose base is not, bytes of a row
that fall outside the window read as 0 and are never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .axi import (
    WRAP_BEATS,
    Burst,
    BytesLike,
    BurstType,
    Resp,
    _words_from_bytes,
    _words_to_bytes,
    check_bus_bytes,
)

__all__ = ["Mismatch", "first_mismatch", "SharedRamModel", "MISMATCH_CONTEXT"]

MISMATCH_CONTEXT = 16
"""Bytes of each side a :class:`Mismatch` shows, starting at the first difference."""

_COMPARE_CHUNK = 4096


def _hex(data: bytes) -> str:
    return data.hex(" ") if data else "(no data)"


def _check_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    return value


@dataclass(frozen=True)
class Mismatch:
    """The first place two byte strings differ, with up to 16 bytes of each from there."""

    address: int
    expected: bytes
    actual: bytes

    def __str__(self) -> str:
        return (
            f"first difference at 0x{self.address:08x}: "
            f"expected {_hex(self.expected)}, got {_hex(self.actual)}"
        )


def first_mismatch(expected: BytesLike, actual: BytesLike, address: int) -> Mismatch | None:
    """Locate the first differing byte of ``expected`` and ``actual``, whose first bytes are at ``address``.

    A length difference counts as a difference at the end of the shorter one.
    Returns None when both are equal.
    """
    if expected == actual:
        return None
    exp = memoryview(expected).cast("B")
    act = memoryview(actual).cast("B")
    common = min(len(exp), len(act))
    index = common
    for start in range(0, common, _COMPARE_CHUNK):
        stop = min(start + _COMPARE_CHUNK, common)
        a = exp[start:stop].tobytes()
        b = act[start:stop].tobytes()
        if a != b:
            diff = int.from_bytes(a, "little") ^ int.from_bytes(b, "little")
            index = start + (((diff & -diff).bit_length() - 1) >> 3)
            break
    return Mismatch(
        address + index,
        exp[index : index + MISMATCH_CONTEXT].tobytes(),
        act[index : index + MISMATCH_CONTEXT].tobytes(),
    )


def _trailing_ones(value: int) -> int:
    return (~value & (value + 1)).bit_length() - 1


class SharedRamModel:
    """Byte-addressed model of the window [base, base+size).

    ``write``/``read``/``compare`` are the host's view (plain bytes at bus
    addresses); ``write_burst``/``read_burst`` apply AXI beats with the
    slave's rules (see the module documentation).
    """

    def __init__(self, base: int, size: int, fill: int = 0) -> None:
        if _check_int("base", base) < 0:
            raise ValueError(f"base must be >= 0, got {base:#x}")
        if _check_int("size", size) <= 0:
            raise ValueError(f"size must be > 0, got {size}")
        if not 0 <= _check_int("fill", fill) <= 0xFF:
            raise ValueError(f"fill must be a byte value 0..255, got {fill}")
        self._base = base
        self._size = size
        self._mem = bytearray([fill]) * size

    # ------------------------------------------------------------------ window

    @property
    def base(self) -> int:
        """First bus address of the window."""
        return self._base

    @property
    def size(self) -> int:
        """Window size in bytes."""
        return self._size

    @property
    def end(self) -> int:
        """First bus address past the window."""
        return self._base + self._size

    def window_str(self) -> str:
        """The window as an inclusive range, e.g. ``0x000d0000-0x000d3fff``."""
        return f"0x{self._base:08x}-0x{self._base + self._size - 1:08x}"

    def contains(self, address: int, length: int) -> bool:
        """True when ``[address, address + length)`` lies inside the window (length 0: address within or at its end)."""
        return length >= 0 and self._base <= address and address + length <= self._base + self._size

    def _require(self, what: str, address: int, length: int) -> int:
        _check_int("address", address)
        _check_int("length", length)
        if length < 0:
            raise ValueError(f"{what}: length must be >= 0, got {length}")
        if address < 0:
            raise ValueError(f"{what}: address must be >= 0, got {address:#x}")
        if not self.contains(address, length):
            raise ValueError(
                f"{what} of {length} bytes at 0x{address:08x} is outside the window {self.window_str()}"
            )
        return address - self._base

    # ------------------------------------------------------------------ host view

    def write(self, address: int, data: BytesLike) -> None:
        """Store ``data`` at ``address``; ValueError unless it lies wholly inside the window."""
        view = memoryview(data).cast("B")
        off = self._require("write", address, len(view))
        self._mem[off : off + len(view)] = view

    def read(self, address: int, length: int) -> bytes:
        """The ``length`` bytes at ``address``; ValueError unless they lie wholly inside the window."""
        off = self._require("read", address, length)
        return bytes(self._mem[off : off + length])

    def compare(self, address: int, actual: BytesLike) -> Mismatch | None:
        """Compare ``actual`` with the model's bytes at ``address``; None when equal."""
        act = memoryview(actual).cast("B")
        off = self._require("compare", address, len(act))
        return first_mismatch(memoryview(self._mem)[off : off + len(act)], act, address)

    def snapshot(self) -> bytes:
        """A copy of the whole window."""
        return bytes(self._mem)

    # ------------------------------------------------------------------ bus view

    def _store(self, address: int, data: bytes | memoryview) -> None:
        lo = max(address, self._base)
        hi = min(address + len(data), self._base + self._size)
        if lo < hi:
            self._mem[lo - self._base : hi - self._base] = data[lo - address : hi - address]

    def _load(self, address: int, length: int) -> bytes:
        lo = max(address, self._base)
        hi = min(address + length, self._base + self._size)
        if lo >= hi:
            return bytes(length)
        if lo == address and hi == address + length:
            return bytes(self._mem[lo - self._base : hi - self._base])
        return b"".join(
            (bytes(lo - address), self._mem[lo - self._base : hi - self._base], bytes(address + length - hi))
        )

    @staticmethod
    def protocol_error(burst: Burst, bus_bytes: int) -> str | None:
        """Why the slave answers SLVERR to this burst, or None when the request is acceptable."""
        log2 = check_bus_bytes(bus_bytes)
        if burst.size > log2:
            return f"size {burst.size} ({1 << burst.size} bytes) is wider than the {bus_bytes}-byte bus"
        if burst.burst_type == BurstType.RESERVED:
            return "burst type RESERVED (0b11)"
        if burst.burst_type == BurstType.WRAP:
            if burst.beats not in WRAP_BEATS:
                return f"WRAP burst of {burst.beats} beats (allowed: 2, 4, 8, 16)"
            if burst.address & (burst.bytes_per_beat - 1):
                return f"WRAP burst start 0x{burst.address:08x} not aligned to {burst.bytes_per_beat} bytes"
        return None

    @staticmethod
    def burst_range(burst: Burst) -> tuple[int, int]:
        """``[low, high)`` bus addresses a burst is decoded against (see the module documentation)."""
        nb = burst.bytes_per_beat
        a = burst.address
        if burst.burst_type == BurstType.FIXED:
            span = nb
        else:
            span = nb * burst.beats
        if burst.burst_type == BurstType.WRAP:
            low = a - a % span
        else:
            low = a - (a & (nb - 1))
        return low, low + span

    def response(self, burst: Burst, bus_bytes: int) -> Resp:
        """The BRESP/RRESP this slave gives ``burst``."""
        if self.protocol_error(burst, bus_bytes) is not None:
            return Resp.SLVERR
        low, high = self.burst_range(burst)
        if low < self._base or high > self._base + self._size:
            return Resp.DECERR
        return Resp.OKAY

    def write_burst(self, burst: Burst, bus_bytes: int, words: Sequence[int], strobes: Sequence[int]) -> Resp:
        """Apply the write beats of ``burst`` and return BRESP."""
        check_bus_bytes(bus_bytes)
        words = list(words)
        strobes = list(strobes)
        if len(words) != burst.beats or len(strobes) != burst.beats:
            raise ValueError(
                f"burst has {burst.beats} beats but {len(words)} data words and {len(strobes)} strobes were given"
            )
        full = (1 << bus_bytes) - 1
        if any(isinstance(s, bool) or not isinstance(s, int) for s in strobes) or min(strobes) < 0 or max(strobes) > full:
            bad = next(s for s in strobes if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s <= full)
            raise ValueError(f"strobe {bad!r} does not fit a {bus_bytes}-byte bus (0..{full:#x})")
        raw = _words_to_bytes(words, bus_bytes)  # also validates the words
        resp = self.response(burst, bus_bytes)
        if resp != Resp.OKAY:
            return resp
        bmask = bus_bytes - 1
        if burst.is_full_width_incr(bus_bytes):
            head = burst.address & bmask
            row0 = burst.address - head
            beats = burst.beats
            first = strobes[0] & full & ~((1 << head) - 1)
            low = (first & -first).bit_length() - 1
            if beats == 1 and first:
                run = first >> low
                if run & (run + 1) == 0:
                    self._store(row0 + low, raw[low : low + run.bit_length()])
                    return resp
            else:
                last = strobes[-1]
                if (
                    first
                    and (first >> low) == full >> low
                    and last
                    and last & (last + 1) == 0
                    and (beats == 2 or strobes[1:-1].count(full) == beats - 2)
                ):
                    stop = (beats - 1) * bus_bytes + last.bit_length()
                    self._store(row0 + low, memoryview(raw)[low:stop])
                    return resp
        nb = burst.bytes_per_beat
        for i, addr in enumerate(burst.beat_addresses()):
            lane = addr & bmask
            mask = strobes[i] & ((((1 << (nb - (addr & (nb - 1)))) - 1)) << lane)
            row = addr - lane
            base = i * bus_bytes
            while mask:
                low = (mask & -mask).bit_length() - 1
                n = _trailing_ones(mask >> low)
                self._store(row + low, raw[base + low : base + low + n])
                mask &= ~(((1 << n) - 1) << low)
        return resp

    def read_burst(self, burst: Burst, bus_bytes: int) -> tuple[list[int], Resp]:
        """RDATA of every beat of ``burst`` and RRESP.

        OKAY beats carry the whole bus-aligned RAM word holding the beat's
        address; error responses carry 0.
        """
        check_bus_bytes(bus_bytes)
        resp = self.response(burst, bus_bytes)
        if resp != Resp.OKAY:
            return [0] * burst.beats, resp
        bmask = bus_bytes - 1
        if burst.is_full_width_incr(bus_bytes):
            region = self._load(burst.address & ~bmask, burst.beats * bus_bytes)
            return _words_from_bytes(region, bus_bytes, burst.beats), resp
        return [int.from_bytes(self._load(addr & ~bmask, bus_bytes), "little") for addr in burst.beat_addresses()], resp
