"""A Wishbone B4 pipelined RAM model in Python, and the environment that runs the host against it.

:class:`WishboneRamModel` serves the slave side of ``tb/hdl/wb_ram_shell.v``: it takes a request at
every rising edge with CYC, STB high and its own STALL low, answers it the next cycle with ACK (in
its window: a write stores the SEL'd bytes, a read returns the word) or ERR (outside), and raises
STALL from a seeded pattern. It shares no code with the RTL, so the host's Wishbone traffic (the
master, its burst plan, the NDIS calls) is checked against a second, independent slave.
"""

from __future__ import annotations

import logging
import random

import cocotb
from cocotb.clock import Clock
from cocotb.handle import SimHandleBase
from cocotb.task import Task
from cocotb.triggers import ClockCycles, RisingEdge

from models.platform import MemoryManager, isa_platform
from models.pacing import Pacing
from tb.call_trace import CallTraceSignal
from tb.ndis import CopyStrategy, NdisHost
from tb.wishbone import WishboneMaster, wishbone_checker


class WishboneRamModel:
    """``size`` bytes at ``base`` behind the slave side of a Wishbone port; ``stall`` paces it."""

    def __init__(self, dut: SimHandleBase, clock: SimHandleBase, base: int, size: int, stall: Pacing,
                 prefix: str = "s_wb") -> None:
        self.dut, self.clock, self.base, self.size = dut, clock, base, size
        self.mem = bytearray(size)
        sig = lambda n: getattr(dut, f"{prefix}_{n}")  # noqa: E731
        self.cyc, self.stb, self.we, self.adr, self.sel = sig("cyc"), sig("stb"), sig("we"), sig("adr"), sig("sel")
        self.dat_w, self.dat_r = sig("dat_i"), sig("dat_o")
        self.ack, self.err, self.stall = sig("ack"), sig("err"), sig("stall")
        self.bus_bytes = len(self.dat_w) // 8
        self._stall = stall.hook("slave") if stall.active else None
        self.taken = 0
        self._task: Task | None = None
        for s in (self.ack, self.err, self.stall, self.dat_r):
            s.value = 0

    def start(self) -> "WishboneRamModel":
        self._task = cocotb.start_soon(self._run())
        return self

    async def _run(self) -> None:
        nb = self.bus_bytes
        stalled = False
        while True:
            await RisingEdge(self.clock)
            ack = err = 0
            data = 0
            if not stalled and self.cyc.value == 1 and self.stb.value == 1:
                self.taken += 1
                address = self.adr.value.to_unsigned() & ~(nb - 1)
                offset = address - self.base
                if 0 <= offset <= self.size - nb:
                    if self.we.value == 1:
                        sel = self.sel.value.to_unsigned()
                        word = self.dat_w.value.to_unsigned().to_bytes(nb, "little")
                        for lane in range(nb):
                            if sel >> lane & 1:
                                self.mem[offset + lane] = word[lane]
                    else:
                        data = int.from_bytes(self.mem[offset : offset + nb], "little")
                    ack = 1
                else:
                    err = 1
            stalled = bool(self._stall and self._stall())
            self.ack.value = ack
            self.err.value = err
            self.dat_r.value = data
            self.stall.value = int(stalled)


class WbRamShellEnv:
    """The NDIS host, its Wishbone master and the monitor, against :class:`WishboneRamModel`."""

    def __init__(self, dut: SimHandleBase, strategy: CopyStrategy, seed: int, stall: str = "random:0.3") -> None:
        import os

        self.dut = dut
        self.log = logging.getLogger("cocotb.tb")
        self.bus_bytes = len(dut.s_wb_dat_i) // 8
        self.base = int(os.environ.get("NIC_BASE_ADDR", 0xD0000))
        self.size = int(os.environ.get("NIC_RAM_BYTES", 16384))
        self.rng = random.Random(seed)
        self.ram = WishboneRamModel(dut, dut.clk, self.base, self.size, Pacing.parse(stall, seed))
        self.master = WishboneMaster(dut, dut.clk)
        self.protocol = wishbone_checker(dut, dut.clk, dut.rst)
        self.hal, self.ctx = isa_platform(window_base=self.base, window_bytes=self.size)
        self.mm = MemoryManager()
        self.host = NdisHost(self.hal, self.mm, self.master, strategy=strategy)
        self.host.trace = CallTraceSignal.find(dut)

    async def start(self) -> "WbRamShellEnv":
        Clock(self.dut.clk, 10, unit="ns").start()
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, 3)
        self.dut.rst.value = 0
        self.ram.start()
        self.protocol.start()
        await RisingEdge(self.dut.clk)
        return self
