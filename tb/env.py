"""The testbench environment around ``nic_shared_ram``: clock, reset, host, bus, backdoor, checker."""

from __future__ import annotations

import logging
import os
import random
from dataclasses import dataclass

import cocotb
from cocotb.clock import Clock
from cocotb.handle import SimHandleBase
from cocotb.triggers import ClockCycles, RisingEdge

from models.pacing import MasterPacing
from models.platform import MemoryManager, isa_platform
from models.shared_ram import SharedRamModel
from tb.axi_master import AxiMaster
from tb.backdoor import RamBackdoor
from tb.checker import SharedRamChecker
from tb.ndis import CopyStrategy, NdisHost

CLOCK_PERIOD_NS = 10


@dataclass(frozen=True)
class NicRamConfig:
    """The parameters the RTL was elaborated with."""

    data_width: int
    ram_bytes: int
    base_addr: int
    id_width: int

    @property
    def bus_bytes(self) -> int:
        return self.data_width // 8

    @property
    def window_end(self) -> int:
        return self.base_addr + self.ram_bytes

    @classmethod
    def of(cls, dut: SimHandleBase) -> "NicRamConfig":
        """Read from the environment the runner sets; fall back to what the hierarchy shows."""
        data_width = len(dut.s_axi_wdata)
        ram_bytes = int(os.environ.get("NIC_RAM_BYTES", 0)) or len(dut.u_mem.mem) * data_width // 8
        base = int(os.environ.get("NIC_BASE_ADDR", 0xD0000))
        return cls(data_width, ram_bytes, base, len(dut.s_axi_awid))


def regression_seed() -> int:
    """The seed of this simulator run (COCOTB_RANDOM_SEED; ``make ... SEED=`` sets it): give it back
    to replay the run. cocotb derives each test's own seed (``cocotb.RANDOM_SEED``) from it and the
    test's name, so every test draws its own reproducible numbers."""
    value = os.environ.get("COCOTB_RANDOM_SEED")
    return int(value) if value else cocotb.RANDOM_SEED


class NicRamEnv:
    """Everything a test of the shared RAM needs, built from the DUT handle.

    ``host`` is the NDIS host (its calls under NDIS names), ``ctx`` the adapter's
    WrapperConfigurationContext, ``master`` the AXI master the host copies through,
    ``backdoor`` the RAM seen by hierarchy, ``checker`` the scoreboard.
    """

    def __init__(
        self,
        dut: SimHandleBase,
        *,
        verifier: bool = True,
        strategy: CopyStrategy = CopyStrategy.BURST,
        pacing: MasterPacing | None = None,
    ) -> None:
        self.dut = dut
        self.cfg = NicRamConfig.of(dut)
        self.log = logging.getLogger("cocotb.tb")
        self.master = AxiMaster.from_prefix(dut, "s_axi", dut.clk, reset=dut.rst)
        self.pacing = pacing or MasterPacing()
        self.master.pace(self.pacing)
        self.hal, self.ctx = isa_platform(window_base=self.cfg.base_addr, window_bytes=self.cfg.ram_bytes)
        self.mm = MemoryManager()
        self.host = NdisHost(self.hal, self.mm, self.master, verifier=verifier, strategy=strategy)
        self.backdoor = RamBackdoor.of(dut, self.cfg.bus_bytes, self.cfg.base_addr, self.cfg.ram_bytes)
        self.model = SharedRamModel(self.cfg.base_addr, self.cfg.ram_bytes)
        self.checker = SharedRamChecker(self.backdoor, self.model, read_back=self.read_front)
        self.rng = random.Random(cocotb.RANDOM_SEED)
        dut.nic_en.value = 0
        dut.nic_we.value = 0
        dut.nic_addr.value = 0
        dut.nic_wdata.value = 0

    async def start(self, reset_cycles: int = 4) -> "NicRamEnv":
        """Start the clock and apply a synchronous reset."""
        Clock(self.dut.clk, CLOCK_PERIOD_NS, unit="ns").start()
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, reset_cycles)
        self.dut.rst.value = 0
        await RisingEdge(self.dut.clk)
        return self

    async def read_front(self, address: int, length: int) -> bytes:
        """Front-door read through the NDIS immediate read."""
        buf = bytearray(length)
        await self.host.NdisImmediateReadSharedMemory(self.ctx, address, buf, length)
        return bytes(buf)

    async def write_checked(self, address: int, data: bytes, label: str = "write") -> None:
        """NdisImmediateWriteSharedMemory, then prove the RAM holds exactly ``data`` there."""
        guards = self.checker.guards(address, len(data))
        await self.host.NdisImmediateWriteSharedMemory(self.ctx, address, data, len(data))
        await self.checker.check_write(address, data, guards, label)

    def random_bytes(self, n: int) -> bytes:
        return self.rng.randbytes(n)

    async def fill_random(self) -> bytes:
        """Give the whole RAM (and the model) random contents by backdoor, so writes of zeros show."""
        data = self.random_bytes(self.cfg.ram_bytes)
        self.backdoor.write(self.cfg.base_addr, data)
        self.model.write(self.cfg.base_addr, data)
        await RisingEdge(self.dut.clk)  # backdoor writes take effect in the simulator's next step
        return data
