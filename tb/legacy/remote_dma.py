"""The NE2000 remote-DMA sequence on the NDIS raw port calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.legacy import CTRL_WTS, RCMD_READ, RCMD_WRITE, RISR_RDC, Off
from tb.ndis import BusError, Out

if TYPE_CHECKING:
    from tb.legacy.host import LegacyNdisHost


class RemoteDmaError(BusError):
    """A remote-DMA transfer did not complete (RDC never set)."""


@dataclass
class RemoteDma:
    """The NE2000 remote-DMA sequence on the NDIS raw port calls, for a register block at ``port_base``.

    Write: acknowledge RDC, RBCR = count, RSAR = address, RCMD = remote write, the data through the
    data port (bytes, or words when CTRL.WTS is set, the odd last byte in the low half of a word),
    then poll RISR for RDC and acknowledge it.  Read likewise with RCMD = remote read.  Transfers
    longer than :attr:`CHUNK` bytes are split.
    """

    host: LegacyNdisHost
    port_base: int

    CHUNK = 0x8000

    def port(self, offset: int) -> int:
        return self.port_base + int(offset)

    async def word_mode(self) -> bool:
        ctrl = Out(0)
        await self.host.NdisRawReadPortUchar(self.port(Off.CTRL), ctrl)
        return bool(ctrl.value & CTRL_WTS)

    async def _start(self, command: int, address: int, count: int) -> None:
        h = self.host
        await h.NdisRawWritePortUchar(self.port(Off.RISR), RISR_RDC)
        await h.NdisRawWritePortUshort(self.port(Off.RBCR0), count)
        await h.NdisRawWritePortUshort(self.port(Off.RSAR0), address)
        await h.NdisRawWritePortUchar(self.port(Off.RCMD), command)

    async def _finish(self, what: str, address: int, count: int) -> None:
        h = self.host
        isr = Out(0)
        for _ in range(h.rdc_polls):
            await h.NdisRawReadPortUchar(self.port(Off.RISR), isr)
            if isr.value & RISR_RDC:
                await h.NdisRawWritePortUchar(self.port(Off.RISR), RISR_RDC)
                return
        left = Out(0)
        await h.NdisRawReadPortUshort(self.port(Off.RBCR0), left)
        raise RemoteDmaError(
            f"remote {what} of {count} bytes at 0x{address:04x}: RDC not set after {h.rdc_polls} polls of RISR "
            f"(RBCR still {left.value})"
        )

    async def write(self, address: int, data: bytes) -> None:
        """Copy ``data`` into the adapter's RAM at ``address`` (a RAM offset)."""
        word = await self.word_mode()
        for start in range(0, len(data), self.CHUNK):
            chunk = data[start : start + self.CHUNK]
            at = address + start
            await self._start(RCMD_WRITE, at, len(chunk))
            if word:
                padded = chunk + b"\x00" * (len(chunk) & 1)
                await self.host.NdisRawWritePortBufferUshort(self.port(Off.DATA), padded, len(padded) // 2)
            else:
                await self.host.NdisRawWritePortBufferUchar(self.port(Off.DATA), chunk, len(chunk))
            await self._finish("write", at, len(chunk))

    async def read(self, address: int, length: int) -> bytes:
        """``length`` bytes of the adapter's RAM at ``address``."""
        word = await self.word_mode()
        out = bytearray()
        for start in range(0, length, self.CHUNK):
            n = min(self.CHUNK, length - start)
            at = address + start
            await self._start(RCMD_READ, at, n)
            if word:
                buf = bytearray(n + (n & 1))
                await self.host.NdisRawReadPortBufferUshort(self.port(Off.DATA), buf, len(buf) // 2)
            else:
                buf = bytearray(n)
                await self.host.NdisRawReadPortBufferUchar(self.port(Off.DATA), buf, n)
            out += buf[:n]
            await self._finish("read", at, n)
        return bytes(out)
