"""The NDIS 5 shared-memory calls a miniport makes, executed on a simulated bus.

:class:`NdisHost` offers the calls under their NDIS names and argument orders, as coroutines:

* ``NdisImmediateWriteSharedMemory(WrapperConfigurationContext, SharedMemoryAddress, Buffer, Length)``
* ``NdisImmediateReadSharedMemory(WrapperConfigurationContext, SharedMemoryAddress, Buffer, Length)``
* ``NdisMMapIoSpace(VirtualAddress, MiniportAdapterHandle, PhysicalAddress, Length)``,
  ``NdisMoveToMappedMemory``, ``NdisMoveFromMappedMemory``, ``NdisMUnmapIoSpace``

An immediate call does what the documentation describes: it determines how the host reaches the
device memory (``HalTranslateBusAddress``), maps it (``MmMapIoSpace``), copies, and unmaps. The
real calls return nothing and fail silently. Here a verifier (on by default) turns misuse into a
:class:`~models.verifier.NdisVerifierError` that names the call, the address, the length and the
adapter's range, raised before any bus cycle; with the verifier off the call returns silently, as
the real one would, and the failure is appended to :attr:`NdisHost.failures`.

When the call is made matters too. After :meth:`NdisHost.MiniportInitializeDone` an immediate call
is ``after-initialization`` (raised with the verifier on, a warning with it off); an immediate call
on a range the driver has mapped with ``NdisMMapIoSpace`` is ``immediate-on-mapped-range``, a
warning: recorded in :attr:`NdisHost.warnings`, and the call goes ahead. When translation puts the
device memory in I/O space the copy takes the port path (:meth:`NdisHost._io_space_copy`), which
:class:`tb.legacy.host.LegacyNdisHost` implements by remote DMA through the adapter's port range.

Every ``Ndis*`` coroutine of the host, and of its subclasses, reports itself to
:attr:`NdisHost.trace` when one is set: the call's text (``NdisImmediateWriteSharedMemory 0xd0000
1514``: the name, then the integer arguments, lengths in decimal and the rest in hex) when it
starts, and ``""`` when it returns; a call made inside another shows both (``outer > inner``) until
it returns. The testbench points it at the toplevel's call-trace signal, so a waveform shows which
call made each burst.

This module does not import cocotb: the bus is any object with the :class:`BusEngine` shape, so
the same code runs against the RTL (``tb.axi_master``) or a pure-Python bus in unit tests.
"""

from __future__ import annotations

import functools
import inspect
import logging
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any, Awaitable, Callable, Generic, Protocol, Sequence, TypeVar

from models.axi import Burst, Resp, plan_bursts, plan_bytewise
from models.platform import (
    AddressSpace,
    Hal,
    MappingError,
    MemoryManager,
    PlatformError,
    WrapperConfigurationContext,
)
from models.verifier import (
    NdisVerifierError,
    Violation,
    check_after_initialization,
    check_mapped_overlap,
    check_resource_range,
    check_shared_memory_call,
)

T = TypeVar("T")


class NdisStatus(IntEnum):
    """The NDIS_STATUS values the modelled calls return."""

    SUCCESS = 0x00000000
    FAILURE = 0xC0000001
    RESOURCES = 0xC000009A
    RESOURCE_CONFLICT = 0xC001001E


class CopyStrategy(str, Enum):
    """How the copy reaches the bus.

    ``BURST``: as few legal AXI bursts as possible (full-width beats, strobes for the unaligned head
    and tail). ``BYTEWISE``: one single-byte access per byte in ascending order, as
    ``WRITE_REGISTER_BUFFER_UCHAR`` does. Both leave identical RAM contents.
    """

    BURST = "burst"
    BYTEWISE = "bytewise"


class BusEngine(Protocol):
    """What the host needs from a bus: execute planned bursts, report per-burst responses."""

    bus_bytes: int

    async def write(self, bursts: Sequence[Burst], buffer: bytes) -> "TransferLike": ...

    async def read(self, bursts: Sequence[Burst], length: int | None = None) -> "TransferLike": ...


class TransferLike(Protocol):
    resps: list[Resp]
    data: bytes


class Out(Generic[T]):
    """An OUT parameter (``PVOID *VirtualAddress``): the call stores its result in ``.value``."""

    def __init__(self, value: T | None = None) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Out({self.value!r})"


class BusError(Exception):
    """The bus answered a copy with an error response (SLVERR or DECERR)."""


@dataclass(frozen=True)
class SilentFailure:
    """A failure the real call would have swallowed, recorded when the verifier is off."""

    call: str
    rule: str
    message: str


@dataclass
class CallRecord:
    """One shared-memory call as executed: for logs, summaries and checks."""

    call: str
    address: int
    length: int
    physical: int | None = None
    bursts: int = 0
    beats: int = 0


#: Between the texts of a call and of the call made inside it (the port path's port calls).
TRACE_NESTING = " > "
#: Integer arguments shown in decimal in a call's trace text; the others are addresses, ports,
#: registers or register values, shown in hex.
DECIMAL_ARGUMENTS = frozenset({"Length"})


def call_text(name: str, arguments: dict[str, Any]) -> str:
    """The trace text of a call: its name, then its integer arguments (``Length`` in decimal, the
    rest in hex); buffers, contexts and out-parameters are left out."""
    words = [name]
    for arg, value in arguments.items():
        if isinstance(value, int) and not isinstance(value, (bool, Enum)):
            words.append(str(value) if arg in DECIMAL_ARGUMENTS else f"0x{value:x}")
    return " ".join(words)


def _traced(fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Wrap an ``Ndis*`` coroutine so that it reports its text to ``self.trace`` while it runs."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    async def call(self: "NdisHost", *args: Any, **kwargs: Any) -> Any:
        if self.trace is None:
            return await fn(self, *args, **kwargs)
        bound = signature.bind(self, *args, **kwargs)
        text = call_text(fn.__name__, dict(list(bound.arguments.items())[1:]))
        self._trace_stack.append(text)
        self.trace(TRACE_NESTING.join(self._trace_stack))
        try:
            return await fn(self, *args, **kwargs)
        finally:
            self._trace_stack.pop()
            self.trace(TRACE_NESTING.join(self._trace_stack))

    call._ndis_traced = True  # type: ignore[attr-defined]
    return call


def _trace_ndis_calls(cls: type) -> None:
    for name, member in list(vars(cls).items()):
        if name.startswith("Ndis") and inspect.iscoroutinefunction(member) and not hasattr(member, "_ndis_traced"):
            setattr(cls, name, _traced(member))


@dataclass
class NdisHost:
    """The NDIS wrapper's shared-memory services for one simulated host.

    ``hal`` translates bus-relative addresses, ``mm`` maps them, ``bus`` moves the bytes.
    ``verifier`` raises on misuse (default) instead of failing silently; ``strategy`` picks how the
    copy is cut into bus accesses.
    """

    hal: Hal
    mm: MemoryManager
    bus: BusEngine
    verifier: bool = True
    strategy: CopyStrategy = CopyStrategy.BURST
    max_burst_beats: int = 256
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("cocotb.tb.ndis"))
    failures: list[SilentFailure] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    #: Misuse the verifier records without failing the call (``immediate-on-mapped-range``, and
    #: ``after-initialization`` when the verifier is off).
    warnings: list[Violation] = field(default_factory=list)
    #: Live NdisMMapIoSpace mappings: VA -> (adapter, bus-relative start, length).
    _mapped: dict[int, tuple[WrapperConfigurationContext, int, int]] = field(default_factory=dict, repr=False)
    #: Told the text of the ``Ndis*`` calls in progress (``outer > inner``) at each call's start and
    #: return, ``""`` when none is; the testbench sets it to write the toplevel's call-trace signal.
    trace: Callable[[str], None] | None = field(default=None, repr=False)
    _trace_stack: list[str] = field(default_factory=list, repr=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _trace_ndis_calls(cls)

    # ------------------------------------------------------------------ reporting
    def _fail(self, violation: Violation) -> None:
        """Raise (verifier on) or record and let the caller return silently (verifier off)."""
        if self.verifier:
            raise NdisVerifierError(violation)
        self.log.warning("%s (verifier off: the call returns silently)", violation.message)
        self.failures.append(SilentFailure(violation.call, violation.rule, violation.message))

    def _warn(self, violation: Violation) -> None:
        """Record a warning: the call goes ahead."""
        self.log.warning("%s (warning: the call goes ahead)", violation.message)
        self.warnings.append(violation)

    def _check_call_time(self, call: str, ctx: WrapperConfigurationContext) -> None:
        """The immediate calls belong to MiniportInitialize: after it, raise (verifier on) or warn."""
        late = check_after_initialization(call, ctx)
        if late is not None:
            if self.verifier:
                raise NdisVerifierError(late)
            self._warn(late)

    def mapped_ranges(self, ctx: WrapperConfigurationContext) -> list[tuple[int, int]]:
        """The bus-relative ``(start, length)`` ranges of ``ctx`` mapped with NdisMMapIoSpace now."""
        return [(start, length) for owner, start, length in self._mapped.values() if owner is ctx]

    def MiniportInitializeDone(self, WrapperConfigurationContext: WrapperConfigurationContext) -> None:
        """MiniportInitialize has returned for this adapter (the wrapper's view of it): from now on the
        verifier flags the immediate calls made with this context."""
        WrapperConfigurationContext.initialization_finished = True

    def _plan(self, address: int, length: int) -> list[Burst]:
        if CopyStrategy(self.strategy) is CopyStrategy.BYTEWISE:
            return plan_bytewise(address, length)
        return plan_bursts(address, length, self.bus.bus_bytes, max_beats=self.max_burst_beats)

    # ------------------------------------------------------------------ immediate calls
    async def NdisImmediateWriteSharedMemory(
        self,
        WrapperConfigurationContext: WrapperConfigurationContext,
        SharedMemoryAddress: int,
        Buffer: bytes | bytearray | memoryview,
        Length: int,
    ) -> None:
        """Copy ``Length`` bytes of ``Buffer`` to device memory at bus-relative ``SharedMemoryAddress``."""
        await self._immediate("NdisImmediateWriteSharedMemory", WrapperConfigurationContext, SharedMemoryAddress, Buffer, Length)

    async def NdisImmediateReadSharedMemory(
        self,
        WrapperConfigurationContext: WrapperConfigurationContext,
        SharedMemoryAddress: int,
        Buffer: bytearray | memoryview,
        Length: int,
    ) -> None:
        """Copy ``Length`` bytes of device memory at ``SharedMemoryAddress`` into ``Buffer``."""
        await self._immediate("NdisImmediateReadSharedMemory", WrapperConfigurationContext, SharedMemoryAddress, Buffer, Length)

    async def _immediate(self, call: str, ctx: WrapperConfigurationContext, address, buffer, length) -> None:
        violation = check_shared_memory_call(call, ctx, address, buffer, length)
        if violation is not None:
            return self._fail(violation)
        self._check_call_time(call, ctx)
        overlap = check_mapped_overlap(call, address, length, self.mapped_ranges(ctx))
        if overlap is not None:
            self._warn(overlap)
        if length == 0:
            self.calls.append(CallRecord(call, address, 0))
            return None

        # 1. How does the host reach this memory?
        xlat = self.hal.HalTranslateBusAddress(ctx.interface_type, ctx.bus_number, address, AddressSpace.MEMORY)
        if xlat is None:
            return self._fail(
                Violation(
                    call,
                    "translation-failed",
                    f"{call}: HalTranslateBusAddress found no {ctx.interface_type.name} bus {ctx.bus_number} "
                    f"memory range for SharedMemoryAddress=0x{address:08x} (Length={length})",
                )
            )
        if xlat.address_space is not AddressSpace.MEMORY:
            # The port path: device memory behind the adapter's I/O ports.
            return await self._io_space_copy(call, ctx, xlat.address, buffer, length, address)
        # 2. Map every page the range touches.
        va = self.mm.MmMapIoSpace(xlat.address, length, "MmNonCached")
        if va is None:
            return self._fail(
                Violation(
                    call,
                    "map-failed",
                    f"{call}: MmMapIoSpace could not map physical 0x{xlat.address:08x} (Length={length}): no system PTEs left",
                )
            )
        # 3. Copy, 4. unmap (also when the copy fails).
        try:
            if call == "NdisImmediateWriteSharedMemory":
                await self._copy_to(call, va, buffer, length, address)
            else:
                await self._copy_from(call, va, buffer, length, address)
        finally:
            self.mm.MmUnmapIoSpace(va, length)
        return None

    async def _io_space_copy(self, call: str, ctx: WrapperConfigurationContext, device_address: int, buffer, length: int, address: int) -> None:
        """Copy through I/O space: ``device_address`` is the translated (device-local) address.

        Port I/O needs a port bus, which this host does not have, so the call fails with
        ``io-space-unsupported``; :class:`tb.legacy.host.LegacyNdisHost` has one and copies by remote DMA
        through the adapter's port range."""
        return self._fail(
            Violation(
                call,
                "io-space-unsupported",
                f"{call}: SharedMemoryAddress=0x{address:08x} translates to I/O space (device address "
                f"0x{device_address:x}) and this host has no port bus to reach it",
            )
        )

    async def _copy_to(self, call: str, va: int, buffer, length: int, address: int) -> None:
        physical = self.mm.physical(va, length)
        bursts = self._plan(physical, length)
        data = bytes(memoryview(buffer)[:length])
        xfer = await self.bus.write(bursts, data)
        self._record(call, address, length, physical, bursts, xfer.resps)

    async def _copy_from(self, call: str, va: int, buffer, length: int, address: int) -> None:
        physical = self.mm.physical(va, length)
        bursts = self._plan(physical, length)
        xfer = await self.bus.read(bursts, length)
        self._record(call, address, length, physical, bursts, xfer.resps)
        memoryview(buffer)[:length] = xfer.data

    def _record(self, call: str, address: int, length: int, physical: int, bursts: Sequence[Burst], resps) -> None:
        beats = sum(b.beats for b in bursts)
        self.calls.append(CallRecord(call, address, length, physical, len(bursts), beats))
        self.log.debug("%s(0x%08x, %d): physical 0x%08x, %d bursts, %d beats", call, address, length, physical,
                       len(bursts), beats)
        bad = [(b, r) for b, r in zip(bursts, resps) if r != Resp.OKAY]
        if bad:
            b, r = bad[0]
            raise BusError(
                f"{call}(0x{address:08x}, Length={length}): the bus answered {Resp(r).name} to the "
                f"{b.beats}-beat burst at 0x{b.address:08x} ({len(bad)} of {len(bursts)} bursts failed)"
            )

    # ------------------------------------------------------------------ mapped path
    async def NdisMMapIoSpace(
        self,
        VirtualAddress: Out[int],
        MiniportAdapterHandle: WrapperConfigurationContext,
        PhysicalAddress: int,
        Length: int,
    ) -> NdisStatus:
        """Map a bus-relative range of the adapter's memory resources; store the VA in ``VirtualAddress``."""
        call = "NdisMMapIoSpace"
        VirtualAddress.value = None
        violation = check_resource_range(call, MiniportAdapterHandle, PhysicalAddress, Length, "PhysicalAddress")
        if violation is None and Length == 0:
            violation = Violation(call, "zero-length", f"{call}: Length=0; MmMapIoSpace needs at least one byte")
        if violation is not None:
            self._fail(violation)
            return NdisStatus.FAILURE
        ctx = MiniportAdapterHandle
        xlat = self.hal.HalTranslateBusAddress(ctx.interface_type, ctx.bus_number, PhysicalAddress, AddressSpace.MEMORY)
        if xlat is None or xlat.address_space is not AddressSpace.MEMORY:
            self._fail(
                Violation(
                    call,
                    "translation-failed",
                    f"{call}: no {ctx.interface_type.name} bus {ctx.bus_number} memory range for "
                    f"PhysicalAddress=0x{PhysicalAddress:08x} (Length={Length})",
                )
            )
            return NdisStatus.RESOURCES
        va = self.mm.MmMapIoSpace(xlat.address, Length, "MmNonCached")
        if va is None:
            self._fail(Violation(call, "map-failed", f"{call}: MmMapIoSpace failed for 0x{xlat.address:08x} (Length={Length})"))
            return NdisStatus.RESOURCES
        VirtualAddress.value = va
        self._mapped[va] = (ctx, PhysicalAddress, Length)
        return NdisStatus.SUCCESS

    async def NdisMUnmapIoSpace(self, MiniportAdapterHandle: WrapperConfigurationContext, VirtualAddress: int, Length: int) -> None:
        """Undo an :meth:`NdisMMapIoSpace`."""
        try:
            self.mm.MmUnmapIoSpace(VirtualAddress, Length)
        except PlatformError as exc:
            self._fail(Violation("NdisMUnmapIoSpace", "bad-unmap", f"NdisMUnmapIoSpace: {exc}"))
            return
        self._mapped.pop(VirtualAddress, None)

    async def NdisMoveToMappedMemory(self, Destination: int, Source: bytes | bytearray | memoryview, Length: int) -> None:
        """Copy ``Length`` bytes of ``Source`` to the mapped device memory at VA ``Destination``."""
        call = "NdisMoveToMappedMemory"
        if self._check_mapped_move(call, Destination, Source, Length, writable=False):
            await self._copy_to(call, Destination, Source, Length, Destination)

    async def NdisMoveFromMappedMemory(self, Destination: bytearray | memoryview, Source: int, Length: int) -> None:
        """Copy ``Length`` bytes of mapped device memory at VA ``Source`` into ``Destination``."""
        call = "NdisMoveFromMappedMemory"
        if self._check_mapped_move(call, Source, Destination, Length, writable=True):
            await self._copy_from(call, Source, Destination, Length, Source)

    def _check_mapped_move(self, call: str, va: int, buffer, length: int, writable: bool) -> bool:
        """True when the move may go ahead (and is not empty)."""
        kinds = (bytearray, memoryview) if writable else (bytes, bytearray, memoryview)
        if not isinstance(buffer, kinds) or (isinstance(buffer, memoryview) and writable and buffer.readonly):
            allowed = "a writable bytearray or memoryview" if writable else "bytes, bytearray or memoryview"
            self._fail(Violation(call, "buffer-type", f"{call}: buffer is {type(buffer).__name__}; allowed: {allowed}"))
            return False
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            self._fail(Violation(call, "negative-length", f"{call}: Length={length!r}; allowed: an int >= 0"))
            return False
        if length > len(memoryview(buffer).cast("B")):
            self._fail(
                Violation(call, "length-exceeds-buffer", f"{call}: Length={length} exceeds the {len(buffer)}-byte buffer")
            )
            return False
        if length == 0:
            return False
        try:
            self.mm.physical(va, length)
        except MappingError as exc:
            self._fail(Violation(call, "not-mapped", f"{call}: VA 0x{va:08x} Length={length}: {exc}"))
            return False
        return True


_trace_ndis_calls(NdisHost)
