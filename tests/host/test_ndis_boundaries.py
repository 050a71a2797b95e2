"""The host calls at their edges: what each call records, what each failure says when the verifier
is off (the call, the rule and the message, and the RAM left alone), and what is logged."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import pytest

from models.axi import Resp, Transfer, plan_bursts
from models.platform import Hal, MemoryManager, isa_io_memory_platform, isa_platform
from models.shared_ram import SharedRamModel
from models.verifier import NdisVerifierError
from tb.ndis import BusError, CallRecord, NdisHost, NdisStatus, Out, SilentFailure
from tests.host.model_bus import ModelBus, isa_host

W, R = "NdisImmediateWriteSharedMemory", "NdisImmediateReadSharedMemory"
LOGGER = "cocotb.tb.ndis"


def run(coro):
    return asyncio.run(coro)


def failures_of(host: NdisHost) -> list[tuple[str, str, str]]:
    return [(f.call, f.rule, f.message) for f in host.failures]


# ---------------------------------------------------------------- what a call records


def test_a_write_records_its_call_address_length_physical_address_bursts_and_beats():
    host, ctx, _, _ = isa_host()
    run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0013, bytes(300), 300))
    bursts = plan_bursts(0xD0013, 300, 8)
    assert host.calls == [CallRecord(W, 0xD0013, 300, 0xD0013, len(bursts), sum(b.beats for b in bursts))]


def test_a_read_records_its_own_call_name():
    host, ctx, _, _ = isa_host()
    run(host.NdisImmediateReadSharedMemory(ctx, 0xD0008, bytearray(16), 16))
    assert host.calls == [CallRecord(R, 0xD0008, 16, 0xD0008, 1, 2)]


def test_a_zero_length_call_records_the_call_with_no_bytes():
    host, ctx, _, _ = isa_host()
    run(host.NdisImmediateReadSharedMemory(ctx, 0xD0008, bytearray(4), 0))
    assert host.calls == [CallRecord(R, 0xD0008, 0)]


def test_a_mapped_move_records_the_virtual_address_as_its_address():
    host, ctx, _, _ = isa_host()
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 64))
    run(host.NdisMoveToMappedMemory(va.value + 8, b"abcd", 4))
    run(host.NdisMoveFromMappedMemory(bytearray(4), va.value + 8, 4))
    assert host.calls == [
        CallRecord("NdisMoveToMappedMemory", va.value + 8, 4, 0xD0008, 1, 1),
        CallRecord("NdisMoveFromMappedMemory", va.value + 8, 4, 0xD0008, 1, 1),
    ]


def test_each_copy_is_logged_with_its_physical_address_bursts_and_beats(caplog):
    host, ctx, _, _ = isa_host()
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0010, bytes(100), 100))
    assert caplog.messages == [f"{W}(0x000d0010, 100): physical 0x000d0010, 1 bursts, 13 beats"]


def test_the_burst_length_limit_is_passed_to_the_planner():
    host, ctx, _, bus = isa_host(max_burst_beats=4)
    run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, bytes(64), 64))
    assert [b.beats for b in bus.bursts] == [4, 4]


@dataclass
class LengthCheckingBus(ModelBus):
    """A bus that, like the fast engine, needs to know how many bytes a read returns."""

    asked: list = None  # type: ignore[assignment]

    async def read(self, bursts, length=None):
        self.asked = (self.asked or []) + [length]
        return await super().read(bursts, length)


def test_a_read_tells_the_bus_how_many_bytes_it_wants():
    hal, ctx = isa_platform()
    bus = LengthCheckingBus(SharedRamModel(0xD0000, 16384))
    host = NdisHost(hal, MemoryManager(), bus)
    run(host.NdisImmediateReadSharedMemory(ctx, 0xD0003, bytearray(21), 21))
    assert bus.asked == [21]


@dataclass
class ErrorBus(ModelBus):
    """A bus that answers every burst with SLVERR."""

    async def write(self, bursts, buffer):
        self.bursts.extend(bursts)
        return Transfer(resps=[Resp.SLVERR] * len(bursts))


def test_an_error_response_fails_the_call_naming_the_response_and_the_burst():
    hal, ctx = isa_platform()
    host = NdisHost(hal, MemoryManager(), ErrorBus(SharedRamModel(0xD0000, 16384)), max_burst_beats=2)
    with pytest.raises(BusError) as err:
        run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, bytes(32), 32))
    assert str(err.value) == (
        f"{W}(0x000d0000, Length=32): the bus answered SLVERR to the 2-beat burst at 0x000d0000 (2 of 2 bursts failed)"
    )
    assert not host.mm.live


# ---------------------------------------------------------------- failures with the verifier off


def test_a_silent_failure_is_logged_with_what_the_real_call_would_do(caplog):
    host, ctx, _, _ = isa_host(verifier=False)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        run(host.NdisImmediateWriteSharedMemory(ctx, 0xE0000, bytes(4), 4))
    message = host.failures[0].message
    assert caplog.messages == [f"{message} (verifier off: the call returns silently)"]


def test_a_failed_translation_names_the_bus_and_the_address():
    _, ctx = isa_platform()
    ram = SharedRamModel(0xD0000, 16384, fill=0xEE)
    host = NdisHost(Hal([]), MemoryManager(), ModelBus(ram), verifier=False)
    before = ram.snapshot()
    run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, bytes(4), 4))
    assert failures_of(host) == [(
        W, "translation-failed",
        f"{W}: HalTranslateBusAddress found no Isa bus 0 memory range for SharedMemoryAddress=0x000d0000 (Length=4)",
    )]
    assert ram.snapshot() == before and host.mm.map_calls == 0


def test_a_failed_mapping_names_the_physical_address_and_the_length():
    host, ctx, ram, _ = isa_host(verifier=False)
    host.mm.fail_next = 1
    before = ram.snapshot()
    run(host.NdisImmediateReadSharedMemory(ctx, 0xD0100, bytearray(8), 8))
    assert failures_of(host) == [(
        R, "map-failed", f"{R}: MmMapIoSpace could not map physical 0x000d0100 (Length=8): no system PTEs left",
    )]
    assert ram.snapshot() == before


def test_memory_behind_io_space_is_refused_by_a_host_without_a_port_bus():
    hal, ctx = isa_io_memory_platform()
    ram = SharedRamModel(0xD0000, 16384)
    host = NdisHost(hal, MemoryManager(), ModelBus(ram), verifier=False)
    run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0010, bytes(4), 4))
    assert failures_of(host) == [(
        W, "io-space-unsupported",
        f"{W}: SharedMemoryAddress=0x000d0010 translates to I/O space (device address 0x10) "
        "and this host has no port bus to reach it",
    )]


def test_a_late_immediate_call_is_a_warning_naming_the_call_when_the_verifier_is_off(caplog):
    host, ctx, ram, _ = isa_host(verifier=False)
    host.MiniportInitializeDone(ctx)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, b"late", 4))
    assert [(v.call, v.rule) for v in host.warnings] == [(W, "after-initialization")]
    assert caplog.messages == [f"{host.warnings[0].message} (warning: the call goes ahead)"]
    assert ram.read(0xD0000, 4) == b"late"


def test_a_late_immediate_call_raises_naming_the_call_when_the_verifier_is_on():
    host, ctx, _, _ = isa_host()
    host.MiniportInitializeDone(ctx)
    with pytest.raises(NdisVerifierError) as err:
        run(host.NdisImmediateReadSharedMemory(ctx, 0xD0000, bytearray(4), 4))
    assert (err.value.violation.call, err.value.violation.rule) == (R, "after-initialization")


def test_an_immediate_call_on_a_mapped_range_warns_naming_the_call():
    host, ctx, _, _ = isa_host()
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 64))
    run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, bytes(4), 4))
    assert [(v.call, v.rule) for v in host.warnings] == [(W, "immediate-on-mapped-range")]


# ---------------------------------------------------------------- the mapped path


def test_mapping_zero_bytes_fails_naming_the_call_and_stores_no_address():
    host, ctx, _, _ = isa_host(verifier=False)
    va = Out(1234)
    assert run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 0)) == NdisStatus.FAILURE
    assert va.value is None
    assert failures_of(host) == [("NdisMMapIoSpace", "zero-length", "NdisMMapIoSpace: Length=0; MmMapIoSpace needs at least one byte")]


def test_mapping_one_byte_succeeds():
    host, ctx, _, _ = isa_host()
    va = Out()
    assert run(host.NdisMMapIoSpace(va, ctx, 0xD3FFF, 1)) == NdisStatus.SUCCESS
    assert host.mm.physical(va.value, 1) == 0xD3FFF


def test_mapping_outside_the_adapter_names_the_physical_address_argument():
    host, ctx, _, _ = isa_host(verifier=False)
    assert run(host.NdisMMapIoSpace(Out(), ctx, 0xE0000, 16)) == NdisStatus.FAILURE
    (call, rule, message), = failures_of(host)
    assert (call, rule) == ("NdisMMapIoSpace", "outside-resources")
    assert message.startswith("NdisMMapIoSpace: PhysicalAddress=0x000e0000 Length=16 is outside")


def test_mapping_memory_the_hal_cannot_translate_names_the_bus():
    _, ctx = isa_platform()
    host = NdisHost(Hal([]), MemoryManager(), ModelBus(SharedRamModel(0xD0000, 16384)), verifier=False)
    assert run(host.NdisMMapIoSpace(Out(), ctx, 0xD0000, 16)) == NdisStatus.RESOURCES
    assert failures_of(host) == [(
        "NdisMMapIoSpace", "translation-failed",
        "NdisMMapIoSpace: no Isa bus 0 memory range for PhysicalAddress=0x000d0000 (Length=16)",
    )]


def test_mapping_memory_behind_io_space_fails():
    hal, ctx = isa_io_memory_platform()
    host = NdisHost(hal, MemoryManager(), ModelBus(SharedRamModel(0xD0000, 16384)), verifier=False)
    assert run(host.NdisMMapIoSpace(Out(), ctx, 0xD0000, 16)) == NdisStatus.RESOURCES
    assert [f.rule for f in host.failures] == ["translation-failed"]


def test_a_failed_mapping_names_the_physical_address():
    host, ctx, _, _ = isa_host(verifier=False)
    host.mm.fail_next = 1
    assert run(host.NdisMMapIoSpace(Out(), ctx, 0xD0000, 16)) == NdisStatus.RESOURCES
    assert failures_of(host) == [("NdisMMapIoSpace", "map-failed", "NdisMMapIoSpace: MmMapIoSpace failed for 0x000d0000 (Length=16)")]


def test_a_bad_unmap_is_reported_with_the_memory_managers_reason_and_keeps_the_mapping():
    host, ctx, _, _ = isa_host(verifier=False)
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    run(host.NdisMUnmapIoSpace(ctx, va.value, 8))
    assert failures_of(host) == [(
        "NdisMUnmapIoSpace", "bad-unmap",
        f"NdisMUnmapIoSpace: MmUnmapIoSpace: VA 0x{va.value:08x} unmapped with NumberOfBytes=8 but was mapped with 16",
    )]
    assert host.mapped_ranges(ctx) == [(0xD0000, 16)]


def test_unmapping_forgets_the_mapped_range():
    host, ctx, _, _ = isa_host()
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    run(host.NdisMUnmapIoSpace(ctx, va.value, 16))
    assert host.mapped_ranges(ctx) == []


@pytest.mark.parametrize(
    "move, buffer, allowed",
    [
        ("NdisMoveToMappedMemory", "text", "bytes, bytearray or memoryview"),
        ("NdisMoveFromMappedMemory", b"read-only", "a writable bytearray or memoryview"),
        ("NdisMoveFromMappedMemory", memoryview(b"read-only"), "a writable bytearray or memoryview"),
    ],
)
def test_a_mapped_move_with_a_buffer_of_the_wrong_kind_names_what_is_allowed(move, buffer, allowed):
    host, ctx, ram, _ = isa_host(verifier=False)
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    before = ram.snapshot()
    if move == "NdisMoveToMappedMemory":
        run(host.NdisMoveToMappedMemory(va.value, buffer, 4))
    else:
        run(host.NdisMoveFromMappedMemory(buffer, va.value, 4))
    assert failures_of(host) == [(move, "buffer-type", f"{move}: buffer is {type(buffer).__name__}; allowed: {allowed}")]
    assert ram.snapshot() == before and host.calls == []


def test_a_mapped_move_into_a_writable_view_is_allowed():
    host, ctx, ram, _ = isa_host()
    ram.write(0xD0000, b"wxyz")
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    target = bytearray(4)
    run(host.NdisMoveFromMappedMemory(memoryview(target), va.value, 4))
    assert target == b"wxyz"


@pytest.mark.parametrize("length, shown", [(-1, "-1"), (True, "True"), ("4", "'4'")])
def test_a_mapped_move_length_that_is_not_a_count_is_refused(length, shown):
    host, ctx, ram, _ = isa_host(verifier=False)
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    before = ram.snapshot()
    run(host.NdisMoveToMappedMemory(va.value, b"abcd", length))
    call = "NdisMoveToMappedMemory"
    assert failures_of(host) == [(call, "negative-length", f"{call}: Length={shown}; allowed: an int >= 0")]
    assert ram.snapshot() == before


def test_a_mapped_move_of_zero_bytes_does_nothing():
    host, ctx, _, bus = isa_host(verifier=False)
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    run(host.NdisMoveToMappedMemory(va.value, b"abcd", 0))
    assert host.failures == [] and bus.bursts == [] and host.calls == []


def test_a_mapped_move_longer_than_its_buffer_is_refused():
    host, ctx, ram, _ = isa_host(verifier=False)
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    before = ram.snapshot()
    run(host.NdisMoveToMappedMemory(va.value, b"abcd", 5))
    call = "NdisMoveToMappedMemory"
    assert failures_of(host) == [(call, "length-exceeds-buffer", f"{call}: Length=5 exceeds the 4-byte buffer")]
    assert ram.snapshot() == before


def test_a_mapped_move_outside_every_mapping_names_the_va_and_the_reason():
    host, ctx, ram, _ = isa_host(verifier=False)
    va = Out()
    run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 16))
    before = ram.snapshot()
    run(host.NdisMoveFromMappedMemory(bytearray(4), va.value + 14, 4))
    call = "NdisMoveFromMappedMemory"
    (got,) = failures_of(host)
    assert got[:2] == (call, "not-mapped")
    assert got[2].startswith(f"{call}: VA 0x{va.value + 14:08x} Length=4: access of 4 bytes at VA 0x{va.value + 14:08x} runs past")
    assert ram.snapshot() == before and host.calls == []


def test_a_silent_failure_keeps_call_rule_and_message():
    host, ctx, _, _ = isa_host(verifier=False)
    run(host.NdisImmediateWriteSharedMemory(ctx, 0xE0000, bytes(4), 4))
    (f,) = host.failures
    assert isinstance(f, SilentFailure) and f.call == W and f.rule == "outside-resources"
    assert f.message.startswith(f"{W}: SharedMemoryAddress=0x000e0000 Length=4 is outside")


def test_unmapping_a_va_the_memory_manager_mapped_directly_unmaps_it():
    host, ctx, _, _ = isa_host()
    va = host.mm.MmMapIoSpace(0xD0000, 16)
    run(host.NdisMUnmapIoSpace(ctx, va, 16))
    assert host.mm.live == [] and host.failures == []
