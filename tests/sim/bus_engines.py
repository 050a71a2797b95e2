"""The Wishbone and Avalon-MM engines against each other on one build of their engine wrapper
(``wb_fast_top`` / ``avmm_fast_top``; the bus is the toplevel's).

``bus_engines_agree_cycle_for_cycle`` runs one scenario (NDIS writes aligned and not, a bytewise
copy, reads, a write and a read outside the window) through the pin-level master and through the
same master over the transactor (:mod:`tb.bus_fast_engine`), each from reset, with the same RAM
contents and the same seeded master pacing. A sampler on the wrapper's port (``p_*``, between the
selected engine and the RAM) records, at every rising edge, each request on the bus and each
answer with its payload, and every change of CYC (Wishbone); the traces must be equal cycle for
cycle (counted from the start of each run), and so must the RAM and what every call returned
(responses, data, cycles). On Wishbone it runs in pipelined mode and in standard mode with
registered-feedback bursts, and with classic cycles.

``fast_engine_scenario`` runs the same scenario with the fast engine alone and saves what every
call returned; run with ``+fast_clock`` it does so under the clock generated in Verilog, and the
pytest side compares that with the record of the two-engine run. ``a_violation_fails_its_call``
(with ``+fast_clock``) injects a spurious answer on the port inside a call and expects the
recorder-fed rules to fail that call.
"""

from __future__ import annotations

import json
from pathlib import Path

import cocotb
from cocotb.triggers import ClockCycles, ReadWrite, RisingEdge

from models.axi import Burst, Resp, plan_bursts
from models.pacing import MasterPacing, Pacing
from tb.avalon import AvalonError, AvalonMaster
from tb.bus_env import bus_of
from tb.bus_fast_engine import AvalonFastEngine, WishboneFastEngine
from tb.bus_protocol import BusProtocolViolation, RecordedBusChecker, int_reader
from tb.call_record import CallRecorder, first_difference, restart, run_alone, run_compared
from tb.env import NicRamEnv, regression_seed
from tb.ndis import CopyStrategy
from tb.wishbone import WishboneError, WishboneMaster

#: Master pacing patterns (idle cycles before requests).
PACINGS = {"none": "none", "random": "random:0.3"}
#: Wishbone modes the comparison runs in, by test name: pipelined, standard mode with
#: registered-feedback bursts, and classic cycles (CTI 000) (Avalon-MM has one mode: its runs are
#: named "pipelined").
WB_MODES = {"pipelined": "pipelined", "standard": "classic-burst", "classic": "classic"}
#: Where a run's per-call record goes (in the run directory).
RECORD = "bus-engine-calls-{case}.json"


class PortTrace:
    """Every request and answer on the wrapper's port, with its payload, by rising edge."""

    def __init__(self, dut, clock, bus: str) -> None:
        self.clock = clock
        self.cycle = 0
        self.log: list[tuple] = []
        if bus == "wishbone":
            names = ("cyc", "stb", "we", "adr", "sel", "cti", "bte", "dat_i", "stall", "ack", "err", "dat_o")
            self._read = [int_reader(getattr(dut, f"p_wb_{n}")) for n in names]
            self._events = self._wishbone
        else:
            names = ("read", "write", "address", "burstcount", "byteenable", "writedata", "waitrequest",
                     "readdatavalid", "writeresponsevalid", "response", "readdata")
            self._read = [int_reader(getattr(dut, f"p_avmm_{n}")) for n in names]
            self._events = self._avalon
        self._cyc = 0
        self._task = None

    def _wishbone(self, cyc, stb, we, adr, sel, cti, bte, dat_i, stall, ack, err, dat_o) -> list[tuple]:
        out = []
        if cyc != self._cyc:
            out.append(("cyc", cyc))
            self._cyc = cyc
        if cyc and stb:
            out.append(("stb", we, adr, sel, cti, bte, dat_i if we else None, stall))
        if ack or err:
            out.append(("answer", ack, err, None if we else dat_o))
        return out

    def _avalon(self, read, write, address, burstcount, byteenable, writedata, wait, rdv, wrv, resp, readdata) -> list[tuple]:
        out = []
        if read or write:
            out.append(("cmd", read, write, address, burstcount, byteenable, writedata if write else None, wait))
        if rdv:
            out.append(("readdata", resp, readdata))
        if wrv:
            out.append(("writeresponse", resp))
        return out

    def start(self) -> "PortTrace":
        self._task = cocotb.start_soon(self._run())
        return self

    async def _run(self) -> None:
        while True:
            await RisingEdge(self.clock)
            self.cycle += 1
            for event in self._events(*(r() for r in self._read)):
                self.log.append((self.cycle, *event))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


def _engine(dut, clock, bus: str, fast: bool, mode: str):
    if bus == "wishbone":
        return (WishboneFastEngine if fast else WishboneMaster)(dut, clock, mode=mode)
    return (AvalonFastEngine if fast else AvalonMaster)(dut, clock)


async def _scenario(env: NicRamEnv, bus: CallRecorder) -> None:
    """NDIS calls (every write checked by backdoor, guards and read-back) and one write and read
    outside the window (ERR / DECODEERROR: DECERR, nothing written)."""
    base, nb = env.cfg.base_addr, env.cfg.bus_bytes
    env.host.bus = bus
    for offset, n in ((0, 96), (3, nb + 1), (0x801, 1), (0x1234, 2 * nb - 1)):
        await env.write_checked(base + offset, env.random_bytes(n), label=f"write of {n} at +0x{offset:x}")
    env.host.strategy = CopyStrategy.BYTEWISE
    await env.write_checked(base + 0x2003, env.random_bytes(5), label="bytewise write")
    env.host.strategy = CopyStrategy.BURST
    for _ in range(2):
        n = env.rng.randrange(1, 64)
        address = base + env.rng.randrange(0, env.cfg.ram_bytes - n)
        assert await env.read_front(address, n) == env.model.read(address, n), f"read of {n} at 0x{address:x}"
    outside = plan_bursts(env.cfg.window_end + 0x40, 2 * nb, nb)
    xfer = await bus.write(outside, env.random_bytes(2 * nb))
    assert xfer.resps == [Resp.DECERR] * len(outside), f"write outside the window: {xfer.resps}"
    xfer = await bus.read(outside)
    assert xfer.resps == [Resp.DECERR] * len(outside), f"read outside the window: {xfer.resps}"
    await RisingEdge(env.clock)
    env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(mode=tuple(WB_MODES), pacing=tuple(PACINGS))
async def bus_engines_agree_cycle_for_cycle(dut, mode: str, pacing: str) -> None:
    """Pin-level master and transactor: the same requests and answers in the same cycles, the same
    RAM, the same call results."""
    bus = bus_of(dut)
    if bus == "avalon" and mode != "pipelined":
        return  # one mode on Avalon-MM: the pytest side runs only "pipelined" there
    # the environment's engine sets the mode the port's monitor judges
    env = await NicRamEnv(dut, engine="pin" if mode == "pipelined" else WB_MODES[mode], pacing=MasterPacing()).start()
    seed = regression_seed()
    env.rng.seed(seed)
    start_ram = await env.fill_random()
    master_pacing = MasterPacing.uniform(Pacing.parse(PACINGS[pacing], seed=seed))
    trace = PortTrace(dut, env.clock, bus).start()
    runs = {}
    for name in ("pin", "fast"):
        await restart(env, start_ram, seed)
        engine = _engine(dut, env.clock, bus, name == "fast", WB_MODES[mode])
        dut.x_sel.value = int(name == "fast")
        first, recorder = await run_compared(env, engine, master_pacing, _scenario, lambda: trace.cycle)
        runs[name] = ([(c - first, *e) for c, *e in trace.log], env.backdoor.read_all(), recorder.calls)
        trace.log.clear()
    trace.stop()
    (pin_trace, pin_ram, pin_calls), (trace_f, ram_f, calls_f) = runs["pin"], runs["fast"]
    env.log.info("%s %s, pacing %s, seed %d: %d port events each", bus, mode, PACINGS[pacing], seed, len(pin_trace))
    # the scenario's fixed byte counts make fewer words on a wider bus: about 80 events at 64 bits
    assert len(pin_trace) > 50, f"the scenario made only {len(pin_trace)} port events"
    assert pin_trace == trace_f, f"bus traffic differs ({bus} {mode}, {PACINGS[pacing]}, seed {seed}): " + \
        first_difference(pin_trace, trace_f)
    assert pin_ram == ram_f, "RAM contents differ after the same scenario"
    assert pin_calls == calls_f, "the calls returned different responses, data or cycle counts"
    Path(RECORD.format(case=f"{mode}-{pacing}")).write_text(json.dumps(calls_f))


@cocotb.test()
@cocotb.parametrize(mode=tuple(WB_MODES), pacing=tuple(PACINGS))
async def fast_engine_scenario(dut, mode: str, pacing: str) -> None:
    """The fast engine alone (under the Verilog clock when run with +fast_clock): every write
    checks out; what each call returned is saved for comparison with the two-engine run."""
    bus = bus_of(dut)
    if bus == "avalon" and mode != "pipelined":
        return
    engine_name = "fast" if mode == "pipelined" else f"fast-{WB_MODES[mode]}"
    env = await NicRamEnv(dut, engine=engine_name, pacing=MasterPacing()).start()
    recorder = await run_alone(env, PACINGS[pacing], _scenario, RECORD.format(case=f"{mode}-{pacing}"))
    env.log.info("%s %s, pacing %s, %s clock: %d calls", bus, mode, PACINGS[pacing],
                 "Verilog" if env.fast_clock else "Python", len(recorder.calls))


@cocotb.test()
async def a_violation_fails_its_call(dut) -> None:
    """Under the Verilog clock (run with +fast_clock) the recorder feeds the rules: a spurious
    answer injected on the port inside a call (Wishbone: ERR with the RAM's ACK; Avalon-MM:
    readdatavalid in a write call) fails that call naming the rule; inside ``expect`` the rule is
    recorded instead; the next call works, and its transfers reach the coverage listeners."""
    bus = bus_of(dut)
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    assert env.fast_clock and isinstance(env.protocol, RecordedBusChecker), "run with +fast_clock"
    await env.fill_random()
    base, nb = env.cfg.base_addr, env.cfg.bus_bytes
    # Wishbone: ERR beside the RAM's ACK of the call's first request (taken at the call's first
    # edge, answered in the next cycle); Avalon-MM: readdatavalid in a write call's first cycle
    rule = "rule-3.45-one-termination" if bus == "wishbone" else "readdatavalid-unrequested"
    later = 1 if bus == "wishbone" else 0
    assert rule in env.protocol.rule_names, f"{rule} is not a {bus} rule: {env.protocol.rule_names}"
    bursts = plan_bursts(base + 0x300, 4 * nb, nb)

    async def spurious_answer_then_write() -> None:
        await RisingEdge(env.clock)
        await ReadWrite()  # x_cycle has counted that edge
        dut.x_inject_at.value = dut.x_cycle.value.to_unsigned() + later
        try:
            await env.master.write(bursts, env.random_bytes(4 * nb))
        finally:
            dut.x_inject_at.value = 0

    error = WishboneError if bus == "wishbone" else AvalonError
    try:
        await spurious_answer_then_write()
    except BusProtocolViolation as exc:
        assert rule in [v.rule for v in exc.violations], str(exc)
    except error as exc:
        raise AssertionError(f"the transactor failed the call, but the rules did not: {exc}") from exc
    else:
        raise AssertionError(f"a spurious answer under the Verilog clock and no rule fired ({bus})")
    with env.protocol.expect(rule):
        await spurious_answer_then_write()
    records: list = []  # what coverage is fed: Wishbone bursts (lists of WbTransfer), Avalon-MM AvBurstRecords
    env.protocol.add_listener(lambda r: records.extend(r) if isinstance(r, list) else records.append(r))
    await env.write_checked(base + 0x500, env.random_bytes(4 * nb), label="write after the injected answers")
    env.protocol.poll()
    written = [r for r in records if (r.we if bus == "wishbone" else r.write)]
    assert written and {r.address for r in written} <= {base + 0x500 + k * nb for k in range(4)}, records


@cocotb.test()
async def fast_engine_rejects_bad_input(dut) -> None:
    """What the transactor cannot carry fails before any bus cycle, naming the value and what is
    allowed, and changes no byte of the RAM; the fast engines need the engine wrapper."""
    bus = bus_of(dut)
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    before = await env.fill_random()
    width = len(dut.u_ram.s_wb_adr if bus == "wishbone" else dut.u_ram.s_avmm_address)
    too_far = 1 << width
    try:
        await env.master.write(plan_bursts(too_far, env.cfg.bus_bytes, env.cfg.bus_bytes), bytes(env.cfg.bus_bytes))
    except ValueError as exc:
        assert f"0x{too_far:x}" in str(exc) and f"{width} address bits" in str(exc), str(exc)
    else:
        raise AssertionError(f"a write at 0x{too_far:x} was accepted by the {bus} fast engine")
    engine = WishboneFastEngine if bus == "wishbone" else AvalonFastEngine
    for kwargs, names in (({"timeout_cycles": 0}, ["timeout_cycles=0", "1..2**32-1"]),):
        try:
            engine(dut, env.clock, **kwargs)
        except ValueError as exc:
            assert all(n in str(exc) for n in names), f"the error does not name {names}: {exc}"
        else:
            raise AssertionError(f"{engine.__name__} accepted {kwargs}")
    try:
        engine(dut.u_ram, env.clock)
    except ValueError as exc:
        assert "engine wrapper" in str(exc), str(exc)
    else:
        raise AssertionError(f"{engine.__name__} accepted a toplevel without a transactor")
    try:
        NicRamEnv(dut, engine="turbo")
    except ValueError as exc:
        assert "'turbo'" in str(exc) and "fast" in str(exc), str(exc)
    else:
        raise AssertionError("NicRamEnv accepted engine='turbo'")
    assert env.master.stats.beats == 0, "a rejected request moved data on the bus"
    await RisingEdge(env.clock)
    assert env.backdoor.read_all() == before, "a rejected request changed the RAM"


@cocotb.test()
async def reset_ends_a_fast_call_cleanly(dut) -> None:
    """Reset during a call through the transactor, or when the call would start: the call fails at
    once naming the reset and how far it got, and the next call works."""
    bus = bus_of(dut)
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    base, nb = env.cfg.base_addr, env.cfg.bus_bytes
    error = WishboneError if bus == "wishbone" else AvalonError
    data = env.random_bytes(64 * nb)

    async def reset_after(edges: int) -> None:
        for _ in range(edges):
            await RisingEdge(env.clock)
        dut.rst.value = 1
        await ClockCycles(env.clock, 2)
        dut.rst.value = 0

    for edges in (0, 5):  # at the edge that would take the command, and in the middle of the call
        resetter = cocotb.start_soon(reset_after(edges))
        if edges == 0:
            dut.rst.value = 1
        try:
            await env.master.write(plan_bursts(base + 0x200, len(data), nb), data)
        except error as exc:
            assert "reset during the call" in str(exc) and "RESET" in str(exc), str(exc)
        else:
            raise AssertionError(f"a write with reset {edges} edges into it returned normally")
        await resetter
    await RisingEdge(env.clock)
    env.backdoor.write(base, bytes(env.cfg.ram_bytes))  # what the interrupted writes left is not checked here
    env.model.write(base, bytes(env.cfg.ram_bytes))
    await RisingEdge(env.clock)
    await env.write_checked(base + 0x80, env.random_bytes(5 * nb + 3), label="write after the reset")
