"""Faults: reset in the middle of a burst, a master that breaks the write framing, and the NIC
port working on the same RAM as the host.

Rules tested here (the RTL's header states the first three; the rest follow from them):

* Reset, at any point, returns the port to idle: from the first edge with rst high no READY or
  response VALID is high, bursts in progress and queued responses are dropped, nothing more is
  written. The RAM keeps its contents: a byte of the interrupted write burst holds its old value
  or its new one (exactly: the beats taken before the reset edge are written, the others are not).
  The host's call in progress ends at that edge with :class:`tb.axi_master.AxiResetError`, which
  names the interrupted burst.
* Write framing is by count: a burst takes exactly AWLEN+1 W beats, written as addressed, whatever
  WLAST says; a WLAST that is early, late or missing turns BRESP into SLVERR.
* Beats beyond AWLEN+1 are not taken until the next AW: they become that burst's first beats, so
  they are written inside that burst's own range (and its WLAST check fails). The channel stays one
  burst out of step with such a master until reset. A burst short of beats waits for them; the
  rest of the port (reads, the NIC side) keeps working, and reset frees it.
* The NIC port and both host paths run at the same time. Same byte, same cycle: the NIC write
  wins over the host's W beat. Every read returns the word from before the cycle's writes
  (read-first), on the NIC port and on the host read path alike.
"""

from __future__ import annotations

import cocotb
from cocotb.simtime import get_sim_time
from cocotb.triggers import ClockCycles, FallingEdge, RisingEdge

from models.axi import Burst, Resp, plan_bursts
from models.shared_ram import first_mismatch
from tb.axi_master import AxiResetError
from tb.clock import CLOCK_PERIOD_NS
from tb.env import NicRamEnv, ram_core
from tb.raw_axi import RawBeat, RawWriteDriver


async def _env(dut) -> NicRamEnv:
    env = await NicRamEnv(dut).start()
    await env.fill_random()
    return env


def _full(nb: int) -> int:
    return (1 << nb) - 1


def _random_word(env: NicRamEnv) -> int:
    return int.from_bytes(env.random_bytes(env.cfg.bus_bytes), "little")


# ------------------------------------------------------------------------------------------- reset


class ResetProbe:
    """Asserts rst after the ``after``-th handshake on ``channel`` and records what the port shows."""

    def __init__(self, env: NicRamEnv, channel: str, after: int, hold: int) -> None:
        self.env = env
        self.channel = channel
        self.after = after
        self.hold = hold
        self.asserted_ns: float | None = None
        self.during: dict[str, int] = {}
        self.after_release: list[dict[str, int]] = []

    def _outputs(self) -> dict[str, int]:
        port = ram_core(self.env.dut)  # the RAM's own port, whichever engine drives it
        names = ("awready", "wready", "arready", "bvalid", "rvalid")
        return {n: int(getattr(port, f"s_axi_{n}").value) for n in names}

    async def run(self) -> None:
        dut, port, clock = self.env.dut, ram_core(self.env.dut), self.env.clock
        valid = getattr(port, f"s_axi_{self.channel}valid")
        ready = getattr(port, f"s_axi_{self.channel}ready")
        seen = 0
        while seen < self.after:
            await RisingEdge(clock)
            if valid.value == 1 and ready.value == 1:
                seen += 1
        dut.rst.value = 1  # sampled at the next edge: nothing moves there
        self.asserted_ns = get_sim_time("ns")
        await RisingEdge(clock)
        await FallingEdge(clock)
        self.during = self._outputs()
        await ClockCycles(clock, self.hold)
        dut.rst.value = 0
        for _ in range(4):
            await FallingEdge(clock)
            self.after_release.append(self._outputs())

    def check_port_idle(self) -> None:
        assert self.during and not any(self.during.values()), (
            f"from the first edge with rst high the port must be idle; it shows {self.during}"
        )
        assert not any(o["bvalid"] or o["rvalid"] for o in self.after_release), (
            f"a response appeared after reset (stale B or R): {self.after_release}"
        )
        assert self.after_release[1]["awready"] and self.after_release[1]["arready"], (
            f"AWREADY/ARREADY must be up the cycle after rst falls: {self.after_release}"
        )


def _ends_at_reset_edge(env: NicRamEnv, asserted_ns: float, ended_ns: float) -> bool:
    """The call ended at the first edge with rst high: the pin-level master sees it at that edge,
    the burst transactor reports it with its status half a cycle later."""
    slack = CLOCK_PERIOD_NS / 2 if env.engine == "fast" else 0
    return ended_ns - asserted_ns <= CLOCK_PERIOD_NS + slack


def _carried_prefix(bursts: list[Burst], beats_taken: int, nb: int) -> int:
    """How many buffer bytes the first ``beats_taken`` beats of ``bursts`` carry."""
    total = 0
    left = beats_taken
    for b in bursts:
        for _, n in b.carried_lanes(nb):
            if left == 0:
                return total
            total += n
            left -= 1
    return total


def _locate_beat(bursts: list[Burst], beat: int) -> tuple[int, int]:
    """(burst index, beat within it) of the ``beat``-th beat of the call."""
    for i, b in enumerate(bursts):
        if beat < b.beats:
            return i, beat
        beat -= b.beats
    raise ValueError(f"beat {beat} is past the last burst")


RESET_POINTS = ("inside_first_burst", "between_bursts", "inside_a_later_burst", "after_the_last_beat")


def _reset_after(env: NicRamEnv, bursts: list[Burst], point: str) -> int:
    """The number of beats the call moves before reset, for a named point."""
    total = sum(b.beats for b in bursts)
    first = bursts[0].beats
    return {
        "inside_first_burst": env.rng.randrange(1, first),
        "between_bursts": first,
        "inside_a_later_burst": env.rng.randrange(first + 1, total),
        "after_the_last_beat": total,
    }[point]


@cocotb.test()
@cocotb.parametrize(point=RESET_POINTS)
async def reset_during_a_host_write_ends_the_call_and_keeps_each_byte_old_or_new(dut, point: str) -> None:
    """Reset in the middle of an NdisImmediateWriteSharedMemory: the call fails at once naming the
    burst, the beats taken before the reset edge are in the RAM and no other byte changed, the
    port is idle during reset and serves the next write exactly."""
    env = await _env(dut)
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    env.host.max_burst_beats = 16
    address = base + 0x100 + (1 if nb > 1 else 0)
    data = env.random_bytes(40 * nb + 3)
    bursts = plan_bursts(address, len(data), nb, max_beats=16)
    assert len(bursts) >= 3, f"the scenario needs several bursts, planned {len(bursts)}"
    taken = _reset_after(env, bursts, point)
    old = env.backdoor.read_all()
    probe = ResetProbe(env, "w", taken, hold=env.rng.randrange(1, 5))
    task = cocotb.start_soon(probe.run())
    try:
        await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, data, len(data))
    except AxiResetError as exc:
        err = exc
        ended_ns = get_sim_time("ns")
    else:
        raise AssertionError(f"reset after {taken} beats: the write call returned normally")
    await task
    env.log.info("call ended with: %s", err)
    # The call ended at the first edge with rst high, naming the interrupted burst.
    assert probe.asserted_ns is not None and _ends_at_reset_edge(env, probe.asserted_ns, ended_ns), (
        f"the call ended {ended_ns - probe.asserted_ns} ns after rst rose; it must end at the next edge"
    )
    assert "reset" in str(err) and f"0x{err.burst.address:08x}" in str(err), f"unclear error: {err}"
    total = sum(b.beats for b in bursts)
    if taken < total:
        index, within = _locate_beat(bursts, taken)
        assert (err.index, err.beats_done) == (index, within), (
            f"error names burst {err.index} after {err.beats_done} beats; reset hit burst {index} after {within}"
        )
    else:
        assert err.beats_done == bursts[err.index].beats and err.index == err.completed, str(err)
    env.mm.assert_no_leaks()
    # Every byte of the call's range is old or new; exactly the beats taken are written; nothing else moved.
    now = env.backdoor.read_all()
    lo = address - base
    for i, byte in enumerate(now[lo : lo + len(data)]):
        assert byte in (old[lo + i], data[i]), (
            f"byte 0x{address + i:08x} of the interrupted write is 0x{byte:02x}: neither old 0x{old[lo + i]:02x} "
            f"nor new 0x{data[i]:02x}"
        )
    written = _carried_prefix(bursts, taken, nb)
    expected = bytearray(old)
    expected[lo : lo + written] = data[:written]
    miss = first_mismatch(bytes(expected), now, base)
    assert miss is None, f"after reset at beat {taken}: RAM differs from 'first {written} bytes written': {miss}"
    env.model.write(address, data[:written])
    probe.check_port_idle()
    # The port serves the next write (over the interrupted range) exactly.
    await env.write_checked(address - 5, env.random_bytes(len(data) + 9))
    env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(point=("inside_first_burst", "between_bursts", "inside_a_later_burst"))
async def reset_during_a_host_read_ends_the_call_and_changes_nothing(dut, point: str) -> None:
    """Reset in the middle of an NdisImmediateReadSharedMemory: the call fails at once naming the
    burst, no byte of the RAM changes, no stale R beat comes out, and the next read is exact."""
    env = await _env(dut)
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    env.host.max_burst_beats = 16
    address = base + 0x400 + (3 % nb)
    length = 40 * nb + 5
    bursts = plan_bursts(address, length, nb, max_beats=16)
    taken = _reset_after(env, bursts, point)
    probe = ResetProbe(env, "r", taken, hold=env.rng.randrange(1, 5))
    task = cocotb.start_soon(probe.run())
    buf = bytearray(length)
    try:
        await env.host.NdisImmediateReadSharedMemory(env.ctx, address, buf, length)
    except AxiResetError as exc:
        err = exc
        ended_ns = get_sim_time("ns")
    else:
        raise AssertionError(f"reset after {taken} R beats: the read call returned normally")
    await task
    env.log.info("call ended with: %s", err)
    assert probe.asserted_ns is not None and _ends_at_reset_edge(env, probe.asserted_ns, ended_ns), (
        f"the read call ended {ended_ns - probe.asserted_ns} ns after rst rose; it must end at the next edge"
    )
    index, within = _locate_beat(bursts, taken)
    assert (err.index, err.beats_done) == (index, within), (
        f"error names burst {err.index} after {err.beats_done} beats; reset hit burst {index} after {within}"
    )
    assert "reset" in str(err) and f"0x{err.burst.address:08x}" in str(err), f"unclear error: {err}"
    env.mm.assert_no_leaks()
    env.checker.check_all()  # a read changes nothing, reset included
    probe.check_port_idle()
    again = await env.read_front(address, length)
    want = env.model.read(address, length)
    assert again == want, f"read after reset: {first_mismatch(want, again, address)}"
    await env.write_checked(address + 7, env.random_bytes(3 * nb + 1))
    env.checker.check_all()


# ------------------------------------------------------------------------------ broken write framing


def _beats(env: NicRamEnv, burst: Burst, lasts: set[int]) -> list[RawBeat]:
    full = _full(env.cfg.bus_bytes)
    return [RawBeat(_random_word(env), full, i in lasts) for i in range(burst.beats)]


def _apply_by_count(env: NicRamEnv, bursts: list[Burst], stream: list[RawBeat]) -> list[Resp]:
    """Apply ``stream`` to the model the way the RTL frames it (by count) and return the BRESPs."""
    resps, k = [], 0
    for b in bursts:
        mine = stream[k : k + b.beats]
        k += b.beats
        resp = env.model.write_burst(b, env.cfg.bus_bytes, [x.data for x in mine], [x.strobe for x in mine])
        if [x.last for x in mine] != [i == b.beats - 1 for i in range(b.beats)]:
            resp = Resp.SLVERR
        resps.append(resp)
    return resps


async def _reset_port(env: NicRamEnv, raw: RawWriteDriver) -> None:
    env.dut.rst.value = 1
    await RisingEdge(env.dut.clk)
    raw.idle()
    await ClockCycles(env.dut.clk, 2)
    env.dut.rst.value = 0
    await ClockCycles(env.dut.clk, 2)


WLAST_CASES = {
    # name: (WLAST beats of the 6-beat burst, protocol rules the stream breaks)
    "early": ({2}, ("wlast", "beat-count")),
    "early_and_on_the_last": ({2, 5}, ("wlast", "beat-count")),
    "missing": (set(), ("wlast", "beat-count", "b-before-wlast")),
}


@cocotb.test()
@cocotb.parametrize(wlast=tuple(WLAST_CASES))
async def wrong_wlast_gets_slverr_and_writes_only_its_own_burst(dut, wlast: str) -> None:
    """AWLEN+1 beats with WLAST early, doubled or missing: SLVERR, the beats written as addressed,
    nothing outside the burst changed, and the next legal burst completes with OKAY."""
    env = await _env(dut)
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    lasts, rules = WLAST_CASES[wlast]
    bad = Burst.covering(base + 0x200, 6, nb.bit_length() - 1)
    good = Burst.covering(base + 0x600, 3, nb.bit_length() - 1)
    stream = _beats(env, bad, lasts) + _beats(env, good, {2})
    raw = RawWriteDriver(dut, dut.clk)
    with env.protocol.expect(*rules):
        res = await raw.run([bad, good], stream)
        await _reset_port(env, raw)  # the checker follows WLAST, the RTL the count: realign both
    expected = _apply_by_count(env, [bad, good], stream)
    assert not res.hung, f"the port hung: {res}"
    assert expected == [Resp.SLVERR, Resp.OKAY]
    assert res.resps == expected, f"responses {[r.name for r in res.resps]}, expected {[r.name for r in expected]}"
    assert res.w_taken == bad.beats + good.beats, f"{res.w_taken} W beats taken"
    env.checker.check_all()
    await env.write_checked(base + 0x900 + 1, env.random_bytes(5 * nb))
    env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(extra=(1, 3))
async def beats_beyond_awlen_wait_for_the_next_burst_and_land_inside_it(dut, extra: int) -> None:
    """A master sends AWLEN+1+extra beats (WLAST on its own last): the burst takes AWLEN+1 and gets
    SLVERR; the surplus waits (WREADY low) and becomes the next burst's first beats, written in that
    burst's range; no byte outside the two bursts changes; reset realigns the channel."""
    env = await _env(dut)
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    size = nb.bit_length() - 1
    over = Burst.covering(base + 0x200, 4, size)
    nxt = Burst.covering(base + 0x700, 5, size)
    stream = [RawBeat(_random_word(env), _full(nb), i == over.beats + extra - 1) for i in range(over.beats + extra)]
    stream += _beats(env, nxt, {nxt.beats - 1})
    raw = RawWriteDriver(dut, dut.clk)
    # Only the surplus is sent before the next AW: the slave must hold it until that address comes.
    with env.protocol.expect("wlast", "beat-count", "b-before-wlast"):
        first = await raw.run([over], stream[: over.beats + extra], timeout_cycles=16)
        held = int(dut.s_axi_wready.value)
        res = await raw.run([nxt], stream[first.w_taken :])
        pending = int(dut.s_axi_wvalid.value), int(dut.s_axi_wready.value)
        await _reset_port(env, raw)
    assert not first.hung and first.resps == [Resp.SLVERR], f"first burst: {first}"
    assert first.w_taken == over.beats and held == 0, (
        f"the slave took {first.w_taken} beats of a {over.beats}-beat burst (WREADY={held} after it)"
    )
    expected = _apply_by_count(env, [over, nxt], stream)
    assert not res.hung, "the burst after the surplus never completed: the port hung"
    assert res.resps == expected[1:], f"next burst: {[r.name for r in res.resps]}, expected {expected[1].name}"
    assert pending == (1, 0), f"the next burst's last {extra} beat(s) should still be on offer, untaken: {pending}"
    env.checker.check_all()  # both bursts written by count, nothing else
    await env.write_checked(base + 0x900, env.random_bytes(6 * nb + 2))
    env.checker.check_all()


@cocotb.test()
async def a_burst_short_of_beats_waits_and_the_rest_of_the_port_keeps_working(dut) -> None:
    """A master stops after 3 of 6 beats (WLAST on the third): the slave waits for the rest, writes
    nothing else, keeps serving reads; reset frees the write channel for the next burst."""
    env = await _env(dut)
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    burst = Burst.covering(base + 0x300, 6, nb.bit_length() - 1)
    stream = _beats(env, burst, {2})[:3]
    raw = RawWriteDriver(dut, dut.clk)
    with env.protocol.expect("wlast", "beat-count"):
        res = await raw.run([burst], stream, timeout_cycles=32)
        assert res.hung and not res.responses and res.w_taken == 3, f"{res}"
        assert int(dut.s_axi_wready.value) == 1, "the slave should be waiting for the missing beats"
        # The three beats taken are in the RAM where they were addressed; nothing else changed.
        for i, beat in enumerate(stream):
            env.model.write(burst.address + i * nb, beat.data.to_bytes(nb, "little"))
        env.checker.check_all()
        # The read path is independent of the stuck write.
        got = await env.read_front(base + 0x1000, 64)
        assert got == env.model.read(base + 0x1000, 64), "a read while the write channel waits returned wrong data"
        await _reset_port(env, raw)
    await env.write_checked(base + 0x300, env.random_bytes(6 * nb))
    env.checker.check_all()


# -------------------------------------------------------------------------------- NIC port and host


async def _nic_idle(dut) -> None:
    """Stop driving the NIC port and let its last access reach the array."""
    dut.nic_en.value = 0
    dut.nic_we.value = 0
    await RisingEdge(dut.clk)


class BeatWatcher:
    """Records W (or AR) handshakes as they settle, one falling edge before the edge that takes them,
    and drives one NIC access so that it happens exactly at the edge of a chosen handshake plus an
    offset in cycles (-1: the edge before it)."""

    def __init__(self, env: NicRamEnv, channel: str) -> None:
        self.dut = env.dut
        self.valid = getattr(env.dut, f"s_axi_{channel}valid")
        self.ready = getattr(env.dut, f"s_axi_{channel}ready")
        self.cycle = 0
        self.edges: list[int] = []  # rising-edge number of each handshake
        self.nic_edge: int | None = None
        self._task = None

    def start(self, handshake: int, offset: int, word: int, we: int, wdata: int = 0) -> "BeatWatcher":
        self._task = cocotb.start_soon(self._run(handshake, offset, word, we, wdata))
        return self

    async def _run(self, handshake: int, offset: int, word: int, we: int, wdata: int) -> None:
        dut = self.dut
        while True:
            await FallingEdge(dut.clk)
            self.cycle += 1  # the coming rising edge is number self.cycle
            if self.valid.value == 1 and self.ready.value == 1:
                self.edges.append(self.cycle)
                if len(self.edges) - 1 == handshake + min(offset, 0):
                    self.nic_edge = self.cycle + max(offset, 0)
            if self.nic_edge == self.cycle:
                dut.nic_en.value, dut.nic_we.value, dut.nic_addr.value, dut.nic_wdata.value = 1, we, word, wdata
            elif self.nic_edge is not None and self.cycle == self.nic_edge + 1:
                dut.nic_en.value, dut.nic_we.value = 0, 0

    async def finish(self, cycles: int = 3) -> int:
        """Watch ``cycles`` more cycles, stop, and return the edge number of the NIC access."""
        await ClockCycles(self.dut.clk, cycles)
        self._task.cancel()
        assert self.nic_edge is not None, f"the chosen handshake never came (saw {len(self.edges)})"
        return self.nic_edge


def _distinct_word(env: NicRamEnv, *avoid: int) -> int:
    """A word none of whose bytes equals the same byte of any word in ``avoid``."""
    nb = env.cfg.bus_bytes
    out = 0
    for b in range(nb):
        used = {(w >> (8 * b)) & 0xFF for w in avoid}
        out |= env.rng.choice([v for v in range(256) if v not in used]) << (8 * b)
    return out


def _lanes_mask(we: int, nb: int) -> int:
    return sum(0xFF << (8 * b) for b in range(nb) if we >> b & 1)


@cocotb.test()
async def nic_traffic_on_other_words_runs_alongside_host_bursts(dut) -> None:
    """The NIC reads and writes its quarter of the RAM every cycle while the host writes one
    quarter and reads another: every host byte lands, every read (both sides) is exact."""
    env = await _env(dut)
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    quarter = size // 4
    w_addr, r_addr = base + 3, base + quarter + 64
    w_data = env.random_bytes(quarter - 64)
    r_len = quarter - 128
    nic_lo = (3 * quarter) // nb
    nic_words = quarter // nb
    nic = {i: int.from_bytes(env.model.read(base + i * nb, nb), "little") for i in range(nic_lo, nic_lo + nic_words)}
    stop = False
    stats = {"reads": 0, "writes": 0}

    async def nic_side() -> None:
        # An access driven now happens at the next edge; its read data shows (pre-edge) one edge later.
        history: list[tuple[int, int] | None] = []
        while True:
            await RisingEdge(dut.clk)
            if len(history) >= 2 and history[-2] is not None:
                word, want = history[-2]
                got = int(dut.nic_rdata.value)
                assert got == want, f"NIC read of word {word}: 0x{got:x}, expected 0x{want:x}"
                stats["reads"] += 1
            if stop:
                dut.nic_en.value = 0
                history.append(None)
                if history[-2:] == [None, None]:
                    return
                continue
            word = env.rng.randrange(nic_lo, nic_lo + nic_words)
            if env.rng.random() < 0.5:
                we = env.rng.getrandbits(nb) or 1
                value = _random_word(env)
                dut.nic_en.value, dut.nic_we.value, dut.nic_addr.value, dut.nic_wdata.value = 1, we, word, value
                mask = _lanes_mask(we, nb)
                nic[word] = (nic[word] & ~mask) | (value & mask)
                history.append(None)
                stats["writes"] += 1
            else:
                dut.nic_en.value, dut.nic_we.value, dut.nic_addr.value = 1, 0, word
                history.append((word, nic[word]))
            del history[:-2]

    task = cocotb.start_soon(nic_side())
    buf = bytearray(r_len)
    wr = cocotb.start_soon(env.host.NdisImmediateWriteSharedMemory(env.ctx, w_addr, w_data, len(w_data)))
    rd = cocotb.start_soon(env.host.NdisImmediateReadSharedMemory(env.ctx, r_addr, buf, r_len))
    await wr
    await rd
    stop = True
    await task
    await _nic_idle(dut)
    assert bytes(buf) == env.model.read(r_addr, r_len), f"host read: {first_mismatch(env.model.read(r_addr, r_len), bytes(buf), r_addr)}"
    env.model.write(w_addr, w_data)
    for word, value in nic.items():
        env.model.write(base + word * nb, value.to_bytes(nb, "little"))
    env.checker.check_all()
    env.log.info("NIC side: %d reads checked, %d writes, alongside host bursts", stats["reads"], stats["writes"])
    assert stats["reads"] > 10 and stats["writes"] > 10, f"too little NIC traffic overlapped the host: {stats}"


async def _collide(env: NicRamEnv, offset: int) -> tuple[int, int, int, int, int]:
    """Host writes a 4-beat burst; the NIC writes beat 2's word, in some lanes, at the edge of beat
    2's handshake plus ``offset``. Returns (old, host, nic, nic lanes mask, word after)."""
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    burst = Burst.covering(base + 0x300, 4, nb.bit_length() - 1)
    target = 2
    word_index = (burst.address - base) // nb + target
    address = base + word_index * nb
    old = int.from_bytes(env.backdoor.read(address, nb), "little")
    host = [_random_word(env) for _ in range(burst.beats)]
    host[target] = _distinct_word(env, old)
    nic_value = _distinct_word(env, old, host[target])
    we = (0x5555_5555_5555_5555_5555_5555_5555_5555 & _full(nb)) or 1  # every other lane (the one lane at 8 bits)
    watcher = BeatWatcher(env, "w").start(target, offset, word_index, we, nic_value)
    xfer = await env.master.write_beats([burst], lambda i: (host, [_full(nb)] * burst.beats))
    nic_edge = await watcher.finish()
    assert xfer.resps == [Resp.OKAY]
    assert len(watcher.edges) == burst.beats
    host_edge = watcher.edges[target]
    assert nic_edge == host_edge + offset, (
        f"the NIC write happened at edge {nic_edge}, beat {target}'s handshake at edge {host_edge}: "
        f"offset {nic_edge - host_edge}, wanted {offset}"
    )
    after = int.from_bytes(env.backdoor.read(address, nb), "little")
    env.model.write_burst(burst, nb, host, [_full(nb)] * burst.beats)
    return old, host[target], nic_value, _lanes_mask(we, nb), after


@cocotb.test()
async def nic_write_in_the_cycle_of_a_host_beat_wins_on_the_shared_bytes(dut) -> None:
    """Host W beat and NIC write on the same word at the same edge: the NIC's bytes are kept where
    both write, the host's elsewhere. With the priority reversed the word would hold the host's
    bytes everywhere, which is what a NIC write one cycle earlier gives (next test)."""
    env = await _env(dut)
    old, host, nic, mask, after = await _collide(env, offset=0)
    expected = (nic & mask) | (host & ~mask)
    assert after == expected, (
        f"same-cycle collision: word is 0x{after:x}; NIC 0x{nic:x} in lanes 0x{mask:x}, host 0x{host:x} "
        f"elsewhere gives 0x{expected:x} (host-wins would give 0x{host:x}, old was 0x{old:x})"
    )


@cocotb.test()
@cocotb.parametrize(when=("one_cycle_before", "one_cycle_after"))
async def nic_write_next_to_a_host_beat_is_ordered_by_time(dut, when: str) -> None:
    """A NIC write one cycle before the host's beat is overwritten by it (host bytes everywhere);
    one cycle after, it overwrites the beat in its lanes. Only the same cycle needs a priority."""
    env = await _env(dut)
    offset = -1 if when == "one_cycle_before" else 1
    old, host, nic, mask, after = await _collide(env, offset=offset)
    expected = host if offset < 0 else (nic & mask) | (host & ~mask)
    assert after == expected, f"NIC write {when} the host beat: word is 0x{after:x}, expected 0x{expected:x}"
    env.model.write(env.cfg.base_addr + 0x300 + 2 * env.cfg.bus_bytes, after.to_bytes(env.cfg.bus_bytes, "little"))
    env.checker.check_all()


@cocotb.test()
async def nic_read_in_the_cycle_of_a_host_beat_returns_the_old_word(dut) -> None:
    """A NIC read at the edge of a host W beat to the same word returns the word from before the
    beat (read-first); a NIC read one cycle later returns the host's word."""
    env = await _env(dut)
    dut, nb, base = env.dut, env.cfg.bus_bytes, env.cfg.base_addr
    burst = Burst.covering(base + 0x500, 3, nb.bit_length() - 1)
    word_index = (burst.address - base) // nb + 1
    old = int.from_bytes(env.backdoor.read(base + word_index * nb, nb), "little")
    host = [_distinct_word(env, old) for _ in range(burst.beats)]
    seen = []
    for offset in (0, 1):
        watcher = BeatWatcher(env, "w").start(1, offset, word_index, 0)
        await env.master.write_beats([burst], lambda i: (host, [_full(nb)] * burst.beats))
        edge = await watcher.finish()
        assert edge == watcher.edges[1] + offset, "the NIC read missed its cycle"
        seen.append(int(dut.nic_rdata.value))  # held since the read (the port is idle after it)
        env.backdoor.write(base + word_index * nb, old.to_bytes(nb, "little"))  # restore for the next round
        await RisingEdge(dut.clk)
    assert seen[0] == old, f"NIC read in the beat's cycle returned 0x{seen[0]:x}, expected the old 0x{old:x}"
    assert seen[1] == host[1], f"NIC read a cycle later returned 0x{seen[1]:x}, expected the host's 0x{host[1]:x}"
    env.model.write_burst(burst, nb, host, [_full(nb)] * burst.beats)
    env.model.write(base + word_index * nb, old.to_bytes(nb, "little"))
    env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(when=("same_cycle", "one_cycle_before"))
async def host_read_sees_a_nic_write_only_from_the_next_cycle(dut, when: str) -> None:
    """A host read launched at the edge of a NIC write to its word returns the old word
    (read-first); launched one cycle after the NIC write, it returns the NIC's word."""
    env = await _env(dut)
    dut, nb, base = env.dut, env.cfg.bus_bytes, env.cfg.base_addr
    word_index = 0x80 // nb + 3
    address = base + word_index * nb
    old = int.from_bytes(env.backdoor.read(address, nb), "little")
    nic_value = _distinct_word(env, old)
    watcher = BeatWatcher(env, "ar")
    offset = 0 if when == "same_cycle" else -1
    # offset -1 from the AR handshake needs a handshake before it: read a neighbour first.
    bursts = [Burst.covering(address - nb, 1, nb.bit_length() - 1), Burst.covering(address, 1, nb.bit_length() - 1)]
    watcher.start(1, offset, word_index, _full(nb), nic_value)
    xfer = await env.master.read(bursts)
    edge = await watcher.finish()
    assert edge == watcher.edges[1] + offset, (
        f"NIC write at edge {edge}, AR handshake at edge {watcher.edges[1]}: wanted offset {offset}"
    )
    got = xfer.words[1][0]
    expected = old if offset == 0 else nic_value
    assert got == expected, f"host read ({when} as the NIC write) returned 0x{got:x}, expected 0x{expected:x}"
    env.model.write(address, nic_value.to_bytes(nb, "little"))
    env.checker.check_all()
