"""The burst planner and the byte-wise plan, on worked examples."""

from __future__ import annotations

import pytest

from models import Burst, BurstType, beat_strobes, plan_bursts, plan_bytewise


def test_zero_length_plans_no_bursts():
    assert plan_bursts(0xD0003, 0, 8) == []


def test_aligned_copy_within_a_page_is_one_burst():
    assert plan_bursts(0xD0000, 64, 8) == [Burst(0xD0000, 8, 3, BurstType.INCR, 0, 64)]


def test_unaligned_head_starts_the_burst_at_the_first_byte():
    (burst,) = plan_bursts(0xD0003, 13, 8)
    assert (burst.address, burst.beats, burst.length) == (0xD0003, 2, 13)
    assert beat_strobes(burst, 8) == [0xF8, 0xFF]


def test_unaligned_tail_is_a_partial_last_beat():
    (burst,) = plan_bursts(0xD0000, 11, 8)
    assert beat_strobes(burst, 8) == [0xFF, 0x07]


def test_head_and_tail_in_one_beat():
    (burst,) = plan_bursts(0xD0002, 3, 8)
    assert (burst.beats, beat_strobes(burst, 8)) == (1, [0x1C])


def test_copy_is_split_at_the_4k_boundary():
    bursts = plan_bursts(0xD0FF0, 32, 8)
    assert [(b.address, b.beats, b.offset, b.length) for b in bursts] == [
        (0xD0FF0, 2, 0, 16),
        (0xD1000, 2, 16, 16),
    ]


def test_copy_is_split_at_max_beats():
    bursts = plan_bursts(0, 8 * 20, 8, max_beats=8)
    assert [(b.address, b.beats) for b in bursts] == [(0, 8), (64, 8), (128, 4)]


def test_unaligned_start_leaves_room_for_max_beats_rows():
    # The first burst spans 256 rows starting at the row holding the first byte.
    bursts = plan_bursts(0x5, 8 * 300, 8, boundary=1 << 20)
    assert bursts[0].beats == 256 and bursts[0].length == 256 * 8 - 5
    assert bursts[1].address == 256 * 8


def test_aligned_one_mib_copy_on_a_64_bit_bus_is_512_full_bursts():
    # 256 beats of 8 bytes is 2 KiB, so each 4 KiB page takes two bursts.
    bursts = plan_bursts(0x100000, 1 << 20, 8)
    assert len(bursts) == 512
    assert all(b.beats == 256 for b in bursts)


def test_custom_boundary_is_honoured():
    bursts = plan_bursts(0x3F0, 32, 4, boundary=1024)
    assert [b.address for b in bursts] == [0x3F0, 0x400]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 4, 8), "address must be >= 0"),
        ((0, -4, 8), "length must be >= 0, got -4"),
        ((0, 4, 3), "bus_bytes must be a power of two from 1 to 128, got 3"),
        ((0, 4, 256), "bus_bytes must be a power of two from 1 to 128, got 256"),
        ((0, 4, 0), "bus_bytes must be a power of two from 1 to 128, got 0"),
        ((0, 4, 8, 0), "max_beats must be from 1 to 256, got 0"),
        ((0, 4, 8, 257), "max_beats must be from 1 to 256, got 257"),
        ((0, 4, 8, 16, 4), r"boundary must be a power of two >= bus_bytes \(8\), got 4"),
        ((0, 4, 8, 16, 3000), r"boundary must be a power of two >= bus_bytes \(8\), got 3000"),
    ],
)
def test_invalid_planner_arguments_name_the_value_and_the_rule(args, message):
    with pytest.raises(ValueError, match=message):
        plan_bursts(*args)


def test_bytewise_plan_is_one_single_byte_access_per_byte_ascending():
    bursts = plan_bytewise(0xD0010, 3)
    assert bursts == [Burst(0xD0010 + i, 1, 0, BurstType.INCR, i, 1) for i in range(3)]


def test_bytewise_plan_of_nothing_is_empty():
    assert plan_bytewise(0xD0010, 0) == []


def test_bytewise_plan_rejects_negative_length():
    with pytest.raises(ValueError, match="length must be >= 0, got -1"):
        plan_bytewise(0, -1)
