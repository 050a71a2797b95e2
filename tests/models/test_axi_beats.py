"""Beat addresses and byte lanes of single bursts, against hand-worked AXI examples."""

from __future__ import annotations

import pytest

from models import Burst, BurstType

INCR, FIXED, WRAP = BurstType.INCR, BurstType.FIXED, BurstType.WRAP


def test_axlen_is_beats_minus_one():
    assert Burst(0x1000, 16, 3).axlen == 15


def test_incr_unaligned_start_continues_from_the_aligned_address():
    # 32-bit bus, 4-byte beats from 0x07: the first beat carries only 0x07.
    burst = Burst(0x07, 4, 2, INCR)
    assert burst.beat_addresses() == [0x07, 0x08, 0x0C, 0x10]
    assert burst.lanes(4) == [(3, 1), (0, 4), (0, 4), (0, 4)]


def test_narrow_byte_beats_rotate_through_the_lanes():
    # 8-bit beats on a 32-bit bus from 0x01.
    burst = Burst(0x01, 4, 0, INCR)
    assert burst.beat_addresses() == [0x01, 0x02, 0x03, 0x04]
    assert burst.lanes(4) == [(1, 1), (2, 1), (3, 1), (0, 1)]


def test_narrow_halfword_beats_on_a_64_bit_bus_use_two_lanes_each():
    burst = Burst(0x1006, 4, 1, INCR)
    assert burst.beat_addresses() == [0x1006, 0x1008, 0x100A, 0x100C]
    assert burst.lanes(8) == [(6, 2), (0, 2), (2, 2), (4, 2)]


def test_narrow_unaligned_word_beats_on_a_64_bit_bus():
    burst = Burst(0x1001, 3, 2, INCR)
    assert burst.beat_addresses() == [0x1001, 0x1004, 0x1008]
    assert burst.lanes(8) == [(1, 3), (4, 4), (0, 4)]


def test_fixed_burst_repeats_the_start_address():
    burst = Burst(0x20, 3, 2, FIXED)
    assert burst.beat_addresses() == [0x20, 0x20, 0x20]
    assert burst.lanes(4) == [(0, 4)] * 3


def test_fixed_unaligned_burst_uses_the_same_partial_lanes_every_beat():
    burst = Burst(0x22, 3, 2, FIXED)
    assert burst.lanes(4) == [(2, 2)] * 3
    assert burst.capacity == 6


def test_wrap_of_four_words_wraps_at_the_16_byte_boundary():
    burst = Burst(0x38, 4, 2, WRAP)
    assert burst.beat_addresses() == [0x38, 0x3C, 0x30, 0x34]
    assert burst.lanes(4) == [(0, 4)] * 4


def test_wrap_of_eight_halfwords_on_a_64_bit_bus():
    burst = Burst(0x0E, 8, 1, WRAP)
    assert burst.beat_addresses() == [0x0E, 0x00, 0x02, 0x04, 0x06, 0x08, 0x0A, 0x0C]
    assert burst.lanes(8) == [(6, 2), (0, 2), (2, 2), (4, 2), (6, 2), (0, 2), (2, 2), (4, 2)]


def test_wrap_of_sixteen_doublewords_wraps_at_128_bytes():
    burst = Burst(0x1078, 16, 3, WRAP)
    assert burst.beat_addresses() == [0x1078] + [0x1000 + 8 * i for i in range(15)]


def test_wrap_starting_at_the_boundary_does_not_wrap():
    assert Burst(0x40, 4, 2, WRAP).beat_addresses() == [0x40, 0x44, 0x48, 0x4C]


def test_reserved_burst_type_has_no_beat_addresses():
    with pytest.raises(ValueError, match="RESERVED"):
        Burst(0, 1, 0, BurstType.RESERVED).beat_addresses()


def test_lanes_reject_a_beat_wider_than_the_bus():
    with pytest.raises(ValueError, match="wider than the 4-byte data bus"):
        Burst(0, 1, 3).lanes(4)


def test_carried_lanes_stop_after_length_bytes():
    burst = Burst(0x07, 4, 2, INCR, offset=0, length=6)
    assert burst.carried_lanes(4) == [(3, 1), (0, 4), (0, 1), (0, 0)]


def test_covering_carries_every_valid_lane():
    assert Burst.covering(0x07, 4, 2).length == 13


def test_integer_burst_type_is_converted_to_the_enum():
    assert Burst(0, 2, 0, 2).burst_type is BurstType.WRAP  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"address": -1, "beats": 1, "size": 0}, "address must be >= 0"),
        ({"address": 0, "beats": 0, "size": 0}, "beats must be from 1 to 256, got 0"),
        ({"address": 0, "beats": 257, "size": 0}, "beats must be from 1 to 256, got 257"),
        ({"address": 0, "beats": 1, "size": 8}, "size .* must be from 0 to 7, got 8"),
        ({"address": 0, "beats": 1, "size": 0, "burst_type": 4}, "burst_type must be"),
        ({"address": 0, "beats": 1, "size": 0, "offset": -2}, "offset must be >= 0, got -2"),
        ({"address": 1, "beats": 2, "size": 2, "length": 8}, "capacity 7 .* got 8"),
        ({"address": 1.0, "beats": 1, "size": 0}, "address must be an int"),
    ],
)
def test_burst_fields_out_of_range_are_rejected_with_the_value(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Burst(**kwargs)
