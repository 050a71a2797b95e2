"""The host platform as an NDIS 5 miniport sees it.

* :class:`WrapperConfigurationContext`: what MiniportInitialize is handed: the
  adapter's bus and the resources claimed for it.
* :class:`Hal`: HalTranslateBusAddress over a table of bus apertures.  It
  translates a bus-relative address to a host address and reports which
  address space (memory or I/O) the result lives in; FALSE (None) when no
  aperture of that bus decodes the address.
* :class:`MemoryManager`: MmMapIoSpace / MmUnmapIoSpace with a table of live
  mappings, page granular, with failure injection and leak/misuse detection.

:func:`isa_platform` and :func:`pci_platform` build ready-made pairs of a HAL
and a configuration context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Iterable

__all__ = [
    "InterfaceType",
    "AddressSpace",
    "CmResourceType",
    "ResourceRange",
    "WrapperConfigurationContext",
    "BusAperture",
    "Translation",
    "Hal",
    "Mapping",
    "MemoryManager",
    "PlatformError",
    "MappingError",
    "DoubleUnmapError",
    "MappingLeakError",
    "CACHE_TYPES",
    "ULONG_LIMIT",
    "isa_platform",
    "pci_platform",
    "isa_io_memory_platform",
]

ULONG_LIMIT = 1 << 32
"""One past the largest 32-bit ULONG."""

CACHE_TYPES = frozenset(
    {"MmNonCached", "MmCached", "MmWriteCombined", "MmHardwareCoherentCached", "MmNonCachedUnordered", "MmUSWCCached"}
)
"""MEMORY_CACHING_TYPE names MmMapIoSpace accepts."""

_ISA_MEMORY_LIMIT = 1 << 24  # ISA has 24 address lines
_IO_SPACE_LIMIT = 1 << 16


class InterfaceType(IntEnum):
    """INTERFACE_TYPE bus kinds (NT numbering)."""

    Internal = 0
    Isa = 1
    Eisa = 2
    MicroChannel = 3
    TurboChannel = 4
    PCIBus = 5


class AddressSpace(IntEnum):
    """The in/out AddressSpace argument of HalTranslateBusAddress: 0 memory, 1 I/O."""

    MEMORY = 0
    IO = 1


class CmResourceType(IntEnum):
    """CmResourceType values of the partial resource descriptors this model uses."""

    Port = 1
    Interrupt = 2
    Memory = 3


class PlatformError(Exception):
    """A misuse of the modelled platform services."""


class MappingError(PlatformError):
    """An access or unmap that does not match a live MmMapIoSpace mapping."""


class DoubleUnmapError(MappingError):
    """MmUnmapIoSpace on a mapping that was already unmapped."""


class MappingLeakError(PlatformError):
    """Mappings still live when none should be."""


def _check_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    return value


@dataclass(frozen=True)
class ResourceRange:
    """One CM_PARTIAL_RESOURCE_DESCRIPTOR: a bus-relative port or memory range (or an interrupt vector).

    ``end`` is exclusive (``start + length``); ``last`` is the last address in the range.
    """

    type: CmResourceType
    start: int
    length: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", CmResourceType(self.type))
        if _check_int("start", self.start) < 0:
            raise ValueError(f"resource start must be >= 0, got {self.start:#x}")
        if _check_int("length", self.length) <= 0:
            raise ValueError(f"resource length must be > 0, got {self.length}")

    @property
    def end(self) -> int:
        """First address past the range."""
        return self.start + self.length

    @property
    def last(self) -> int:
        """Last address in the range."""
        return self.start + self.length - 1

    def contains(self, address: int, length: int) -> bool:
        """True when ``[address, address + length)`` lies inside this range (length 0: address inside)."""
        if length == 0:
            return self.start <= address < self.end
        return length > 0 and self.start <= address and address + length <= self.end

    def __str__(self) -> str:
        if self.type == CmResourceType.Memory:
            return f"memory 0x{self.start:08x}-0x{self.last:08x}"
        if self.type == CmResourceType.Port:
            return f"port 0x{self.start:04x}-0x{self.last:04x}"
        if self.length == 1:
            return f"interrupt {self.start}"
        return f"interrupt {self.start}-{self.last}"


@dataclass
class WrapperConfigurationContext:
    """The handle MiniportInitialize receives: the adapter's bus and its claimed resources."""

    interface_type: InterfaceType
    bus_number: int
    resources: tuple[ResourceRange, ...]
    name: str = "adapter0"
    #: Set when MiniportInitialize has returned (``NdisHost.MiniportInitializeDone``): the
    #: immediate calls are for MiniportInitialize only, and the verifier flags them after it.
    initialization_finished: bool = False

    def __post_init__(self) -> None:
        self.interface_type = InterfaceType(self.interface_type)
        self.resources = tuple(self.resources)

    def memory_ranges(self) -> list[ResourceRange]:
        """The memory ranges claimed for the adapter, in resource-list order."""
        return [r for r in self.resources if r.type == CmResourceType.Memory]

    def port_ranges(self) -> list[ResourceRange]:
        """The I/O port ranges claimed for the adapter, in resource-list order."""
        return [r for r in self.resources if r.type == CmResourceType.Port]


@dataclass(frozen=True)
class BusAperture:
    """How the HAL maps one bus-relative range to the host.

    Bus addresses ``[bus_start, bus_start + length)`` in ``bus_space`` of bus
    ``(interface_type, bus_number)`` appear at ``host_start + (address - bus_start)``
    in ``host_space`` (a host physical address or a host port).
    """

    interface_type: InterfaceType
    bus_number: int
    bus_space: AddressSpace
    bus_start: int
    length: int
    host_space: AddressSpace
    host_start: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "interface_type", InterfaceType(self.interface_type))
        object.__setattr__(self, "bus_space", AddressSpace(self.bus_space))
        object.__setattr__(self, "host_space", AddressSpace(self.host_space))
        for name in ("bus_number", "bus_start", "host_start"):
            if _check_int(name, getattr(self, name)) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        if _check_int("length", self.length) <= 0:
            raise ValueError(f"aperture length must be > 0, got {self.length}")

    def decodes(self, interface_type: InterfaceType, bus_number: int, bus_address: int, space: AddressSpace) -> bool:
        """True when this aperture covers ``bus_address`` in ``space`` on that bus."""
        return (
            self.interface_type == interface_type
            and self.bus_number == bus_number
            and self.bus_space == space
            and self.bus_start <= bus_address < self.bus_start + self.length
        )


@dataclass(frozen=True)
class Translation:
    """A successful HalTranslateBusAddress: the host address and the space it lives in."""

    address: int
    address_space: AddressSpace


class Hal:
    """HalTranslateBusAddress over a table of bus apertures."""

    def __init__(self, apertures: Iterable[BusAperture]) -> None:
        self._apertures = tuple(apertures)

    @property
    def apertures(self) -> tuple[BusAperture, ...]:
        """The aperture table, first match wins."""
        return self._apertures

    def HalTranslateBusAddress(
        self,
        interface_type: InterfaceType,
        bus_number: int,
        bus_address: int,
        address_space: AddressSpace,
    ) -> Translation | None:
        """Translate a bus-relative address; None (FALSE) when no aperture of that bus decodes it.

        ``address_space`` is the space the caller asks about; the returned
        translation names the host space, which may differ (device memory
        reached through I/O space).
        """
        interface_type = InterfaceType(interface_type)
        space = AddressSpace(address_space)
        _check_int("bus_number", bus_number)
        if _check_int("bus_address", bus_address) < 0:
            raise ValueError(f"bus_address must be >= 0, got {bus_address}")
        for ap in self._apertures:
            if ap.decodes(interface_type, bus_number, bus_address, space):
                return Translation(ap.host_start + (bus_address - ap.bus_start), ap.host_space)
        return None


@dataclass(frozen=True)
class Mapping:
    """One live (or past) MmMapIoSpace mapping.

    ``va`` is the address MmMapIoSpace returned (page VA plus the byte offset
    of ``physical``); ``pages`` is the number of pages the range touches.
    """

    va: int
    physical: int
    number_of_bytes: int
    pages: int
    cache_type: str = "MmNonCached"

    @property
    def page_va(self) -> int:
        """VA of the first mapped page."""
        return self.va & ~(MemoryManager.PAGE_SIZE - 1)

    @property
    def end(self) -> int:
        """First VA past the mapped bytes."""
        return self.va + self.number_of_bytes

    def __str__(self) -> str:
        return (
            f"VA 0x{self.va:08x} -> physical 0x{self.physical:08x}, "
            f"{self.number_of_bytes} bytes ({self.pages} page{'s' if self.pages != 1 else ''}, {self.cache_type})"
        )


@dataclass(eq=False)
class MemoryManager:
    """MmMapIoSpace / MmUnmapIoSpace with a table of live mappings (page granular, 4 KiB).

    System VA comes from ``pte_pages`` pages starting at ``va_base``, handed
    out next-fit so a freed VA is not reused at once (stale pointers keep
    failing).  Set ``fail_next`` to make the next N MmMapIoSpace calls fail
    (return None) as they do when system PTEs run out.
    """

    PAGE_SIZE = 4096

    va_base: int = 0xF000_0000
    pte_pages: int = 4096
    fail_next: int = 0
    map_calls: int = field(default=0, init=False)
    unmap_calls: int = field(default=0, init=False)
    _live: dict[int, Mapping] = field(default_factory=dict, init=False, repr=False)
    _freed: dict[int, Mapping] = field(default_factory=dict, init=False, repr=False)
    _cursor: int = field(default=0, init=False, repr=False)
    #: The page (VA // PAGE_SIZE) of every page of a freed mapping -> that mapping's VA, so a new
    #: mapping finds the freed ones it reuses pages of without scanning them all.
    _freed_pages: dict[int, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if _check_int("va_base", self.va_base) < 0 or self.va_base % self.PAGE_SIZE:
            raise ValueError(f"va_base must be a page-aligned address >= 0, got {self.va_base:#x}")
        if _check_int("pte_pages", self.pte_pages) <= 0:
            raise ValueError(f"pte_pages must be > 0, got {self.pte_pages}")

    # ------------------------------------------------------------------ services

    def MmMapIoSpace(self, physical_address: int, number_of_bytes: int, cache_type: str = "MmNonCached") -> int | None:
        """Map every page ``[physical_address, physical_address + number_of_bytes)`` touches.

        Returns the VA of ``physical_address`` (page VA plus byte offset), or
        None when system PTEs are exhausted or a failure was injected.
        ValueError for a length of 0 or less, or a physical address that is
        not a 32-bit ULONG.
        """
        self.map_calls += 1
        if _check_int("physical_address", physical_address) < 0 or physical_address >= ULONG_LIMIT:
            raise ValueError(
                f"MmMapIoSpace: PhysicalAddress={physical_address:#x} is not a 32-bit address "
                f"(allowed 0x00000000-0xffffffff)"
            )
        if _check_int("number_of_bytes", number_of_bytes) <= 0:
            raise ValueError(f"MmMapIoSpace: NumberOfBytes must be > 0, got {number_of_bytes}")
        if cache_type not in CACHE_TYPES:
            raise ValueError(f"MmMapIoSpace: unknown cache type {cache_type!r} (allowed: {', '.join(sorted(CACHE_TYPES))})")
        if self.fail_next > 0:
            self.fail_next -= 1
            return None
        page_offset = physical_address % self.PAGE_SIZE
        pages = -(-(page_offset + number_of_bytes) // self.PAGE_SIZE)
        first_page = self._allocate(pages)
        if first_page is None:
            return None
        va = self.va_base + first_page * self.PAGE_SIZE + page_offset
        mapping = Mapping(va, physical_address, number_of_bytes, pages, cache_type)
        first = mapping.page_va // self.PAGE_SIZE
        reused = {v for v in (self._freed_pages.get(p) for p in range(first, first + pages)) if v is not None}
        for old_va in reused:
            old = self._freed.pop(old_va)
            old_first = old.page_va // self.PAGE_SIZE
            for p in range(old_first, old_first + old.pages):
                self._freed_pages.pop(p, None)
        self._live[va] = mapping
        self._cursor = first_page + pages
        return va

    def MmUnmapIoSpace(self, base_address: int, number_of_bytes: int) -> None:
        """Undo the MmMapIoSpace that returned ``base_address`` for ``number_of_bytes``.

        DoubleUnmapError when that mapping was already unmapped; MappingError
        when ``base_address`` is not the start of a live mapping or the length
        differs from the mapped one.
        """
        self.unmap_calls += 1
        _check_int("base_address", base_address)
        _check_int("number_of_bytes", number_of_bytes)
        mapping = self._live.get(base_address)
        if mapping is None:
            if base_address in self._freed:
                raise DoubleUnmapError(
                    f"MmUnmapIoSpace: VA 0x{base_address:08x} was already unmapped "
                    f"(it was {self._freed[base_address]})"
                )
            inside = self._find(base_address, 0)
            if inside is not None:
                raise MappingError(
                    f"MmUnmapIoSpace: VA 0x{base_address:08x} is inside the live mapping {inside} "
                    f"but is not its start 0x{inside.va:08x}"
                )
            raise MappingError(f"MmUnmapIoSpace: VA 0x{base_address:08x} is not the start of any live mapping")
        if number_of_bytes != mapping.number_of_bytes:
            raise MappingError(
                f"MmUnmapIoSpace: VA 0x{base_address:08x} unmapped with NumberOfBytes={number_of_bytes} "
                f"but was mapped with {mapping.number_of_bytes}"
            )
        del self._live[base_address]
        self._freed[base_address] = mapping
        first = mapping.page_va // self.PAGE_SIZE
        for p in range(first, first + mapping.pages):
            self._freed_pages[p] = base_address

    # ------------------------------------------------------------------ queries

    def physical(self, va: int, length: int) -> int:
        """Physical address of ``va``, after checking ``[va, va + length)`` lies in one live mapping."""
        _check_int("va", va)
        if _check_int("length", length) < 0:
            raise ValueError(f"length must be >= 0, got {length}")
        mapping = self._find(va, length)
        if mapping is not None:
            return mapping.physical + (va - mapping.va)
        what = f"access of {length} bytes at VA 0x{va:08x}"
        start = self._find(va, 0)
        if start is not None:
            raise MappingError(f"{what} runs past the end of the mapping {start} (ends at 0x{start.end:08x})")
        for old in self._freed.values():
            if old.va <= va < old.end:
                raise MappingError(f"{what} uses the unmapped mapping {old}")
        raise MappingError(f"{what} is not inside any live mapping")

    def _find(self, va: int, length: int) -> Mapping | None:
        for m in self._live.values():
            if m.va <= va and va + length <= m.end and (length > 0 or va < m.end):
                return m
        return None

    @property
    def live(self) -> list[Mapping]:
        """The live mappings, in VA order."""
        return sorted(self._live.values(), key=lambda m: m.va)

    @property
    def free_pages(self) -> int:
        """System PTEs not in use."""
        return self.pte_pages - sum(m.pages for m in self._live.values())

    def assert_no_leaks(self) -> None:
        """MappingLeakError listing every mapping that is still live."""
        live = self.live
        if live:
            raise MappingLeakError(
                f"{len(live)} mapping{'s' if len(live) != 1 else ''} never unmapped: "
                + "; ".join(str(m) for m in live)
            )

    def _allocate(self, pages: int) -> int | None:
        used = sorted(
            ((m.page_va - self.va_base) // self.PAGE_SIZE, (m.page_va - self.va_base) // self.PAGE_SIZE + m.pages)
            for m in self._live.values()
        )
        gaps = []
        prev = 0
        for lo, hi in used:
            if lo > prev:
                gaps.append((prev, lo))
            prev = max(prev, hi)
        if prev < self.pte_pages:
            gaps.append((prev, self.pte_pages))
        cursor = self._cursor if self._cursor < self.pte_pages else 0
        for lo, hi in gaps:
            start = max(lo, cursor)
            if hi - start >= pages:
                return start
        for lo, hi in gaps:
            if hi - lo >= pages:
                return lo
        return None


# --------------------------------------------------------------------------- ready-made platforms


def isa_platform(
    window_base: int = 0xD0000,
    window_bytes: int = 16384,
    port_base: int = 0x300,
    port_bytes: int = 32,
    bus_number: int = 0,
) -> tuple[Hal, WrapperConfigurationContext]:
    """An ISA adapter with a shared-memory window and a port range.

    As x86 HALs do, the whole ISA memory space (16 MiB) is identity-mapped to
    host physical memory and the whole ISA I/O space to host ports, so the HAL
    translates any ISA address; the adapter's claimed resources are the window
    and the port range.
    """
    memory = ResourceRange(CmResourceType.Memory, window_base, window_bytes)
    ports = ResourceRange(CmResourceType.Port, port_base, port_bytes)
    if memory.end > _ISA_MEMORY_LIMIT:
        raise ValueError(f"ISA window {memory} does not fit the 24-bit ISA memory space")
    if ports.end > _IO_SPACE_LIMIT:
        raise ValueError(f"ISA {ports} does not fit the 64 KiB I/O space")
    hal = Hal(
        [
            BusAperture(InterfaceType.Isa, bus_number, AddressSpace.MEMORY, 0, _ISA_MEMORY_LIMIT, AddressSpace.MEMORY, 0),
            BusAperture(InterfaceType.Isa, bus_number, AddressSpace.IO, 0, _IO_SPACE_LIMIT, AddressSpace.IO, 0),
        ]
    )
    ctx = WrapperConfigurationContext(InterfaceType.Isa, bus_number, (ports, memory), name="isa-adapter")
    return hal, ctx


def pci_platform(
    window_base: int = 0x4000_0000,
    window_bytes: int = 16384,
    host_offset: int = 0x8000_0000,
    port_base: int = 0xC000,
    port_bytes: int = 32,
    bus_number: int = 1,
    aperture_bytes: int = 0x1000_0000,
) -> tuple[Hal, WrapperConfigurationContext]:
    """A PCI adapter behind a host bridge that does not identity-map memory.

    PCI memory ``[A, A + aperture_bytes)`` (A = ``window_base`` rounded down to
    ``aperture_bytes``) appears at host physical ``A + host_offset``; PCI I/O
    space is identity-mapped.  A correct host therefore maps
    ``window_base + host_offset``, never ``window_base`` itself.
    """
    memory = ResourceRange(CmResourceType.Memory, window_base, window_bytes)
    ports = ResourceRange(CmResourceType.Port, port_base, port_bytes)
    if aperture_bytes <= 0 or aperture_bytes & (aperture_bytes - 1):
        raise ValueError(f"aperture_bytes must be a power of two, got {aperture_bytes:#x}")
    if host_offset == 0:
        raise ValueError("host_offset must be non-zero (use isa_platform for an identity map)")
    bus_start = window_base & ~(aperture_bytes - 1)
    span = -(-(memory.end - bus_start) // aperture_bytes) * aperture_bytes
    host_start = bus_start + host_offset
    if host_start < 0 or host_start + span > ULONG_LIMIT:
        raise ValueError(
            f"host range {host_start:#x}-{host_start + span - 1:#x} of the PCI memory aperture "
            f"is not inside the 32-bit physical space"
        )
    if ports.end > _IO_SPACE_LIMIT:
        raise ValueError(f"PCI {ports} does not fit the 64 KiB I/O space")
    hal = Hal(
        [
            BusAperture(InterfaceType.PCIBus, bus_number, AddressSpace.MEMORY, bus_start, span, AddressSpace.MEMORY, host_start),
            BusAperture(InterfaceType.PCIBus, bus_number, AddressSpace.IO, 0, _IO_SPACE_LIMIT, AddressSpace.IO, 0),
        ]
    )
    ctx = WrapperConfigurationContext(InterfaceType.PCIBus, bus_number, (memory, ports), name="pci-adapter")
    return hal, ctx


def isa_io_memory_platform(
    memory_base: int = 0xD0000,
    memory_bytes: int = 16384,
    port_base: int = 0x300,
    port_bytes: int = 32,
    bus_number: int = 0,
) -> tuple[Hal, WrapperConfigurationContext]:
    """An ISA adapter whose memory the host reaches through I/O space.

    The adapter claims a port range and a memory range, but no host memory decodes that memory
    range: HalTranslateBusAddress answers AddressSpace = 1 (I/O) for it, with the device-local
    address (``address - memory_base``), which the host reaches through the adapter's port range
    (NE2000-style remote DMA).  The rest of ISA memory and the whole ISA I/O space are
    identity-mapped as in :func:`isa_platform`.
    """
    memory = ResourceRange(CmResourceType.Memory, memory_base, memory_bytes)
    ports = ResourceRange(CmResourceType.Port, port_base, port_bytes)
    if memory.end > _ISA_MEMORY_LIMIT:
        raise ValueError(f"ISA {memory} does not fit the 24-bit ISA memory space")
    if ports.end > _IO_SPACE_LIMIT:
        raise ValueError(f"ISA {ports} does not fit the 64 KiB I/O space")
    hal = Hal(
        [
            BusAperture(InterfaceType.Isa, bus_number, AddressSpace.MEMORY, memory_base, memory_bytes, AddressSpace.IO, 0),
            BusAperture(InterfaceType.Isa, bus_number, AddressSpace.MEMORY, 0, _ISA_MEMORY_LIMIT, AddressSpace.MEMORY, 0),
            BusAperture(InterfaceType.Isa, bus_number, AddressSpace.IO, 0, _IO_SPACE_LIMIT, AddressSpace.IO, 0),
        ]
    )
    ctx = WrapperConfigurationContext(InterfaceType.Isa, bus_number, (ports, memory), name="isa-io-memory-adapter")
    return hal, ctx
