"""A miniport for the legacy adapter, with the idioms real drivers for such cards used.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.legacy import CTRL_MEMENB, CTRL_WTS, ID_VALUE, PORT_RANGE_BYTES, Off
from models.platform import CmResourceType, ResourceRange, WrapperConfigurationContext
from tb.legacy.host import LegacyNdisHost
from tb.legacy.remote_dma import RemoteDma
from tb.ndis import NdisStatus, Out


class DriverError(Exception):
    """The driver could not bring the adapter up (no resources, wrong identification)."""


@dataclass
class LegacyDriver:
    """A miniport for the legacy adapter, written the way drivers for such cards were.

    :meth:`initialize` is its MiniportInitialize: it finds its resources, checks the adapter by
    its identification register, sets the data-path mode and maps the window.  The other methods
    are the per-card idioms: SMC Ultra (:meth:`copy_to_window`), 3c503
    (:meth:`transmit_copy_paged`), NE2000 (:meth:`transmit_port`).
    """

    host: LegacyNdisHost
    ctx: WrapperConfigurationContext
    port_base: int = 0
    window_base: int = 0
    window_bytes: int = 0
    ram_bytes: int = 0
    window_va: int | None = None
    ctrl: int = 0
    page: int = 0
    resources: tuple[ResourceRange, ...] = ()

    def port(self, offset: int) -> int:
        return self.port_base + int(offset)

    async def initialize(self, *, word_mode: bool = True, window_enabled: bool = False, page: int = 0, map_window: bool = True) -> None:
        """MiniportInitialize: NdisMQueryAdapterResources, identify, configure, map the window, done."""
        h, ctx = self.host, self.ctx
        status, size, resources = Out(NdisStatus.FAILURE), Out(0), Out(())
        await h.NdisMQueryAdapterResources(status, ctx, resources, size)
        if status.value == NdisStatus.RESOURCES:
            await h.NdisMQueryAdapterResources(status, ctx, resources, size)
        if status.value != NdisStatus.SUCCESS:
            raise DriverError(f"NdisMQueryAdapterResources failed: {NdisStatus(status.value).name}")
        self.resources = resources.value
        ports = [r for r in self.resources if r.type == CmResourceType.Port and r.length >= PORT_RANGE_BYTES]
        memory = [r for r in self.resources if r.type == CmResourceType.Memory]
        if not ports:
            raise DriverError(f"no {PORT_RANGE_BYTES}-port range among the resources {[str(r) for r in self.resources]}")
        self.port_base = ports[0].start
        ident = Out(0)
        await h.NdisImmediateReadPortUchar(ctx, self.port(Off.ID), ident)
        if ident.value != ID_VALUE:
            raise DriverError(f"port 0x{self.port(Off.ID):04x} reads 0x{ident.value:02x}, not the adapter's identification 0x{ID_VALUE:02x}")
        ramsz, winsz = Out(0), Out(0)
        await h.NdisImmediateReadPortUchar(ctx, self.port(Off.RAMSZ), ramsz)
        await h.NdisImmediateReadPortUchar(ctx, self.port(Off.WINSZ), winsz)
        self.ram_bytes, self.window_bytes = 1 << ramsz.value, 1 << winsz.value
        self.ctrl = (CTRL_WTS if word_mode else 0) | (CTRL_MEMENB if window_enabled else 0)
        self.page = page
        await h.NdisImmediateWritePortUchar(ctx, self.port(Off.PAGE), page)
        # the control register last, as the WD and SMC drivers do
        await h.NdisImmediateWritePortUchar(ctx, self.port(Off.CTRL), self.ctrl)
        if map_window and memory:
            self.window_base = memory[0].start
            va = Out(0)
            status = await h.NdisMMapIoSpace(va, ctx, self.window_base, min(memory[0].length, self.window_bytes))
            if status != NdisStatus.SUCCESS:
                raise DriverError(f"NdisMMapIoSpace of the window at 0x{self.window_base:08x} failed: {NdisStatus(status).name}")
            self.window_va = va.value
        h.MiniportInitializeDone(ctx)

    async def halt(self) -> None:
        """MiniportHalt: window off, unmapped."""
        await self.set_ctrl(self.ctrl & ~CTRL_MEMENB)
        if self.window_va is not None:
            await self.host.NdisMUnmapIoSpace(self.ctx, self.window_va, min(self.window_bytes, self._window_resource_bytes()))
            self.window_va = None

    def _window_resource_bytes(self) -> int:
        memory = [r for r in self.resources if r.type == CmResourceType.Memory]
        return memory[0].length if memory else self.window_bytes

    async def set_ctrl(self, value: int) -> None:
        self.ctrl = value
        await self.host.NdisRawWritePortUchar(self.port(Off.CTRL), value)

    async def set_page(self, page: int) -> None:
        pages = self.ram_bytes // self.window_bytes
        if not isinstance(page, int) or not 0 <= page < pages:
            raise ValueError(f"page {page!r} does not exist: the adapter has banks 0..{pages - 1}")
        self.page = page
        await self.host.NdisRawWritePortUchar(self.port(Off.PAGE), page)

    def _window_va(self, offset: int, length: int) -> int:
        if self.window_va is None:
            raise DriverError("the window is not mapped (initialize(map_window=True) first)")
        if offset < 0 or length < 0 or offset + length > self.window_bytes:
            raise ValueError(f"{length} bytes at window offset 0x{offset:x} do not fit the {self.window_bytes}-byte window")
        return self.window_va + offset

    # SMC Ultra: the window decodes only around each copy.
    async def copy_to_window(self, offset: int, data: bytes) -> None:
        """MEMENB on, NdisMoveToMappedMemory, MEMENB off."""
        va = self._window_va(offset, len(data))
        await self.set_ctrl(self.ctrl | CTRL_MEMENB)
        try:
            await self.host.NdisMoveToMappedMemory(va, data, len(data))
        finally:
            await self.set_ctrl(self.ctrl & ~CTRL_MEMENB)

    async def copy_from_window(self, offset: int, length: int) -> bytes:
        """MEMENB on, NdisMoveFromMappedMemory, MEMENB off."""
        va = self._window_va(offset, length)
        buf = bytearray(length)
        await self.set_ctrl(self.ctrl | CTRL_MEMENB)
        try:
            await self.host.NdisMoveFromMappedMemory(buf, va, length)
        finally:
            await self.set_ctrl(self.ctrl & ~CTRL_MEMENB)
        return bytes(buf)

    # 3c503: the transmit buffer is in bank 0; the window normally shows the receive bank.
    async def transmit_copy_paged(self, data: bytes, tx_page: int = 0, offset: int = 0) -> None:
        """Switch the window to the transmit bank, copy the frame, switch back to the previous bank."""
        va = self._window_va(offset, len(data))
        previous = self.page
        await self.set_page(tx_page)
        try:
            await self.host.NdisMoveToMappedMemory(va, data, len(data))
        finally:
            await self.set_page(previous)

    # NE2000: the frame goes through the data port.
    async def transmit_port(self, address: int, data: bytes) -> None:
        """Remote-DMA write of ``data`` to RAM offset ``address``."""
        await RemoteDma(self.host, self.port_base).write(address, data)

    async def receive_port(self, address: int, length: int) -> bytes:
        """Remote-DMA read of ``length`` bytes at RAM offset ``address``."""
        return await RemoteDma(self.host, self.port_base).read(address, length)
