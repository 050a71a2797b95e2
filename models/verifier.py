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
    what = f"{address_name}=0x{address:08x} Length={length}"
    for r in ranges:
        if r.start <= address < r.end:
            if address + length > r.end:
                return broken(
                    "past-end-of-resource",
                    f"{what} runs {address + length - r.end} bytes past the end of the adapter's "
                    f"memory range {_span(r)} (last byte would be 0x{address + length - 1:08x})",
                )
            return None
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
