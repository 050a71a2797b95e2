"""The RTL driven by an AXI master nobody here wrote: cocotbext-axi's ``AxiMaster``.

The independent master splits each request into bursts its own way (its own 4 KiB and length
splitting, narrow sizes, unaligned starts, its own IDs, several requests in flight). Every
handshake on the port is recorded and replayed into the golden model; the B and R channels must
carry exactly what the model answers, and the RAM must equal the model afterwards. For INCR
requests the master's own view must hold too: the bytes it wrote are in the RAM, the bytes it
reads are the RAM's.
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import ClockCycles
from cocotbext.axi import AxiBurstType, AxiBus, AxiResp
from cocotbext.axi import AxiMaster as PeerMaster

from models.shared_ram import first_mismatch
from tb.env import NicRamEnv
from tb.monitor import AxiMonitor
from tb.peers import quiet_peer_logs, replay_reads, replay_writes


async def _setup(dut) -> tuple[NicRamEnv, PeerMaster, AxiMonitor]:
    env = await NicRamEnv(dut).start()
    await env.fill_random()
    quiet_peer_logs(dut)
    max_burst_len = env.rng.choice([256, 16, 5])
    peer = PeerMaster(AxiBus.from_prefix(dut, "s_axi"), dut.clk, dut.rst, max_burst_len=max_burst_len)
    env.log.info("independent master: max_burst_len=%d", max_burst_len)
    monitor = AxiMonitor(dut, dut.clk, payload=True).start()
    return env, peer, monitor


def _slots(lo: int, hi: int, n: int) -> list[tuple[int, int]]:
    """``n`` disjoint [start, end) ranges of the window part [lo, hi), for requests in flight together."""
    step = (hi - lo) // n
    return [(lo + i * step, lo + (i + 1) * step) for i in range(n)]


def _random_request(env: NicRamEnv, lo: int, hi: int) -> tuple[int, int, int]:
    """(address, length, AxSIZE) inside [lo, hi): any start, any length, any size up to the bus width."""
    nb = env.cfg.bus_bytes
    size = env.rng.randrange(nb.bit_length())
    length = min(hi - lo, env.rng.choice([1, 2, 3, nb - 1 or 1, nb, nb + 1, env.rng.randrange(1, 1200)]))
    address = env.rng.randrange(lo, hi - length + 1)
    return address, length, size


async def _settle(dut) -> None:
    """Let the last handshakes be recorded before replaying them."""
    await ClockCycles(dut.clk, 2)


@cocotb.test()
async def independent_master_incr_requests_match_the_model(dut) -> None:
    """Random INCR writes and reads (sizes, starts, lengths, IDs), several in flight: the RTL
    answers each recorded burst as the model does, and the master's bytes land and read back."""
    env, peer, monitor = await _setup(dut)
    base, size = env.cfg.base_addr, env.cfg.ram_bytes
    for round_no in range(6):
        monitor.clear()
        # Writes: four requests in flight, each in its own part of the window.
        requests = [_random_request(env, lo, hi) for lo, hi in _slots(base, base + size, 4)]
        payloads = [env.random_bytes(length) for _, length, _ in requests]
        tasks = [
            cocotb.start_soon(peer.write(address, data, size=sz)) for (address, _, sz), data in zip(requests, payloads)
        ]
        results = [await t for t in tasks]
        await _settle(dut)
        rep = replay_writes(monitor.log, env.model, env.cfg.bus_bytes)
        assert not rep.problems, rep.summary(f"round {round_no} writes")
        for (address, length, sz), data, result in zip(requests, payloads, results):
            assert result.resp == AxiResp.OKAY, f"write of {length} bytes at 0x{address:08x} size {sz}: {result.resp}"
            got = env.backdoor.read(address, length)
            assert got == data, f"write of {length} bytes at 0x{address:08x} size {sz}: {first_mismatch(data, got, address)}"
        env.checker.check_all()
        # Reads: four requests in flight anywhere in the window.
        monitor.clear()
        reads = [_random_request(env, lo, hi) for lo, hi in _slots(base, base + size, 4)]
        tasks = [cocotb.start_soon(peer.read(address, length, size=sz)) for address, length, sz in reads]
        results = [await t for t in tasks]
        await _settle(dut)
        rep = replay_reads(monitor.log, env.model, env.cfg.bus_bytes)
        assert not rep.problems, rep.summary(f"round {round_no} reads")
        for (address, length, sz), result in zip(reads, results):
            want = env.model.read(address, length)
            assert result.resp == AxiResp.OKAY and result.data == want, (
                f"read of {length} bytes at 0x{address:08x} size {sz}: {result.resp}, "
                f"{first_mismatch(want, result.data, address)}"
            )


@cocotb.test()
async def independent_master_writes_and_reads_at_the_same_time(dut) -> None:
    """Writes to the lower half while reads of the upper half run: both channels agree with the model."""
    env, peer, monitor = await _setup(dut)
    base, size = env.cfg.base_addr, env.cfg.ram_bytes
    half = base + size // 2
    for round_no in range(4):
        monitor.clear()
        writes = [_random_request(env, lo, hi) for lo, hi in _slots(base, half, 3)]
        reads = [_random_request(env, lo, hi) for lo, hi in _slots(half, base + size, 3)]
        tasks = [cocotb.start_soon(peer.write(a, env.random_bytes(n), size=s)) for a, n, s in writes]
        tasks += [cocotb.start_soon(peer.read(a, n, size=s)) for a, n, s in reads]
        for t in tasks:
            await t
        await _settle(dut)
        # The upper half is never written here, so the reads may be replayed after the writes.
        wrep = replay_writes(monitor.log, env.model, env.cfg.bus_bytes)
        rrep = replay_reads(monitor.log, env.model, env.cfg.bus_bytes)
        assert not wrep.problems, wrep.summary(f"round {round_no} writes")
        assert not rrep.problems, rrep.summary(f"round {round_no} reads")
        env.checker.check_all()


@cocotb.test()
async def independent_master_fixed_and_wrap_bursts_match_the_model(dut) -> None:
    """FIXED and WRAP requests as the independent master issues them (its own beat packing and
    bursts): responses, RAM contents and read data equal the model's.

    The requests are the ones that master turns into legal AXI: FIXED at full width, aligned, up to
    16 beats; WRAP of 2/4/8/16 beats covering at least one bus word, not across a 4 KiB page, and
    no longer than the master's own burst length limit."""
    env, peer, monitor = await _setup(dut)
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    full = nb.bit_length() - 1
    max_len = peer.write_if.max_burst_len  # a longer WRAP request would be split into illegal WRAPs
    wraps = [(b, s) for s in range(full + 1) for b in (2, 4, 8, 16) if b <= max_len and b << s >= nb]
    for _ in range(24):
        monitor.clear()
        if env.rng.random() < 0.5:
            kind, sz = AxiBurstType.FIXED, full
            length = env.rng.randrange(1, 17) * nb
            address = base + env.rng.randrange(0, size, nb)
        else:
            kind = AxiBurstType.WRAP
            beats, sz = env.rng.choice(wraps)
            length = beats << sz
            address = base + env.rng.randrange(0, size, 1 << sz)
            if (address & 0xFFF) + length > 0x1000:
                address -= length  # keep the master from splitting it at the 4 KiB boundary
        data = env.random_bytes(length)
        wresp = await peer.write(address, data, burst=kind, size=sz)
        rresp = await peer.read(address, length, burst=kind, size=sz)
        await _settle(dut)
        what = f"{kind.name} {length} bytes at 0x{address:08x} size {sz}"
        # Replay the write first (the read was issued after the write completed).
        wlog = [h for h in monitor.log if h.channel in ("aw", "w", "b")]
        rlog = [h for h in monitor.log if h.channel in ("ar", "r")]
        wrep = replay_writes(wlog, env.model, nb)
        assert not wrep.problems, wrep.summary(f"{what}: write")
        rrep = replay_reads(rlog, env.model, nb)
        assert not rrep.problems, rrep.summary(f"{what}: read")
        assert wresp.resp == rresp.resp, f"{what}: write answered {wresp.resp}, read {rresp.resp}"
        env.checker.check_all()


@cocotb.test()
async def independent_master_outside_the_window_gets_decerr(dut) -> None:
    """Requests that run past the window end or start below it get DECERR and change nothing."""
    env, peer, monitor = await _setup(dut)
    nb, base, end = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.window_end
    cases = [(end - nb, 4 * nb), (end + 0x40, 3 * nb), (base - 2 * nb, 4 * nb)]
    for address, length in cases:
        monitor.clear()
        wresp = await peer.write(address, env.random_bytes(length))
        rresp = await peer.read(address, length)
        await _settle(dut)
        assert wresp.resp == AxiResp.DECERR, f"write of {length} bytes at 0x{address:08x}: {wresp.resp}"
        assert rresp.resp == AxiResp.DECERR, f"read of {length} bytes at 0x{address:08x}: {rresp.resp}"
        wlog = [h for h in monitor.log if h.channel in ("aw", "w", "b")]
        rlog = [h for h in monitor.log if h.channel in ("ar", "r")]
        assert not (rep := replay_writes(wlog, env.model, nb)).problems, rep.summary("write")
        assert not (rep := replay_reads(rlog, env.model, nb)).problems, rep.summary("read")
        env.checker.check_all()
