"""Packing bytes into beats and back, for planner bursts and hand-built narrow/FIXED/WRAP bursts."""

from __future__ import annotations

import pytest

from models import (
    Burst,
    BurstType,
    beat_strobes,
    pack_burst,
    pack_burst_wide,
    unpack_burst,
    unpack_burst_wide,
)

INCR, FIXED, WRAP = BurstType.INCR, BurstType.FIXED, BurstType.WRAP
DATA = bytes(range(0x10, 0x50))


def test_full_width_bytes_sit_in_their_address_lanes_little_endian():
    words, strobes = pack_burst(Burst(0x103, 2, 2, INCR, 0, 5), 4, b"\xaa\xbb\xcc\xdd\xee")
    assert words == [0xAA000000, 0xEEDDCCBB]
    assert strobes == [0x8, 0xF]


def test_unused_lanes_are_zero():
    words, strobes = pack_burst(Burst(0x101, 1, 2, INCR, 0, 2), 4, b"\x11\x22")
    assert words == [0x00221100]
    assert strobes == [0b0110]


def test_offset_selects_the_source_bytes():
    words, _ = pack_burst(Burst(0x100, 1, 2, INCR, 4, 4), 4, DATA)
    assert words == [int.from_bytes(DATA[4:8], "little")]


def test_narrow_byte_beats_each_use_their_own_lane():
    words, strobes = pack_burst(Burst(0x01, 4, 0, INCR, 0, 4), 4, b"\x11\x22\x33\x44")
    assert words == [0x1100, 0x220000, 0x33000000, 0x44]
    assert strobes == [0x2, 0x4, 0x8, 0x1]


def test_fixed_burst_takes_consecutive_buffer_bytes_into_the_same_lanes():
    words, strobes = pack_burst(Burst(0x22, 3, 1, FIXED, 0, 6), 4, b"\x01\x02\x03\x04\x05\x06")
    assert words == [0x02010000, 0x04030000, 0x06050000]
    assert strobes == [0xC, 0xC, 0xC]


def test_wrap_burst_takes_the_buffer_in_beat_order():
    burst = Burst(0x38, 4, 2, WRAP, 0, 16)
    words, strobes = pack_burst(burst, 8, DATA)
    assert words == [
        int.from_bytes(DATA[0:4], "little"),
        int.from_bytes(DATA[4:8], "little") << 32,
        int.from_bytes(DATA[8:12], "little"),
        int.from_bytes(DATA[12:16], "little") << 32,
    ]
    assert strobes == [0x0F, 0xF0, 0x0F, 0xF0]


def test_beat_strobes_match_packed_strobes_for_a_narrow_burst():
    burst = Burst(0x1001, 3, 2, INCR, 0, 9)
    assert beat_strobes(burst, 8) == pack_burst(burst, 8, DATA)[1] == [0x0E, 0xF0, 0x03]


def test_unpack_returns_only_the_carried_bytes():
    burst = Burst(0x103, 2, 2, INCR, 0, 5)
    assert unpack_burst(burst, 4, [0x99000000 | 0x00123456, 0xEEDDCCBB]) == b"\x99\xbb\xcc\xdd\xee"


def test_unpack_ignores_lanes_a_narrow_beat_does_not_use():
    burst = Burst(0x01, 2, 0, INCR, 0, 2)
    assert unpack_burst(burst, 4, [0xFFFF_AAFF, 0xFFBB_FFFF]) == b"\xaa\xbb"


def test_unpack_inverts_pack_for_a_wrap_burst():
    burst = Burst(0x0E, 8, 1, WRAP, 3, 16)
    words, _ = pack_burst(burst, 8, DATA)
    assert unpack_burst(burst, 8, words) == DATA[3:19]


def test_wide_pack_of_a_planner_burst_is_one_int_per_burst():
    data, strobes = pack_burst_wide(Burst(0x103, 2, 2, INCR, 0, 5), 4, b"\xaa\xbb\xcc\xdd\xee")
    assert data == 0xEEDDCCBB_AA000000
    assert strobes == 0xF8


def test_wide_pack_of_a_narrow_burst_matches_the_per_beat_words():
    burst = Burst(0x01, 4, 0, INCR, 0, 4)
    data, strobes = pack_burst_wide(burst, 4, b"\x11\x22\x33\x44")
    assert data == 0x00000044_33000000_00220000_00001100
    assert strobes == 0x1_8_4_2


def test_wide_unpack_inverts_wide_pack_for_a_fixed_burst():
    burst = Burst(0x22, 3, 1, FIXED, 0, 6)
    data, _ = pack_burst_wide(burst, 4, DATA)
    assert unpack_burst_wide(burst, 4, data) == DATA[:6]


def test_pack_accepts_memoryview_and_bytearray_sources():
    burst = Burst(0x100, 2, 2, INCR, 2, 8)
    expected = pack_burst(burst, 4, DATA)
    assert pack_burst(burst, 4, bytearray(DATA)) == expected
    assert pack_burst(burst, 4, memoryview(DATA)) == expected


def test_pack_rejects_a_buffer_too_short_for_the_burst():
    with pytest.raises(ValueError, match=r"buffer bytes \[60, 68\) but the buffer has only 64 bytes"):
        pack_burst(Burst(0x100, 2, 2, INCR, 60, 8), 4, DATA)


def test_unpack_rejects_the_wrong_number_of_words():
    with pytest.raises(ValueError, match="burst has 2 beats but 1 data words were given"):
        unpack_burst(Burst(0x100, 2, 2, INCR, 0, 8), 4, [0])


def test_unpack_rejects_a_word_wider_than_the_bus():
    with pytest.raises(ValueError, match="does not fit a 4-byte bus"):
        unpack_burst(Burst(0x100, 1, 2, INCR, 0, 4), 4, [1 << 32])


def test_wide_unpack_rejects_data_wider_than_the_burst():
    with pytest.raises(ValueError, match="at most 64 bits"):
        unpack_burst_wide(Burst(0x100, 2, 2, INCR, 0, 8), 4, 1 << 64)


def test_pack_rejects_a_beat_wider_than_the_bus():
    with pytest.raises(ValueError, match="wider than the 4-byte data bus"):
        pack_burst(Burst(0x100, 1, 3, INCR, 0, 8), 4, DATA)
