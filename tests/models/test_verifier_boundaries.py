"""The verifier's rules at their edges, and what each violation says (the call, the offending value
and what was allowed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from models.platform import CmResourceType, InterfaceType, ResourceRange, WrapperConfigurationContext, isa_platform
from models.verifier import (
    READ_SHARED_MEMORY,
    WRITE_SHARED_MEMORY,
    NdisVerifierError,
    check_after_initialization,
    check_mapped_overlap,
    check_port_call,
    check_resource_range,
    check_shared_memory_call,
    verify_shared_memory_call,
)

W, R = WRITE_SHARED_MEMORY, READ_SHARED_MEMORY
PORT_CALL = "NdisImmediateWritePortUchar"


def ctx_with(*ranges: ResourceRange) -> WrapperConfigurationContext:
    return WrapperConfigurationContext(InterfaceType.Isa, 0, ranges)


def memory(start: int, length: int) -> ResourceRange:
    return ResourceRange(CmResourceType.Memory, start, length)


def ports(start: int, length: int) -> ResourceRange:
    return ResourceRange(CmResourceType.Port, start, length)


# ---------------------------------------------------------------- shared-memory calls


def test_a_violation_names_its_call_and_rule():
    v = check_shared_memory_call(W, isa_platform()[1], 0xD0000, "ab", 2)
    assert (v.call, v.rule) == (W, "buffer-type")


def test_a_buffer_shown_in_a_message_keeps_a_repr_of_40_characters_whole():
    text = "x" * 38  # repr: 40 characters
    v = check_shared_memory_call(W, isa_platform()[1], 0xD0000, text, 2)
    assert v.message == f"{W}: Buffer is str '{text}'; a write needs bytes, bytearray or memoryview"


def test_a_buffer_shown_in_a_message_is_cut_to_37_characters_and_dots_past_40():
    text = "x" * 39  # repr: 41 characters
    v = check_shared_memory_call(W, isa_platform()[1], 0xD0000, text, 2)
    assert v.message == f"{W}: Buffer is str '{'x' * 36}...; a write needs bytes, bytearray or memoryview"


def test_a_read_into_a_read_only_buffer_names_the_buffer():
    v = check_shared_memory_call(R, isa_platform()[1], 0xD0000, b"ab", 2)
    assert v.message == f"{R}: Buffer is bytes b'ab'; a read needs a writable bytearray or memoryview"


def test_a_read_named_call_that_does_not_fill_its_buffer_accepts_bytes():
    verify_shared_memory_call(R, isa_platform()[1], 0xD0000, b"ab", 2, reads_into_buffer=False)
    with pytest.raises(NdisVerifierError, match="a read needs a writable bytearray"):
        verify_shared_memory_call(R, isa_platform()[1], 0xD0000, b"ab", 2)


def test_address_zero_is_a_ulong():
    assert check_resource_range(W, ctx_with(memory(0, 16)), 0, 16) is None
    assert check_resource_range(W, isa_platform()[1], 0, 1).rule == "outside-resources"


def test_an_address_at_the_end_of_a_range_is_outside_it_not_past_its_end():
    v = check_resource_range(W, ctx_with(memory(0xD0000, 0x4000)), 0xD4000, 1)
    assert v.rule == "outside-resources"
    assert v.message == f"{W}: SharedMemoryAddress=0x000d4000 Length=1 is outside the adapter's memory range 0x000d0000-0x000d3fff"


def test_running_past_a_range_names_the_overrun_and_the_last_byte():
    v = check_resource_range(W, ctx_with(memory(0xD0000, 0x4000)), 0xD3FFE, 4)
    assert v.message == (
        f"{W}: SharedMemoryAddress=0x000d3ffe Length=4 runs 2 bytes past the end of the adapter's memory range "
        "0x000d0000-0x000d3fff (last byte would be 0x000d4001)"
    )


# ---------------------------------------------------------------- port calls


def test_port_zero_and_port_0xffff_are_io_ports():
    assert check_port_call(PORT_CALL, None, 0, 1) is None
    assert check_port_call(PORT_CALL, None, 0xFFFF, 1) is None


def test_a_port_past_0xffff_is_refused_naming_it_and_the_port_space():
    v = check_port_call(PORT_CALL, None, 0x10000, 1)
    assert (v.call, v.rule) == (PORT_CALL, "port-type")
    assert v.message == f"{PORT_CALL}: Port=0x10000 is not an I/O port (allowed 0x0000-0xffff)"


def test_a_port_that_is_not_an_int_is_described():
    v = check_port_call(PORT_CALL, None, "0x300", 1)
    assert v.message == f"{PORT_CALL}: Port=str '0x300' is not an I/O port (allowed 0x0000-0xffff)"


def test_an_access_width_other_than_1_2_or_4_is_a_programming_error():
    with pytest.raises(ValueError, match=r"^width must be 1, 2 or 4 bytes, got 3$"):
        check_port_call(PORT_CALL, None, 0x300, 3)


@pytest.mark.parametrize(
    "data, width, shown",
    [(0x100, 1, "0x100"), (0x1_0000, 2, "0x10000"), (1 << 32, 4, "0x100000000"), ("a", 1, "str 'a'")],
)
def test_data_too_wide_names_the_value_and_the_largest_allowed(data, width, shown):
    port = 0x300
    v = check_port_call(PORT_CALL, None, port, width, data)
    name = {1: "UCHAR", 2: "USHORT", 4: "ULONG"}[width]
    top = (1 << 8 * width) - 1
    assert v.message == f"{PORT_CALL}: Data={shown} does not fit a {name} (allowed 0x0-0x{top:x})"


def test_the_largest_value_of_each_width_fits():
    for width in (1, 2, 4):
        assert check_port_call(PORT_CALL, None, 0x300, width, (1 << 8 * width) - 1) is None


@pytest.mark.parametrize("width, shown", [(1, "1 byte"), (2, "2 bytes"), (4, "4 bytes")])
def test_a_port_outside_every_range_names_the_access_width(width, shown):
    v = check_port_call(PORT_CALL, ctx_with(ports(0x300, 32)), 0x400, width)
    assert v.message == f"{PORT_CALL}: Port=0x0400 ({shown}) is outside the adapter's port 0x0300-0x031f"


def test_a_port_outside_several_ranges_lists_them_all():
    v = check_port_call(PORT_CALL, ctx_with(ports(0x300, 32), ports(0x340, 8)), 0x400, 1)
    assert v.message == f"{PORT_CALL}: Port=0x0400 (1 byte) is outside the adapter's port 0x0300-0x031f, port 0x0340-0x0347"


def test_a_port_call_on_an_adapter_without_ports_says_so():
    v = check_port_call(PORT_CALL, ctx_with(memory(0xD0000, 16)), 0x300, 1)
    assert (v.rule, v.message) == (
        "port-outside-resources",
        f"{PORT_CALL}: Port=0x0300 (1 byte) is outside the adapter's resources: it was given no port range",
    )


def test_a_port_access_running_past_its_range_names_the_range():
    v = check_port_call(PORT_CALL, ctx_with(ports(0x300, 2)), 0x300, 4)
    assert v.message == f"{PORT_CALL}: Port=0x0300 (4 bytes) runs past the end of the adapter's port 0x0300-0x0301"


def test_a_port_argument_is_named_as_the_call_names_it():
    v = check_port_call("NdisRawWritePortUchar", None, -1, 1, port_name="Port")
    assert v.message.startswith("NdisRawWritePortUchar: Port=-0x1 is not an I/O port")
    v = check_port_call("NdisRawWritePortUchar", None, -1, 1, port_name="PortAddress")
    assert v.message.startswith("NdisRawWritePortUchar: PortAddress=-0x1 ")


# ---------------------------------------------------------------- call context


def test_an_immediate_call_after_initialization_names_the_call_and_the_adapter():
    _, ctx = isa_platform()
    ctx.initialization_finished = True
    v = check_after_initialization(W, ctx)
    assert (v.call, v.rule) == (W, "after-initialization")
    assert v.message.startswith(f"{W}: called after MiniportInitialize of isa-adapter returned")


def test_a_context_without_the_initialization_flag_counts_as_during_initialization():
    assert check_after_initialization(W, SimpleNamespace(name="old")) is None


def test_a_zero_length_call_inside_a_mapped_range_does_not_overlap_it():
    assert check_mapped_overlap(W, 0xD0008, 0, [(0xD0000, 16)]) is None


def test_a_one_byte_call_inside_a_mapped_range_overlaps_it():
    v = check_mapped_overlap(W, 0xD000F, 1, [(0xD0000, 16)])
    assert (v.call, v.rule) == (W, "immediate-on-mapped-range")
    assert v.message.startswith(f"{W}: SharedMemoryAddress=0x000d000f Length=1 overlaps the range 0x000d0000-0x000d000f")


def test_a_call_ending_where_a_mapped_range_starts_does_not_overlap_it():
    assert check_mapped_overlap(W, 0xCFFF0, 16, [(0xD0000, 16)]) is None


def test_a_call_starting_where_a_mapped_range_ends_does_not_overlap_it():
    assert check_mapped_overlap(W, 0xD0010, 16, [(0xD0000, 16)]) is None


def test_a_call_whose_tail_reaches_into_a_mapped_range_overlaps_it():
    assert check_mapped_overlap(W, 0xD0000, 0x10, [(0xD0008, 0x100)]) is not None
