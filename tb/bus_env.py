"""The test environment on the Wishbone and Avalon-MM tops: the same host, RAM checks and golden
model as :class:`tb.env.NicRamEnv`, with the bus's own master and protocol monitor.

``NicRamEnv(dut)`` builds a :class:`BusRamEnv` by itself when the toplevel has a Wishbone
(``s_wb_*``) or Avalon-MM (``s_avmm_*``) port instead of AXI, so the NDIS suites run unchanged on
every bus. Engines: ``pin`` (the pipelined Wishbone master, the bursting Avalon-MM master) and, on
Wishbone, ``classic`` (the standard-mode master, CTI 000) and ``classic-burst`` (the standard-mode
master with registered-feedback bursts); the monitor judges the classic engines in classic mode.

On an engine wrapper (``wb_fast_top``, ``avmm_fast_top``: the RTL top is ``u_ram``) the ``fast``
engines run the same masters over the wrapper's transactor (:mod:`tb.bus_fast_engine`), and the
monitor watches the wrapper's ``p_*`` port, between whichever engine is selected and the RAM.
Which checks run under which clock:

* Python clock (the default): the monitor samples the port at every rising edge, as on the RTL top,
  under either engine (the fast engine itself then wakes once per call, the monitor once per clock).
* Verilog clock (``+fast_clock``, the fast engines only): the wrapper's recorder writes the port at
  every rising edge and :class:`tb.bus_protocol.RecordedBusChecker` feeds those samples to the same
  rules and coverage after every call; a violation fails the call that caused it.

Either way the transactor also checks what the pin-level master checks (an answer with no request
outstanding, X/Z read data, the timeout) and fails the call with the master's exception.
"""

from __future__ import annotations

import logging
import os
import random
from pathlib import Path

import cocotb
from cocotb.handle import SimHandleBase

from models.pacing import MasterPacing
from models.platform import MemoryManager, isa_platform
from models.shared_ram import SharedRamModel
from tb.backdoor import RamBackdoor
from tb.call_trace import CallTraceSignal
from tb.checker import SharedRamChecker
from tb.env import COVERAGE_FILE_ENV, ENGINE_ENV, NicRamConfig, NicRamEnv, fast_clock
from tb.ndis import CopyStrategy, NdisHost
from tb.stalls import side_pacing, stall_setting

#: Engines per bus: the pin-level masters, and ``fast*``, the same masters over the Verilog
#: transactor of the bus's engine wrapper (wb_fast_top, avmm_fast_top).
BUS_ENGINES = {
    "wishbone": ("pin", "classic", "classic-burst", "fast", "fast-classic", "fast-classic-burst"),
    "avalon": ("pin", "fast"),
}


def bus_of(dut: SimHandleBase) -> str:
    """``axi``, ``wishbone`` or ``avalon``: the kind of host port the toplevel has."""
    if hasattr(dut, "s_wb_cyc"):
        return "wishbone"
    if hasattr(dut, "s_avmm_burstcount"):
        return "avalon"
    return "axi"


class BusRamEnv(NicRamEnv):
    """:class:`tb.env.NicRamEnv` for a toplevel whose host port is Wishbone or Avalon-MM.

    Same attributes (``host``, ``ctx``, ``master``, ``backdoor``, ``checker``, ``model``, ``rng``,
    ``cfg``), ``protocol`` is the bus's monitor, on in every test; ``coverage`` its collector."""

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
        self.bus = bus_of(dut)
        self.stalls = stall_setting(stalls)
        self.log = logging.getLogger("cocotb.tb")
        self.engine = engine or os.environ.get(ENGINE_ENV, "") or "pin"
        if self.engine not in BUS_ENGINES[self.bus]:
            raise ValueError(f"engine={self.engine!r} is not known on {self.bus}; allowed: {', '.join(BUS_ENGINES[self.bus])}")
        wrapper = hasattr(dut, "x_sel")
        fast = self.engine.startswith("fast")
        if fast and not wrapper:
            raise ValueError(f"engine={self.engine!r} needs the {self.bus} engine wrapper toplevel; this one is {dut._name}")
        self.fast_clock = wrapper and fast_clock()
        if self.fast_clock and not fast:
            raise ValueError(f"engine={self.engine!r} is pin level: it needs the Python clock, not +fast_clock")
        self.staller = None
        self.clock = dut.clk_core if self.fast_clock else dut.clk
        core = dut.u_ram if wrapper else dut
        if wrapper and not fast:
            dut.x_sel.value = 0  # the pins drive the RAM (an earlier test of this run may have selected the transactor)
        data = core.s_wb_dat_i if self.bus == "wishbone" else core.s_avmm_writedata
        ram_bytes = int(os.environ.get("NIC_RAM_BYTES", 0)) or len(core.u_mem.mem) * len(data) // 8
        self.cfg = NicRamConfig(len(data), ram_bytes, int(os.environ.get("NIC_BASE_ADDR", 0xD0000)), 0)
        if self.bus == "wishbone":
            from tb.bus_fast_engine import WishboneFastEngine
            from tb.wishbone import WishboneMaster, recorded_wishbone_checker, wishbone_checker

            mode = self.engine.removeprefix("fast").removeprefix("-") or "pin"
            mode = "pipelined" if mode == "pin" else mode
            rule_mode = "pipelined" if mode == "pipelined" else "classic"
            self.master = (WishboneFastEngine if fast else WishboneMaster)(dut, self.clock, mode=mode)
            if self.fast_clock:
                self.protocol = recorded_wishbone_checker(dut, rule_mode)
            else:
                self.protocol = wishbone_checker(dut, dut.clk, dut.rst, prefix="p_wb" if wrapper else "s_wb",
                                                 mode=rule_mode)
        else:
            from tb.avalon import AvalonMaster, avalon_checker, recorded_avalon_checker
            from tb.bus_fast_engine import AvalonFastEngine

            self.master = (AvalonFastEngine if fast else AvalonMaster)(dut, self.clock)
            if self.fast_clock:
                self.protocol = recorded_avalon_checker(dut)
            else:
                self.protocol = avalon_checker(dut, dut.clk, dut.rst, prefix="p_avmm" if wrapper else "s_avmm")
        if self.fast_clock:
            self.master.after_call.append(self.protocol.poll)
        self.pacing = pacing or side_pacing(self.stalls, cocotb.RANDOM_SEED)
        self.master.pace(self.pacing)
        self.coverage = None
        coverage_file = Path(os.environ.get(COVERAGE_FILE_ENV, "coverage.json")).absolute()
        self._attach_coverage(coverage_file)
        self.protocol.start()
        if self.pacing.active:
            self.log.info("stalls: %s (master paced)", self.stalls)
        self.hal, self.ctx = isa_platform(window_base=self.cfg.base_addr, window_bytes=self.cfg.ram_bytes)
        self.mm = MemoryManager()
        self.host = NdisHost(self.hal, self.mm, self.master, verifier=verifier, strategy=strategy)
        self.host.trace = CallTraceSignal.find(dut)
        self.backdoor = RamBackdoor.of(core, self.cfg.bus_bytes, self.cfg.base_addr, self.cfg.ram_bytes)
        self.model = SharedRamModel(self.cfg.base_addr, self.cfg.ram_bytes)
        self.checker = SharedRamChecker(self.backdoor, self.model, read_back=self.read_front)
        self.rng = random.Random(cocotb.RANDOM_SEED)
        dut.nic_en.value = 0
        dut.nic_we.value = 0
        dut.nic_addr.value = 0
        dut.nic_wdata.value = 0

    def _attach_coverage(self, path: Path) -> None:
        """Functional coverage of the bus (:mod:`models.bus_coverage`): every burst the monitor
        sees is binned; the counts go to ``bus-coverage.json`` beside the run's coverage file when
        the test ends."""
        from models.bus_coverage import FILE_NAME, BusCoverage

        max_burst = 1 << (len(self.dut.s_avmm_burstcount) - 1) if self.bus == "avalon" else 0
        self.coverage = BusCoverage(self.bus, self.cfg.bus_bytes, max_burst)
        self.protocol.add_listener(self.coverage.sample)
        # beside the run's coverage file; a run that keeps its coverage apart keeps this apart too
        target = path.with_name(FILE_NAME if path.name == "coverage.json" else f"bus-{path.name}")

        def save() -> None:
            try:
                self.coverage.save(target)
            except OSError as exc:
                self.log.warning("bus coverage not saved to %s: %s", target, exc)

        self.protocol.on_stop(save)
