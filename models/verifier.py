"""Argument checks a driver verifier applies to NdisImmediateRead/WriteSharedMemory.

The real calls are VOID and check nothing: a bad buffer faults and a bad
address silently goes wherever the bus decodes it.  These checks turn each of
those mistakes into a :class:`Violation` that names the call, the offending
value and what was allowed.

The checks suit any call that moves ``Length`` bytes between a caller's
buffer and a bus-relative range of the adapter's memory resources; ``call``
only names it in messages and, unless told otherwise, decides the direction:
a name containing ``Read`` fills the buffer, any other name reads from it.

Rules, checked in this order (the first one broken is reported):

- ``buffer-type``: for a write, Buffer is not bytes/bytearray/memoryview; for
  a read, not a writable bytearray/memoryview
- ``length-type``: Length is not an int
- ``negative-length``: Length < 0
- ``length-exceeds-buffer``: Length is larger than the buffer
- ``address-not-ulong``: SharedMemoryAddress is not an int in 0..0xFFFFFFFF
- ``outside-resources``: the first byte is in none of the adapter's memory ranges
- ``past-end-of-resource``: the range starts in a memory range but runs past its end

Length 0 is legal at any ULONG address, inside the resources or not (the call
does nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .platform import ULONG_LIMIT, ResourceRange, WrapperConfigurationContext

__all__ = [
    "Violation",
    "NdisVerifierError",
    "check_shared_memory_call",
    "check_resource_range",
    "verify_shared_memory_call",
    "SHARED_MEMORY_CALLS",
    "WRITE_SHARED_MEMORY",
    "READ_SHARED_MEMORY",
    "RULES",
    "PORT_RULES",
    "CONTEXT_RULES",
    "IMMEDIATE_PORT_CALLS",
    "check_port_call",
    "check_after_initialization",
    "check_mapped_overlap",
]

WRITE_SHARED_MEMORY = "NdisImmediateWriteSharedMemory"
READ_SHARED_MEMORY = "NdisImmediateReadSharedMemory"
SHARED_MEMORY_CALLS = frozenset({WRITE_SHARED_MEMORY, READ_SHARED_MEMORY})

RULES = (
    "buffer-type",
    "length-type",
    "negative-length",
    "length-exceeds-buffer",
    "address-not-ulong",
    "outside-resources",
    "past-end-of-resource",
)
"""Every rule name :func:`check_shared_memory_call` can report."""


@dataclass(frozen=True)
class Violation:
    """One broken rule: the call, the rule's short name and a message naming the values involved."""

    call: str
    rule: str
    message: str

    def __str__(self) -> str:
        return self.message


class NdisVerifierError(ValueError):
    """Raised for a :class:`Violation`; the violation is in ``.violation``."""

    def __init__(self, violation: Violation) -> None:
        super().__init__(violation.message)
        self.violation = violation


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _span(r: ResourceRange) -> str:
    return f"0x{r.start:08x}-0x{r.last:08x}"


def _describe(value: object) -> str:
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def check_shared_memory_call(
    call: str,
    ctx: WrapperConfigurationContext,
    address: object,
    buffer: object,
    length: object,
    *,
    reads_into_buffer: bool | None = None,
) -> Violation | None:
    """Check one NdisImmediateWriteSharedMemory / NdisImmediateReadSharedMemory call.

    ``address`` is SharedMemoryAddress (bus-relative), ``buffer`` the caller's
    Buffer and ``length`` its Length.  ``reads_into_buffer`` says whether the
    call fills the buffer (default: ``"Read" in call``).  Returns the first
    broken rule, or None.
    """

    def broken(rule: str, message: str) -> Violation:
        return Violation(call, rule, f"{call}: {message}")

    is_read = ("Read" in call) if reads_into_buffer is None else reads_into_buffer

    if is_read:
        ok = isinstance(buffer, bytearray) or (isinstance(buffer, memoryview) and not buffer.readonly)
        if not ok:
            return broken(
                "buffer-type",
                f"Buffer is {_describe(buffer)}; a read needs a writable bytearray or memoryview",
            )
    elif not isinstance(buffer, (bytes, bytearray, memoryview)):
        return broken("buffer-type", f"Buffer is {_describe(buffer)}; a write needs bytes, bytearray or memoryview")
    assert isinstance(buffer, (bytes, bytearray, memoryview))
    buffer_len = buffer.nbytes if isinstance(buffer, memoryview) else len(buffer)

    if _is_int(length) and length > buffer_len:  # type: ignore[operator]
        return broken(
            "length-exceeds-buffer",
            f"Length={length} is larger than the {buffer_len}-byte Buffer (allowed 0..{buffer_len})",
        )
    return check_resource_range(call, ctx, address, length)


def check_resource_range(
    call: str,
    ctx: WrapperConfigurationContext,
    address: object,
    length: object,
    address_name: str = "SharedMemoryAddress",
) -> Violation | None:
    """Check that ``[address, address + length)`` is a legal bus-relative range inside one of the
    adapter's memory resources (``address_name`` is how the call names its address argument).
    Rules, in order: ``length-type``, ``negative-length``, ``address-not-ulong``,
    ``outside-resources``, ``past-end-of-resource``. Length 0 is legal."""

    def broken(rule: str, message: str) -> Violation:
        return Violation(call, rule, f"{call}: {message}")

    if not _is_int(length):
        return broken("length-type", f"Length is {_describe(length)}; it must be an int (a ULONG)")
    assert isinstance(length, int)
    if length < 0:
        return broken("negative-length", f"Length={length} is negative; it must be 0 or more")
    if not _is_int(address) or not 0 <= address < ULONG_LIMIT:  # type: ignore[operator]
        shown = f"{address:#x}" if _is_int(address) else _describe(address)
        return broken(
            "address-not-ulong",
            f"{address_name}={shown} is not a 32-bit ULONG (allowed 0x00000000-0xffffffff)",
        )
    assert isinstance(address, int)
    if length == 0:
        return None

    ranges = ctx.memory_ranges()
    for r in ranges:
        if r.start <= address < r.end:
            if address + length > r.end:
                what = f"{address_name}=0x{address:08x} Length={length}"
                return broken(
                    "past-end-of-resource",
                    f"{what} runs {address + length - r.end} bytes past the end of the adapter's "
                    f"memory range {_span(r)} (last byte would be 0x{address + length - 1:08x})",
                )
            return None
    what = f"{address_name}=0x{address:08x} Length={length}"
    if not ranges:
        return broken("outside-resources", f"{what} is outside the adapter's resources: it was given no memory range")
    if len(ranges) == 1:
        allowed = f"memory range {_span(ranges[0])}"
    else:
        allowed = "memory ranges " + ", ".join(_span(r) for r in ranges)
    return broken("outside-resources", f"{what} is outside the adapter's {allowed}")


def verify_shared_memory_call(
    call: str,
    ctx: WrapperConfigurationContext,
    address: object,
    buffer: object,
    length: object,
    *,
    reads_into_buffer: bool | None = None,
) -> None:
    """Like :func:`check_shared_memory_call` but raises :class:`NdisVerifierError` on a violation."""
    violation = check_shared_memory_call(call, ctx, address, buffer, length, reads_into_buffer=reads_into_buffer)
    if violation is not None:
        raise NdisVerifierError(violation)


# --------------------------------------------------------------------------- port calls and call context

IMMEDIATE_PORT_CALLS = frozenset(
    {
        f"NdisImmediate{direction}Port{kind}"
        for direction in ("Read", "Write")
        for kind in ("Uchar", "Ushort", "Ulong")
    }
)
"""The immediate port calls; with :data:`SHARED_MEMORY_CALLS` these are the calls meant for
MiniportInitialize only."""

PORT_RULES = (
    "port-type",
    "port-misaligned",
    "data-too-wide",
    "port-outside-resources",
    "port-past-end-of-resource",
)
"""Every rule name :func:`check_port_call` can report."""

CONTEXT_RULES = (
    "after-initialization",
    "immediate-on-mapped-range",
)
"""Rules about when an immediate call is made rather than its arguments.

``after-initialization`` is a violation (the documentation allows the immediate calls in
MiniportInitialize only); ``immediate-on-mapped-range`` is a warning: the call still works, but
the documentation says a driver that has mapped the range uses the mapping."""

_WIDTH_NAMES = {1: "UCHAR", 2: "USHORT", 4: "ULONG"}


def check_port_call(
    call: str,
    ctx: WrapperConfigurationContext | None,
    port: object,
    width: int,
    data: object = None,
    port_name: str = "Port",
) -> Violation | None:
    """Check one port access of ``width`` bytes (1, 2 or 4).

    Rules, in order: ``port-type`` (not an int in 0..0xFFFF), ``port-misaligned`` (not a multiple
    of ``width``), ``data-too-wide`` (``data`` given and not an int that fits ``width`` bytes),
    and with a ``ctx``: ``port-outside-resources`` (the first port is in none of the adapter's port
    ranges), ``port-past-end-of-resource`` (the access runs past the end of the range it starts
    in).  The raw calls have no context and skip the last two.
    """

    def broken(rule: str, message: str) -> Violation:
        return Violation(call, rule, f"{call}: {message}")

    if width not in _WIDTH_NAMES:
        raise ValueError(f"width must be 1, 2 or 4 bytes, got {width!r}")
    if not _is_int(port) or not 0 <= port <= 0xFFFF:  # type: ignore[operator]
        shown = f"{port:#x}" if _is_int(port) else _describe(port)
        return broken("port-type", f"{port_name}={shown} is not an I/O port (allowed 0x0000-0xffff)")
    assert isinstance(port, int)
    if port % width:
        return broken(
            "port-misaligned",
            f"{port_name}=0x{port:04x} is not aligned to the {width}-byte {_WIDTH_NAMES[width]} access "
            f"(allowed: a multiple of {width})",
        )
    if data is not None and (not _is_int(data) or not 0 <= data < 1 << 8 * width):  # type: ignore[operator]
        shown = f"{data:#x}" if _is_int(data) else _describe(data)
        return broken(
            "data-too-wide",
            f"Data={shown} does not fit a {_WIDTH_NAMES[width]} (allowed 0x0-0x{(1 << 8 * width) - 1:x})",
        )
    if ctx is None:
        return None
    ranges = ctx.port_ranges()
    what = f"{port_name}=0x{port:04x} ({width} byte{'s' if width > 1 else ''})"
    for r in ranges:
        if r.start <= port < r.end:
            if port + width > r.end:
                return broken(
                    "port-past-end-of-resource",
                    f"{what} runs past the end of the adapter's {r}",
                )
            return None
    if not ranges:
        return broken("port-outside-resources", f"{what} is outside the adapter's resources: it was given no port range")
    return broken("port-outside-resources", f"{what} is outside the adapter's " + ", ".join(str(r) for r in ranges))


def check_after_initialization(call: str, ctx: WrapperConfigurationContext) -> Violation | None:
    """``after-initialization`` when ``ctx`` says MiniportInitialize has already returned."""
    if getattr(ctx, "initialization_finished", False):
        return Violation(
            call,
            "after-initialization",
            f"{call}: called after MiniportInitialize of {ctx.name} returned; the immediate calls are "
            f"for MiniportInitialize only (map the range with NdisMMapIoSpace, or use the raw port calls)",
        )
    return None


def check_mapped_overlap(
    call: str,
    address: int,
    length: int,
    mapped: Iterable[tuple[int, int]],
) -> Violation | None:
    """``immediate-on-mapped-range`` when ``[address, address + length)`` overlaps one of the
    bus-relative ``(start, length)`` ranges the driver has mapped with NdisMMapIoSpace."""
    if length <= 0:
        return None
    for start, size in mapped:
        if start < address + length and address < start + size:
            return Violation(
                call,
                "immediate-on-mapped-range",
                f"{call}: SharedMemoryAddress=0x{address:08x} Length={length} overlaps the range "
                f"0x{start:08x}-0x{start + size - 1:08x} the driver mapped with NdisMMapIoSpace; "
                f"use the mapping (NdisMoveToMappedMemory / NdisMoveFromMappedMemory) instead",
            )
    return None
