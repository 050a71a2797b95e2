"""The host's Avalon-MM master writing into an agent nobody here wrote: cocotbext-avalon's
AvalonMMMemoryBFM (bursts, random waitrequest, readdatavalid), on the empty toplevel
tb/hdl/avmm_ram_shell.v.

After each NDIS write the memory model must hold the buffer over the written range and nothing
else may have changed; NdisImmediateReadSharedMemory must return the model's bytes. The model has
no write responses, so the master runs with ``write_responses=False``. The Avalon-MM monitor
watches the port (the model accepts any number of pending reads, so that limit is not judged).
"""

from __future__ import annotations

import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge
from cocotbext.avalon import AvalonMMMemoryBFM

from models.platform import MemoryManager, isa_platform
from models.shared_ram import first_mismatch
from tb.avalon import AvalonMaster, avalon_checker
from tb.call_trace import CallTraceSignal
from tb.env import regression_seed
from tb.ndis import CopyStrategy, NdisHost

LENGTHS = (1, 7, 300, 4097)


class WindowMemory:
    """The byte store the memory model reads and writes: ``size`` bytes at bus address ``base``."""

    def __init__(self, base: int, size: int) -> None:
        self.base, self.mem = base, bytearray(size)

    def read(self, address: int, length: int) -> bytes:
        return bytes(self.mem[address - self.base : address - self.base + length])

    def write(self, address: int, data: bytes) -> None:
        self.mem[address - self.base : address - self.base + len(data)] = data


@cocotb.test()
@cocotb.parametrize(strategy=(CopyStrategy.BURST, CopyStrategy.BYTEWISE), start=("aligned", "unaligned"))
async def host_writes_land_in_the_memory_model(dut, strategy: CopyStrategy, start: str) -> None:
    """NdisImmediateWriteSharedMemory of several lengths lands exactly in the model; reads agree."""
    base = int(os.environ.get("NIC_BASE_ADDR", 0xD0000))
    size = int(os.environ.get("NIC_RAM_BYTES", 16384))
    rng = random.Random(cocotb.RANDOM_SEED)
    memory = WindowMemory(base, size)
    memory.mem[:] = rng.randbytes(size)
    ram = AvalonMMMemoryBFM.from_prefix(dut, "s_avmm", dut.clk, dut.rst, memory=memory, randomize=True)
    master = AvalonMaster(dut, dut.clk, write_responses=False)
    protocol = avalon_checker(dut, dut.clk, dut.rst, max_pending_reads=0)
    hal, ctx = isa_platform(window_base=base, window_bytes=size)
    host = NdisHost(hal, MemoryManager(), master, strategy=strategy)
    host.trace = CallTraceSignal.find(dut)
    Clock(dut.clk, 10, unit="ns").start()
    dut.rst.value = 1
    ram.start()
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    protocol.start()
    await RisingEdge(dut.clk)
    cocotb.log.info("rerun the same with SEED=%d", regression_seed())
    for n in LENGTHS if strategy is CopyStrategy.BURST else LENGTHS[:3]:
        address = base + 0x400 + (3 if start == "unaligned" else 0)
        data = rng.randbytes(n)
        before = bytearray(memory.mem)
        await host.NdisImmediateWriteSharedMemory(ctx, address, data, n)
        await ClockCycles(dut.clk, 2)
        got = memory.read(address, n)
        assert got == data, f"{n} bytes at 0x{address:08x}: {first_mismatch(data, got, address)}"
        before[address - base : address - base + n] = data
        miss = first_mismatch(bytes(before), bytes(memory.mem), base)
        assert miss is None, f"{n} bytes at 0x{address:08x}: a byte outside the range changed, {miss}"
        back = bytearray(n)
        await host.NdisImmediateReadSharedMemory(ctx, address, back, n)
        assert bytes(back) == data, f"read-back of {n} bytes at 0x{address:08x}: {first_mismatch(data, bytes(back), address)}"
    assert master.stats.beats > 0
