"""The testbench environment around ``nic_shared_ram``: clock, reset, host, bus, backdoor, checker."""

from __future__ import annotations

import logging
import os
import random
from dataclasses import dataclass
from pathlib import Path

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.triggers import ClockCycles, RisingEdge

from models.coverage import CoverageCollector
from models.pacing import MasterPacing
from models.platform import MemoryManager, isa_platform
from models.shared_ram import SharedRamModel
from tb.axi_master import AxiMaster
from tb.backdoor import RamBackdoor
from tb.call_trace import CallTraceSignal
from tb.checker import SharedRamChecker
from tb.clock import start_clock
from tb.fast_engine import FastEngine
from tb.ndis import CopyStrategy, NdisHost
from tb.protocol import AxiProtocolChecker, RecordedProtocolChecker
from tb.stalls import SlaveStaller, side_pacing, stall_setting

#: Where each simulator run accumulates the functional coverage of its tests (in the run directory).
COVERAGE_FILE_ENV = "NIC_COVERAGE_FILE"


#: Which engine moves the host's bursts when a test does not say: "pin" or "fast".
ENGINE_ENV = "NIC_ENGINE"
ENGINES = ("pin", "fast")


def ram_core(dut: SimHandleBase) -> SimHandleBase:
    """The nic_shared_ram instance: the toplevel itself, or ``u_ram`` inside the stall wrapper
    or the engine wrapper (``tb/hdl/nic_fast_top.v``)."""
    return dut.u_ram if hasattr(dut, "stall_en") or hasattr(dut, "x_sel") else dut


def fast_clock() -> bool:
    """True when the engine wrapper generates the clock itself (plusarg ``+fast_clock``)."""
    return "fast_clock" in cocotb.plusargs


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
        ram_bytes = int(os.environ.get("NIC_RAM_BYTES", 0)) or len(ram_core(dut).u_mem.mem) * data_width // 8
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

    Every environment also runs ``protocol``, the AXI protocol checker of the port (an
    unexpected violation fails the test), and ``coverage``, which samples every burst and adds
    it to the run's coverage file when the test ends. ``stalls`` (a pacing text, default
    ``$NIC_STALLS`` or ``none``) paces the master and, on the stall wrapper, stalls the slave;
    an explicit ``pacing`` replaces the master's part.

    ``engine`` (default ``$NIC_ENGINE`` or ``pin``) picks what moves the bursts: ``pin``, the
    pin-level :class:`~tb.axi_master.AxiMaster`, or ``fast``, :class:`~tb.fast_engine.FastEngine`
    over the Verilog transactor, which needs the ``nic_fast_top`` toplevel. On that toplevel
    ``clock`` is the clock in use (``clk_core``: generated in Verilog with ``+fast_clock``, where
    Python samplers would see post-edge values, so there the protocol rules and coverage are fed
    by the Verilog port recorder, :class:`~tb.protocol.RecordedProtocolChecker`, after every call).
    """

    def __new__(cls, dut: SimHandleBase, **kwargs) -> "NicRamEnv":
        # A Wishbone or Avalon-MM toplevel gets the same environment on its own bus (tb/bus_env.py).
        if cls is NicRamEnv and not hasattr(dut, "s_axi_wdata"):
            from tb.bus_env import BusRamEnv

            cls = BusRamEnv
        return super().__new__(cls)

    def __init__(
        self,
        dut: SimHandleBase,
        *,
        verifier: bool = True,
        strategy: CopyStrategy = CopyStrategy.BURST,
        pacing: MasterPacing | None = None,
        stalls: str | None = None,
        engine: str | None = None,
    ) -> None:
        self.dut = dut
        self.stalls = stall_setting(stalls)  # a bad setting fails before anything is driven
        self.cfg = NicRamConfig.of(dut)
        self.log = logging.getLogger("cocotb.tb")
        self.engine = engine or os.environ.get(ENGINE_ENV, "") or "pin"
        wrapper = hasattr(dut, "x_sel")
        if self.engine not in ENGINES:
            raise ValueError(f"engine={self.engine!r} is not known; allowed: {', '.join(ENGINES)}")
        if self.engine == "fast" and not wrapper:
            raise ValueError(f"engine='fast' needs the nic_fast_top toplevel; this one is {dut._name}")
        self.fast_clock = wrapper and fast_clock()
        self.clock = dut.clk_core if self.fast_clock else dut.clk
        if self.engine == "fast":
            self.master = FastEngine(dut, self.clock)
        else:
            if wrapper:
                dut.x_sel.value = 0
                dut.x_wr_cmd.value = 0
                dut.x_rd_cmd.value = 0
            self.master = AxiMaster.from_prefix(dut, "s_axi", dut.clk, reset=dut.rst)
        self.pacing = pacing or side_pacing(self.stalls, cocotb.RANDOM_SEED)
        self.master.pace(self.pacing)
        self.staller = (
            SlaveStaller(dut.stall_en, dut.clk, side_pacing(self.stalls, cocotb.RANDOM_SEED))
            if hasattr(dut, "stall_en") else None
        )
        if self.fast_clock:
            # Python would sample post-edge values: the recorder in the wrapper watches the port
            self.protocol = RecordedProtocolChecker(dut.x_log_en, self.cfg.bus_bytes)
            if isinstance(self.master, FastEngine):
                self.master.after_call.append(self.protocol.poll)
        else:
            self.protocol = AxiProtocolChecker(
                ram_core(dut) if wrapper else dut, "s_axi", self.clock, reset=dut.rst, bus_bytes=self.cfg.bus_bytes
            )
        stalled = self.pacing.active or (self.staller is not None and self.staller.active)
        self.coverage = CoverageCollector(self.cfg.bus_bytes, stalls=stalled)
        self.protocol.add_listener(self.coverage.sample)
        coverage_file = Path(os.environ.get(COVERAGE_FILE_ENV, "coverage.json")).absolute()
        self.protocol.on_stop(lambda: self._save_coverage(coverage_file))
        self.protocol.start()
        if stalled:
            self.log.info("stalls: %s (master paced: %s, slave stalled: %s)", self.stalls, self.pacing.active,
                          self.staller is not None and self.staller.active)
        self.hal, self.ctx = isa_platform(window_base=self.cfg.base_addr, window_bytes=self.cfg.ram_bytes)
        self.mm = MemoryManager()
        self.host = NdisHost(self.hal, self.mm, self.master, verifier=verifier, strategy=strategy)
        self.host.trace = CallTraceSignal.find(dut)
        self.backdoor = RamBackdoor.of(ram_core(dut), self.cfg.bus_bytes, self.cfg.base_addr, self.cfg.ram_bytes)
        self.model = SharedRamModel(self.cfg.base_addr, self.cfg.ram_bytes)
        self.checker = SharedRamChecker(self.backdoor, self.model, read_back=self.read_front)
        self.rng = random.Random(cocotb.RANDOM_SEED)
        dut.nic_en.value = 0
        dut.nic_we.value = 0
        dut.nic_addr.value = 0
        dut.nic_wdata.value = 0

    def _save_coverage(self, path: Path) -> None:
        """Add this test's coverage to the run's file; a file that cannot be written costs the
        coverage (the summary then shows the holes), not the test's verdict."""
        try:
            self.coverage.save(path)
        except OSError as exc:
            self.log.warning("coverage not saved to %s: %s", path, exc)

    async def start(self, reset_cycles: int = 4) -> "NicRamEnv":
        """Start the clock and apply a synchronous reset."""
        if not self.fast_clock:
            start_clock(self.dut.clk)
        if self.staller is not None:
            self.staller.start()
        self.dut.rst.value = 1
        await ClockCycles(self.clock, reset_cycles)
        self.dut.rst.value = 0
        await RisingEdge(self.clock)
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
        await RisingEdge(self.clock)  # backdoor writes take effect in the simulator's next step
        return data
