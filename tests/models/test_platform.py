"""HalTranslateBusAddress, MmMapIoSpace/MmUnmapIoSpace and the ready-made platforms."""

from __future__ import annotations

import pytest

from models import (
    AddressSpace,
    BusAperture,
    CmResourceType,
    DoubleUnmapError,
    Hal,
    InterfaceType,
    MappingError,
    MappingLeakError,
    MemoryManager,
    ResourceRange,
    Translation,
    WrapperConfigurationContext,
    isa_platform,
    pci_platform,
)

MEMORY, IO = AddressSpace.MEMORY, AddressSpace.IO
PAGE = MemoryManager.PAGE_SIZE


# ---------------------------------------------------------------- resources and context


def test_interface_types_use_nt_numbering():
    assert [int(t) for t in (InterfaceType.Internal, InterfaceType.Isa, InterfaceType.PCIBus)] == [0, 1, 5]


def test_memory_range_prints_its_inclusive_bounds():
    assert str(ResourceRange(CmResourceType.Memory, 0xD0000, 0x4000)) == "memory 0x000d0000-0x000d3fff"


def test_port_range_prints_its_inclusive_bounds():
    assert str(ResourceRange(CmResourceType.Port, 0x300, 32)) == "port 0x0300-0x031f"


def test_resource_end_is_exclusive_and_last_is_inclusive():
    r = ResourceRange(CmResourceType.Memory, 0xD0000, 0x4000)
    assert (r.end, r.last) == (0xD4000, 0xD3FFF)


def test_resource_contains_only_ranges_wholly_inside():
    r = ResourceRange(CmResourceType.Memory, 0xD0000, 0x4000)
    assert r.contains(0xD0000, 0x4000)
    assert not r.contains(0xD3FFF, 2)
    assert not r.contains(0xCFFFF, 1)


def test_context_separates_memory_and_port_ranges():
    _, ctx = isa_platform()
    assert [str(r) for r in ctx.memory_ranges()] == ["memory 0x000d0000-0x000d3fff"]
    assert [str(r) for r in ctx.port_ranges()] == ["port 0x0300-0x031f"]


def test_resource_length_must_be_positive():
    with pytest.raises(ValueError, match="resource length must be > 0, got 0"):
        ResourceRange(CmResourceType.Memory, 0xD0000, 0)


# ---------------------------------------------------------------- HAL


def test_isa_memory_translates_to_the_same_host_physical_address():
    hal, ctx = isa_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0xD0010, MEMORY) == Translation(0xD0010, MEMORY)


def test_isa_port_translates_to_the_same_host_port():
    hal, _ = isa_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0x300, IO) == Translation(0x300, IO)


def test_address_no_aperture_decodes_is_not_translated():
    hal, _ = isa_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0x0100_0000, MEMORY) is None


def test_wrong_bus_number_is_not_translated():
    hal, _ = isa_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 1, 0xD0000, MEMORY) is None


def test_wrong_bus_type_is_not_translated():
    hal, _ = isa_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.PCIBus, 0, 0xD0000, MEMORY) is None


def test_pci_memory_is_translated_by_the_bridge_offset():
    hal, ctx = pci_platform(window_base=0x4000_0000, host_offset=0x8000_0000)
    (window,) = ctx.memory_ranges()
    result = hal.HalTranslateBusAddress(ctx.interface_type, ctx.bus_number, window.start + 0x12, MEMORY)
    assert result == Translation(0xC000_0012, MEMORY)


def test_pci_memory_is_not_reachable_with_the_isa_bus_type():
    hal, ctx = pci_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, ctx.bus_number, 0x4000_0000, MEMORY) is None


def test_device_memory_can_come_back_in_io_space():
    hal = Hal([BusAperture(InterfaceType.Eisa, 0, MEMORY, 0xD0000, 0x4000, IO, 0x8000)])
    assert hal.HalTranslateBusAddress(InterfaceType.Eisa, 0, 0xD0004, MEMORY) == Translation(0x8004, IO)


def test_memory_address_is_not_looked_up_in_io_apertures():
    hal = Hal([BusAperture(InterfaceType.Isa, 0, IO, 0, 0x10000, IO, 0)])
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0x300, MEMORY) is None


def test_pci_platform_rejects_a_host_range_above_4_gib():
    with pytest.raises(ValueError, match="not inside the 32-bit physical space"):
        pci_platform(window_base=0x8000_0000, host_offset=0x8000_0000)


def test_isa_platform_rejects_a_window_above_16_mib():
    with pytest.raises(ValueError, match="does not fit the 24-bit ISA memory space"):
        isa_platform(window_base=0x0100_0000)


# ---------------------------------------------------------------- memory manager


def test_mapping_keeps_the_byte_offset_within_the_page():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0123, 16)
    assert va is not None and va % PAGE == 0x123
    assert mm.physical(va, 16) == 0xD0123


def test_range_crossing_a_page_maps_both_pages():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0FF0, 32)
    assert va is not None
    (mapping,) = mm.live
    assert (mapping.pages, mapping.va, mapping.number_of_bytes) == (2, va, 32)
    assert mm.physical(va + 16, 16) == 0xD1000


def test_unmap_removes_the_mapping():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 0x4000)
    mm.MmUnmapIoSpace(va, 0x4000)
    assert mm.live == []
    mm.assert_no_leaks()


def test_double_unmap_raises_naming_the_va():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 64)
    mm.MmUnmapIoSpace(va, 64)
    with pytest.raises(DoubleUnmapError, match=f"VA 0x{va:08x} was already unmapped"):
        mm.MmUnmapIoSpace(va, 64)


def test_unmapping_a_never_mapped_address_raises():
    mm = MemoryManager()
    with pytest.raises(MappingError, match="VA 0x12345678 is not the start of any live mapping"):
        mm.MmUnmapIoSpace(0x12345678, 16)


def test_unmapping_from_the_middle_of_a_mapping_raises():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 64)
    with pytest.raises(MappingError, match=f"inside the live mapping .* not its start 0x{va:08x}"):
        mm.MmUnmapIoSpace(va + 4, 60)


def test_unmapping_with_the_wrong_length_raises():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 64)
    with pytest.raises(MappingError, match="NumberOfBytes=32 but was mapped with 64"):
        mm.MmUnmapIoSpace(va, 32)


def test_leaked_mapping_is_reported_with_its_va():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 64)
    with pytest.raises(MappingLeakError, match=f"1 mapping never unmapped: VA 0x{va:08x} -> physical 0x000d0000"):
        mm.assert_no_leaks()


def test_exhausted_ptes_make_mapping_fail():
    mm = MemoryManager(pte_pages=2)
    assert mm.MmMapIoSpace(0xD0000, 3 * PAGE) is None
    assert mm.MmMapIoSpace(0xD0000, 2 * PAGE) is not None
    assert mm.MmMapIoSpace(0xE0000, 1) is None


def test_injected_failures_return_none_then_mapping_works_again():
    mm = MemoryManager()
    mm.fail_next = 2
    assert mm.MmMapIoSpace(0xD0000, 16) is None
    assert mm.MmMapIoSpace(0xD0000, 16) is None
    assert mm.MmMapIoSpace(0xD0000, 16) is not None
    assert mm.fail_next == 0


def test_access_after_unmap_raises():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 64)
    mm.MmUnmapIoSpace(va, 64)
    with pytest.raises(MappingError, match=f"access of 4 bytes at VA 0x{va + 8:08x} uses the unmapped mapping"):
        mm.physical(va + 8, 4)


def test_access_past_the_mapped_bytes_raises():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 64)
    with pytest.raises(MappingError, match="runs past the end of the mapping"):
        mm.physical(va + 60, 8)


def test_access_outside_every_mapping_raises():
    with pytest.raises(MappingError, match="not inside any live mapping"):
        MemoryManager().physical(0x1000, 1)


def test_freed_va_is_not_reused_by_the_next_mapping():
    mm = MemoryManager()
    first = mm.MmMapIoSpace(0xD0000, 16)
    mm.MmUnmapIoSpace(first, 16)
    second = mm.MmMapIoSpace(0xD0000, 16)
    assert second != first


def test_freed_pages_are_reused_once_the_va_space_wraps():
    mm = MemoryManager(pte_pages=2)
    first = mm.MmMapIoSpace(0xD0000, PAGE)
    mm.MmUnmapIoSpace(first, PAGE)
    second = mm.MmMapIoSpace(0xD0000, PAGE)
    mm.MmUnmapIoSpace(second, PAGE)
    assert mm.MmMapIoSpace(0xD0000, 2 * PAGE) == mm.va_base


@pytest.mark.parametrize("length", [0, -1])
def test_mapping_nothing_is_an_error(length):
    with pytest.raises(ValueError, match=f"NumberOfBytes must be > 0, got {length}"):
        MemoryManager().MmMapIoSpace(0xD0000, length)


def test_mapping_above_4_gib_is_an_error():
    with pytest.raises(ValueError, match="PhysicalAddress=0x100000000 is not a 32-bit address"):
        MemoryManager().MmMapIoSpace(1 << 32, 16)


def test_unknown_cache_type_is_an_error():
    with pytest.raises(ValueError, match="unknown cache type 'MmUncached'"):
        MemoryManager().MmMapIoSpace(0xD0000, 16, "MmUncached")


def test_context_is_built_from_plain_ints():
    ctx = WrapperConfigurationContext(1, 0, [ResourceRange(3, 0xD0000, 16)])  # type: ignore[arg-type]
    assert ctx.interface_type is InterfaceType.Isa
    assert isinstance(ctx.resources, tuple)
