"""The host side writing into an AXI slave nobody here wrote: cocotbext-axi's ``AxiRam``.

Runs on the empty toplevel ``tb/hdl/axi_ram_shell.v`` (build it with ``toplevel="axi_ram_shell"``
and ``extra_sources=("axi_ram_shell.v",)``). The host makes its NDIS calls exactly as against
the RTL, through the same AXI master; afterwards the bytes the independent RAM holds must equal
the buffer over the written range and be unchanged everywhere else. The AXI RAM model fails the
test by itself when a burst crosses 4 KiB or carries WLAST on the wrong beat.
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import ClockCycles

from models.shared_ram import first_mismatch
from tb.ndis import CopyStrategy
from tb.peers import AxiRamShellEnv

# Lengths by name, resolved against the bus width at run time.
LENGTHS = ("1", "width-1", "width+1", "300", "4097")


def _length(name: str, bus_bytes: int) -> int:
    if name.startswith("width"):
        return max(1, bus_bytes + int(name[5:] or 0))
    return int(name)


async def _env(dut, strategy: CopyStrategy = CopyStrategy.BURST) -> AxiRamShellEnv:
    env = await AxiRamShellEnv(dut, strategy).start()
    env.fill_window_random()
    return env


async def _write_and_compare(env: AxiRamShellEnv, address: int, data: bytes, what: str) -> None:
    before = bytearray(env.snapshot())
    await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, data, len(data))
    await ClockCycles(env.dut.clk, 2)
    after = env.snapshot()
    got = after[address : address + len(data)]
    assert got == data, f"{what}: the AXI RAM differs from the buffer, {first_mismatch(data, got, address)}"
    before[address : address + len(data)] = data
    miss = first_mismatch(bytes(before), after, 0)
    assert miss is None, f"{what}: a byte outside the written range changed, {miss}"


@cocotb.test()
@cocotb.parametrize(
    strategy=(CopyStrategy.BURST, CopyStrategy.BYTEWISE),
    start=("aligned", "unaligned"),
    length=LENGTHS,
)
async def host_write_lands_in_an_independent_axi_ram(dut, strategy: CopyStrategy, start: str, length: str) -> None:
    """NdisImmediateWriteSharedMemory into cocotbext-axi's AxiRam: exactly the buffer lands, by
    bursts and byte by byte, aligned or not, across a 4 KiB boundary for the longest length."""
    env = await _env(dut, strategy)
    nb = env.cfg.bus_bytes
    nominal = _length(length, nb)
    # One bus transaction per byte: a byte-wise copy is capped at 300 bytes, still across 4 KiB.
    n = min(nominal, 300) if strategy is CopyStrategy.BYTEWISE else nominal
    offset = 0xF80 if nominal > 300 else 0x200
    address = env.cfg.base_addr + offset + (3 % nb if start == "unaligned" else 0)
    await _write_and_compare(env, address, env.rng.randbytes(n), f"{strategy.value} write of {n} bytes at 0x{address:08x}")


@cocotb.test()
async def random_host_writes_land_in_an_independent_axi_ram(dut) -> None:
    """Random starts and lengths, both copy strategies: the AXI RAM always ends up holding the buffers."""
    env = await _env(dut)
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    for i in range(24):
        env.host.strategy = CopyStrategy.BYTEWISE if i % 4 == 3 else CopyStrategy.BURST
        n = env.rng.randrange(1, 64 if env.host.strategy is CopyStrategy.BYTEWISE else min(8192, 1024 * nb))
        address = base + env.rng.randrange(0, size - n + 1)
        await _write_and_compare(env, address, env.rng.randbytes(n), f"write {i} ({env.host.strategy.value}) of {n} bytes at 0x{address:08x}")


@cocotb.test()
async def host_read_returns_what_the_independent_axi_ram_holds(dut) -> None:
    """NdisImmediateReadSharedMemory from the AXI RAM returns its bytes, aligned or not."""
    env = await _env(dut)
    base = env.cfg.base_addr
    for address, n in ((base, 64), (base + 0x101, 300), (base + 0xFF3, 40)):
        buf = bytearray(n)
        await env.host.NdisImmediateReadSharedMemory(env.ctx, address, buf, n)
        want = bytes(env.ram.read(address, n))
        assert bytes(buf) == want, f"read of {n} bytes at 0x{address:08x}: {first_mismatch(want, bytes(buf), address)}"


@cocotb.test()
async def mapped_path_lands_in_an_independent_axi_ram(dut) -> None:
    """NdisMMapIoSpace + NdisMoveToMappedMemory: the bytes land in the AXI RAM as the immediate call's do."""
    from tb.ndis import NdisStatus, Out

    env = await _env(dut)
    base, nb = env.cfg.base_addr, env.cfg.bus_bytes
    va: Out[int] = Out()
    status = await env.host.NdisMMapIoSpace(va, env.ctx, base, env.cfg.ram_bytes)
    assert status == NdisStatus.SUCCESS and va.value is not None, f"NdisMMapIoSpace: {status}"
    before = bytearray(env.snapshot())
    data = env.rng.randbytes(5 * nb + 3)
    offset = 0x345
    await env.host.NdisMoveToMappedMemory(va.value + offset, data, len(data))
    await env.host.NdisMUnmapIoSpace(env.ctx, va.value, env.cfg.ram_bytes)
    await ClockCycles(dut.clk, 2)
    before[base + offset : base + offset + len(data)] = data
    after = env.snapshot()
    assert after == bytes(before), f"mapped write: {first_mismatch(bytes(before), after, 0)}"
    env.mm.assert_no_leaks()
