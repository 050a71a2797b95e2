"""Scoreboard for host writes into the shared RAM.

After each write it proves three things: the RAM over the written range equals the buffer, the
guard bytes on both sides of the range did not change (both by backdoor), and a front-door read
through the bus returns the same bytes. It keeps a golden model of the whole RAM, so a final
:meth:`SharedRamChecker.check_all` also catches a write that landed anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable

from models.shared_ram import SharedRamModel, first_mismatch
from tb.backdoor import RamBackdoor

ReadBack = Callable[[int, int], Awaitable[bytes]]


class CheckError(AssertionError):
    """The RAM does not hold what the host wrote (or something else changed)."""


@dataclass(frozen=True)
class Guards:
    """The bytes around a range, taken before a write."""

    below_address: int
    below: bytes
    above_address: int
    above: bytes


class SharedRamChecker:
    """Checks writes against the RAM by backdoor and front door; mirrors them in a golden model."""

    def __init__(self, backdoor: RamBackdoor, model: SharedRamModel, read_back: ReadBack | None = None, guard: int = 64) -> None:
        self.backdoor = backdoor
        self.model = model
        self.read_back = read_back
        self.guard = guard
        self.checked_writes = 0
        self.checked_bytes = 0

    def guards(self, address: int, length: int) -> Guards:
        lo = max(self.model.base, address - self.guard)
        hi = min(self.model.base + self.model.size, address + length + self.guard)
        end = min(max(address + length, lo), hi)
        start = max(min(address, hi), lo)
        return Guards(lo, self.backdoor.read(lo, start - lo), end, self.backdoor.read(end, hi - end))

    async def check_write(self, address: int, data: bytes, guards: Guards, label: str = "write") -> None:
        """Raise :class:`CheckError` unless the write of ``data`` at ``address`` landed exactly."""
        data = bytes(data)
        actual = self.backdoor.read(address, len(data))
        miss = first_mismatch(data, actual, address)
        if miss is not None:
            raise CheckError(f"{label} of {len(data)} bytes at 0x{address:08x}: RAM differs from the buffer, {miss}")
        for where, before in ((guards.below_address, guards.below), (guards.above_address, guards.above)):
            after = self.backdoor.read(where, len(before))
            miss = first_mismatch(before, after, where)
            if miss is not None:
                raise CheckError(f"{label} of {len(data)} bytes at 0x{address:08x} changed a guard byte outside it: {miss}")
        if self.read_back is not None and data:
            front = await self.read_back(address, len(data))
            miss = first_mismatch(data, front, address)
            if miss is not None:
                raise CheckError(f"{label} at 0x{address:08x}: front-door read differs from the buffer, {miss}")
        self.model.write(address, data)
        self.checked_writes += 1
        self.checked_bytes += len(data)

    def check_all(self) -> None:
        """Raise :class:`CheckError` unless the whole RAM equals the golden model."""
        miss = first_mismatch(self.model.snapshot(), self.backdoor.read_all(), self.model.base)
        if miss is not None:
            raise CheckError(f"RAM differs from the golden model: {miss}")
