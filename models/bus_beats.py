"""Copy bursts as data-bus words: the common ground of the Wishbone and Avalon-MM planners.

The host plans a copy as :class:`~models.axi.Burst` descriptors (:func:`models.axi.plan_bursts`,
:func:`models.axi.plan_bytewise`, or hand-made ones in tests). Wishbone and Avalon-MM move whole
data-bus words at word-aligned addresses with byte enables (SEL / byteenable), so a burst becomes
one :class:`Beat` per AXI beat: the word-aligned address of the beat, its byte enables and, for a
write, its data word. The bus planners (:mod:`models.wishbone`, :mod:`models.avalon`) then group
consecutive beats into the bursts their bus allows; the engines run those and give each copy burst
back its bytes (:func:`models.axi.unpack_burst`) and its worst response.

Reads enable every byte lane: reading a RAM word has no side effect, and both buses keep the byte
enables of a burst constant (Wishbone RULE 4.40), so full-word reads let a read group into long
bursts whatever the alignment of the copy. The lanes the copy wants are picked out afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .axi import Burst, BytesLike, check_bus_bytes, pack_burst

__all__ = ["Beat", "write_beats", "read_beats", "full_sel", "words_of"]


def full_sel(bus_bytes: int) -> int:
    """The byte enables of a whole data word."""
    check_bus_bytes(bus_bytes)
    return (1 << bus_bytes) - 1


@dataclass(frozen=True)
class Beat:
    """One data-bus word of a copy: ``address`` is word aligned, ``sel`` its byte enables.

    ``burst`` is the index of the copy burst the beat belongs to; ``data`` is the write data (0 for
    a read)."""

    address: int
    sel: int
    data: int = 0
    burst: int = 0


def _aligned(address: int, bus_bytes: int) -> int:
    return address & ~(bus_bytes - 1)


def write_beats(bursts: Sequence[Burst], bus_bytes: int, buffer: BytesLike) -> list[Beat]:
    """Every beat of ``bursts`` as a word write: aligned address, byte enables, data word."""
    check_bus_bytes(bus_bytes)
    out: list[Beat] = []
    for i, b in enumerate(bursts):
        words, strobes = pack_burst(b, bus_bytes, buffer)
        for a, w, s in zip(b.beat_addresses(), words, strobes):
            out.append(Beat(_aligned(a, bus_bytes), s, w, i))
    return out


def read_beats(bursts: Sequence[Burst], bus_bytes: int) -> list[Beat]:
    """Every beat of ``bursts`` as a whole-word read (all byte lanes enabled)."""
    sel = full_sel(bus_bytes)
    return [Beat(_aligned(a, bus_bytes), sel, 0, i) for i, b in enumerate(bursts) for a in b.beat_addresses()]


def words_of(bursts: Sequence[Burst], beats: Sequence[Beat], words: Sequence[int]) -> list[list[int]]:
    """Regroup read ``words`` (one per beat, in beat order) by the copy burst they belong to."""
    if len(words) != len(beats):
        raise ValueError(f"{len(words)} read words for {len(beats)} beats")
    out: list[list[int]] = [[] for _ in bursts]
    for beat, word in zip(beats, words):
        out[beat.burst].append(word)
    return out
