"""The NDIS port and register calls, and the port path of the immediate shared-memory calls.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.axi import Resp, plan_bursts
from models.legacy import PORT_RANGE_BYTES
from models.platform import AddressSpace, MappingError, ResourceRange, WrapperConfigurationContext
from models.verifier import Violation, check_port_call
from tb.legacy.ports import PortEngine
from tb.legacy.remote_dma import RemoteDma
from tb.ndis import BusError, CallRecord, NdisHost, NdisStatus, Out


@dataclass
class LegacyNdisHost(NdisHost):
    """:class:`~tb.ndis.NdisHost` with the NDIS port and register calls, over a port engine.

    ``ports`` carries port I/O (host port numbers).  ``rdc_polls`` bounds how many RISR reads the
    port path makes while waiting for the remote-DMA completion bit.
    """

    ports: PortEngine | None = None
    rdc_polls: int = 16
    port_calls: int = 0

    # ------------------------------------------------------------------ port I/O primitives
    def _need_ports(self, call: str) -> PortEngine:
        if self.ports is None:
            raise RuntimeError(f"{call}: this host has no port bus (LegacyNdisHost(ports=...))")
        return self.ports

    async def _out(self, call: str, port: int, value: int, width: int) -> None:
        resp = await self._need_ports(call).write(port, value, width)
        self.port_calls += 1
        if resp != Resp.OKAY:
            raise BusError(f"{call}: port 0x{port:04x} answered {resp.name} to a {width}-byte write of 0x{value:x}")

    async def _in(self, call: str, port: int, width: int) -> int:
        value, resp = await self._need_ports(call).read(port, width)
        self.port_calls += 1
        if resp != Resp.OKAY:
            raise BusError(f"{call}: port 0x{port:04x} answered {resp.name} to a {width}-byte read")
        return value

    def _translate_port(self, call: str, ctx: WrapperConfigurationContext, port: int) -> int | None:
        """HalTranslateBusAddress in I/O space: the host port, or None after reporting the failure."""
        xlat = self.hal.HalTranslateBusAddress(ctx.interface_type, ctx.bus_number, port, AddressSpace.IO)
        if xlat is None or xlat.address_space is not AddressSpace.IO:
            where = "no I/O range" if xlat is None else "memory space, which this host does not reach ports through"
            self._fail(
                Violation(call, "translation-failed", f"{call}: Port=0x{port:04x} on {ctx.interface_type.name} bus {ctx.bus_number} translates to {where}")
            )
            return None
        return xlat.address

    # ------------------------------------------------------------------ immediate port calls
    async def _immediate_out(self, call: str, ctx: WrapperConfigurationContext, port, data, width: int) -> None:
        violation = check_port_call(call, ctx, port, width, data)
        if violation is not None:
            return self._fail(violation)
        self._check_call_time(call, ctx)
        host_port = self._translate_port(call, ctx, port)
        if host_port is not None:
            await self._out(call, host_port, data, width)
            self.calls.append(CallRecord(call, port, width))

    async def _immediate_in(self, call: str, ctx: WrapperConfigurationContext, port, data_out: Out[int], width: int) -> None:
        violation = check_port_call(call, ctx, port, width)
        if violation is not None:
            return self._fail(violation)
        self._check_call_time(call, ctx)
        host_port = self._translate_port(call, ctx, port)
        if host_port is not None:
            data_out.value = await self._in(call, host_port, width)
            self.calls.append(CallRecord(call, port, width))

    async def NdisImmediateReadPortUchar(self, WrapperConfigurationContext: WrapperConfigurationContext, Port: int, Data: Out[int]) -> None:
        """Read the UCHAR at bus-relative ``Port`` of the adapter into ``Data``."""
        await self._immediate_in("NdisImmediateReadPortUchar", WrapperConfigurationContext, Port, Data, 1)

    async def NdisImmediateReadPortUshort(self, WrapperConfigurationContext: WrapperConfigurationContext, Port: int, Data: Out[int]) -> None:
        """Read the USHORT at ``Port`` into ``Data``."""
        await self._immediate_in("NdisImmediateReadPortUshort", WrapperConfigurationContext, Port, Data, 2)

    async def NdisImmediateReadPortUlong(self, WrapperConfigurationContext: WrapperConfigurationContext, Port: int, Data: Out[int]) -> None:
        """Read the ULONG at ``Port`` into ``Data``."""
        await self._immediate_in("NdisImmediateReadPortUlong", WrapperConfigurationContext, Port, Data, 4)

    async def NdisImmediateWritePortUchar(self, WrapperConfigurationContext: WrapperConfigurationContext, Port: int, Data: int) -> None:
        """Write the UCHAR ``Data`` to bus-relative ``Port`` of the adapter."""
        await self._immediate_out("NdisImmediateWritePortUchar", WrapperConfigurationContext, Port, Data, 1)

    async def NdisImmediateWritePortUshort(self, WrapperConfigurationContext: WrapperConfigurationContext, Port: int, Data: int) -> None:
        """Write the USHORT ``Data`` to ``Port``."""
        await self._immediate_out("NdisImmediateWritePortUshort", WrapperConfigurationContext, Port, Data, 2)

    async def NdisImmediateWritePortUlong(self, WrapperConfigurationContext: WrapperConfigurationContext, Port: int, Data: int) -> None:
        """Write the ULONG ``Data`` to ``Port``."""
        await self._immediate_out("NdisImmediateWritePortUlong", WrapperConfigurationContext, Port, Data, 4)

    # ------------------------------------------------------------------ raw port calls
    async def _raw_out(self, call: str, port, data, width: int) -> None:
        violation = check_port_call(call, None, port, width, data)
        if violation is not None:
            return self._fail(violation)
        await self._out(call, port, data, width)

    async def _raw_in(self, call: str, port, data_out: Out[int], width: int) -> None:
        violation = check_port_call(call, None, port, width)
        if violation is not None:
            return self._fail(violation)
        data_out.value = await self._in(call, port, width)

    async def NdisRawWritePortUchar(self, Port: int, Data: int) -> None:
        """``out`` of a UCHAR to host port ``Port`` (a port from the adapter's translated range)."""
        await self._raw_out("NdisRawWritePortUchar", Port, Data, 1)

    async def NdisRawWritePortUshort(self, Port: int, Data: int) -> None:
        await self._raw_out("NdisRawWritePortUshort", Port, Data, 2)

    async def NdisRawWritePortUlong(self, Port: int, Data: int) -> None:
        await self._raw_out("NdisRawWritePortUlong", Port, Data, 4)

    async def NdisRawReadPortUchar(self, Port: int, Data: Out[int]) -> None:
        """``in`` of a UCHAR from host port ``Port`` into ``Data``."""
        await self._raw_in("NdisRawReadPortUchar", Port, Data, 1)

    async def NdisRawReadPortUshort(self, Port: int, Data: Out[int]) -> None:
        await self._raw_in("NdisRawReadPortUshort", Port, Data, 2)

    async def NdisRawReadPortUlong(self, Port: int, Data: Out[int]) -> None:
        await self._raw_in("NdisRawReadPortUlong", Port, Data, 4)

    def _check_buffer(self, call: str, port, buffer, length, width: int, fills: bool) -> bool:
        """Port and buffer checks of a string port call; True when it may go ahead."""
        violation = check_port_call(call, None, port, width)
        if violation is None:
            if fills:
                ok = isinstance(buffer, bytearray) or (isinstance(buffer, memoryview) and not buffer.readonly)
                allowed = "a writable bytearray or memoryview"
            else:
                ok = isinstance(buffer, (bytes, bytearray, memoryview))
                allowed = "bytes, bytearray or memoryview"
            if not ok:
                violation = Violation(call, "buffer-type", f"{call}: Buffer is {type(buffer).__name__}; allowed: {allowed}")
            elif not isinstance(length, int) or isinstance(length, bool) or length < 0:
                violation = Violation(call, "negative-length", f"{call}: Length={length!r}; allowed: an int >= 0 (a count of {width}-byte elements)")
            elif length * width > memoryview(buffer).nbytes:
                violation = Violation(
                    call,
                    "length-exceeds-buffer",
                    f"{call}: Length={length} elements of {width} bytes need {length * width} bytes; the Buffer has {memoryview(buffer).nbytes}",
                )
        if violation is not None:
            self._fail(violation)
            return False
        return True

    async def NdisRawWritePortBufferUchar(self, Port: int, Buffer: bytes | bytearray | memoryview, Length: int) -> None:
        """``rep outsb``: ``Length`` bytes of ``Buffer`` to ``Port``, one at a time, in order."""
        call = "NdisRawWritePortBufferUchar"
        if self._check_buffer(call, Port, Buffer, Length, 1, fills=False):
            view = memoryview(Buffer).cast("B")
            for i in range(Length):
                await self._out(call, Port, view[i], 1)

    async def NdisRawWritePortBufferUshort(self, Port: int, Buffer: bytes | bytearray | memoryview, Length: int) -> None:
        """``rep outsw``: ``Length`` USHORTs (little endian in ``Buffer``) to ``Port``."""
        call = "NdisRawWritePortBufferUshort"
        if self._check_buffer(call, Port, Buffer, Length, 2, fills=False):
            view = memoryview(Buffer).cast("B")
            for i in range(Length):
                await self._out(call, Port, view[2 * i] | view[2 * i + 1] << 8, 2)

    async def NdisRawReadPortBufferUchar(self, Port: int, Buffer: bytearray | memoryview, Length: int) -> None:
        """``rep insb``: ``Length`` bytes from ``Port`` into ``Buffer``."""
        call = "NdisRawReadPortBufferUchar"
        if self._check_buffer(call, Port, Buffer, Length, 1, fills=True):
            view = memoryview(Buffer).cast("B")
            for i in range(Length):
                view[i] = await self._in(call, Port, 1)

    async def NdisRawReadPortBufferUshort(self, Port: int, Buffer: bytearray | memoryview, Length: int) -> None:
        """``rep insw``: ``Length`` USHORTs from ``Port`` into ``Buffer`` (little endian)."""
        call = "NdisRawReadPortBufferUshort"
        if self._check_buffer(call, Port, Buffer, Length, 2, fills=True):
            view = memoryview(Buffer).cast("B")
            for i in range(Length):
                word = await self._in(call, Port, 2)
                view[2 * i] = word & 0xFF
                view[2 * i + 1] = word >> 8

    # ------------------------------------------------------------------ register calls (mapped memory)
    async def _register(self, call: str, va, width: int, data=None) -> int | None:
        """One access of ``width`` bytes at mapped VA ``va``; the value read, or None."""
        violation = None
        if not isinstance(va, int) or isinstance(va, bool):
            violation = Violation(call, "register-type", f"{call}: Register is {type(va).__name__} {va!r}; allowed: a mapped VA (int)")
        elif data is not None and (not isinstance(data, int) or isinstance(data, bool) or not 0 <= data < 1 << 8 * width):
            violation = Violation(call, "data-too-wide", f"{call}: Data={data!r} does not fit {width} bytes (allowed 0x0-0x{(1 << 8 * width) - 1:x})")
        else:
            try:
                physical = self.mm.physical(va, width)
            except MappingError as exc:
                violation = Violation(call, "not-mapped", f"{call}: Register=0x{va:08x} ({width} bytes): {exc}")
        if violation is not None:
            self._fail(violation)
            return None
        bursts = plan_bursts(physical, width, self.bus.bus_bytes)
        if data is not None:
            xfer = await self.bus.write(bursts, data.to_bytes(width, "little"))
            self._record(call, va, width, physical, bursts, xfer.resps)
            return None
        xfer = await self.bus.read(bursts, width)
        self._record(call, va, width, physical, bursts, xfer.resps)
        return int.from_bytes(xfer.data, "little")

    async def NdisWriteRegisterUchar(self, Register: int, Data: int) -> None:
        """One UCHAR write to the mapped device register at VA ``Register``."""
        await self._register("NdisWriteRegisterUchar", Register, 1, Data)

    async def NdisWriteRegisterUshort(self, Register: int, Data: int) -> None:
        await self._register("NdisWriteRegisterUshort", Register, 2, Data)

    async def NdisWriteRegisterUlong(self, Register: int, Data: int) -> None:
        await self._register("NdisWriteRegisterUlong", Register, 4, Data)

    async def _read_register(self, call: str, va, data_out: Out[int], width: int) -> None:
        value = await self._register(call, va, width)
        if value is not None:
            data_out.value = value

    async def NdisReadRegisterUchar(self, Register: int, Data: Out[int]) -> None:
        """One UCHAR read of the mapped device register at VA ``Register`` into ``Data``."""
        await self._read_register("NdisReadRegisterUchar", Register, Data, 1)

    async def NdisReadRegisterUshort(self, Register: int, Data: Out[int]) -> None:
        await self._read_register("NdisReadRegisterUshort", Register, Data, 2)

    async def NdisReadRegisterUlong(self, Register: int, Data: Out[int]) -> None:
        await self._read_register("NdisReadRegisterUlong", Register, Data, 4)

    # ------------------------------------------------------------------ resources
    #: CM_PARTIAL_RESOURCE_LIST: Version, Revision (USHORTs) and Count (ULONG), then 16-byte descriptors.
    RESOURCE_LIST_HEADER = 8
    RESOURCE_DESCRIPTOR = 16

    async def NdisMQueryAdapterResources(
        self,
        Status: Out[NdisStatus],
        WrapperConfigurationContext: WrapperConfigurationContext,
        ResourceList: Out[tuple[ResourceRange, ...]],
        BufferSize: Out[int],
    ) -> None:
        """Copy the adapter's resource list into ``ResourceList``.

        ``BufferSize`` is IN OUT: the bytes the caller offers, and on return the bytes the list
        needs.  ``Status``: SUCCESS; RESOURCES when the buffer is too small (``ResourceList`` is
        left alone); FAILURE when the adapter has no resources.
        """
        call = "NdisMQueryAdapterResources"
        ctx = WrapperConfigurationContext
        offered = BufferSize.value
        if not isinstance(offered, int) or isinstance(offered, bool) or offered < 0:
            self._fail(Violation(call, "buffer-size-type", f"{call}: *BufferSize={offered!r}; allowed: an int >= 0 (bytes)"))
            Status.value = NdisStatus.FAILURE
            return
        resources = tuple(ctx.resources)
        if not resources:
            Status.value = NdisStatus.FAILURE
            return
        needed = self.RESOURCE_LIST_HEADER + self.RESOURCE_DESCRIPTOR * len(resources)
        BufferSize.value = needed
        if offered < needed:
            Status.value = NdisStatus.RESOURCES
            return
        ResourceList.value = resources
        Status.value = NdisStatus.SUCCESS

    # ------------------------------------------------------------------ the port path
    async def _io_space_copy(self, call: str, ctx: WrapperConfigurationContext, device_address: int, buffer, length: int, address: int) -> None:
        """Device memory reached through I/O space: remote DMA through the adapter's first port range."""
        if self.ports is None:
            return await super()._io_space_copy(call, ctx, device_address, buffer, length, address)
        ranges = [r for r in ctx.port_ranges() if r.length >= PORT_RANGE_BYTES]
        if not ranges:
            return self._fail(
                Violation(call, "no-port-range", f"{call}: device memory is in I/O space but the adapter has no {PORT_RANGE_BYTES}-port range to reach it")
            )
        base = self._translate_port(call, ctx, ranges[0].start)
        if base is None:
            return None
        dma = RemoteDma(self, base)
        before = self.port_calls
        if call == "NdisImmediateWriteSharedMemory":
            await dma.write(device_address, bytes(memoryview(buffer)[:length]))
        else:
            memoryview(buffer)[:length] = await dma.read(device_address, length)
        self.calls.append(CallRecord(call, address, length, None, 0, self.port_calls - before))
        return None
