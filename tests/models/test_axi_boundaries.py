"""AXI bursts and packers at their edges: the longest and widest legal bursts, the first illegal
values, and what each refusal says (the field, the offending value and what was allowed).

Fields given as plain ints (a burst type of 1, as a reader of a log would write it) take the
detailed validation path, so every limit is checked there too."""

from __future__ import annotations

from array import array

import pytest

from models.axi import (
    AXI_MAX_BEATS,
    Burst,
    BurstType,
    beat_strobes,
    pack_burst,
    plan_bursts,
    plan_bytewise,
    unpack_burst,
    unpack_burst_wide,
)
from models.shared_ram import SharedRamModel


def test_a_256_beat_burst_is_legal_however_its_type_is_given():
    assert Burst(0, AXI_MAX_BEATS, 0, BurstType.INCR).beats == 256
    assert Burst(0, AXI_MAX_BEATS, 0, 1).burst_type is BurstType.INCR  # type: ignore[arg-type]


def test_a_257_beat_burst_is_refused_with_the_allowed_range():
    with pytest.raises(ValueError, match=r"^beats must be from 1 to 256, got 257$"):
        Burst(0, 257, 0, 1)  # type: ignore[arg-type]


def test_a_128_byte_beat_is_the_widest_legal_size():
    assert Burst(0, 1, 7, 1).size == 7  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^size \(AxSIZE\) must be from 0 to 7, got 8$"):
        Burst(0, 1, 8, 1)  # type: ignore[arg-type]


def test_a_beat_wider_than_the_bus_is_refused_naming_both_widths_in_bytes():
    with pytest.raises(ValueError, match=r"^burst size 3 \(8 bytes per beat\) is wider than the 4-byte data bus$"):
        Burst(0, 1, 3).lanes(4)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"beats": "2"}, "beats"),
        ({"size": "0"}, "size"),
        ({"offset": "0"}, "offset"),
        ({"length": "1"}, "length"),
    ],
)
def test_a_burst_field_that_is_not_an_int_is_refused_naming_the_field(kwargs, name):
    fields = {"address": 0, "beats": 2, "size": 0, "burst_type": BurstType.INCR, "offset": 0, "length": 0, **kwargs}
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '"):
        Burst(**fields)


def test_a_burst_may_carry_exactly_its_capacity():
    assert Burst(0x3, 2, 1, 1, 0, 3).length == 3  # type: ignore[arg-type]


def test_a_burst_carrying_more_than_its_capacity_is_refused_describing_the_burst():
    with pytest.raises(ValueError) as err:
        Burst(0x3, 2, 1, 1, 0, 4)  # type: ignore[arg-type]
    assert str(err.value) == (
        "length must be from 0 to the burst's capacity 3 (address 0x3, 2 beats of 2 bytes, INCR), got 4"
    )


def test_covering_starts_at_buffer_offset_zero_by_default():
    b = Burst.covering(0x11, 2, 2)
    assert (b.offset, b.length) == (0, 7)


@pytest.mark.parametrize("address, length, name", [("0", 1, "address"), (0, "1", "length")])
def test_bytewise_plan_needs_int_address_and_length(address, length, name):
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '"):
        plan_bytewise(address, length)


def test_bytewise_plan_refuses_a_negative_address_with_its_value():
    with pytest.raises(ValueError, match=r"^address must be >= 0, got -0x1$"):
        plan_bytewise(-1, 1)


@pytest.mark.parametrize("word", [1 << 16, -1, True, "0"])
def test_a_read_word_that_does_not_fit_the_bus_is_refused_naming_it(word):
    burst = Burst(0x10, 1, 0, BurstType.FIXED, 0, 1)
    with pytest.raises(ValueError, match=rf"^data word 0 \({word!r}\) does not fit a 2-byte bus$"):
        unpack_burst(burst, 2, [word])


def test_the_largest_word_of_the_bus_fits():
    burst = Burst(0x11, 1, 0, BurstType.FIXED, 0, 1)
    assert unpack_burst(burst, 2, [0xFFFF]) == b"\xff"


@pytest.mark.parametrize("wide", [True, -1, 1 << 32, "0"])
def test_wide_read_data_that_does_not_fit_the_burst_is_refused(wide):
    burst = Burst(0x10, 2, 1, BurstType.INCR, 0, 4)
    with pytest.raises(ValueError, match=r"^wide data must be an int of at most 32 bits \(the 2-beat burst\)$"):
        unpack_burst_wide(burst, 2, wide)


def test_the_largest_wide_read_data_of_the_burst_fits():
    burst = Burst(0x10, 2, 1, BurstType.INCR, 0, 4)
    assert unpack_burst_wide(burst, 2, (1 << 32) - 1) == b"\xff" * 4


def test_a_fixed_burst_carries_at_most_its_lanes_from_the_start_address_on_every_beat():
    assert Burst(0x1, 2, 1, BurstType.FIXED, 0, 2).length == 2
    with pytest.raises(ValueError, match=r"^length must be from 0 to the burst's capacity 2 "):
        Burst(0x1, 2, 1, BurstType.FIXED, 0, 3)


@pytest.mark.parametrize(
    "kwargs, name",
    [({"address": "0"}, "address"), ({"length": "1"}, "length"), ({"max_beats": "256"}, "max_beats"),
     ({"boundary": "4096"}, "boundary")],
)
def test_the_planner_needs_int_arguments_and_names_the_wrong_one(kwargs, name):
    args = {"address": 0, "length": 1, "bus_bytes": 8, **kwargs}
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '"):
        plan_bursts(**args)


def test_a_one_byte_boundary_on_a_one_byte_bus_gives_one_byte_per_burst():
    assert [(b.address, b.beats) for b in plan_bursts(0x10, 3, 1, boundary=1)] == [(0x10, 1), (0x11, 1), (0x12, 1)]


def test_an_incr_burst_with_an_empty_last_beat_has_a_zero_strobe_for_it():
    assert beat_strobes(Burst(0x0, 3, 1, BurstType.INCR, 0, 4), 2) == [0b11, 0b11, 0]
    assert beat_strobes(Burst(0x0, 4, 1, BurstType.INCR, 0, 2), 2) == [0b11, 0, 0, 0]


def test_a_buffer_of_any_shape_or_item_size_is_packed_as_its_bytes_in_order():
    raw = bytes(range(8))
    burst = Burst(0x0, 1, 3, BurstType.INCR, 0, 8)
    expected = pack_burst(burst, 8, raw)
    assert pack_burst(burst, 8, memoryview(raw).cast("B", (2, 4))) == expected
    assert pack_burst(burst, 8, array("H", raw)) == expected


def test_a_write_word_that_does_not_fit_is_named_by_its_index_and_value():
    ram = SharedRamModel(0x0, 64)
    with pytest.raises(ValueError, match=r"^data word 1 \(65536\) does not fit a 2-byte bus$"):
        ram.write_burst(Burst(0x0, 2, 1, BurstType.INCR, 0, 4), 2, [1, 1 << 16], [0b11, 0b11])


def test_a_full_width_burst_carrying_no_bytes_has_every_strobe_clear():
    assert pack_burst(Burst(0x0, 2, 2, BurstType.INCR, 0, 0), 4, b"") == ([0, 0], [0, 0])


def test_a_beat_that_carries_no_bytes_has_data_0_and_no_strobe():
    words, strobes = pack_burst(Burst(0x0, 2, 1, BurstType.INCR, 0, 2), 4, b"\x11\x22")
    assert (words, strobes) == ([0x2211, 0], [0b11, 0])


@pytest.mark.parametrize("bus_bytes", [4, 16])
@pytest.mark.parametrize("word", [1.0, "1"])
def test_a_data_word_that_is_not_an_int_is_refused_naming_it(word, bus_bytes):
    ram = SharedRamModel(0x0, 32)
    size = bus_bytes.bit_length() - 1
    with pytest.raises(ValueError, match=rf"^data word 0 \({word!r}\) does not fit a {bus_bytes}-byte bus$"):
        ram.write_burst(Burst(0x0, 1, size, BurstType.INCR, 0, bus_bytes), bus_bytes, [word], [(1 << bus_bytes) - 1])


def test_the_refusal_names_the_first_data_word_that_does_not_fit_not_the_first_word():
    ram = SharedRamModel(0x0, 16)
    with pytest.raises(ValueError, match=r"^data word 1 \(4294967296\) does not fit a 4-byte bus$"):
        ram.write_burst(Burst(0x0, 2, 2, BurstType.INCR, 0, 8), 4, [0, 1 << 32], [0xF, 0xF])


def test_a_bus_width_that_is_not_an_int_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"^bus_bytes must be an int, got str '4'$"):
        plan_bursts(0, 1, "4")  # type: ignore[arg-type]


def test_a_burst_starting_inside_its_first_beat_carries_only_the_lanes_from_there():
    assert Burst(0x2, 1, 2, BurstType.INCR, 0, 2).capacity == 2
    with pytest.raises(ValueError, match=r"^length must be from 0 to the burst's capacity 2 "):
        Burst(0x2, 1, 2, BurstType.INCR, 0, 3)


@pytest.mark.parametrize("size", [3, 1], ids=["full-width", "narrow"])
def test_a_strided_view_is_packed_as_the_bytes_it_shows(size):
    raw = bytes(range(16))
    burst = Burst(0x0, 8 >> size, size, BurstType.INCR, 0, 8)
    assert pack_burst(burst, 8, memoryview(raw)[::2]) == pack_burst(burst, 8, raw[::2])
