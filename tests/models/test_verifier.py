"""Each verifier rule for NdisImmediateRead/WriteSharedMemory, with the values its message must name."""

from __future__ import annotations

import pytest

from models import (
    RULES,
    CmResourceType,
    InterfaceType,
    NdisVerifierError,
    ResourceRange,
    WrapperConfigurationContext,
    check_shared_memory_call,
    isa_platform,
    verify_shared_memory_call,
)

WRITE = "NdisImmediateWriteSharedMemory"
READ = "NdisImmediateReadSharedMemory"


@pytest.fixture
def ctx() -> WrapperConfigurationContext:
    return isa_platform()[1]  # memory 0xD0000-0xD3FFF, ports 0x300-0x31F


def test_write_inside_the_window_is_allowed(ctx):
    assert check_shared_memory_call(WRITE, ctx, 0xD0000, b"\x00" * 16, 16) is None


def test_read_into_a_bytearray_inside_the_window_is_allowed(ctx):
    assert check_shared_memory_call(READ, ctx, 0xD3FF0, bytearray(16), 16) is None


def test_access_ending_on_the_last_byte_of_the_window_is_allowed(ctx):
    assert check_shared_memory_call(WRITE, ctx, 0xD3FFF, b"\x01", 1) is None


def test_zero_length_is_allowed_anywhere(ctx):
    assert check_shared_memory_call(WRITE, ctx, 0xE0000, b"", 0) is None


def test_length_shorter_than_the_buffer_is_allowed(ctx):
    assert check_shared_memory_call(WRITE, ctx, 0xD0000, b"\x00" * 64, 8) is None


def test_write_from_a_memoryview_is_allowed(ctx):
    assert check_shared_memory_call(WRITE, ctx, 0xD0000, memoryview(b"abcd"), 4) is None


@pytest.mark.parametrize("buffer", ["text", [1, 2, 3], None, 7])
def test_write_buffer_must_be_bytes_like(ctx, buffer):
    violation = check_shared_memory_call(WRITE, ctx, 0xD0000, buffer, 1)
    assert violation is not None and violation.rule == "buffer-type"
    assert violation.message.startswith(f"{WRITE}: Buffer is {type(buffer).__name__}")
    assert "bytes, bytearray or memoryview" in violation.message


@pytest.mark.parametrize("buffer", [b"abcd", memoryview(b"abcd")], ids=["bytes", "readonly-memoryview"])
def test_read_buffer_must_be_writable(ctx, buffer):
    violation = check_shared_memory_call(READ, ctx, 0xD0000, buffer, 4)
    assert violation is not None and violation.rule == "buffer-type"
    assert "a read needs a writable bytearray or memoryview" in violation.message


def test_read_into_a_writable_memoryview_is_allowed(ctx):
    assert check_shared_memory_call(READ, ctx, 0xD0000, memoryview(bytearray(4)), 4) is None


@pytest.mark.parametrize("length", [1.0, "4", True, None])
def test_length_must_be_an_int(ctx, length):
    violation = check_shared_memory_call(WRITE, ctx, 0xD0000, b"abcd", length)
    assert violation is not None and violation.rule == "length-type"
    assert repr(length) in violation.message


def test_negative_length_is_a_violation(ctx):
    violation = check_shared_memory_call(WRITE, ctx, 0xD0000, b"abcd", -1)
    assert violation is not None and violation.rule == "negative-length"
    assert "Length=-1 is negative" in violation.message


def test_length_larger_than_the_buffer_is_a_violation(ctx):
    violation = check_shared_memory_call(WRITE, ctx, 0xD0000, b"abcd", 5)
    assert violation is not None and violation.rule == "length-exceeds-buffer"
    assert "Length=5 is larger than the 4-byte Buffer (allowed 0..4)" in violation.message


def test_buffer_size_of_a_wide_memoryview_is_counted_in_bytes(ctx):
    words = memoryview(bytearray(8)).cast("I")  # 2 elements, 8 bytes
    assert check_shared_memory_call(READ, ctx, 0xD0000, words, 8) is None


@pytest.mark.parametrize(
    ("address", "shown"),
    [(-1, "-0x1"), (1 << 32, "0x100000000"), (0xD0000 + 0.0, "float 851968.0"), ("0xd0000", "str '0xd0000'")],
)
def test_address_must_be_a_ulong(ctx, address, shown):
    violation = check_shared_memory_call(WRITE, ctx, address, b"abcd", 4)
    assert violation is not None and violation.rule == "address-not-ulong"
    assert f"SharedMemoryAddress={shown} is not a 32-bit ULONG (allowed 0x00000000-0xffffffff)" in violation.message


def test_address_outside_the_window_names_address_length_and_window(ctx):
    violation = check_shared_memory_call(WRITE, ctx, 0xE0000, b"\x00" * 16, 16)
    assert violation is not None and violation.rule == "outside-resources"
    assert violation.message == (
        "NdisImmediateWriteSharedMemory: SharedMemoryAddress=0x000e0000 Length=16 "
        "is outside the adapter's memory range 0x000d0000-0x000d3fff"
    )


def test_port_range_is_not_a_memory_resource(ctx):
    violation = check_shared_memory_call(WRITE, ctx, 0x300, b"\x00", 1)
    assert violation is not None and violation.rule == "outside-resources"


def test_every_memory_range_is_listed_when_there_are_several():
    ctx = WrapperConfigurationContext(
        InterfaceType.Isa,
        0,
        (ResourceRange(CmResourceType.Memory, 0xC8000, 0x2000), ResourceRange(CmResourceType.Memory, 0xD0000, 0x4000)),
    )
    violation = check_shared_memory_call(READ, ctx, 0xE0000, bytearray(2), 2)
    assert violation is not None
    assert "outside the adapter's memory ranges 0x000c8000-0x000c9fff, 0x000d0000-0x000d3fff" in violation.message


def test_adapter_without_memory_resources_says_so():
    ctx = WrapperConfigurationContext(InterfaceType.Isa, 0, (ResourceRange(CmResourceType.Port, 0x300, 32),))
    violation = check_shared_memory_call(WRITE, ctx, 0xD0000, b"\x00", 1)
    assert violation is not None and violation.rule == "outside-resources"
    assert "it was given no memory range" in violation.message


def test_range_running_past_the_window_end_is_a_violation(ctx):
    violation = check_shared_memory_call(WRITE, ctx, 0xD3FF8, b"\x00" * 16, 16)
    assert violation is not None and violation.rule == "past-end-of-resource"
    assert "SharedMemoryAddress=0x000d3ff8 Length=16 runs 8 bytes past the end" in violation.message
    assert "memory range 0x000d0000-0x000d3fff" in violation.message


def test_other_calls_are_checked_as_writes_and_named_in_the_message(ctx):
    violation = check_shared_memory_call("NdisMMapIoSpace", ctx, 0xE0000, bytes(16), 16)
    assert violation is not None and violation.rule == "outside-resources"
    assert violation.call == "NdisMMapIoSpace"
    assert violation.message.startswith("NdisMMapIoSpace: SharedMemoryAddress=0x000e0000")


def test_direction_can_be_given_explicitly(ctx):
    violation = check_shared_memory_call("CopyFromDevice", ctx, 0xD0000, b"abcd", 4, reads_into_buffer=True)
    assert violation is not None and violation.rule == "buffer-type"


def test_every_reported_rule_is_listed():
    assert set(RULES) == {
        "buffer-type",
        "length-type",
        "negative-length",
        "length-exceeds-buffer",
        "address-not-ulong",
        "outside-resources",
        "past-end-of-resource",
    }


def test_verify_raises_a_value_error_carrying_the_violation(ctx):
    with pytest.raises(NdisVerifierError) as info:
        verify_shared_memory_call(WRITE, ctx, 0xE0000, b"\x00", 1)
    assert isinstance(info.value, ValueError)
    assert info.value.violation.rule == "outside-resources"
    assert str(info.value) == info.value.violation.message


def test_verify_returns_quietly_for_a_legal_call(ctx):
    verify_shared_memory_call(WRITE, ctx, 0xD0000, b"\x00", 1)
