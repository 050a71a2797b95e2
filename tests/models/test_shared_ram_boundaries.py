"""The golden RAM at its edges: the first differing byte wherever it is, rows that straddle an
unaligned window, strobes that do not fit, and what each refusal says."""

from __future__ import annotations

import pytest

from models.axi import Burst, BurstType, Resp
from models.shared_ram import SharedRamModel, first_mismatch


# ---------------------------------------------------------------- first_mismatch


def test_a_difference_in_the_very_first_byte_is_found_there():
    m = first_mismatch(b"\x00\x01\x02", b"\xff\x01\x02", 0x100)
    assert (m.address, m.expected, m.actual) == (0x100, b"\x00\x01\x02", b"\xff\x01\x02")


@pytest.mark.parametrize("bit", range(8))
def test_a_difference_in_any_single_bit_is_located_in_its_byte(bit):
    expected = bytes(64)
    actual = bytearray(64)
    actual[37] = 1 << bit
    assert first_mismatch(expected, bytes(actual), 0).address == 37


def test_a_difference_past_the_first_4_kib_is_located_exactly():
    expected = bytes(10000)
    actual = bytearray(10000)
    actual[9001] = 0x80
    assert first_mismatch(expected, bytes(actual), 0x1000).address == 0x1000 + 9001


def test_a_mismatch_prints_its_address_and_both_sides():
    m = first_mismatch(b"\x01\x02", b"\x01\x03", 0xD0000)
    assert str(m) == "first difference at 0x000d0001: expected 02, got 03"


# ---------------------------------------------------------------- host view refusals


@pytest.mark.parametrize("address, length, name", [("0", 1, "address"), (0xD0000, "1", "length")])
def test_host_accesses_need_int_addresses_and_lengths(address, length, name):
    ram = SharedRamModel(0xD0000, 64)
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '"):
        ram.read(address, length)


def test_a_negative_length_is_refused_naming_the_access():
    with pytest.raises(ValueError, match=r"^read: length must be >= 0, got -1$"):
        SharedRamModel(0xD0000, 64).read(0xD0000, -1)


def test_a_negative_address_is_refused_naming_the_access():
    with pytest.raises(ValueError, match=r"^read: address must be >= 0, got -0x1$"):
        SharedRamModel(0xD0000, 64).read(-1, 1)


def test_a_compare_outside_the_window_names_the_compare():
    with pytest.raises(ValueError, match=r"^compare of 2 bytes at 0x000d003f is outside the window 0x000d0000-0x000d003f$"):
        SharedRamModel(0xD0000, 64).compare(0xD003F, b"ab")


def test_a_write_changes_exactly_its_bytes_and_keeps_the_window_size():
    ram = SharedRamModel(0xD0000, 64, fill=0xEE)
    ram.write(0xD0010, b"abcd")
    assert ram.snapshot() == b"\xee" * 16 + b"abcd" + b"\xee" * 44


def test_a_write_of_signed_bytes_stores_them_as_bytes():
    ram = SharedRamModel(0xD0000, 8)
    ram.write(0xD0000, memoryview(bytes([0x80, 0xFF])).cast("b"))
    assert ram.read(0xD0000, 2) == b"\x80\xff"


def test_a_compare_of_signed_bytes_finds_their_difference():
    ram = SharedRamModel(0xD0000, 8)
    ram.write(0xD0000, b"\x80\xff")
    assert ram.compare(0xD0000, memoryview(bytes([0x80, 0xFE])).cast("b")).address == 0xD0001


# ---------------------------------------------------------------- a window not aligned to the bus


def test_a_row_starting_below_an_unaligned_window_reads_zero_for_the_bytes_before_it():
    ram = SharedRamModel(0x1004, 12, fill=0xAA)
    words, resp = ram.read_burst(Burst(0x1004, 1, 2, BurstType.FIXED), 8)
    assert resp == Resp.OKAY
    assert words == [int.from_bytes(b"\x00" * 4 + b"\xaa" * 4, "little")]


def test_a_row_ending_past_an_unaligned_window_reads_zero_for_the_bytes_after_it():
    ram = SharedRamModel(0x1000, 12, fill=0xAA)
    words, _ = ram.read_burst(Burst(0x1008, 1, 2, BurstType.FIXED), 8)
    assert words == [int.from_bytes(b"\xaa" * 4 + b"\x00" * 4, "little")]


def test_a_full_width_read_of_rows_straddling_an_unaligned_window_pads_with_zeros():
    ram = SharedRamModel(0x1004, 8, fill=0x55)
    ram.write(0x1004, bytes(range(1, 9)))
    words, _ = ram.read_burst(Burst(0x1004, 1, 2), 8)
    assert words == [int.from_bytes(b"\x00" * 4 + bytes(range(1, 5)), "little")]


def test_a_write_to_a_row_straddling_an_unaligned_window_changes_only_the_bytes_inside():
    ram = SharedRamModel(0x1004, 8, fill=0xEE)
    resp = ram.write_burst(Burst(0x1004, 1, 2, BurstType.INCR, 0, 4), 8, [0x11223344_55667788], [0xF0])
    assert resp == Resp.OKAY
    assert ram.snapshot() == bytes([0x44, 0x33, 0x22, 0x11]) + b"\xee" * 4


# ---------------------------------------------------------------- strobes


@pytest.mark.parametrize("strobe, shown", [(0x100, "256"), (-1, "-1"), (True, "True")])
def test_a_strobe_that_does_not_fit_the_bus_is_refused_naming_it(strobe, shown):
    ram = SharedRamModel(0xD0000, 64)
    before = ram.snapshot()
    with pytest.raises(ValueError, match=rf"^strobe {shown} does not fit a 8-byte bus \(0\.\.0xff\)$"):
        ram.write_burst(Burst(0xD0000, 1, 3, BurstType.INCR, 0, 8), 8, [0], [strobe])
    assert ram.snapshot() == before


def test_comparing_equal_bytes_above_0x7f_finds_no_mismatch():
    ram = SharedRamModel(0xD0000, 8)
    ram.write(0xD0000, b"\x80\xff")
    assert ram.compare(0xD0000, b"\x80\xff") is None


def test_the_refusal_names_the_first_strobe_that_does_not_fit_not_the_first_strobe():
    ram = SharedRamModel(0xD0000, 64)
    with pytest.raises(ValueError, match=r"^strobe 256 does not fit a 8-byte bus \(0\.\.0xff\)$"):
        ram.write_burst(Burst(0xD0000, 3, 3, BurstType.INCR, 0, 24), 8, [0, 0, 0], [0, 0xFF, 0x100])


@pytest.mark.parametrize("kwargs, name", [({"base": "0"}, "base"), ({"size": "16"}, "size"), ({"fill": "0"}, "fill")])
def test_the_window_needs_int_base_size_and_fill(kwargs, name):
    args = {"base": 0, "size": 16, "fill": 0, **kwargs}
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '"):
        SharedRamModel(**args)


def test_a_sparse_last_strobe_writes_only_its_strobed_bytes():
    ram = SharedRamModel(0x0, 32, fill=0xEE)
    ram.write_burst(Burst(0x0, 2, 3, BurstType.INCR, 0, 10), 8, [0x0807060504030201, 0x100F0E0D0C0B0A09], [0xFF, 0b101])
    assert ram.read(0x8, 4) == b"\x09\xee\x0b\xee"


def test_a_partial_middle_strobe_writes_only_its_strobed_bytes():
    ram = SharedRamModel(0x0, 32, fill=0xEE)
    ram.write_burst(Burst(0x0, 3, 3, BurstType.INCR, 0, 17), 8, [0, 0x1111111111111111, 0x22], [0xFF, 0x0F, 0x01])
    assert ram.read(0x8, 9) == b"\x11" * 4 + b"\xee" * 4 + b"\x22"


def test_a_sparse_first_strobe_writes_only_its_strobed_bytes():
    ram = SharedRamModel(0x0, 32, fill=0xEE)
    ram.write_burst(Burst(0x0, 2, 3, BurstType.INCR, 0, 10), 8, [0x0807060504030201, 0x100F0E0D0C0B0A09], [0b101, 0xFF])
    assert ram.read(0x0, 4) == b"\x01\xee\x03\xee"


def test_a_window_of_one_byte_is_accepted():
    ram = SharedRamModel(0x10, 1, fill=0x5A)
    assert ram.read(0x10, 1) == b"\x5a"


def test_the_reason_for_a_too_wide_size_names_its_bytes_and_the_bus_width():
    assert SharedRamModel.protocol_error(Burst(0x0, 1, 3, BurstType.INCR, 0, 8), 4) == (
        "size 3 (8 bytes) is wider than the 4-byte bus")


def test_the_reason_for_a_reserved_burst_type_names_its_encoding():
    assert SharedRamModel.protocol_error(Burst(0x0, 1, 2, BurstType.RESERVED, 0, 4), 4) == "burst type RESERVED (0b11)"


def test_a_last_strobe_of_one_high_lane_writes_only_that_byte():
    ram = SharedRamModel(0x0, 32, fill=0xEE)
    ram.write_burst(Burst(0x0, 2, 3, BurstType.INCR, 0, 10), 8, [0x0807060504030201, 0x100F0E0D0C0B0A09], [0xFF, 0b10])
    assert ram.read(0x8, 3) == b"\xee\x0a\xee"
