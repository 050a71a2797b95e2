"""The shared RAM golden model: host view, AXI beats, responses and mismatch reports."""

from __future__ import annotations

import pytest

from models import (
    Burst,
    BurstType,
    Mismatch,
    Resp,
    SharedRamModel,
    first_mismatch,
    pack_burst,
    plan_bursts,
    unpack_burst,
)

BASE = 0xD0000
SIZE = 0x4000
INCR, FIXED, WRAP = BurstType.INCR, BurstType.FIXED, BurstType.WRAP


@pytest.fixture
def ram() -> SharedRamModel:
    return SharedRamModel(BASE, SIZE)


# ---------------------------------------------------------------- mismatches


def test_equal_data_has_no_mismatch():
    assert first_mismatch(b"abc", bytearray(b"abc"), BASE) is None


def test_mismatch_reports_the_bus_address_of_the_first_differing_byte():
    expected = bytes(range(32))
    actual = bytearray(expected)
    actual[18] ^= 0xFF
    actual[20] ^= 0xFF
    mismatch = first_mismatch(expected, actual, BASE)
    assert mismatch is not None
    assert mismatch.address == BASE + 18
    assert mismatch.expected == expected[18:32]
    assert mismatch.actual == bytes(actual[18:32])


def test_mismatch_shows_at_most_16_bytes_of_each_side():
    mismatch = first_mismatch(bytes(100), b"\x01" * 100, 0)
    assert mismatch is not None
    assert len(mismatch.expected) == len(mismatch.actual) == 16


def test_mismatch_text_names_the_address_and_both_byte_runs():
    text = str(Mismatch(0xD0012, b"\x0a\x0b", b"\x00\x00"))
    assert text == "first difference at 0x000d0012: expected 0a 0b, got 00 00"


def test_shorter_actual_data_differs_at_its_end():
    mismatch = first_mismatch(b"abcdef", b"abc", 0x100)
    assert mismatch == Mismatch(0x103, b"def", b"")
    assert str(mismatch).endswith("got (no data)")


def test_mismatch_found_far_into_a_large_buffer():
    expected = bytes(1 << 20)
    actual = bytearray(expected)
    actual[(1 << 20) - 5] = 1
    mismatch = first_mismatch(expected, actual, 0x100000)
    assert mismatch is not None and mismatch.address == 0x200000 - 5


# ---------------------------------------------------------------- host view


def test_new_ram_is_filled_with_the_fill_byte():
    assert SharedRamModel(BASE, 16, fill=0xFF).snapshot() == b"\xff" * 16


def test_write_then_read_round_trips(ram):
    ram.write(BASE + 5, b"hello")
    assert ram.read(BASE + 4, 7) == b"\x00hello\x00"


def test_contains_accepts_ranges_inside_the_window_only(ram):
    assert ram.contains(BASE, SIZE)
    assert ram.contains(BASE + SIZE, 0)
    assert not ram.contains(BASE - 1, 2)
    assert not ram.contains(BASE + SIZE - 1, 2)
    assert not ram.contains(BASE, -1)


def test_write_outside_the_window_names_address_length_and_window(ram):
    with pytest.raises(ValueError) as info:
        ram.write(BASE + SIZE - 2, b"abcd")
    assert str(info.value) == "write of 4 bytes at 0x000d3ffe is outside the window 0x000d0000-0x000d3fff"


def test_read_outside_the_window_is_refused(ram):
    with pytest.raises(ValueError, match="read of 1 bytes at 0x000cffff is outside the window"):
        ram.read(BASE - 1, 1)


def test_compare_reports_model_bytes_as_expected(ram):
    ram.write(BASE + 0x12, b"\x0a\x0b")
    mismatch = ram.compare(BASE + 0x10, b"\x00\x00\x00\x00")
    assert str(mismatch) == "first difference at 0x000d0012: expected 0a 0b, got 00 00"


def test_compare_of_equal_data_is_none(ram):
    ram.write(BASE, b"xyz")
    assert ram.compare(BASE, b"xyz") is None


def test_snapshot_is_a_copy(ram):
    snap = ram.snapshot()
    ram.write(BASE, b"\x01")
    assert snap[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [((-1, 16), "base must be >= 0"), ((0, 0), "size must be > 0, got 0"), ((0, 16, 256), "fill must be a byte value")],
)
def test_invalid_window_is_rejected(args, message):
    with pytest.raises(ValueError, match=message):
        SharedRamModel(*args)


# ---------------------------------------------------------------- bus view: writes


def test_planner_bursts_write_the_bytes_at_their_addresses(ram):
    data = bytes(range(200))
    for burst in plan_bursts(BASE + 0x0FF3, len(data), 8, max_beats=4):
        words, strobes = pack_burst(burst, 8, data)
        assert ram.write_burst(burst, 8, words, strobes) == Resp.OKAY
    assert ram.read(BASE + 0x0FF3, 200) == data
    assert ram.read(BASE + 0x0FF2, 1) == b"\x00"
    assert ram.read(BASE + 0x0FF3 + 200, 1) == b"\x00"


def test_strobes_outside_a_narrow_beats_lanes_are_ignored(ram):
    # A byte beat at lane 1 with every strobe set writes only lane 1.
    burst = Burst(BASE + 1, 1, 0, INCR, 0, 1)
    assert ram.write_burst(burst, 4, [0x44332211], [0xF]) == Resp.OKAY
    assert ram.read(BASE, 4) == b"\x00\x22\x00\x00"


def test_strobes_below_an_unaligned_start_are_ignored(ram):
    burst = Burst(BASE + 3, 2, 2, INCR, 0, 5)
    assert ram.write_burst(burst, 4, [0x44332211, 0x88776655], [0xF, 0xF]) == Resp.OKAY
    assert ram.read(BASE, 8) == b"\x00\x00\x00\x44\x55\x66\x77\x88"


def test_sparse_strobes_write_only_the_enabled_bytes(ram):
    burst = Burst.covering(BASE, 1, 3)
    assert ram.write_burst(burst, 8, [0x8877665544332211], [0b10100101]) == Resp.OKAY
    assert ram.read(BASE, 8) == b"\x11\x00\x33\x00\x00\x66\x00\x88"


def test_fixed_burst_rewrites_the_same_bytes_and_the_last_beat_wins(ram):
    burst = Burst(BASE + 0x20, 3, 2, FIXED, 0, 12)
    words, strobes = pack_burst(burst, 4, bytes(range(1, 13)))
    assert ram.write_burst(burst, 4, words, strobes) == Resp.OKAY
    assert ram.read(BASE + 0x20, 8) == b"\x09\x0a\x0b\x0c\x00\x00\x00\x00"


def test_wrap_burst_fills_the_wrap_window_in_beat_order(ram):
    burst = Burst(BASE + 0x38, 4, 2, WRAP, 0, 16)
    data = bytes(range(16))
    words, strobes = pack_burst(burst, 8, data)
    assert ram.write_burst(burst, 8, words, strobes) == Resp.OKAY
    assert ram.read(BASE + 0x30, 16) == data[8:16] + data[0:8]


def test_burst_wholly_outside_the_window_is_decerr_and_writes_nothing(ram):
    before = ram.snapshot()
    burst = Burst.covering(BASE + SIZE, 4, 3)
    assert ram.write_burst(burst, 8, [0xFF] * 4, [0xFF] * 4) == Resp.DECERR
    assert ram.snapshot() == before


def test_burst_ending_just_before_the_window_is_decerr(ram):
    burst = Burst.covering(BASE - 32, 4, 3)
    assert ram.write_burst(burst, 8, [1] * 4, [0xFF] * 4) == Resp.DECERR


def test_burst_straddling_the_window_end_is_decerr_and_writes_nothing(ram):
    before = ram.snapshot()
    burst = Burst.covering(BASE + SIZE - 8, 2, 3)
    assert ram.write_burst(burst, 8, [0x0101010101010101] * 2, [0xFF] * 2) == Resp.DECERR
    assert ram.snapshot() == before


def test_incr_range_starts_at_the_size_aligned_address():
    # The first byte is inside the window but its 4-byte container is not.
    ram = SharedRamModel(BASE + 2, 64)
    assert ram.response(Burst(BASE + 3, 1, 2, INCR, 0, 1), 4) == Resp.DECERR
    assert ram.response(Burst(BASE + 4, 1, 2, INCR, 0, 4), 4) == Resp.OKAY


def test_fixed_range_is_one_beat_however_many_beats(ram):
    assert ram.response(Burst.covering(BASE + SIZE - 4, 256, 2, FIXED), 4) == Resp.OKAY


def test_wrap_range_is_the_whole_wrap_container():
    ram = SharedRamModel(BASE + 8, 64)
    assert ram.response(Burst.covering(BASE + 8, 4, 2, WRAP), 4) == Resp.DECERR
    assert ram.response(Burst.covering(BASE + 0x18, 2, 2, WRAP), 4) == Resp.OKAY


def test_slverr_takes_priority_over_decerr(ram):
    assert ram.response(Burst.covering(0x1000, 3, 2, WRAP), 4) == Resp.SLVERR


def test_burst_crossing_4k_inside_the_window_is_served(ram):
    burst = Burst.covering(BASE + 0xFF8, 2, 3)
    assert ram.write_burst(burst, 8, [0x11] * 2, [0xFF] * 2) == Resp.OKAY
    assert ram.read(BASE + 0x1000, 1) == b"\x11"


@pytest.mark.parametrize(
    "burst",
    [
        Burst(BASE, 1, 3, INCR, 0, 8),  # 8-byte beats on a 4-byte bus
        Burst(BASE, 1, 2, BurstType.RESERVED, 0, 4),
        Burst(BASE, 3, 2, WRAP, 0, 12),  # WRAP of 3 beats
        Burst(BASE + 2, 4, 2, WRAP, 0, 14),  # unaligned WRAP
    ],
    ids=["size-wider-than-bus", "reserved-type", "wrap-length-3", "wrap-unaligned"],
)
def test_illegal_bursts_are_slverr_and_write_nothing(ram, burst):
    before = ram.snapshot()
    assert ram.write_burst(burst, 4, [0xFFFFFFFF] * burst.beats, [0xF] * burst.beats) == Resp.SLVERR
    assert ram.snapshot() == before


def test_protocol_error_explains_an_illegal_wrap():
    assert SharedRamModel.protocol_error(Burst(0, 3, 2, WRAP), 4) == "WRAP burst of 3 beats (allowed: 2, 4, 8, 16)"


def test_write_burst_needs_one_word_and_one_strobe_per_beat(ram):
    with pytest.raises(ValueError, match="burst has 2 beats but 1 data words and 2 strobes"):
        ram.write_burst(Burst.covering(BASE, 2, 2), 4, [0], [0xF, 0xF])


def test_write_burst_rejects_strobes_wider_than_the_bus(ram):
    with pytest.raises(ValueError, match=r"strobe 31 does not fit a 4-byte bus \(0..0xf\)"):
        ram.write_burst(Burst.covering(BASE, 1, 2), 4, [0], [0x1F])


def test_write_burst_rejects_words_wider_than_the_bus(ram):
    with pytest.raises(ValueError, match="data word 0 .* does not fit a 4-byte bus"):
        ram.write_burst(Burst.covering(BASE, 1, 2), 4, [1 << 32], [0xF])


# ---------------------------------------------------------------- bus view: reads


def test_read_burst_returns_the_bytes_a_planner_burst_carries(ram):
    ram.write(BASE + 0x100, bytes(range(64)))
    for burst in plan_bursts(BASE + 0x105, 50, 16):
        words, resp = ram.read_burst(burst, 16)
        assert resp == Resp.OKAY
        assert unpack_burst(burst, 16, words) == bytes(range(5, 55))[burst.offset : burst.offset + burst.length]


def test_read_beat_at_an_unaligned_start_carries_the_whole_ram_word(ram):
    ram.write(BASE, b"\x11\x22\x33\x44\x55\x66\x77\x88")
    words, resp = ram.read_burst(Burst(BASE + 3, 2, 2, INCR, 0, 5), 4)
    assert (words, resp) == ([0x44332211, 0x88776655], Resp.OKAY)


def test_narrow_read_beats_carry_the_whole_ram_word(ram):
    ram.write(BASE, b"\x11\x22\x33\x44")
    words, resp = ram.read_burst(Burst.covering(BASE + 1, 3, 0), 4)
    assert (words, resp) == ([0x44332211] * 3, Resp.OKAY)


def test_wrap_read_returns_beats_in_wrap_order(ram):
    ram.write(BASE + 0x30, bytes(range(16)))
    words, resp = ram.read_burst(Burst.covering(BASE + 0x38, 4, 2, WRAP), 4)
    assert resp == Resp.OKAY
    assert words == [int.from_bytes(bytes(range(16))[i : i + 4], "little") for i in (8, 12, 0, 4)]


def test_read_of_an_unmapped_burst_is_decerr_with_zero_data(ram):
    assert ram.read_burst(Burst.covering(0x1000, 2, 2), 4) == ([0, 0], Resp.DECERR)


def test_read_of_an_illegal_burst_is_slverr_with_zero_data(ram):
    ram.write(BASE, b"\xff" * 16)
    assert ram.read_burst(Burst.covering(BASE, 3, 2, WRAP), 4) == ([0, 0, 0], Resp.SLVERR)


def test_read_straddling_the_window_end_is_decerr_with_zero_data(ram):
    ram.write(BASE + SIZE - 8, bytes(range(1, 9)))
    assert ram.read_burst(Burst.covering(BASE + SIZE - 8, 2, 3), 8) == ([0, 0], Resp.DECERR)


@pytest.mark.parametrize("head", [0, 3])
def test_a_full_width_beat_with_no_strobe_in_its_lanes_writes_nothing(head):
    ram = SharedRamModel(0x1000, 256, fill=0x5A)
    burst = Burst(0x1010 + head, 1, 3)
    assert ram.write_burst(burst, 8, [0x1122334455667788], [0b111 if head else 0]) == Resp.OKAY
    assert ram.snapshot() == bytes([0x5A]) * 256
