"""The cocotb environment around ``nic_legacy``: masters, port layer, checked window, hosts, model.
"""

from __future__ import annotations

import logging
import os
import random

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.triggers import ClockCycles, RisingEdge

from models.axi import Resp
from models.legacy import PORT_RANGE_BYTES, LegacyConfig, LegacyNicModel
from models.pacing import MasterPacing
from models.platform import MemoryManager, isa_io_memory_platform, isa_platform
from models.shared_ram import first_mismatch
from tb.axi_master import AxiMaster
from tb.backdoor import RamBackdoor
from tb.call_trace import CallTraceSignal
from tb.checker import CheckError
from tb.clock import start_clock
from tb.legacy.axi_lite import AxiLiteMaster
from tb.legacy.driver import LegacyDriver
from tb.legacy.host import LegacyNdisHost
from tb.legacy.ports import LitePorts
from tb.legacy.window import CheckedWindow
from tb.ndis import CopyStrategy


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
        start_clock(self.dut.clk)
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
