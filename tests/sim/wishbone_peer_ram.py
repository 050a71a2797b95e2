"""The host's Wishbone master writing into a RAM that is not the RTL: the Python model of
tb/wishbone_ram.py, stalling at random, on the empty toplevel tb/hdl/wb_ram_shell.v.

After each NDIS write the model RAM must hold the buffer over the written range and nothing else
may have changed; reads through NdisImmediateReadSharedMemory return the model's bytes. The
Wishbone monitor watches the port.
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import ClockCycles

from models.shared_ram import first_mismatch
from tb.env import regression_seed
from tb.ndis import CopyStrategy
from tb.wishbone_ram import WbRamShellEnv

LENGTHS = (1, 7, 300, 4097)


@cocotb.test()
@cocotb.parametrize(strategy=(CopyStrategy.BURST, CopyStrategy.BYTEWISE), start=("aligned", "unaligned"))
async def host_writes_land_in_the_model_ram(dut, strategy: CopyStrategy, start: str) -> None:
    """NdisImmediateWriteSharedMemory of several lengths lands exactly in the model RAM; reads agree."""
    env = await WbRamShellEnv(dut, strategy, cocotb.RANDOM_SEED).start()
    env.log.info("rerun the same with SEED=%d", regression_seed())
    env.ram.mem[:] = env.rng.randbytes(env.size)
    for n in LENGTHS if strategy is CopyStrategy.BURST else LENGTHS[:3]:
        address = env.base + 0x400 + (3 if start == "unaligned" else 0)
        data = env.rng.randbytes(n)
        before = bytearray(env.ram.mem)
        await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, data, n)
        await ClockCycles(dut.clk, 2)
        off = address - env.base
        got = bytes(env.ram.mem[off : off + n])
        assert got == data, f"{n} bytes at 0x{address:08x}: {first_mismatch(data, got, address)}"
        before[off : off + n] = data
        miss = first_mismatch(bytes(before), bytes(env.ram.mem), env.base)
        assert miss is None, f"{n} bytes at 0x{address:08x}: a byte outside the range changed, {miss}"
        back = bytearray(n)
        await env.host.NdisImmediateReadSharedMemory(env.ctx, address, back, n)
        assert bytes(back) == data, f"read-back of {n} bytes at 0x{address:08x}: {first_mismatch(data, bytes(back), address)}"
    assert env.ram.taken > 0
