"""nic_shared_ram_wb at the Wishbone port: what its header promises, and the protocol monitor.

Throughput, errors outside the window, SEL, registered-feedback bursts (incrementing linear and
wrap-4/8/16, constant address), standard-mode (classic) cycles, outputs before reset; then every
master-side rule of the Wishbone monitor broken on purpose on the real port (the slave-side rules,
which this RTL never breaks, are proven to fire in tests/models/test_bus_rules.py).
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import ReadOnly, RisingEdge, Timer

from models.axi import Burst
from models.wishbone import Bte, Cti, burst_addresses
from tb.env import NicRamEnv
from tb.wishbone import WishboneMaster


async def _env(dut, **kwargs) -> NicRamEnv:
    env = await NicRamEnv(dut, **kwargs).start()
    await env.fill_random()
    return env


def _word(env: NicRamEnv) -> int:
    return env.cfg.bus_bytes


@cocotb.test()
async def outputs_are_defined_before_reset(dut) -> None:
    """From time 0, before any clock or reset: ACK and ERR low, STALL high, DAT_O zero."""
    await Timer(1, unit="ns")
    await ReadOnly()
    for name, want in (("s_wb_ack", 0), ("s_wb_err", 0), ("s_wb_stall", 1), ("s_wb_dat_o", 0)):
        value = getattr(dut, name).value
        assert value.is_resolvable and int(str(value), 2) == want, f"{name} = {value} at time 0, expected {want}"


@cocotb.test()
async def an_aligned_copy_moves_one_word_per_clock(dut) -> None:
    """A 64-word aligned write and read are one incrementing burst each, one word per clock."""
    env = await _env(dut)
    nb = _word(env)
    address = env.cfg.base_addr + 0x100
    data = env.random_bytes(64 * nb)
    before = env.master.stats.bursts
    await env.write_checked(address, data)
    assert env.master.stats.bursts - before == 2, "the write and its read-back should be one burst each"
    xfer = await env.master.read([Burst.covering(address, 64, nb.bit_length() - 1)])
    # 64 beats, one cycle for the answer of the last one
    assert xfer.cycles == 65, f"64 words took {xfer.cycles} cycles"
    assert xfer.data == data
    # and a 16-word burst each way
    short = Burst.covering(address + 0x400, 16, nb.bit_length() - 1)
    words = env.random_bytes(16 * nb)
    xfer = await env.master.write([short], words)
    assert xfer.ok and env.master.stats.bursts - before == 4
    env.model.write(short.address, words)
    assert (await env.master.read([short])).data == words
    env.checker.check_all()


@cocotb.test()
async def outside_the_window_gets_err_and_writes_nothing(dut) -> None:
    """Every transfer outside the window is answered with ERR; no byte changes; read data is 0."""
    env = await _env(dut)
    nb = _word(env)
    end = env.cfg.window_end
    outside = [end, end + nb, env.cfg.base_addr - nb, (end + 0x10000) & 0xFFFFFFFF & ~(nb - 1)]
    requests = [(a, (1 << nb) - 1, 0x5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A & ((1 << 8 * nb) - 1), Cti.END_OF_BURST, Bte.LINEAR)
                for a in outside]
    errs, _, _ = await env.master.run(requests, True)
    assert errs == [True] * len(requests), f"answers {errs}"
    errs, words, _ = await env.master.run(requests, False)
    assert errs == [True] * len(requests) and words == [0] * len(requests), f"answers {errs}, data {words}"
    # a burst running off the end: the words inside are written, the ones outside get ERR
    start = end - 2 * nb
    addrs = burst_addresses(start, 4, nb)
    burst = [(a, (1 << nb) - 1, 0, Cti.INCREMENTING if i < 3 else Cti.END_OF_BURST, Bte.LINEAR) for i, a in enumerate(addrs)]
    errs, _, _ = await env.master.run(burst, True)
    assert errs == [False, False, True, True], f"answers {errs}"
    env.model.write(start, bytes(2 * nb))
    await RisingEdge(dut.clk)
    env.checker.check_all()


@cocotb.test()
async def sel_picks_the_bytes_written(dut) -> None:
    """A write stores exactly the bytes whose SEL bit is set; SEL = 0 stores nothing."""
    env = await _env(dut)
    nb = _word(env)
    address = env.cfg.base_addr + 0x40
    for sel in (0, 1, 1 << (nb - 1), (1 << nb) - 1, 0b101 & ((1 << nb) - 1)):
        word = env.rng.getrandbits(8 * nb)
        errs, _, _ = await env.master.run([(address, sel, word, Cti.END_OF_BURST, Bte.LINEAR)], True)
        assert errs == [False]
        old = bytearray(env.model.read(address, nb))
        new = word.to_bytes(nb, "little")
        for lane in range(nb):
            if sel >> lane & 1:
                old[lane] = new[lane]
        env.model.write(address, bytes(old))
        await RisingEdge(dut.clk)
        env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(bte=(Bte.WRAP4, Bte.WRAP8, Bte.WRAP16))
async def wrap_bursts_land_as_addressed(dut, bte: Bte) -> None:
    """A wrapping incrementing burst (BTE wrap-4/8/16) starting mid-block writes and reads each
    word of its block once, at full rate."""
    env = await _env(dut)
    nb = _word(env)
    wrap = {Bte.WRAP4: 4, Bte.WRAP8: 8, Bte.WRAP16: 16}[bte]
    start = env.cfg.base_addr + 0x200 + (wrap - 1) * nb  # the last word of the block: wraps at once
    addrs = burst_addresses(start, wrap, nb, bte)
    words = [env.rng.getrandbits(8 * nb) for _ in addrs]
    ctis = [Cti.INCREMENTING] * (wrap - 1) + [Cti.END_OF_BURST]
    full = (1 << nb) - 1
    errs, _, cycles = await env.master.run([(a, full, w, c, bte) for a, w, c in zip(addrs, words, ctis)], True)
    assert errs == [False] * wrap and cycles == wrap + 1, f"answers {errs} in {cycles} cycles"
    for a, w in zip(addrs, words):
        env.model.write(a, w.to_bytes(nb, "little"))
    await RisingEdge(dut.clk)
    env.checker.check_all()
    errs, got, _ = await env.master.run([(a, full, 0, c, bte) for a, c in zip(addrs, ctis)], False)
    assert errs == [False] * wrap and got == words


@cocotb.test()
async def constant_address_burst_rewrites_one_word(dut) -> None:
    """A constant address burst (CTI 001) writes the same word each beat, one beat per two clocks
    (the slave cannot tell a held classic beat from a pipelined repeat); the last write stays."""
    env = await _env(dut)
    nb = _word(env)
    address = env.cfg.base_addr + 0x80
    words = [env.rng.getrandbits(8 * nb) for _ in range(5)]
    ctis = [Cti.CONSTANT] * 4 + [Cti.END_OF_BURST]
    full = (1 << nb) - 1
    errs, _, cycles = await env.master.run([(address, full, w, c, Bte.LINEAR) for w, c in zip(words, ctis)], True)
    assert errs == [False] * 5 and cycles == 10, f"answers {errs} in {cycles} cycles"
    env.model.write(address, words[-1].to_bytes(nb, "little"))
    await RisingEdge(dut.clk)
    env.checker.check_all()
    errs, got, _ = await env.master.run([(address, full, 0, c, Bte.LINEAR) for c in ctis], False)
    assert errs == [False] * 5 and got == [words[-1]] * 5, f"constant address reads: {errs} {got}"


@cocotb.test()
async def classic_cycles_are_taken_once(dut) -> None:
    """A standard-mode master holds STB until ACK: each transfer is taken once, two clocks each."""
    env = await _env(dut, engine="classic")
    nb = _word(env)
    address = env.cfg.base_addr + 0x300
    words = [env.rng.getrandbits(8 * nb) for _ in range(6)]
    full = (1 << nb) - 1
    requests = [(address + i * nb, full, w, Cti.CLASSIC, Bte.LINEAR) for i, w in enumerate(words)]
    errs, _, cycles = await env.master.run(requests, True)
    assert errs == [False] * 6 and cycles == 12, f"answers {errs} in {cycles} cycles"
    for i, w in enumerate(words):
        env.model.write(address + i * nb, w.to_bytes(nb, "little"))
    await RisingEdge(dut.clk)
    env.checker.check_all()
    errs, got, cycles = await env.master.run([(a, full, 0, c, b) for a, _, _, c, b in requests], False)
    assert errs == [False] * 6 and got == words and cycles == 12, f"classic reads: {errs} in {cycles} cycles"


def _burst(start: int, beats: int, nb: int, bte: Bte, words: list[int]) -> list[tuple[int, int, int, int, int]]:
    addrs = burst_addresses(start, beats, nb, bte)
    ctis = [Cti.INCREMENTING] * (beats - 1) + [Cti.END_OF_BURST]
    return [(a, (1 << nb) - 1, w, c, bte) for a, w, c in zip(addrs, words, ctis)]


@cocotb.test()
@cocotb.parametrize(bte=(Bte.LINEAR, Bte.WRAP4, Bte.WRAP8, Bte.WRAP16))
async def classic_registered_feedback_bursts_move_one_word_per_clock(dut, bte: Bte) -> None:
    """A standard-mode master's incrementing burst (CTI 010 .. 111, each BTE, starting mid-block):
    ACK stays high for the consecutive beats, so N beats take N + 1 clocks each way, and every
    word lands where Table 4-3 puts it."""
    env = await _env(dut, engine="classic-burst")
    nb = _word(env)
    beats = {Bte.LINEAR: 16, Bte.WRAP4: 4, Bte.WRAP8: 8, Bte.WRAP16: 16}[bte]
    start = env.cfg.base_addr + 0x600 + (beats // 2 + 1) * nb
    words = [env.rng.getrandbits(8 * nb) for _ in range(beats)]
    requests = _burst(start, beats, nb, bte, words)
    errs, _, cycles = await env.master.run(requests, True)
    assert errs == [False] * beats and cycles == beats + 1, f"answers {errs} in {cycles} cycles"
    for (a, _, w, _, _) in requests:
        env.model.write(a, w.to_bytes(nb, "little"))
    await RisingEdge(dut.clk)
    env.checker.check_all()
    errs, got, cycles = await env.master.run([(a, s, 0, c, b) for a, s, _, c, b in requests], False)
    assert errs == [False] * beats and got == words and cycles == beats + 1, f"reads: {errs} in {cycles} cycles"


@cocotb.test()
async def classic_constant_bursts_and_singles_are_taken_once(dut) -> None:
    """A standard-mode constant address burst (CTI 001 .. 111) takes each beat once, two clocks a
    beat; an End-Of-Burst single takes two clocks."""
    env = await _env(dut, engine="classic-burst")
    nb = _word(env)
    full = (1 << nb) - 1
    address = env.cfg.base_addr + 0xA00
    words = [env.rng.getrandbits(8 * nb) for _ in range(4)]
    ctis = [Cti.CONSTANT] * 3 + [Cti.END_OF_BURST]
    errs, _, cycles = await env.master.run([(address, full, w, c, Bte.LINEAR) for w, c in zip(words, ctis)], True)
    assert errs == [False] * 4 and cycles == 8, f"answers {errs} in {cycles} cycles"
    env.model.write(address, words[-1].to_bytes(nb, "little"))
    errs, got, cycles = await env.master.run([(address, full, 0, c, Bte.LINEAR) for c in ctis], False)
    assert errs == [False] * 4 and got == [words[-1]] * 4 and cycles == 8, f"reads: {errs} {got} in {cycles}"
    single = env.rng.getrandbits(8 * nb)
    errs, _, cycles = await env.master.run([(address + nb, full, single, Cti.END_OF_BURST, Bte.LINEAR)], True)
    assert errs == [False] and cycles == 2, f"single: {errs} in {cycles} cycles"
    env.model.write(address + nb, single.to_bytes(nb, "little"))
    await RisingEdge(dut.clk)
    env.checker.check_all()
    assert env.coverage.hits["standard mode"]["write constant 2-15"] == 1, env.coverage.hits


@cocotb.test()
async def classic_bursts_wait_for_master_wait_states(dut) -> None:
    """Inside a standard-mode burst the master negates STB for a few cycles: no ACK shows while
    STB is low, and no beat is lost, doubled or misplaced."""
    env = await _env(dut, engine="classic-burst")
    nb = _word(env)
    pattern = iter([False, False, True, True, False, True, False, False, False, True, True, True] + [False] * 64)
    env.master.pause = lambda: next(pattern)
    start = env.cfg.base_addr + 0x900
    words = [env.rng.getrandbits(8 * nb) for _ in range(12)]
    requests = _burst(start, 12, nb, Bte.LINEAR, words)
    errs, _, cycles = await env.master.run(requests, True)
    assert errs == [False] * 12 and cycles > 13, f"answers {errs} in {cycles} cycles"
    for (a, _, w, _, _) in requests:
        env.model.write(a, w.to_bytes(nb, "little"))
    await RisingEdge(dut.clk)
    env.checker.check_all()
    pattern = iter([False, True, False, True, True, False] + [False] * 64)
    errs, got, _ = await env.master.run([(a, s, 0, c, b) for a, s, _, c, b in requests], False)
    assert errs == [False] * 12 and got == words, f"reads: {errs} {got} != {words}"


@cocotb.test()
async def a_classic_burst_off_the_window_end_gets_err_and_writes_nothing_outside(dut) -> None:
    """A standard-mode burst running off the end of the window: the beats inside are ACKed and
    written, the beats outside get ERR, read 0 and change nothing."""
    env = await _env(dut, engine="classic-burst")
    nb = _word(env)
    start = env.cfg.window_end - 2 * nb
    words = [env.rng.getrandbits(8 * nb) for _ in range(4)]
    requests = _burst(start, 4, nb, Bte.LINEAR, words)
    errs, _, _ = await env.master.run(requests, True)
    assert errs == [False, False, True, True], f"answers {errs}"
    for (a, _, w, _, _) in requests[:2]:
        env.model.write(a, w.to_bytes(nb, "little"))
    await RisingEdge(dut.clk)
    env.checker.check_all()
    errs, got, _ = await env.master.run([(a, s, 0, c, b) for a, s, _, c, b in requests], False)
    assert errs == [False, False, True, True] and got == words[:2] + [0, 0], f"reads: {errs} {got}"


@cocotb.test()
async def classic_engine_copies_are_registered_feedback_bursts(dut) -> None:
    """The classic-burst engine runs the host's copies as incrementing bursts: a 64-word aligned
    write and read take 65 clocks each, like the pipelined engine."""
    env = await _env(dut, engine="classic-burst")
    nb = _word(env)
    address = env.cfg.base_addr + 0x100
    data = env.random_bytes(64 * nb)
    await env.write_checked(address, data)
    xfer = await env.master.read([Burst.covering(address, 64, nb.bit_length() - 1)])
    assert xfer.cycles == 65 and xfer.data == data, f"64 words in {xfer.cycles} cycles"
    assert env.coverage.hits["standard mode"]["read incr-linear 17-255"] >= 1, env.coverage.hits


# ------------------------------------------------------------------ the monitor, on the real port


async def _drive(dut, steps: list[dict]) -> None:
    """Drive the master pins cycle by cycle: each step's values, then a rising edge."""
    for step in steps:
        for name, value in step.items():
            getattr(dut, name).value = value
        await RisingEdge(dut.clk)


def _req(adr: int, cti: int, **kw) -> dict:
    return {"s_wb_cyc": 1, "s_wb_stb": 1, "s_wb_adr": adr, "s_wb_cti": cti, **kw}


IDLE = {"s_wb_cyc": 0, "s_wb_stb": 0, "s_wb_we": 0, "s_wb_cti": 0, "s_wb_bte": 0}


async def _broken(dut, rule: str, steps) -> None:
    env = await _env(dut)
    base = env.cfg.base_addr
    nb = _word(env)
    dut.s_wb_sel.value = (1 << nb) - 1
    with env.protocol.expect(rule):
        await _drive(dut, steps(base, nb) + [IDLE, IDLE])


@cocotb.test()
async def monitor_flags_stb_without_cyc(dut) -> None:
    """RULE 3.25: STB without CYC."""
    await _broken(dut, "rule-3.25-cyc", lambda b, nb: [{"s_wb_stb": 1, "s_wb_adr": b}])


@cocotb.test()
async def monitor_flags_cyc_during_reset(dut) -> None:
    """RULE 3.20: CYC and STB must stay negated while RST_I is asserted."""
    await _broken(dut, "rule-3.20-reset", lambda b, nb: [
        {"rst": 1}, _req(b, Cti.END_OF_BURST), {"rst": 0, **IDLE}])


@cocotb.test()
async def monitor_flags_a_stalled_request_that_changes(dut) -> None:
    """B4 pipelined: a stalled request must be held (the slave stalls after an End-Of-Burst)."""
    await _broken(dut, "pipelined-stall-hold", lambda b, nb: [
        _req(b, Cti.END_OF_BURST), _req(b + nb, Cti.END_OF_BURST), _req(b + 2 * nb, Cti.END_OF_BURST),
        {"s_wb_stb": 0}, IDLE])


@cocotb.test()
async def monitor_flags_cyc_dropped_before_the_answer(dut) -> None:
    """B4 pipelined: CYC must stay up until every request is answered."""
    await _broken(dut, "pipelined-cyc-held", lambda b, nb: [_req(b, Cti.END_OF_BURST), IDLE])


@cocotb.test()
async def monitor_flags_a_burst_without_end_of_burst(dut) -> None:
    """RULE 4.30: an incrementing burst must end with End-Of-Burst."""
    await _broken(dut, "rule-4.30-end-of-burst", lambda b, nb: [
        _req(b, Cti.INCREMENTING), _req(b + nb, Cti.CLASSIC), {"s_wb_stb": 0}, {"s_wb_stb": 0}, IDLE])


@cocotb.test()
async def monitor_flags_sel_changing_in_an_incrementing_burst(dut) -> None:
    """RULE 4.40: an incrementing burst keeps SEL."""
    await _broken(dut, "rule-4.40-incrementing-burst", lambda b, nb: [
        _req(b, Cti.INCREMENTING), _req(b + nb, Cti.END_OF_BURST, s_wb_sel=0), {"s_wb_stb": 0}, IDLE])


@cocotb.test()
async def monitor_flags_an_incrementing_burst_that_skips_a_word(dut) -> None:
    """RULE 4.40: the address steps one word (linear BTE)."""
    await _broken(dut, "rule-4.40-incrementing-burst", lambda b, nb: [
        _req(b, Cti.INCREMENTING), _req(b + 2 * nb, Cti.END_OF_BURST), {"s_wb_stb": 0}, IDLE])


@cocotb.test()
async def monitor_flags_a_constant_burst_that_moves(dut) -> None:
    """RULE 4.35: a constant address burst keeps ADR (the slave stalls the beat after a constant one)."""
    await _broken(dut, "rule-4.35-constant-burst", lambda b, nb: [
        _req(b, Cti.CONSTANT), _req(b + nb, Cti.END_OF_BURST), _req(b + nb, Cti.END_OF_BURST), {"s_wb_stb": 0},
        IDLE])


@cocotb.test()
async def monitor_flags_a_reserved_cti(dut) -> None:
    """CTI 011..110 are reserved."""
    await _broken(dut, "cti-reserved", lambda b, nb: [_req(b, 0b100), {"s_wb_stb": 0}, {"s_wb_stb": 0}, IDLE])


@cocotb.test()
async def monitor_flags_a_classic_request_changed_before_its_answer(dut) -> None:
    """Standard mode: the master holds its request until ACK (judged by the classic monitor)."""
    env = await _env(dut, engine="classic-burst")
    b, nb = env.cfg.base_addr, _word(env)
    dut.s_wb_sel.value = (1 << nb) - 1
    with env.protocol.expect("classic-request-held"):
        await _drive(dut, [_req(b, Cti.END_OF_BURST), _req(b + nb, Cti.END_OF_BURST), IDLE, IDLE])


@cocotb.test()
async def an_unexpected_violation_fails_the_test(dut) -> None:
    """Outside an ``expect`` block a broken rule is raised by the monitor (the test would fail)."""
    env = await _env(dut)
    env.protocol.raise_on_violation = False
    await _drive(dut, [{"s_wb_stb": 1, "s_wb_adr": env.cfg.base_addr}, IDLE, IDLE])
    assert [v.rule for v in env.protocol.unexpected] == ["rule-3.25-cyc"], env.protocol.unexpected
