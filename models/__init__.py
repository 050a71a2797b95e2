"""Pure-Python reference models of the shared-RAM NIC and of the NDIS 5 host side.

- :mod:`models.axi`: AXI4 encodings, bursts, the burst planner and beat packing.
- :mod:`models.shared_ram`: golden model of the shared RAM behind its AXI4 slave.
- :mod:`models.platform`: the HAL and memory manager as an NDIS 5 miniport sees them.
- :mod:`models.verifier`: argument checks for the immediate shared-memory calls.
- :mod:`models.pacing`: seeded idle/backpressure patterns for bus channels.

Nothing here depends on a simulator.
"""

from .axi import (
    AXI_BOUNDARY,
    AXI_MAX_BEATS,
    WRAP_BEATS,
    Burst,
    BurstType,
    BytesLike,
    Resp,
    beat_strobes,
    check_bus_bytes,
    pack_burst,
    pack_burst_wide,
    plan_bursts,
    plan_bytewise,
    unpack_burst,
    unpack_burst_wide,
)
from .pacing import CHANNELS, MasterPacing, Pacing
from .platform import (
    CACHE_TYPES,
    ULONG_LIMIT,
    AddressSpace,
    BusAperture,
    CmResourceType,
    DoubleUnmapError,
    Hal,
    InterfaceType,
    Mapping,
    MappingError,
    MappingLeakError,
    MemoryManager,
    PlatformError,
    ResourceRange,
    Translation,
    WrapperConfigurationContext,
    isa_platform,
    pci_platform,
)
from .shared_ram import MISMATCH_CONTEXT, Mismatch, SharedRamModel, first_mismatch
from .verifier import (
    READ_SHARED_MEMORY,
    RULES,
    SHARED_MEMORY_CALLS,
    WRITE_SHARED_MEMORY,
    NdisVerifierError,
    Violation,
    check_shared_memory_call,
    verify_shared_memory_call,
)

__all__ = [
    # axi
    "AXI_BOUNDARY",
    "AXI_MAX_BEATS",
    "WRAP_BEATS",
    "Burst",
    "BurstType",
    "BytesLike",
    "Resp",
    "beat_strobes",
    "check_bus_bytes",
    "pack_burst",
    "pack_burst_wide",
    "plan_bursts",
    "plan_bytewise",
    "unpack_burst",
    "unpack_burst_wide",
    # shared_ram
    "MISMATCH_CONTEXT",
    "Mismatch",
    "SharedRamModel",
    "first_mismatch",
    # platform
    "CACHE_TYPES",
    "ULONG_LIMIT",
    "AddressSpace",
    "BusAperture",
    "CmResourceType",
    "DoubleUnmapError",
    "Hal",
    "InterfaceType",
    "Mapping",
    "MappingError",
    "MappingLeakError",
    "MemoryManager",
    "PlatformError",
    "ResourceRange",
    "Translation",
    "WrapperConfigurationContext",
    "isa_platform",
    "pci_platform",
    # verifier
    "READ_SHARED_MEMORY",
    "RULES",
    "SHARED_MEMORY_CALLS",
    "WRITE_SHARED_MEMORY",
    "NdisVerifierError",
    "Violation",
    "check_shared_memory_call",
    "verify_shared_memory_call",
]
