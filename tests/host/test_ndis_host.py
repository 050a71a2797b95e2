"""The NDIS host calls without a simulator: a pure-Python bus applies the bursts to the golden RAM.

These prove the call flow itself (translate, map, copy, unmap; verifier on and off) on any platform
model, including a PCI bus whose translation is not the identity.
"""

from __future__ import annotations

import asyncio

import pytest

from models.platform import MemoryManager, pci_platform
from models.shared_ram import SharedRamModel
from models.verifier import NdisVerifierError
from tb.ndis import CopyStrategy, NdisHost, NdisStatus, Out
from tests.host.model_bus import ModelBus, isa_host


def test_write_translates_maps_copies_and_unmaps():
    host, ctx, ram, bus = isa_host()
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0123, b"\x01\x02\x03" * 100, 300))
    assert ram.read(0xD0123, 300) == b"\x01\x02\x03" * 100
    assert ram.read(0xD0122, 1) == b"\xee" and ram.read(0xD0123 + 300, 1) == b"\xee"
    assert host.mm.map_calls == 1 and host.mm.unmap_calls == 1 and not host.mm.live


def test_a_non_identity_translation_moves_the_bus_cycles():
    hal, ctx = pci_platform()
    window = ctx.memory_ranges()[0]
    xlat = hal.HalTranslateBusAddress(ctx.interface_type, ctx.bus_number, window.start, 0)
    assert xlat.address != window.start, "the PCI platform model must not be the identity"
    ram = SharedRamModel(xlat.address, window.length)
    bus = ModelBus(ram)
    host = NdisHost(hal, MemoryManager(), bus)
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, window.start + 16, b"frame", 5))
    assert bus.bursts[0].address == xlat.address + 16
    assert ram.read(xlat.address + 16, 5) == b"frame"


def test_read_fills_only_length_bytes_of_the_buffer():
    host, ctx, ram, _ = isa_host()
    ram.write(0xD0400, bytes(range(64)))
    buf = bytearray(b"\xaa" * 80)
    asyncio.run(host.NdisImmediateReadSharedMemory(ctx, 0xD0400, buf, 64))
    assert bytes(buf[:64]) == bytes(range(64)) and bytes(buf[64:]) == b"\xaa" * 16


def test_bytewise_makes_one_single_byte_access_per_byte():
    host, ctx, ram, bus = isa_host(strategy=CopyStrategy.BYTEWISE)
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0001, b"abcdefg", 7))
    assert [(b.address, b.beats, b.size) for b in bus.bursts] == [(0xD0001 + i, 1, 0) for i in range(7)]
    assert ram.read(0xD0001, 7) == b"abcdefg"


def test_zero_length_issues_no_bus_access_and_maps_nothing():
    host, ctx, _, bus = isa_host()
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, b"", 0))
    assert bus.bursts == [] and host.mm.map_calls == 0


def test_verifier_error_comes_before_any_mapping_or_bus_access():
    host, ctx, ram, bus = isa_host()
    before = ram.snapshot()
    with pytest.raises(NdisVerifierError, match="0x000d3ff8"):
        asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD3FF8, bytes(16), 16))
    assert bus.bursts == [] and host.mm.map_calls == 0 and ram.snapshot() == before


def test_verifier_off_records_the_failure_and_returns():
    host, ctx, ram, bus = isa_host(verifier=False)
    assert asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xE0000, bytes(4), 4)) is None
    assert [f.rule for f in host.failures] == ["outside-resources"]
    assert bus.bursts == []


def test_map_failure_is_reported_and_nothing_is_copied():
    host, ctx, _, bus = isa_host(verifier=False)
    host.mm.fail_next = 1
    asyncio.run(host.NdisImmediateWriteSharedMemory(ctx, 0xD0000, bytes(8), 8))
    assert [f.rule for f in host.failures] == ["map-failed"] and bus.bursts == []


def test_mapped_path_maps_moves_and_unmaps():
    host, ctx, ram, _ = isa_host()
    va = Out[int]()
    assert asyncio.run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 8192)) == NdisStatus.SUCCESS
    asyncio.run(host.NdisMoveToMappedMemory(va.value + 0x10, b"hello", 5))
    back = bytearray(5)
    asyncio.run(host.NdisMoveFromMappedMemory(back, va.value + 0x10, 5))
    asyncio.run(host.NdisMUnmapIoSpace(ctx, va.value, 8192))
    assert ram.read(0xD0010, 5) == b"hello" and back == b"hello"
    host.mm.assert_no_leaks()


def test_move_after_unmap_is_caught():
    host, ctx, _, bus = isa_host()
    va = Out[int]()
    asyncio.run(host.NdisMMapIoSpace(va, ctx, 0xD0000, 4096))
    asyncio.run(host.NdisMUnmapIoSpace(ctx, va.value, 4096))
    with pytest.raises(NdisVerifierError, match="not-mapped|not mapped|mapping"):
        asyncio.run(host.NdisMoveToMappedMemory(va.value, b"x", 1))
    assert bus.bursts == []


def test_map_outside_the_adapters_range_fails_with_the_address():
    host, ctx, _, _ = isa_host()
    va = Out[int](0x1234)
    with pytest.raises(NdisVerifierError, match="PhysicalAddress=0x000c0000"):
        asyncio.run(host.NdisMMapIoSpace(va, ctx, 0xC0000, 16))
    assert va.value is None
