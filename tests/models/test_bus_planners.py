"""Properties of the Wishbone and Avalon-MM burst planners over random copies."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.axi import Burst, BurstType, plan_bursts, plan_bytewise
from models.avalon import burstcount_width, plan_avalon
from models.bus_beats import full_sel, read_beats, write_beats
from models.wishbone import Bte, Cti, burst_addresses, next_address, plan_wishbone

BUS_WIDTHS = [1, 2, 4, 8, 16]

fast = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def copies(draw: st.DrawFn) -> tuple[int, int, int, bool]:
    """(address, length, bus_bytes, bytewise) of a copy."""
    bus_bytes = draw(st.sampled_from(BUS_WIDTHS))
    length = draw(st.one_of(st.integers(0, 80), st.integers(80, 5000)))
    address = draw(st.integers(0, 1 << 20))
    bytewise = draw(st.booleans()) and length <= 300
    return address, length, bus_bytes, bytewise


def _plan(address: int, length: int, bus_bytes: int, bytewise: bool) -> list[Burst]:
    return plan_bytewise(address, length) if bytewise else plan_bursts(address, length, bus_bytes)


def _memory_after(beats, bus_bytes: int) -> dict[int, int]:
    """Byte address -> value written by ``beats`` (later beats win)."""
    mem: dict[int, int] = {}
    for b in beats:
        for lane in range(bus_bytes):
            if b.sel >> lane & 1:
                mem[b.address + lane] = (b.data >> (8 * lane)) & 0xFF
    return mem


@fast
@given(copies(), st.randoms(use_true_random=False))
def test_write_beats_carry_exactly_the_buffer(copy, rnd) -> None:
    address, length, bus_bytes, bytewise = copy
    buf = bytes(rnd.randrange(256) for _ in range(length))
    beats = write_beats(_plan(address, length, bus_bytes, bytewise), bus_bytes, buf)
    assert all(b.address % bus_bytes == 0 for b in beats)
    assert _memory_after(beats, bus_bytes) == {address + i: v for i, v in enumerate(buf)}


@fast
@given(copies(), st.sampled_from([1, 2, 16, 256]), st.booleans())
def test_wishbone_plan_follows_rule_4_40(copy, max_beats, reads) -> None:
    """Every beat in exactly one burst, in order; inside a burst the address steps one word and
    SEL is constant (RULE 4.40); CTI is 010 on all beats but the last, 111 on the last (RULE 4.30);
    the plan is maximal: two neighbouring bursts could not be one."""
    address, length, bus_bytes, bytewise = copy
    bursts = _plan(address, length, bus_bytes, bytewise)
    beats = read_beats(bursts, bus_bytes) if reads else write_beats(bursts, bus_bytes, bytes(length))
    plan = plan_wishbone(beats, bus_bytes, max_beats)
    assert [i for p in plan for i in range(p.first, p.first + p.count)] == list(range(len(beats)))
    for p in plan:
        group = beats[p.first : p.first + p.count]
        assert 1 <= p.count <= max_beats
        assert all(b.sel == group[0].sel for b in group)
        assert [b.address for b in group] == burst_addresses(group[0].address, p.count, bus_bytes, Bte.LINEAR)
        assert p.cti == (Cti.INCREMENTING,) * (p.count - 1) + (Cti.END_OF_BURST,)
        assert p.bte == Bte.LINEAR
    for a, b in zip(plan, plan[1:]):
        last, nxt = beats[a.first + a.count - 1], beats[b.first]
        assert a.count == max_beats or nxt.address != last.address + bus_bytes or nxt.sel != last.sel


@fast
@given(copies(), st.sampled_from([1, 4, 16, 64, 128]), st.booleans())
def test_avalon_plan_keeps_burstcount_and_boundary(copy, max_burst, reads) -> None:
    """Bursts of consecutive words, at most ``max_burst`` long, never crossing a ``max_burst``-word
    boundary; a multi-word write burst has every byte enabled; maximal under those rules."""
    address, length, bus_bytes, bytewise = copy
    bursts = _plan(address, length, bus_bytes, bytewise)
    beats = read_beats(bursts, bus_bytes) if reads else write_beats(bursts, bus_bytes, bytes(length))
    plan = plan_avalon(beats, bus_bytes, max_burst, write=not reads)
    block = max_burst * bus_bytes
    full = full_sel(bus_bytes)
    assert [i for p in plan for i in range(p.first, p.first + p.count)] == list(range(len(beats)))
    for p in plan:
        group = beats[p.first : p.first + p.count]
        assert 1 <= p.count <= max_burst < 1 << burstcount_width(max_burst)
        assert [b.address for b in group] == [group[0].address + k * bus_bytes for k in range(p.count)]
        assert group[0].address // block == group[-1].address // block
        if p.count > 1:
            assert all(b.sel == full for b in group)
    for a, b in zip(plan, plan[1:]):
        last, nxt = beats[a.first + a.count - 1], beats[b.first]
        assert (
            a.count == max_burst
            or nxt.address != last.address + bus_bytes
            or nxt.address % block == 0
            or (not reads and (nxt.sel != full or beats[a.first].sel != full))
        )


def test_aligned_copy_is_one_wishbone_burst_and_unaligned_ends_are_singles() -> None:
    beats = write_beats(plan_bursts(0x1003, 64, 8), 8, bytes(64))
    plan = plan_wishbone(beats, 8)
    assert [p.count for p in plan] == [1, 7, 1]
    assert beats[0].sel == 0b11111000 and beats[-1].sel == 0b00000111


@pytest.mark.parametrize(
    "bte, start, expected",
    [
        # Table 4-3 of the specification (word indices, 8 beats shown)
        (Bte.LINEAR, 3, [3, 4, 5, 6, 7, 8, 9, 10]),
        (Bte.WRAP4, 1, [1, 2, 3, 0, 1, 2, 3, 0]),
        (Bte.WRAP4, 6, [6, 7, 4, 5, 6, 7, 4, 5]),
        (Bte.WRAP8, 5, [5, 6, 7, 0, 1, 2, 3, 4]),
        (Bte.WRAP16, 14, [14, 15, 0, 1, 2, 3, 4, 5]),
    ],
)
def test_wrap_addresses_follow_table_4_3(bte: Bte, start: int, expected: list[int]) -> None:
    addresses = burst_addresses(0x400 + 4 * start, 8, 4, bte)
    assert [(a - 0x400) // 4 for a in addresses] == expected


@fast
@given(st.sampled_from(BUS_WIDTHS), st.sampled_from([Bte.WRAP4, Bte.WRAP8, Bte.WRAP16]), st.integers(0, 1 << 16))
def test_a_wrap_burst_visits_its_block_once(bus_bytes: int, bte: Bte, word: int) -> None:
    wrap = {Bte.WRAP4: 4, Bte.WRAP8: 8, Bte.WRAP16: 16}[bte]
    addresses = burst_addresses(word * bus_bytes, wrap, bus_bytes, bte)
    base = (word - word % wrap) * bus_bytes
    assert sorted(addresses) == [base + k * bus_bytes for k in range(wrap)]
    assert next_address(addresses[-1], bus_bytes, bte) == addresses[0]


def test_bad_planner_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="max_beats must be an int >= 1, got 0"):
        plan_wishbone([], 4, 0)
    with pytest.raises(ValueError, match="max_burst must be a power of two >= 1, got 48"):
        plan_avalon([], 4, 48, write=True)
    with pytest.raises(ValueError, match="not aligned to the 4-byte data bus"):
        burst_addresses(0x402, 4, 4, Bte.WRAP4)


def test_fixed_and_narrow_bursts_become_single_words() -> None:
    """A FIXED burst repeats its word; a narrow INCR burst moves one lane set per word."""
    fixed = Burst.covering(0x100, 4, 2, BurstType.FIXED)
    beats = write_beats([fixed], 8, bytes(range(16)))
    assert [b.address for b in beats] == [0x100] * 4 and [p.count for p in plan_wishbone(beats, 8)] == [1, 1, 1, 1]
    narrow = Burst.covering(0x100, 4, 1, BurstType.INCR)
    beats = write_beats([narrow], 8, bytes(range(8)))
    assert [b.sel for b in beats] == [0b11, 0b1100, 0b110000, 0b11000000]
