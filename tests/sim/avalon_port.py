"""nic_shared_ram_avmm at the Avalon-MM port: what its header promises, and the protocol monitor.

Throughput of write and read bursts (no gap between back-to-back bursts), DECODEERROR outside the
window and SLAVEERROR for an illegal burstcount with nothing written, byteenable, outputs before
reset; then every host-side rule of the Avalon-MM monitor broken on purpose on the real port (the
agent-side rules, which this RTL never breaks, are proven to fire in tests/models/test_bus_rules.py).
"""

from __future__ import annotations

import cocotb
from contextlib import nullcontext as _nothing

from cocotb.triggers import ReadOnly, RisingEdge, Timer

from tb.avalon import max_burst_of
from tb.env import NicRamEnv

OKAY, SLVERR, DECERR = 0, 2, 3


async def _env(dut, **kwargs) -> NicRamEnv:
    env = await NicRamEnv(dut, **kwargs).start()
    await env.fill_random()
    return env


@cocotb.test()
async def outputs_are_defined_before_reset(dut) -> None:
    """From time 0, before any clock or reset: waitrequest high, the valids low, readdata and response 0."""
    await Timer(1, unit="ns")
    await ReadOnly()
    for name, want in (("s_avmm_waitrequest", 1), ("s_avmm_readdatavalid", 0), ("s_avmm_writeresponsevalid", 0),
                       ("s_avmm_readdata", 0), ("s_avmm_response", 0)):
        value = getattr(dut, name).value
        assert value.is_resolvable and int(str(value), 2) == want, f"{name} = {value} at time 0, expected {want}"


@cocotb.test()
async def bursts_move_one_word_per_clock(dut) -> None:
    """Four back-to-back maximum bursts each way: one word per clock, no gap between bursts."""
    env = await _env(dut)
    nb, mb = env.cfg.bus_bytes, max_burst_of(dut)
    base = env.cfg.base_addr
    words = [env.rng.getrandbits(8 * nb) for _ in range(4 * mb)]
    full = (1 << nb) - 1
    commands = [(base + i * mb * nb, [(w, full) for w in words[i * mb : (i + 1) * mb]]) for i in range(4)]
    resps, cycles = await env.master.run_write(commands)
    assert resps == [OKAY] * 4 and cycles == 4 * mb + 1, f"responses {resps} in {cycles} cycles"
    env.model.write(base, b"".join(w.to_bytes(nb, "little") for w in words))
    resps, got, cycles = await env.master.run_read([(base + i * mb * nb, mb) for i in range(4)])
    assert resps == [OKAY] * 4 and cycles == 4 * mb + 1, f"responses {resps} in {cycles} cycles"
    assert [w for g in got for w in g] == words
    env.checker.check_all()


@cocotb.test()
async def outside_the_window_gets_decodeerror_and_writes_nothing(dut) -> None:
    """A burst with any word outside the window: DECODEERROR, nothing written, read words 0."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    end = env.cfg.window_end
    full = (1 << nb) - 1
    # the window's end is a burst boundary: a burst across it breaks that rule too
    cases = [(end, 1, ()), (end - 2 * nb, 4, ("burst-boundary",)), (env.cfg.base_addr - nb, 1, ()),
             ((end + 0x10000) & ~(nb - 1), 1, ())]
    for address, count, rules in cases:
        with env.protocol.expect(*rules) if rules else _nothing():
            resps, _ = await env.master.run_write([(address, [(env.rng.getrandbits(8 * nb), full)] * count)])
            assert resps == [DECERR], f"write of {count} words at 0x{address:08x}: response {resps}"
            resps, got, _ = await env.master.run_read([(address, count)])
            assert resps == [DECERR] and got == [[0] * count], f"read of {count} words at 0x{address:08x}: {resps} {got}"
    await RisingEdge(dut.clk)
    env.checker.check_all()


@cocotb.test()
async def an_illegal_burstcount_gets_slaveerror_and_writes_nothing(dut) -> None:
    """burstcount 0 or above the maximum: SLAVEERROR, max(burstcount, 1) words taken or returned."""
    env = await _env(dut)
    nb, mb = env.cfg.bus_bytes, max_burst_of(dut)
    full = (1 << nb) - 1
    address = env.cfg.base_addr
    with env.protocol.expect("burstcount-range", "burst-boundary"):  # mb + 1 words cross a boundary
        for count in (0, mb + 1):
            words = max(count, 1)
            data = [(env.rng.getrandbits(8 * nb), full) for _ in range(words)]
            env.master.burstcount.value = count
            resps, _ = await _raw_write(env, address, count, data)
            assert resps == SLVERR, f"write with burstcount {count}: response {resps}"
            resps, got, _ = await env.master.run_read([(address, count)])
            assert resps == [SLVERR] and got == [[0] * words], f"read with burstcount {count}: {resps} {got}"
    await RisingEdge(dut.clk)
    env.checker.check_all()


async def _raw_write(env: NicRamEnv, address: int, count: int, data) -> tuple[int, int]:
    """A write burst with an arbitrary burstcount, word by word; returns its write response."""
    dut = env.dut
    dut.s_avmm_address.value = address
    dut.s_avmm_burstcount.value = count
    for word, sel in data:
        dut.s_avmm_writedata.value = word
        dut.s_avmm_byteenable.value = sel
        dut.s_avmm_write.value = 1
        await RisingEdge(dut.clk)
        while dut.s_avmm_waitrequest.value == 1:
            await RisingEdge(dut.clk)
    dut.s_avmm_write.value = 0
    for cycle in range(4):
        if dut.s_avmm_writeresponsevalid.value == 1:
            return dut.s_avmm_response.value.to_unsigned(), cycle
        await RisingEdge(dut.clk)
    raise AssertionError("no write response")


@cocotb.test()
async def a_write_behind_a_read_burst_waits_and_keeps_order(dut) -> None:
    """A write command presented while a read burst fetches waits (waitrequest) and does not
    change what that read returns: the read sees the old words, a later read the new one."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    base = env.cfg.base_addr + 0x100
    old = [int.from_bytes(env.model.read(base + i * nb, nb), "little") for i in range(8)]
    new = env.rng.getrandbits(8 * nb)
    target = base + 5 * nb  # a word the read fetches late
    dut.s_avmm_byteenable.value = (1 << nb) - 1
    words, waited = [], 0
    await _drive(dut, [_rd(base, 8)])  # taken at this edge
    dut.s_avmm_read.value = 0
    dut.s_avmm_write.value = 1
    dut.s_avmm_address.value = target
    dut.s_avmm_burstcount.value = 1
    dut.s_avmm_writedata.value = new
    while True:
        await RisingEdge(dut.clk)
        if dut.s_avmm_readdatavalid.value == 1:
            words.append(dut.s_avmm_readdata.value.to_unsigned())
        if dut.s_avmm_waitrequest.value == 0:
            break
        waited += 1
    dut.s_avmm_write.value = 0
    while len(words) < 8:
        await RisingEdge(dut.clk)
        if dut.s_avmm_readdatavalid.value == 1:
            words.append(dut.s_avmm_readdata.value.to_unsigned())
    assert waited >= 6, f"the write waited {waited} cycles behind an 8-word read burst"
    assert words == old, "the read burst returned a word the later write changed"
    env.model.write(target, new.to_bytes(nb, "little"))
    await _drive(dut, [IDLE] * 3)
    env.checker.check_all()


@cocotb.test()
async def byteenable_picks_the_bytes_written(dut) -> None:
    """A write stores exactly the bytes whose byteenable bit is set (none for 0)."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    address = env.cfg.base_addr + 0x40
    for sel in (0, 1, 1 << (nb - 1), (1 << nb) - 1, 0b101 & ((1 << nb) - 1)):
        word = env.rng.getrandbits(8 * nb)
        resps, _ = await env.master.run_write([(address, [(word, sel)])])
        assert resps == [OKAY]
        old = bytearray(env.model.read(address, nb))
        new = word.to_bytes(nb, "little")
        for lane in range(nb):
            if sel >> lane & 1:
                old[lane] = new[lane]
        env.model.write(address, bytes(old))
        await RisingEdge(dut.clk)
        env.checker.check_all()


# ------------------------------------------------------------------ the monitor, on the real port

IDLE = {"s_avmm_read": 0, "s_avmm_write": 0, "s_avmm_burstcount": 1}


async def _drive(dut, steps: list[dict]) -> None:
    for step in steps:
        for name, value in step.items():
            getattr(dut, name).value = value
        await RisingEdge(dut.clk)


async def _broken(dut, rule: str, steps) -> None:
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    dut.s_avmm_byteenable.value = (1 << nb) - 1
    with env.protocol.expect(rule):
        await _drive(dut, steps(env.cfg.base_addr, nb, max_burst_of(dut)) + [IDLE] * 4)
    await _drive(dut, [IDLE] * (max_burst_of(dut) + 2))


def _rd(address: int, count: int = 1) -> dict:
    return {"s_avmm_read": 1, "s_avmm_write": 0, "s_avmm_address": address, "s_avmm_burstcount": count}


def _wr(address: int, count: int = 1, data: int = 0) -> dict:
    return {"s_avmm_read": 0, "s_avmm_write": 1, "s_avmm_address": address, "s_avmm_burstcount": count,
            "s_avmm_writedata": data}


@cocotb.test()
async def monitor_flags_a_command_that_changes_under_waitrequest(dut) -> None:
    """3.5: while waitrequest is high the host holds its command (here: the address moves)."""
    await _broken(dut, "waitrequest-hold", lambda b, nb, mb: [_rd(b, 4), _rd(b + 4 * nb), _rd(b + 8 * nb)])


@cocotb.test()
async def monitor_flags_read_and_write_together(dut) -> None:
    """read and write asserted in the same cycle."""
    await _broken(dut, "read-and-write", lambda b, nb, mb: [{**_wr(b), "s_avmm_read": 1}])


@cocotb.test()
async def monitor_flags_an_unaligned_address(dut) -> None:
    """A host's byte address must be aligned to the data width (an 8-bit bus has no unaligned
    address: there the test breaks the boundary rule with the same command shape instead)."""
    if len(dut.s_avmm_byteenable) > 1:
        await _broken(dut, "address-alignment", lambda b, nb, mb: [_rd(b + 1)])
    else:
        await _broken(dut, "burst-boundary", lambda b, nb, mb: [_rd(b + mb - 1, 2)])


@cocotb.test()
async def monitor_flags_a_burst_across_the_boundary(dut) -> None:
    """A burst must not cross a multiple of the maximum burst size."""
    await _broken(dut, "burst-boundary", lambda b, nb, mb: [_rd(b + (mb - 1) * nb, 2)])


@cocotb.test()
async def monitor_flags_a_read_inside_a_write_burst(dut) -> None:
    """3.5.5.1: a write burst's words all come before the next command."""
    await _broken(dut, "write-burst-interrupted", lambda b, nb, mb: [_wr(b, 3), _rd(b + 0x100), IDLE, _wr(b, 3), _wr(b, 3)])
