"""NdisImmediateWriteSharedMemory and its companions, end to end through the RTL.

Each test starts from a RAM filled with random bytes (so a write of zeros shows), makes NDIS
calls through the AXI master, and proves by backdoor and front door that exactly the requested
bytes changed. Random tests draw from cocotb's seed (COCOTB_RANDOM_SEED / make SEED=...).
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import RisingEdge

from models.platform import WrapperConfigurationContext
from models.verifier import NdisVerifierError
from tb.env import NicRamEnv, regression_seed
from tb.ndis import CopyStrategy, NdisStatus, Out

# Lengths by name, resolved against the bus width at run time.
LENGTHS = ("0", "1", "width-1", "width", "width+1", "4095", "4096", "4097")


def _length(name: str, bus_bytes: int) -> int:
    if name.startswith("width"):
        return bus_bytes + int(name[5:] or 0)
    return int(name)


async def _env(dut, **kwargs) -> NicRamEnv:
    env = await NicRamEnv(dut, **kwargs).start()
    await env.fill_random()
    return env


@cocotb.test()
@cocotb.parametrize(length=LENGTHS, start=("aligned", "unaligned"))
async def write_lands_exactly(dut, length: str, start: str) -> None:
    """A write of each boundary length, aligned or not, changes exactly its bytes."""
    env = await _env(dut)
    n = _length(length, env.cfg.bus_bytes)
    address = env.cfg.base_addr + 0x200 + (3 % env.cfg.bus_bytes if start == "unaligned" else 0)
    beats_before = env.master.stats.beats
    await env.write_checked(address, env.random_bytes(n))
    if n == 0:
        assert env.master.stats.beats == beats_before, "a zero-length write issued bus cycles"
    env.checker.check_all()
    env.mm.assert_no_leaks()


@cocotb.test()
async def write_whole_window(dut) -> None:
    """One call can fill the whole shared-memory window."""
    env = await _env(dut)
    await env.write_checked(env.cfg.base_addr, env.random_bytes(env.cfg.ram_bytes))
    env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(length=("1", "width+1", "4097"))
async def write_ending_at_window_end(dut, length: str) -> None:
    """A range that ends exactly at the last byte of the window is legal and lands exactly."""
    env = await _env(dut)
    n = _length(length, env.cfg.bus_bytes)
    await env.write_checked(env.cfg.window_end - n, env.random_bytes(n))
    env.checker.check_all()


@cocotb.test()
async def write_crossing_4k_is_split(dut) -> None:
    """A copy that crosses a 4 KiB boundary is split there into separate bursts and still lands exactly."""
    env = await _env(dut)
    address = env.cfg.base_addr + 0x1000 - 5
    await env.write_checked(address, env.random_bytes(300))
    call = env.host.calls[-2]  # the write (the last call is the checker's read-back)
    assert call.call == "NdisImmediateWriteSharedMemory"
    assert call.bursts >= 2, f"a 4 KiB crossing took {call.bursts} burst(s)"
    env.checker.check_all()


@cocotb.test()
async def random_writes_land_exactly(dut) -> None:
    """Random (address, length, data) writes: each lands exactly, nothing else changes."""
    env = await _env(dut)
    env.log.info("random writes; rerun the same with SEED=%d", regression_seed())
    for i in range(24):
        n = env.rng.choice([1, 2, 3, env.rng.randrange(1, 64), env.rng.randrange(1, 2100)])
        address = env.cfg.base_addr + env.rng.randrange(0, env.cfg.ram_bytes - n + 1)
        await env.write_checked(address, env.random_bytes(n), label=f"random write {i}")
    env.checker.check_all()
    env.mm.assert_no_leaks()


@cocotb.test()
async def read_returns_ram_contents(dut) -> None:
    """NdisImmediateReadSharedMemory returns what the RAM holds, for random ranges."""
    env = await _env(dut)
    for _ in range(16):
        n = env.rng.randrange(1, 1500)
        address = env.cfg.base_addr + env.rng.randrange(0, env.cfg.ram_bytes - n + 1)
        got = await env.read_front(address, n)
        assert got == env.model.read(address, n), f"read of {n} bytes at 0x{address:08x} differs from the RAM"


@cocotb.test()
async def bytewise_and_burst_give_same_ram(dut) -> None:
    """The bytewise copy (WRITE_REGISTER_BUFFER_UCHAR) and the burst copy leave identical RAM."""
    env = await _env(dut)
    start = env.backdoor.read_all()
    cases = [(env.cfg.base_addr + 0x101 + k * 0x300, n) for k, n in enumerate((1, env.cfg.bus_bytes + 3, 77, 200))]
    data = [env.random_bytes(n) for _, n in cases]
    results = {}
    for strategy in (CopyStrategy.BURST, CopyStrategy.BYTEWISE):
        env.backdoor.write(env.cfg.base_addr, start)
        await RisingEdge(env.clock)
        env.host.strategy = strategy
        for (address, n), payload in zip(cases, data):
            await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, payload, n)
        results[strategy] = env.backdoor.read_all()
    bytewise_beats = [c.beats for c in env.host.calls if c.call == "NdisImmediateWriteSharedMemory"][len(cases):]
    assert bytewise_beats == [n for _, n in cases], "the bytewise copy must make one bus access per byte"
    assert results[CopyStrategy.BURST] == results[CopyStrategy.BYTEWISE]
    assert results[CopyStrategy.BURST] != start


@cocotb.test()
async def mapped_path_gives_same_ram(dut) -> None:
    """NdisMMapIoSpace + NdisMoveToMappedMemory land the same bytes as the immediate write."""
    env = await _env(dut)
    address, payload = env.cfg.base_addr + 0x345, env.random_bytes(1000)
    start = env.backdoor.read_all()
    await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, payload, len(payload))
    immediate = env.backdoor.read_all()

    env.backdoor.write(env.cfg.base_addr, start)
    await RisingEdge(env.clock)
    va = Out[int]()
    status = await env.host.NdisMMapIoSpace(va, env.ctx, env.cfg.base_addr, env.cfg.ram_bytes)
    assert status == NdisStatus.SUCCESS and va.value is not None
    await env.host.NdisMoveToMappedMemory(va.value + 0x345, payload, len(payload))
    mapped = env.backdoor.read_all()
    back = bytearray(len(payload))
    await env.host.NdisMoveFromMappedMemory(back, va.value + 0x345, len(payload))
    await env.host.NdisMUnmapIoSpace(env.ctx, va.value, env.cfg.ram_bytes)

    assert mapped == immediate
    assert bytes(back) == payload
    env.mm.assert_no_leaks()


# ---------------------------------------------------------------- bad input
BAD_CALLS = (
    "address_outside_resources",
    "range_past_end",
    "length_exceeds_buffer",
    "negative_length",
    "buffer_not_bytes",
    "bus_has_no_such_range",
    "unmap_twice",
)


async def _bad_call(env: NicRamEnv, case: str, expect: dict) -> None:
    """Make the bad call ``case``; before the failing step, put in ``expect`` the rule it breaks
    and the values its message must name."""
    base, size = env.cfg.base_addr, env.cfg.ram_bytes
    write = env.host.NdisImmediateWriteSharedMemory
    if case == "address_outside_resources":
        expect.update(rule="outside-resources", names=[f"0x{base + size + 0x1000:08x}", f"0x{base:08x}"])
        await write(env.ctx, base + size + 0x1000, b"\x55" * 16, 16)
    elif case == "range_past_end":
        expect.update(rule="past-end-of-resource", names=[f"0x{base + size - 8:08x}", "16", f"0x{base + size - 1:08x}"])
        await write(env.ctx, base + size - 8, b"\x55" * 16, 16)
    elif case == "length_exceeds_buffer":
        expect.update(rule="length-exceeds-buffer", names=["9", "8"])
        await write(env.ctx, base + 0x10, b"\x55" * 8, 9)
    elif case == "negative_length":
        expect.update(rule="negative-length", names=["-1"])
        await write(env.ctx, base + 0x10, b"\x55" * 8, -1)
    elif case == "buffer_not_bytes":
        expect.update(rule="buffer-type", names=["list"])
        await write(env.ctx, base + 0x10, [1, 2, 3], 3)  # type: ignore[arg-type]
    elif case == "bus_has_no_such_range":
        other = WrapperConfigurationContext(env.ctx.interface_type, 7, env.ctx.resources, name="adapter-on-bus-7")
        expect.update(rule="translation-failed", names=[f"0x{base + 0x10:08x}", "bus 7"])
        await write(other, base + 0x10, b"\x55" * 8, 8)
    elif case == "unmap_twice":
        va = Out[int]()
        assert await env.host.NdisMMapIoSpace(va, env.ctx, base, 4096) == NdisStatus.SUCCESS
        await env.host.NdisMUnmapIoSpace(env.ctx, va.value, 4096)
        expect.update(rule="bad-unmap", names=["NdisMUnmapIoSpace", f"0x{va.value:08x}"])
        await env.host.NdisMUnmapIoSpace(env.ctx, va.value, 4096)
    else:
        raise AssertionError(f"unknown case {case}")


@cocotb.test()
@cocotb.parametrize(case=BAD_CALLS)
async def bad_input_raises_and_leaves_ram(dut, case: str) -> None:
    """With the verifier on, each misuse raises a clear error, issues no bus cycle, changes no byte."""
    env = await _env(dut)
    beats = env.master.stats.beats
    expect: dict = {}
    try:
        await _bad_call(env, case, expect)
    except NdisVerifierError as exc:
        msg = str(exc)
        env.log.info("%s -> %s", case, msg)
        assert exc.violation.rule == expect["rule"], f"rule {exc.violation.rule!r}, expected {expect['rule']!r}"
        for value in expect["names"]:
            assert value in msg, f"the error does not name {value!r}: {msg}"
    else:
        raise AssertionError(f"{case}: no error raised")
    assert env.master.stats.beats == beats, "a rejected call issued bus cycles"
    await RisingEdge(env.clock)
    env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(case=BAD_CALLS)
async def bad_input_with_verifier_off_is_silent_and_recorded(dut, case: str) -> None:
    """With the verifier off, misuse returns silently (as the real call does), is recorded, changes nothing."""
    env = await _env(dut, verifier=False)
    beats = env.master.stats.beats
    expect: dict = {}
    await _bad_call(env, case, expect)
    assert [f.rule for f in env.host.failures] == [expect["rule"]], f"recorded {env.host.failures}"
    for value in expect["names"]:
        assert value in env.host.failures[0].message, f"the record does not name {value!r}"
    assert env.master.stats.beats == beats, "a failed call issued bus cycles"
    await RisingEdge(env.clock)
    env.checker.check_all()
