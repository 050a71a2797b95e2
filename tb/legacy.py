"""The legacy NIC (``nic_legacy``) from the host's side: port I/O, the NDIS port and register calls,
the port path of the immediate shared-memory calls, and the driver idioms of real miniports.

* :class:`AxiLiteMaster`: pin-level AXI4-Lite master for the register port (``s_axil_*``).
* :class:`LitePorts`: I/O port accesses (``in``/``out`` of 1, 2 or 4 bytes) over that master,
  optionally checked access by access against :class:`~models.legacy.LegacyNicModel`.
* :class:`LegacyNdisHost`: :class:`~tb.ndis.NdisHost` plus the NDIS port and register calls and
  ``NdisMQueryAdapterResources``; when translation puts device memory in I/O space its immediate
  shared-memory calls copy by NE2000-style remote DMA through the adapter's port range.
* :class:`RemoteDma`: that remote-DMA sequence, on the NDIS raw port calls.
* :class:`LegacyDriver`: what miniports for such cards did: SMC Ultra's enable-copy-disable around
  a window copy, 3c503's bank switch for a transmit copy and back, NE2000's transmit through the
  data port.
* :class:`LegacyEnv`: the cocotb environment around ``nic_legacy``.

The port and register calls keep the NDIS argument orders; OUT parameters are
:class:`~tb.ndis.Out`.  Argument checks are verifier rules (:data:`models.verifier.PORT_RULES`):
with the verifier on a bad argument raises :class:`~models.verifier.NdisVerifierError` before any
bus cycle; with it off the call returns silently (an OUT parameter keeps its value) and the
failure is recorded, as for the shared-memory calls.  A bus error response raises
:class:`~tb.ndis.BusError`.
"""

from __future__ import annotations

import logging
import os
import random
from dataclasses import dataclass
from typing import Protocol

import cocotb
from cocotb.clock import Clock
from cocotb.handle import SimHandleBase
from cocotb.triggers import ClockCycles, RisingEdge
from cocotb_bus.bus import Bus

from models.axi import Burst, BurstType, Resp, Transfer, plan_bursts
from models.legacy import (
    CTRL_MEMENB,
    CTRL_WTS,
    ID_VALUE,
    PORT_RANGE_BYTES,
    RCMD_READ,
    RCMD_WRITE,
    RISR_RDC,
    LegacyConfig,
    LegacyNicModel,
    Off,
    port_access,
)
from models.pacing import MasterPacing
from models.platform import (
    AddressSpace,
    CmResourceType,
    MappingError,
    MemoryManager,
    ResourceRange,
    WrapperConfigurationContext,
    isa_io_memory_platform,
    isa_platform,
)
from models.shared_ram import SharedRamModel, first_mismatch
from models.verifier import Violation, check_port_call
from tb.axi_master import AxiMaster, AxiProtocolError, AxiTimeoutError
from tb.backdoor import RamBackdoor
from tb.call_trace import CallTraceSignal
from tb.checker import CheckError
from tb.ndis import BusError, CallRecord, CopyStrategy, NdisHost, NdisStatus, Out

CLOCK_PERIOD_NS = 10

LITE_SIGNALS = (
    "awaddr", "awvalid", "awready", "wdata", "wstrb", "wvalid", "wready", "bresp", "bvalid", "bready",
    "araddr", "arvalid", "arready", "rdata", "rresp", "rvalid", "rready",
)
LITE_OPTIONAL = ("awprot", "arprot")

_WIDTHS = {"Uchar": 1, "Ushort": 2, "Ulong": 4}


# --------------------------------------------------------------------------- register-port master


@dataclass
class LiteStats:
    """What the AXI4-Lite master has done."""

    writes: int = 0
    reads: int = 0
    cycles: int = 0


class AxiLiteMaster:
    """AXI4-Lite master on a slave's ``<prefix>_aw*``/``w*``/``b*``/``ar*``/``r*`` signals.

    One access at a time: AW and W are presented together, the call returns at the B (or R)
    handshake.  Handshakes are sampled at the rising edge (the values the slave saw there), as
    :class:`~tb.axi_master.AxiMaster` does.  BREADY and RREADY stay high.
    """

    def __init__(self, bus: Bus, clock: SimHandleBase, *, timeout_cycles: int = 2000, log: logging.Logger | None = None) -> None:
        self.bus = bus
        self.clock = clock
        self.timeout_cycles = timeout_cycles
        self.log = log or logging.getLogger("cocotb.tb.axil_master")
        self.data_bytes = len(bus.wdata) // 8
        if self.data_bytes != 4:
            raise ValueError(f"{len(bus.wdata)}-bit AXI4-Lite data bus; this master drives 32 bits")
        self.stats = LiteStats()
        for name in ("awaddr", "awvalid", "wdata", "wstrb", "wvalid", "araddr", "arvalid") + tuple(
            s for s in LITE_OPTIONAL if hasattr(bus, s)
        ):
            getattr(bus, name).value = 0
        bus.bready.value = 1
        bus.rready.value = 1

    @classmethod
    def from_prefix(cls, entity: SimHandleBase, prefix: str, clock: SimHandleBase, **kwargs) -> "AxiLiteMaster":
        bus = Bus(entity, prefix, list(LITE_SIGNALS), optional_signals=list(LITE_OPTIONAL), bus_separator="_")
        return cls(bus, clock, **kwargs)

    def _timeout(self, what: str, cycles: int) -> None:
        if cycles > self.timeout_cycles:
            raise AxiTimeoutError(f"AXI4-Lite {what}: no response for {self.timeout_cycles} cycles")

    async def write(self, address: int, data: int, strobe: int) -> Resp:
        """One write; returns BRESP."""
        bus = self.bus
        bus.awaddr.value = address
        bus.wdata.value = data
        bus.wstrb.value = strobe
        bus.awvalid.value = 1
        bus.wvalid.value = 1
        aw_done = w_done = False
        cycles = 0
        while True:
            await RisingEdge(self.clock)
            cycles += 1
            if not aw_done and bus.awready.value == 1:
                aw_done = True
                bus.awvalid.value = 0
            if not w_done and bus.wready.value == 1:
                w_done = True
                bus.wvalid.value = 0
            if bus.bvalid.value == 1:
                if not (aw_done and w_done):
                    raise AxiProtocolError(f"AXI4-Lite B response before the AW and W handshakes (port 0x{address:04x})")
                resp = Resp(bus.bresp.value.to_unsigned())
                break
            self._timeout(f"write of port 0x{address:04x}", cycles)
        self.stats.writes += 1
        self.stats.cycles += cycles
        return resp

    async def read(self, address: int) -> tuple[int, Resp]:
        """One read; returns (RDATA, RRESP)."""
        bus = self.bus
        bus.araddr.value = address
        bus.arvalid.value = 1
        ar_done = False
        cycles = 0
        while True:
            await RisingEdge(self.clock)
            cycles += 1
            if not ar_done and bus.arready.value == 1:
                ar_done = True
                bus.arvalid.value = 0
            if bus.rvalid.value == 1:
                if not ar_done:
                    raise AxiProtocolError(f"AXI4-Lite R response before the AR handshake (port 0x{address:04x})")
                rdata = bus.rdata.value
                if not rdata.is_resolvable:
                    raise AxiProtocolError(f"AXI4-Lite RDATA is {rdata} (X or Z) for port 0x{address:04x}")
                result = rdata.to_unsigned(), Resp(bus.rresp.value.to_unsigned())
                break
            self._timeout(f"read of port 0x{address:04x}", cycles)
        self.stats.reads += 1
        self.stats.cycles += cycles
        return result


# --------------------------------------------------------------------------- port engines


class PortEngine(Protocol):
    """What the host needs for port I/O: ``out`` and ``in`` of 1, 2 or 4 bytes."""

    async def write(self, port: int, value: int, width: int) -> Resp: ...

    async def read(self, port: int, width: int) -> tuple[int, Resp]: ...


@dataclass
class PortAccess:
    """One port access as executed, for logs and checks."""

    write: bool
    port: int
    width: int
    value: int
    resp: Resp


class LitePorts:
    """I/O ports over the register port's AXI4-Lite master (the port number is the address).

    With a ``model``, every access is also applied to it and the RTL's response and read data must
    match the model's: a difference raises :class:`~tb.checker.CheckError` naming the access.
    """

    def __init__(self, lite: AxiLiteMaster, model: LegacyNicModel | None = None, keep: int = 0) -> None:
        self.lite = lite
        self.model = model
        self.accesses = 0
        self.keep = keep
        self.log: list[PortAccess] = []

    def _note(self, access: PortAccess) -> None:
        self.accesses += 1
        if self.keep:
            self.log.append(access)
            del self.log[: -self.keep]

    async def write(self, port: int, value: int, width: int) -> Resp:
        address, strobe, shift = port_access(port, width)
        resp = await self.lite.write(address, value << shift, strobe)
        self._note(PortAccess(True, port, width, value, resp))
        if self.model is not None:
            expected = self.model.io_write(port, value, width)
            if resp != expected:
                raise CheckError(
                    f"out 0x{value:0{2 * width}x} to port 0x{port:04x} ({width} bytes): the RTL answered "
                    f"{resp.name}, the model {expected.name}"
                )
        return resp

    async def read(self, port: int, width: int) -> tuple[int, Resp]:
        address, _, shift = port_access(port, width)
        word, resp = await self.lite.read(address)
        value = (word >> shift) & ((1 << 8 * width) - 1)
        self._note(PortAccess(False, port, width, value, resp))
        if self.model is not None:
            expected, expected_resp = self.model.io_read(port, width)
            if (value, resp) != (expected, expected_resp):
                raise CheckError(
                    f"in from port 0x{port:04x} ({width} bytes): the RTL gave 0x{value:0{2 * width}x} {resp.name}, "
                    f"the model 0x{expected:0{2 * width}x} {expected_resp.name}"
                )
        return value, resp


class CheckedWindow:
    """A bus engine for :class:`~tb.ndis.NdisHost` over the memory window: it runs the bursts on the
    AXI master and mirrors them in the model; each burst's response, and each OKAY read burst's
    bytes, must match what the model says (window enable, page, AXI rules)."""

    def __init__(self, master: AxiMaster, model: LegacyNicModel) -> None:
        self.master = master
        self.model = model
        self.bus_bytes = master.bus_bytes
        self.rules = SharedRamModel(model.cfg.base_addr, model.cfg.window_bytes)

    def _check_resps(self, what: str, bursts: list[Burst] | tuple[Burst, ...], resps: list[Resp]) -> None:
        for b, r in zip(bursts, resps):
            expected = self.rules.response(b, self.bus_bytes)
            if r != expected:
                raise CheckError(f"window {what} burst at 0x{b.address:08x} ({b.beats} beats): RTL {Resp(r).name}, model {expected.name}")

    async def write(self, bursts, buffer) -> Transfer:
        xfer = await self.master.write(bursts, buffer)
        self._check_resps("write", bursts, xfer.resps)
        view = memoryview(buffer)
        for b, r in zip(bursts, xfer.resps):
            if r == Resp.OKAY and b.burst_type == BurstType.INCR and b.length:
                self.model.window_write(b.address, view[b.offset : b.offset + b.length])
        return xfer

    async def read(self, bursts, length=None) -> Transfer:
        xfer = await self.master.read(bursts, length)
        self._check_resps("read", bursts, xfer.resps)
        base = bursts[0].offset if bursts else 0
        for b, r in zip(bursts, xfer.resps):
            if r == Resp.OKAY and b.burst_type == BurstType.INCR and b.length:
                got = xfer.data[b.offset - base : b.offset - base + b.length]
                miss = first_mismatch(self.model.window_read(b.address, b.length), got, b.address)
                if miss is not None:
                    raise CheckError(f"window read burst at 0x{b.address:08x}: RTL differs from the model, {miss}")
        return xfer


# --------------------------------------------------------------------------- the NDIS calls


class RemoteDmaError(BusError):
    """A remote-DMA transfer did not complete (RDC never set)."""


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


# --------------------------------------------------------------------------- driver idioms


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


# --------------------------------------------------------------------------- the environment


def legacy_config_of(dut: SimHandleBase) -> LegacyConfig:
    """The parameters of the running ``nic_legacy``, from what the runner exports (NIC_*)."""
    data_width = len(dut.s_axi_wdata)
    window = os.environ.get("NIC_WINDOW_BYTES")
    if not window:
        raise RuntimeError("NIC_WINDOW_BYTES is not set: build nic_legacy with extra_parameters=(('WINDOW_BYTES', n), ...)")
    ram_bytes = int(os.environ.get("NIC_RAM_BYTES", 0)) or len(dut.u_mem.mem) * data_width // 8
    return LegacyConfig(
        ram_bytes=ram_bytes,
        window_bytes=int(window),
        base_addr=int(os.environ.get("NIC_BASE_ADDR", 0xD0000)),
        port_base=int(os.environ.get("NIC_PORT_BASE", 0x300)),
        data_width=data_width,
    )


class LegacyEnv:
    """Everything a test of ``nic_legacy`` needs.

    ``host`` reaches the adapter's memory through the window (memory space; ``ctx``), ``io_host``
    through its ports (translation puts the memory in I/O space; ``io_ctx``).  Both share the AXI
    master of the window and the port engine, and every access is checked against ``model``;
    ``backdoor`` reads the RAM by RAM offset.
    """

    def __init__(self, dut: SimHandleBase, *, verifier: bool = True, strategy: CopyStrategy = CopyStrategy.BURST, pacing: MasterPacing | None = None) -> None:
        self.dut = dut
        self.cfg = legacy_config_of(dut)
        cfg = self.cfg
        self.log = logging.getLogger("cocotb.tb")
        self.master = AxiMaster.from_prefix(dut, "s_axi", dut.clk)
        if pacing is not None:
            self.master.pace(pacing)
        self.lite = AxiLiteMaster.from_prefix(dut, "s_axil", dut.clk)
        self.model = LegacyNicModel(cfg)
        self.ports = LitePorts(self.lite, self.model)
        self.window = CheckedWindow(self.master, self.model)
        self.hal, self.ctx = isa_platform(
            window_base=cfg.base_addr, window_bytes=cfg.window_bytes, port_base=cfg.port_base, port_bytes=PORT_RANGE_BYTES
        )
        self.mm = MemoryManager()
        self.host = LegacyNdisHost(self.hal, self.mm, self.window, verifier=verifier, strategy=strategy, ports=self.ports)
        self.io_hal, self.io_ctx = isa_io_memory_platform(
            memory_base=cfg.base_addr, memory_bytes=cfg.ram_bytes, port_base=cfg.port_base, port_bytes=PORT_RANGE_BYTES
        )
        self.io_mm = MemoryManager()
        self.io_host = LegacyNdisHost(self.io_hal, self.io_mm, self.window, verifier=verifier, ports=self.ports)
        self.host.trace = self.io_host.trace = CallTraceSignal.find(dut)
        self.backdoor = RamBackdoor.of(dut, cfg.bus_bytes, 0, cfg.ram_bytes)
        self.rng = random.Random(cocotb.RANDOM_SEED)
        dut.nic_en.value = 0
        dut.nic_we.value = 0
        dut.nic_addr.value = 0
        dut.nic_wdata.value = 0

    async def start(self, reset_cycles: int = 4) -> "LegacyEnv":
        """Start the clock and apply a synchronous reset."""
        Clock(self.dut.clk, CLOCK_PERIOD_NS, unit="ns").start()
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, reset_cycles)
        self.dut.rst.value = 0
        await RisingEdge(self.dut.clk)
        self.model.reset()
        return self

    def random_bytes(self, n: int) -> bytes:
        return self.rng.randbytes(n)

    async def fill_random(self) -> bytes:
        """Random RAM contents (backdoor and model), so writes of any value show."""
        data = self.random_bytes(self.cfg.ram_bytes)
        self.backdoor.write(0, data)
        self.model.ram[:] = data
        await RisingEdge(self.dut.clk)
        return data

    def ram(self) -> bytes:
        """The whole RAM by backdoor."""
        return self.backdoor.read_all()

    def check_ram(self, label: str = "RAM") -> None:
        """Raise :class:`~tb.checker.CheckError` unless the RAM equals the model's."""
        miss = first_mismatch(bytes(self.model.ram), self.ram(), 0)
        if miss is not None:
            raise CheckError(f"{label}: RAM differs from the model (addresses are RAM offsets), {miss}")

    async def out(self, offset: int, value: int, width: int = 1) -> Resp:
        """Port write to register ``offset`` (checked against the model)."""
        return await self.ports.write(self.cfg.port(offset), value, width)

    async def inp(self, offset: int, width: int = 1) -> int:
        """Port read of register ``offset`` (checked against the model); the value."""
        value, _ = await self.ports.read(self.cfg.port(offset), width)
        return value

    def driver(self, io: bool = False) -> LegacyDriver:
        """A miniport on the memory-space (default) or I/O-space platform."""
        return LegacyDriver(self.io_host, self.io_ctx) if io else LegacyDriver(self.host, self.ctx)
