"""The platform model at its edges: the first and last legal values, the first illegal ones, and
what each refusal says (the offending value and what was allowed)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models import (
    AddressSpace,
    BusAperture,
    CmResourceType,
    Hal,
    InterfaceType,
    MappingError,
    MappingLeakError,
    MemoryManager,
    ResourceRange,
    isa_platform,
    pci_platform,
)
from models.platform import Mapping, isa_io_memory_platform

MEMORY, IO = AddressSpace.MEMORY, AddressSpace.IO
PAGE = MemoryManager.PAGE_SIZE


# ---------------------------------------------------------------- resource ranges


def test_resource_type_given_as_a_number_becomes_the_enum():
    assert ResourceRange(3, 0, 1).type is CmResourceType.Memory  # type: ignore[arg-type]


def test_resource_may_start_at_zero_and_be_one_byte_long():
    r = ResourceRange(CmResourceType.Port, 0, 1)
    assert (r.start, r.length, r.end, r.last) == (0, 1, 1, 0)


def test_resource_start_below_zero_is_refused_with_its_value():
    with pytest.raises(ValueError, match=r"^resource start must be >= 0, got -0x10$"):
        ResourceRange(CmResourceType.Memory, -16, 4)


def test_resource_of_zero_bytes_is_refused_with_its_length():
    with pytest.raises(ValueError, match=r"^resource length must be > 0, got 0$"):
        ResourceRange(CmResourceType.Memory, 0xD0000, 0)


@pytest.mark.parametrize(
    "start, length, message",
    [
        ("0xd0000", 16, r"^start must be an int, got str '0xd0000'$"),
        (True, 16, r"^start must be an int, got bool True$"),
        (0xD0000, 16.0, r"^length must be an int, got float 16\.0$"),
    ],
)
def test_resource_bounds_must_be_ints_and_the_refusal_names_the_type(start, length, message):
    with pytest.raises(ValueError, match=message):
        ResourceRange(CmResourceType.Memory, start, length)


def test_zero_length_lookup_is_inside_from_the_first_to_the_last_address():
    r = ResourceRange(CmResourceType.Memory, 0x100, 0x10)
    assert [r.contains(a, 0) for a in (0xFF, 0x100, 0x10F, 0x110)] == [False, True, True, False]


def test_one_byte_at_the_last_address_is_inside():
    r = ResourceRange(CmResourceType.Memory, 0x100, 0x10)
    assert r.contains(0x10F, 1) and not r.contains(0x110, 1)


def test_interrupt_resource_prints_one_vector_or_a_range():
    assert str(ResourceRange(CmResourceType.Interrupt, 5, 1)) == "interrupt 5"
    assert str(ResourceRange(CmResourceType.Interrupt, 5, 2)) == "interrupt 5-6"


# ---------------------------------------------------------------- apertures and translation


def test_aperture_fields_given_as_numbers_become_enums():
    ap = BusAperture(1, 0, 1, 0, 16, 0, 0)  # type: ignore[arg-type]
    assert ap.interface_type is InterfaceType.Isa
    assert ap.bus_space is AddressSpace.IO
    assert ap.host_space is AddressSpace.MEMORY


@pytest.mark.parametrize("name, index", [("bus_number", 1), ("bus_start", 3), ("host_start", 6)])
def test_aperture_number_below_zero_is_refused_naming_the_field(name, index):
    args = [InterfaceType.Isa, 0, MEMORY, 0, 16, MEMORY, 0]
    args[index] = -1
    with pytest.raises(ValueError, match=rf"^{name} must be >= 0, got -1$"):
        BusAperture(*args)


@pytest.mark.parametrize("name, index", [("bus_number", 1), ("bus_start", 3), ("host_start", 6), ("length", 4)])
def test_aperture_number_that_is_not_an_int_is_refused_naming_the_field(name, index):
    args = [InterfaceType.Isa, 0, MEMORY, 0, 16, MEMORY, 0]
    args[index] = "1"
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '1'$"):
        BusAperture(*args)


def test_aperture_of_one_byte_is_allowed_and_of_zero_refused():
    assert BusAperture(InterfaceType.Isa, 0, MEMORY, 0, 1, MEMORY, 0).length == 1
    with pytest.raises(ValueError, match=r"^aperture length must be > 0, got 0$"):
        BusAperture(InterfaceType.Isa, 0, MEMORY, 0, 0, MEMORY, 0)


def test_bus_address_zero_translates():
    hal, _ = isa_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0, MEMORY).address == 0


def test_bus_address_below_zero_is_refused_with_its_value():
    hal, _ = isa_platform()
    with pytest.raises(ValueError, match=r"^bus_address must be >= 0, got -1$"):
        hal.HalTranslateBusAddress(InterfaceType.Isa, 0, -1, MEMORY)


@pytest.mark.parametrize("bus_number, bus_address, name", [("0", 0, "bus_number"), (0, "0", "bus_address")])
def test_translation_arguments_must_be_ints(bus_number, bus_address, name):
    hal, _ = isa_platform()
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '0'$"):
        hal.HalTranslateBusAddress(InterfaceType.Isa, bus_number, bus_address, MEMORY)


def test_adjacent_apertures_each_decode_only_their_own_addresses():
    hal = Hal([
        BusAperture(InterfaceType.Isa, 0, MEMORY, 0x1000, 0x1000, MEMORY, 0x10000),
        BusAperture(InterfaceType.Isa, 0, MEMORY, 0x2000, 0x1000, MEMORY, 0x20000),
    ])
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0x1FFF, MEMORY).address == 0x10FFF
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0x2000, MEMORY).address == 0x20000
    assert hal.HalTranslateBusAddress(InterfaceType.Isa, 0, 0x3000, MEMORY) is None


# ---------------------------------------------------------------- ready-made platforms


def test_isa_ports_may_end_exactly_at_the_top_of_io_space():
    _, ctx = isa_platform(port_base=0xFFE0, port_bytes=32)
    assert ctx.port_ranges()[0].last == 0xFFFF


def test_isa_ports_past_the_top_of_io_space_are_refused_naming_the_range():
    with pytest.raises(ValueError, match=r"^ISA port 0xffe0-0x10000 does not fit the 64 KiB I/O space$"):
        isa_platform(port_base=0xFFE0, port_bytes=33)


def test_isa_window_may_end_exactly_at_16_mib():
    _, ctx = isa_platform(window_base=0xFFC000, window_bytes=0x4000)
    assert ctx.memory_ranges()[0].last == 0xFFFFFF


def test_io_memory_platform_limits_are_those_of_isa():
    isa_io_memory_platform(memory_base=0xFFC000, memory_bytes=0x4000, port_base=0xFFE0, port_bytes=32)
    with pytest.raises(ValueError, match=r"^ISA memory 0x00ffc000-0x01000000 does not fit the 24-bit ISA memory space$"):
        isa_io_memory_platform(memory_base=0xFFC000, memory_bytes=0x4001)
    with pytest.raises(ValueError, match=r"^ISA port 0xffe0-0x10000 does not fit the 64 KiB I/O space$"):
        isa_io_memory_platform(port_base=0xFFE0, port_bytes=33)


def test_platforms_name_their_adapters():
    assert isa_platform()[1].name == "isa-adapter"
    assert pci_platform()[1].name == "pci-adapter"
    assert isa_io_memory_platform()[1].name == "isa-io-memory-adapter"


def test_pci_ports_past_the_top_of_io_space_are_refused_naming_the_range():
    pci_platform(port_base=0xFFE0, port_bytes=32)
    with pytest.raises(ValueError, match=r"^PCI port 0xffe0-0x10000 does not fit the 64 KiB I/O space$"):
        pci_platform(port_base=0xFFE0, port_bytes=33)


@pytest.mark.parametrize("aperture_bytes", [0, 3, 0x1000_0001])
def test_pci_aperture_that_is_not_a_power_of_two_is_refused_with_its_size(aperture_bytes):
    with pytest.raises(ValueError, match=rf"^aperture_bytes must be a power of two, got {aperture_bytes:#x}$"):
        pci_platform(aperture_bytes=aperture_bytes)


def test_pci_aperture_of_one_byte_is_a_power_of_two():
    hal, _ = pci_platform(window_base=0x4000_0000, window_bytes=1, aperture_bytes=1)
    assert hal.HalTranslateBusAddress(InterfaceType.PCIBus, 1, 0x4000_0000, MEMORY).address == 0xC000_0000


def test_pci_identity_map_is_refused_pointing_at_the_isa_platform():
    with pytest.raises(ValueError, match=r"^host_offset must be non-zero \(use isa_platform for an identity map\)$"):
        pci_platform(host_offset=0)


def test_pci_aperture_starts_at_the_window_rounded_down_to_its_size():
    hal, _ = pci_platform(window_base=0x4000_8000, window_bytes=0x4000, aperture_bytes=0x1_0000)
    (memory, _) = hal.apertures
    assert (memory.bus_start, memory.length, memory.host_start) == (0x4000_0000, 0x1_0000, 0xC000_0000)


def test_pci_window_on_the_last_byte_of_an_aperture_gets_that_aperture():
    hal, _ = pci_platform(window_base=0x4000_FFFF, window_bytes=1, aperture_bytes=0x1_0000)
    (memory, _) = hal.apertures
    assert (memory.bus_start, memory.length, memory.host_start) == (0x4000_0000, 0x1_0000, 0xC000_0000)


def test_pci_host_range_may_start_at_physical_address_0():
    hal, _ = pci_platform(window_base=0x1000_0000, host_offset=-0x1000_0000, aperture_bytes=0x1000_0000)
    assert hal.apertures[0].host_start == 0
    assert hal.HalTranslateBusAddress(InterfaceType.PCIBus, 1, 0x1000_0000, MEMORY).address == 0


def test_pci_host_range_may_end_exactly_at_4_gib():
    hal, _ = pci_platform(window_base=0x7000_0000, host_offset=0x8000_0000, aperture_bytes=0x1000_0000)
    assert hal.apertures[0].host_start + hal.apertures[0].length == 1 << 32


def test_pci_host_range_past_4_gib_names_its_bounds():
    with pytest.raises(
        ValueError, match=r"^host range 0x100000000-0x10fffffff of the PCI memory aperture is not inside the 32-bit physical space$"
    ):
        pci_platform(window_base=0x8000_0000, host_offset=0x8000_0000, aperture_bytes=0x1000_0000)


def test_pci_host_range_below_zero_is_refused():
    with pytest.raises(ValueError, match=r"^host range -0x10000000--0x1 of the PCI memory aperture"):
        pci_platform(window_base=0x1000_0000, host_offset=-0x2000_0000, aperture_bytes=0x1000_0000)


def test_pci_bus_address_zero_of_io_space_translates():
    hal, _ = pci_platform()
    assert hal.HalTranslateBusAddress(InterfaceType.PCIBus, 1, 0, IO).address == 0


# ---------------------------------------------------------------- memory manager: construction


def test_virtual_base_zero_is_page_aligned_and_allowed():
    mm = MemoryManager(va_base=0)
    assert mm.MmMapIoSpace(0xD0000, 16) == 0


@pytest.mark.parametrize("va_base, shown", [(-PAGE, "-0x1000"), (0x1000_0001, "0x10000001")])
def test_virtual_base_below_zero_or_not_page_aligned_is_refused_with_its_value(va_base, shown):
    with pytest.raises(ValueError, match=rf"^va_base must be a page-aligned address >= 0, got {shown}$"):
        MemoryManager(va_base=va_base)


def test_one_pte_page_is_enough_and_zero_is_refused():
    assert MemoryManager(pte_pages=1).MmMapIoSpace(0xD0000, PAGE) is not None
    with pytest.raises(ValueError, match=r"^pte_pages must be > 0, got 0$"):
        MemoryManager(pte_pages=0)


@pytest.mark.parametrize("kwargs, name", [({"va_base": "0"}, "va_base"), ({"pte_pages": "1"}, "pte_pages")])
def test_memory_manager_settings_must_be_ints(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str"):
        MemoryManager(**kwargs)


# ---------------------------------------------------------------- memory manager: mapping


def test_physical_address_zero_and_the_last_32_bit_byte_can_be_mapped():
    mm = MemoryManager()
    assert mm.physical(mm.MmMapIoSpace(0, 1), 1) == 0
    assert mm.physical(mm.MmMapIoSpace(0xFFFF_FFFF, 1), 1) == 0xFFFF_FFFF


@pytest.mark.parametrize("physical, length, name", [("0", 1, "physical_address"), (0, "1", "number_of_bytes")])
def test_map_arguments_must_be_ints(physical, length, name):
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str '"):
        MemoryManager().MmMapIoSpace(physical, length)


def test_unknown_cache_type_refusal_lists_every_allowed_type():
    with pytest.raises(ValueError) as err:
        MemoryManager().MmMapIoSpace(0xD0000, 16, "MmUncached")
    assert str(err.value) == (
        "MmMapIoSpace: unknown cache type 'MmUncached' (allowed: MmCached, MmHardwareCoherentCached, "
        "MmNonCached, MmNonCachedUnordered, MmUSWCCached, MmWriteCombined)"
    )


def test_a_mapping_keeps_its_cache_type():
    mm = MemoryManager()
    mm.MmMapIoSpace(0xD0000, 16, "MmWriteCombined")
    assert mm.live[0].cache_type == "MmWriteCombined"


def test_next_mapping_starts_on_the_page_after_the_previous_one():
    mm = MemoryManager()
    assert mm.MmMapIoSpace(0xD0000, PAGE) == mm.va_base
    assert mm.MmMapIoSpace(0xD0010, 16) == mm.va_base + PAGE + 0x10


def test_calls_are_counted():
    mm = MemoryManager()
    a = mm.MmMapIoSpace(0xD0000, 16)
    b = mm.MmMapIoSpace(0xE0000, 16)
    mm.MmUnmapIoSpace(a, 16)
    mm.MmUnmapIoSpace(b, 16)
    assert (mm.map_calls, mm.unmap_calls) == (2, 2)


def test_mapping_prints_one_page_or_pages():
    assert str(Mapping(0xF000_0000, 0xD0000, 16, 1)) == "VA 0xf0000000 -> physical 0x000d0000, 16 bytes (1 page, MmNonCached)"
    assert str(Mapping(0xF000_0000, 0xD0000, PAGE + 1, 2, "MmCached")).endswith(f"{PAGE + 1} bytes (2 pages, MmCached)")


@pytest.mark.parametrize("va, length, name", [("0", 1, "base_address"), (0, "1", "number_of_bytes")])
def test_unmap_arguments_must_be_ints(va, length, name):
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str"):
        MemoryManager().MmUnmapIoSpace(va, length)


def test_a_hole_left_below_a_live_mapping_is_used_after_the_va_space_wraps():
    mm = MemoryManager(pte_pages=3)
    a = mm.MmMapIoSpace(0xD0000, PAGE)
    mm.MmMapIoSpace(0xE0000, PAGE)
    mm.MmMapIoSpace(0xF0000, PAGE)
    mm.MmUnmapIoSpace(a, PAGE)
    assert mm.MmMapIoSpace(0xD0000, PAGE) == mm.va_base


def test_next_fit_takes_an_exact_fit_above_the_last_mapping_before_a_hole_below_it():
    mm = MemoryManager(pte_pages=5)
    a = mm.MmMapIoSpace(0xD0000, 2 * PAGE)
    mm.MmMapIoSpace(0xE0000, PAGE)
    mm.MmUnmapIoSpace(a, 2 * PAGE)
    assert mm.MmMapIoSpace(0xD0000, 2 * PAGE) == mm.va_base + 3 * PAGE


def test_a_mapping_larger_than_every_hole_fails_even_when_the_holes_add_up():
    mm = MemoryManager(pte_pages=4)
    vas = [mm.MmMapIoSpace(0xD0000 + n * PAGE, PAGE) for n in range(4)]
    mm.MmUnmapIoSpace(vas[1], PAGE)
    mm.MmUnmapIoSpace(vas[3], PAGE)
    assert mm.MmMapIoSpace(0xD0000, 2 * PAGE) is None
    assert len(mm.live) == 2


# ---------------------------------------------------------------- memory manager: access checks


def test_access_of_zero_bytes_inside_a_mapping_is_allowed():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 16)
    assert mm.physical(va + 15, 0) == 0xD000F


def test_access_of_zero_bytes_just_past_a_mapping_is_refused():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 16)
    with pytest.raises(MappingError, match=rf"^access of 0 bytes at VA 0x{va + 16:08x} is not inside any live mapping$"):
        mm.physical(va + 16, 0)


def test_access_length_below_zero_is_refused_with_its_value():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 16)
    with pytest.raises(ValueError, match=r"^length must be >= 0, got -1$"):
        mm.physical(va, -1)


@pytest.mark.parametrize("va, length, name", [("0", 1, "va"), (0, "1", "length")])
def test_access_arguments_must_be_ints(va, length, name):
    with pytest.raises(ValueError, match=rf"^{name} must be an int, got str"):
        MemoryManager().physical(va, length)


def test_use_after_unmap_is_caught_from_the_first_byte_to_the_last():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, 64)
    mm.MmUnmapIoSpace(va, 64)
    for at in (va, va + 63):
        with pytest.raises(MappingError, match="uses the unmapped mapping"):
            mm.physical(at, 1)
    with pytest.raises(MappingError, match="is not inside any live mapping"):
        mm.physical(va + 64, 1)


def test_use_after_unmap_is_still_caught_after_another_mapping_is_made():
    mm = MemoryManager()
    va = mm.MmMapIoSpace(0xD0000, PAGE)
    mm.MmUnmapIoSpace(va, PAGE)
    mm.MmMapIoSpace(0xE0000, PAGE)  # the very next page: adjacent, not overlapping
    with pytest.raises(MappingError, match="uses the unmapped mapping"):
        mm.physical(va, 1)


def test_a_new_mapping_just_below_a_freed_one_keeps_its_use_after_unmap_diagnosis():
    mm = MemoryManager(pte_pages=3)
    a = mm.MmMapIoSpace(0xD0000, PAGE)
    b = mm.MmMapIoSpace(0xE0000, PAGE)
    mm.MmMapIoSpace(0xF0000, PAGE)
    mm.MmUnmapIoSpace(a, PAGE)
    mm.MmUnmapIoSpace(b, PAGE)
    assert mm.MmMapIoSpace(0xD0000, PAGE) == a  # the VA space wrapped: page 0 again, just below b
    with pytest.raises(MappingError, match="uses the unmapped mapping"):
        mm.physical(b, 1)


def test_a_leak_report_counts_and_lists_every_live_mapping():
    mm = MemoryManager()
    a = mm.MmMapIoSpace(0xD0000, 16)
    with pytest.raises(MappingLeakError) as one:
        mm.assert_no_leaks()
    assert str(one.value) == f"1 mapping never unmapped: {mm.live[0]}"
    mm.MmMapIoSpace(0xE0000, 16)
    with pytest.raises(MappingLeakError) as two:
        mm.assert_no_leaks()
    assert str(two.value) == f"2 mappings never unmapped: {mm.live[0]}; {mm.live[1]}"
    assert mm.live[0].va == a


def test_every_virtual_address_handed_out_is_an_int():
    mm = MemoryManager()
    vas = [mm.MmMapIoSpace(0xD0000 + n * PAGE, 16) for n in range(3)]
    assert all(type(va) is int for va in vas)


def test_a_mapping_that_fits_only_a_hole_below_the_last_one_goes_there():
    mm = MemoryManager(pte_pages=5)
    a = mm.MmMapIoSpace(0xD0000, 2 * PAGE)
    mm.MmMapIoSpace(0xE0000, PAGE)
    mm.MmMapIoSpace(0xF0000, PAGE)
    mm.MmUnmapIoSpace(a, 2 * PAGE)
    assert mm.MmMapIoSpace(0xD0000, 2 * PAGE) == mm.va_base


def test_the_default_isa_adapter_has_a_16_kib_window_at_0xd0000_and_32_ports_at_0x300_on_bus_0():
    _, ctx = isa_platform()
    assert (ctx.interface_type, ctx.bus_number) == (InterfaceType.Isa, 0)
    assert [(str(r)) for r in ctx.resources] == ["port 0x0300-0x031f", "memory 0x000d0000-0x000d3fff"]


def test_the_default_pci_adapter_sits_on_bus_1_behind_a_bridge_adding_0x80000000():
    hal, ctx = pci_platform()
    assert (ctx.interface_type, ctx.bus_number) == (InterfaceType.PCIBus, 1)
    assert [(str(r)) for r in ctx.resources] == ["memory 0x40000000-0x40003fff", "port 0xc000-0xc01f"]
    memory, io = hal.apertures
    assert (memory.bus_start, memory.length, memory.host_start) == (0x4000_0000, 0x1000_0000, 0xC000_0000)
    assert (io.bus_space, io.bus_start, io.length, io.host_start) == (IO, 0, 1 << 16, 0)


def test_the_default_io_memory_adapter_reaches_its_16_kib_at_0xd0000_through_ports_at_0x300():
    hal, ctx = isa_io_memory_platform()
    assert (ctx.interface_type, ctx.bus_number) == (InterfaceType.Isa, 0)
    assert [(str(r)) for r in ctx.resources] == ["port 0x0300-0x031f", "memory 0x000d0000-0x000d3fff"]
    device, memory, io = hal.apertures
    assert (device.bus_start, device.length, device.host_space, device.host_start) == (0xD0000, 0x4000, IO, 0)
    assert (memory.bus_space, memory.bus_start, memory.length, memory.host_start) == (MEMORY, 0, 1 << 24, 0)
    assert (io.bus_space, io.bus_start, io.length, io.host_start) == (IO, 0, 1 << 16, 0)


def test_isa_apertures_identity_map_all_of_isa_memory_and_io_space():
    hal, _ = isa_platform()
    memory, io = hal.apertures
    assert (memory.bus_space, memory.bus_start, memory.length, memory.host_space, memory.host_start) == (MEMORY, 0, 1 << 24, MEMORY, 0)
    assert (io.bus_space, io.bus_start, io.length, io.host_space, io.host_start) == (IO, 0, 1 << 16, IO, 0)


def test_a_freed_mapping_whose_pages_are_mapped_again_no_longer_reports_use_after_unmap():
    mm = MemoryManager(pte_pages=2)
    a = mm.MmMapIoSpace(0xD0000, 2 * PAGE)
    mm.MmUnmapIoSpace(a, 2 * PAGE)
    assert mm.MmMapIoSpace(0xE0000, PAGE) == a  # the VA space wrapped: page 0 is a's first page again
    with pytest.raises(MappingError, match=rf"^access of 1 bytes at VA 0x{a + PAGE:08x} is not inside any live mapping$"):
        mm.physical(a + PAGE, 1)


def test_a_new_mapping_over_several_freed_ones_ends_the_use_after_unmap_record_of_each():
    mm = MemoryManager(pte_pages=3)
    a = mm.MmMapIoSpace(0xD0000, PAGE)
    b = mm.MmMapIoSpace(0xE0000, PAGE)
    mm.MmMapIoSpace(0xF0000, PAGE)
    mm.MmUnmapIoSpace(a, PAGE)
    mm.MmUnmapIoSpace(b, PAGE)
    assert mm.MmMapIoSpace(0xD0000, PAGE + 16) == a  # two pages: a's and b's
    with pytest.raises(MappingError, match=rf"^access of 1 bytes at VA 0x{b + 32:08x} is not inside any live mapping$"):
        mm.physical(b + 32, 1)


# ---------------------------------------------------------------- use after unmap, over many calls

_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("map"), st.integers(1, 2 * PAGE), st.integers(0, PAGE - 1)),
        st.tuples(st.just("unmap"), st.integers(0, 7)),
    ),
    max_size=24,
)


@settings(max_examples=150, deadline=None)
@example(ops=[("map", 2 * PAGE, 0), ("unmap", 0), ("map", 1, 0), ("map", 1, 0)])
@example(ops=[("map", 1, 0), ("map", 1, 0), ("unmap", 0), ("map", 1, 0), ("unmap", 1), ("unmap", 0),
              ("map", 1, 0), ("map", 1, 16)])
@given(ops=_OPS)
def test_a_freed_mapping_is_reported_as_unmapped_until_a_later_mapping_takes_one_of_its_pages(ops):
    mm = MemoryManager(pte_pages=2)
    live: list[Mapping] = []
    freed: list[tuple[Mapping, set[int]]] = []
    mapped_after: list[list[set[int]]] = []  # per freed mapping: the pages of every mapping made after it was freed
    physical = 0x10_0000
    for op in ops:
        if op[0] == "map":
            _, length, offset = op
            physical += 4 * PAGE
            va = mm.MmMapIoSpace(physical + offset, length)
            if va is None:
                continue
            mapping = next(m for m in mm.live if m.va == va)
            pages = set(range(mapping.page_va // PAGE, mapping.page_va // PAGE + mapping.pages))
            for later in mapped_after:
                later.append(pages)
            live.append(mapping)
        elif live:
            mapping = live.pop(op[1] % len(live))
            mm.MmUnmapIoSpace(mapping.va, mapping.number_of_bytes)
            freed.append((mapping, set(range(mapping.page_va // PAGE, mapping.page_va // PAGE + mapping.pages))))
            mapped_after.append([])
    expected = [not any(pages & later for later in mapped_after[i]) for i, (_, pages) in enumerate(freed)]
    for (mapping, _), remembered in zip(freed, expected):
        try:
            mm.physical(mapping.va, 1)
            reported = False
        except MappingError as exc:
            reported = f"uses the unmapped mapping {mapping}" in str(exc)
        assert reported == remembered, f"{mapping}: reported as unmapped {reported}, expected {remembered}"
