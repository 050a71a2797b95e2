"""The AXI4 slave port of nic_shared_ram, driven directly: burst types, narrow beats, errors,
throughput and the NIC-side port. Every expectation comes from the golden model
(:class:`models.shared_ram.SharedRamModel`), which applies the same rules as the RTL's header.
"""

from __future__ import annotations

import contextlib

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge

from models.axi import Burst, BurstType, Resp, pack_burst, plan_bursts
from models.coverage import boundary_positions
from tb.env import NicRamEnv, regression_seed
from tb.monitor import AxiMonitor


async def _env(dut, **kwargs) -> NicRamEnv:
    env = await NicRamEnv(dut, **kwargs).start()
    await env.fill_random()
    return env


def _random_beats(env: NicRamEnv, burst: Burst, sparse: bool = False) -> tuple[list[int], list[int]]:
    nb = env.cfg.bus_bytes
    words = [int.from_bytes(env.random_bytes(nb), "little") for _ in range(burst.beats)]
    try:  # strobes only on the lanes each beat owns (AXI); an illegal burst owns the whole bus
        lanes = [((1 << n) - 1) << first for first, n in burst.lanes(nb)]
    except ValueError:
        lanes = [(1 << nb) - 1] * burst.beats
    strobes = [env.rng.getrandbits(nb) & mask if sparse else mask for mask in lanes]
    return words, strobes


async def _write_and_check(env: NicRamEnv, burst: Burst, words, strobes) -> Resp:
    """Write one burst directly; the RAM must equal the model afterwards; return the response."""
    xfer = await env.master.write_beats([burst], lambda i: (words, strobes))
    expected = env.model.write_burst(burst, env.cfg.bus_bytes, words, strobes)
    assert xfer.resps == [expected], f"{burst}: response {xfer.resps}, model says {expected.name}"
    await RisingEdge(env.dut.clk)
    env.checker.check_all()
    return expected


async def _read_and_check(env: NicRamEnv, burst: Burst) -> Resp:
    xfer = await env.master.read([burst])
    words, expected = env.model.read_burst(burst, env.cfg.bus_bytes)
    assert xfer.resps == [expected], f"{burst}: response {xfer.resps}, model says {expected.name}"
    nb = env.cfg.bus_bytes
    if expected != Resp.OKAY:
        assert xfer.words[0] == [0] * burst.beats, f"{burst}: RDATA of an error burst must be zero"
        return expected
    for i, (got, want) in enumerate(zip(xfer.words[0], words)):
        lo, n = burst.lanes(nb)[i]
        mask = ((1 << (8 * n)) - 1) << (8 * lo)
        assert got & mask == want & mask, f"{burst}: beat {i} RDATA 0x{got:x}, expected 0x{want:x} in lanes {lo}..{lo + n - 1}"
    return expected


@cocotb.test()
@cocotb.parametrize(beats=(2, 4, 8, 16))
async def wrap_burst_wraps_at_its_container(dut, beats: int) -> None:
    """A WRAP burst starting mid-container writes and reads around its aligned container."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    size = nb.bit_length() - 1
    address = env.cfg.base_addr + 0x400 + (beats // 2 + 1) % beats * nb
    burst = Burst.covering(address, beats, size, BurstType.WRAP)
    assert await _write_and_check(env, burst, *_random_beats(env, burst)) == Resp.OKAY
    assert await _read_and_check(env, burst) == Resp.OKAY


@cocotb.test()
async def fixed_burst_hits_one_address(dut) -> None:
    """A FIXED burst writes every beat to the same bytes; the last beat's strobed bytes win."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    burst = Burst.covering(env.cfg.base_addr + 0x80, 5, nb.bit_length() - 1, BurstType.FIXED)
    assert await _write_and_check(env, burst, *_random_beats(env, burst, sparse=True)) == Resp.OKAY
    assert await _read_and_check(env, burst) == Resp.OKAY


@cocotb.test()
async def narrow_beats_use_their_lanes(dut) -> None:
    """INCR bursts of every size narrower than the bus, from unaligned starts, touch only their lanes."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    for size in range(nb.bit_length()):
        for start in (0, 1, 3):
            address = env.cfg.base_addr + 0x600 + start
            burst = Burst.covering(address, 7, size, BurstType.INCR)
            assert await _write_and_check(env, burst, *_random_beats(env, burst, sparse=True)) == Resp.OKAY
            assert await _read_and_check(env, burst) == Resp.OKAY


@cocotb.test()
async def strobes_outside_a_beats_lanes_are_ignored(dut) -> None:
    """WSTRB bits set outside the lanes a narrow beat owns change nothing, for every size narrower
    than the bus (lanes below the beat's address and above the end of its container)."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    if nb == 1:
        return  # an 8-bit bus has no lane outside the beat: nothing to test at this width
    for size in range(nb.bit_length() - 1):
        # an unaligned INCR burst, and one beat alone at the start of a bus word (a burst's later
        # beats would rewrite the lanes an earlier beat wrongly took)
        for address, beats in ((0x21, 4), (0x200, 1)):
            burst = Burst.covering(env.cfg.base_addr + address + 0x40 * size, beats, size, BurstType.INCR)
            words, _ = _random_beats(env, burst)
            strobes = [(1 << nb) - 1] * burst.beats  # all lanes strobed, only the beat's own belong to it
            with env.protocol.expect("wstrb-lanes"):  # AXI forbids it; the RAM must still ignore them
                await _write_and_check(env, burst, words, strobes)


@cocotb.test()
async def fixed_burst_at_the_first_address_of_the_window_is_served(dut) -> None:
    """A FIXED burst whose beat starts at the window's first byte lies inside the window: OKAY,
    written and read back, for every beat size up to the bus width."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    for size in range(nb.bit_length()):
        burst = Burst.covering(env.cfg.base_addr, 3, size, BurstType.FIXED)
        assert await _write_and_check(env, burst, *_random_beats(env, burst)) == Resp.OKAY
        assert await _read_and_check(env, burst) == Resp.OKAY


@cocotb.test()
async def fixed_burst_at_the_first_address_past_the_window_gets_decerr(dut) -> None:
    """A FIXED burst whose beat starts at the first byte past the window gets DECERR and writes
    nothing (its one beat is the whole range checked, whatever its size)."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    burst = Burst.covering(env.cfg.window_end, 4, nb.bit_length() - 1, BurstType.FIXED)
    assert await _write_and_check(env, burst, *_random_beats(env, burst)) == Resp.DECERR
    xfer = await env.master.read([burst])
    assert xfer.resps == [Resp.DECERR]


@cocotb.test()
@cocotb.parametrize(where=("beyond_window", "below_window", "straddling_end"))
async def burst_outside_window_gets_decerr(dut, where: str) -> None:
    """A burst with any byte outside the window gets DECERR and writes nothing; reads return zeros."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    size = nb.bit_length() - 1
    address = {
        "beyond_window": env.cfg.window_end + 0x100,
        "below_window": env.cfg.base_addr - 4 * nb,
        "straddling_end": env.cfg.window_end - 2 * nb,
    }[where]
    burst = Burst.covering(address, 4, size)
    # a window of 4 KiB or more ends on a 4 KiB boundary: straddling it also breaks AXI's 4 KiB rule
    crosses = boundary_positions(burst.address, burst.beats, burst.size) == ["crosses"]
    with env.protocol.expect("4k-crossing") if crosses else contextlib.nullcontext():
        assert await _write_and_check(env, burst, *_random_beats(env, burst)) == Resp.DECERR
        xfer = await env.master.read([burst])
    assert xfer.resps == [Resp.DECERR]
    assert xfer.words[0] == [0] * burst.beats, "RDATA of a DECERR burst must be zero"


@cocotb.test()
@cocotb.parametrize(
    kind=("size_wider_than_bus", "reserved_burst_type", "wrap_length_3", "wrap_unaligned"),
)
async def illegal_burst_gets_slverr(dut, kind: str) -> None:
    """Illegal bursts get SLVERR and change nothing (the RTL's header lists the rules)."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    size = nb.bit_length() - 1
    base = env.cfg.base_addr + 0x800
    burst = {
        "size_wider_than_bus": lambda: Burst(base, 2, size + 1, BurstType.INCR),
        "reserved_burst_type": lambda: Burst(base, 2, size, BurstType(3)),
        "wrap_length_3": lambda: Burst(base, 3, size, BurstType.WRAP),
        "wrap_unaligned": lambda: Burst(base + 1, 4, size, BurstType.WRAP) if nb > 1 else Burst(base, 5, 0, BurstType.WRAP),
    }[kind]()
    rule = {
        "size_wider_than_bus": "size-too-wide",
        "reserved_burst_type": "burst-reserved",
        "wrap_length_3": "wrap-length",
        "wrap_unaligned": "wrap-unaligned" if nb > 1 else "wrap-length",
    }[kind]
    with env.protocol.expect(rule):  # the master breaks AXI on purpose here
        assert await _write_and_check(env, burst, *_random_beats(env, burst)) == Resp.SLVERR
        assert await _read_and_check(env, burst) == Resp.SLVERR


@cocotb.test()
async def random_bursts_match_the_model(dut) -> None:
    """Random burst type, size, length, start and strobes: RAM and responses equal the model's."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    env.log.info("random bursts; rerun the same with SEED=%d", regression_seed())
    for _ in range(60):
        kind = env.rng.choice([BurstType.INCR, BurstType.INCR, BurstType.FIXED, BurstType.WRAP])
        size = env.rng.randrange(nb.bit_length())
        if kind is BurstType.WRAP:
            beats = env.rng.choice([2, 4, 8, 16])
            address = env.cfg.base_addr + env.rng.randrange(0, env.cfg.ram_bytes, 1 << size)
        else:
            beats = env.rng.randrange(1, 17 if kind is BurstType.FIXED else 33)  # AXI4: FIXED up to 16
            address = env.cfg.base_addr + env.rng.randrange(0, env.cfg.ram_bytes - beats * (1 << size))
            if kind is BurstType.INCR and (address & 0xFFF) + beats * (1 << size) > 0x1000:
                address -= (address & 0xFFF)  # keep INCR bursts legal: no 4 KiB crossing
        burst = Burst.covering(address, beats, size, kind)
        await _write_and_check(env, burst, *_random_beats(env, burst, sparse=env.rng.random() < 0.5))
        await _read_and_check(env, burst)


@cocotb.test()
@cocotb.parametrize(direction=("write", "read"))
async def back_to_back_bursts_take_one_cycle_per_beat(dut, direction: str) -> None:
    """Within and between back-to-back bursts, a beat moves on every clock (no idle cycle)
    when neither side stalls (so this test runs without stalls in every run)."""
    env = await _env(dut, stalls="none")
    nb = env.cfg.bus_bytes
    data = env.random_bytes(4096)
    bursts = plan_bursts(env.cfg.base_addr + 0x1000, len(data), nb, max_beats=16)
    mon = AxiMonitor(dut, dut.clk, channels=("w", "r")).start()
    if direction == "write":
        await env.master.write(bursts, data)
    else:
        await env.master.read(bursts, len(data))
    await mon.drain()
    beats = mon.cycles(direction[0])
    expected = sum(b.beats for b in bursts)
    assert len(beats) == expected
    gaps = [(a, b) for a, b in zip(beats, beats[1:]) if b != a + 1]
    assert not gaps, f"{direction}: {len(gaps)} idle gap(s) between beats, first at cycles {gaps[0]}"
    env.log.info("%s: %d bursts, %d beats in %d cycles", direction, len(bursts), expected, beats[-1] - beats[0] + 1)


@cocotb.test()
async def nic_port_reads_what_the_host_wrote(dut) -> None:
    """The NIC-side port sees the bytes the host wrote through AXI."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    address = env.cfg.base_addr + 0x240
    payload = env.random_bytes(16 * nb)
    await env.write_checked(address, payload)
    got = b""
    for i in range(16):
        dut.nic_en.value = 1
        dut.nic_we.value = 0
        dut.nic_addr.value = (address - env.cfg.base_addr) // nb + i
        await RisingEdge(dut.clk)
        dut.nic_en.value = 0
        await RisingEdge(dut.clk)
        got += dut.nic_rdata.value.to_unsigned().to_bytes(nb, "little")
    assert got == payload


@cocotb.test()
async def nic_port_and_host_work_at_the_same_time(dut) -> None:
    """NIC-port writes to other words while the host bursts: both land, neither disturbs the other."""
    env = await _env(dut)
    nb = env.cfg.bus_bytes
    words = env.cfg.ram_bytes // nb
    host_address = env.cfg.base_addr
    host_data = env.random_bytes(min(2048, env.cfg.ram_bytes // 2))
    nic_first = (len(host_data) + 2 * env.checker.guard) // nb  # clear of the host range and its guards
    nic_data = [int.from_bytes(env.random_bytes(nb), "little") for _ in range(min(64, words - nic_first))]

    async def nic_writer() -> None:
        for i, word in enumerate(nic_data):
            dut.nic_en.value = 1
            dut.nic_we.value = (1 << nb) - 1
            dut.nic_addr.value = nic_first + i
            dut.nic_wdata.value = word
            await RisingEdge(dut.clk)
        dut.nic_en.value = 0
        dut.nic_we.value = 0

    nic = cocotb.start_soon(nic_writer())
    await env.write_checked(host_address, host_data)
    await nic
    await ClockCycles(dut.clk, 2)
    for i, word in enumerate(nic_data):
        env.model.write(env.cfg.base_addr + (nic_first + i) * nb, word.to_bytes(nb, "little"))
    env.checker.check_all()
