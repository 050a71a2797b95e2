"""The two bus engines against each other on one build of ``nic_fast_top``.

The same scenario (NDIS writes and reads, aligned and not, burst and bytewise copies, a 4 KiB
crossing, hand-made WRAP/FIXED/narrow bursts with sparse strobes, bursts the RTL answers with
SLVERR and DECERR, and one call of 300 one-beat bursts) runs through the pin-level
:class:`tb.axi_master.AxiMaster`, through :class:`tb.fast_engine.FastEngine` streaming its write
calls, and through it again with every burst as a command, each from reset, the same RAM contents
and the same seeded master pacing. A monitor on the RAM's own ports records every handshake with
its payload; the traces must be equal cycle for cycle (counted from the start of each run), and so
must the RAM, the responses, the data read and the cycles of every call.

``fast_engine_scenario`` runs the same scenario with the fast engine alone; run with ``+fast_clock``
it does so under the clock generated in Verilog, and it saves what every call did (responses,
data, cycles). The pytest side compares that with the record ``engines_agree_cycle_for_cycle``
saves on the Python clock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import cocotb
from cocotb.simtime import get_sim_time
from cocotb.triggers import ClockCycles, RisingEdge

from models.axi import Burst, BurstRecord, BurstType, Resp, plan_bursts
from models.pacing import MasterPacing, Pacing
from tb.axi_master import AxiError, AxiMaster, AxiResetError
from tb.call_record import CallRecorder, first_difference, restart, run_alone, run_compared
from tb.env import NicRamEnv, regression_seed
from tb.fast_engine import READ_STREAM_FILE, STREAM_FILE, FastEngine
from tb.xactor_wire import READ_OUT_FILE, READ_RECORD, READ_RECORD_HEADER_BYTES, Mailbox
from tb.monitor import AxiMonitor, Handshake
from tb.ndis import CopyStrategy
from tb.protocol import AxiProtocolViolation, RecordedProtocolChecker

#: Pacing patterns the scenario runs under (master side: VALID gaps, READY held low).
PACINGS = {"none": "none", "random": "random:0.3", "fixed": "fixed:0010110"}
#: Where the per-call record of a run goes (in the run directory), by pacing name.
RECORD = "engine-calls-{pacing}.json"


async def _scenario(env: NicRamEnv, bus: CallRecorder) -> None:
    """NDIS calls and hand-made bursts; every NDIS write is checked (backdoor, guards, read-back)."""
    base, nb, size = env.cfg.base_addr, env.cfg.bus_bytes, env.cfg.bus_bytes.bit_length() - 1
    rng = env.rng
    env.host.bus = bus
    for offset, n in ((0, 1024), (3, nb + 1), (0x1000 - 5, 300), (0x801, 1), (0x1234, 2 * nb - 1)):
        await env.write_checked(base + offset, env.random_bytes(n), label=f"write of {n} at +0x{offset:x}")
    env.host.strategy = CopyStrategy.BYTEWISE
    await env.write_checked(base + 0x2003, env.random_bytes(37), label="bytewise write")
    env.host.strategy = CopyStrategy.BURST
    for _ in range(3):
        n = rng.randrange(1, 600)
        address = base + rng.randrange(0, env.cfg.ram_bytes - n)
        assert await env.read_front(address, n) == env.model.read(address, n), f"read of {n} at 0x{address:x}"

    # Hand-made bursts: narrow beats, sparse strobes (within each beat's lanes), WRAP, FIXED, DECERR.
    bursts = [
        Burst.covering(base + 0x400 + 2 * nb, 4, size, BurstType.WRAP),
        Burst.covering(base + 0x480, 3, size, BurstType.FIXED),
        Burst.covering(base + 0x501, 7, 0, BurstType.INCR),
        Burst.covering(env.cfg.window_end + 0x100, 4, size),  # outside the window: DECERR
    ]
    beats = [
        (
            [rng.getrandbits(8 * nb) for _ in range(b.beats)],
            [rng.getrandbits(nb) & (((1 << n) - 1) << first) for first, n in b.lanes(nb)],
        )
        for b in bursts
    ]
    xfer = await bus.write_beats(bursts, lambda i: beats[i])
    for b, (words, strobes), got in zip(bursts, beats, xfer.resps):
        expected = env.model.write_burst(b, nb, words, strobes)
        assert got == expected, f"{b}: response {got!r}, model says {expected!r}"
    xfer = await bus.read(bursts)
    assert xfer.resps == [Resp.OKAY] * 3 + [Resp.DECERR], f"read responses {xfer.resps}"

    # One call of many one-beat bursts: the transactor's slots turn over every cycle and its
    # response log wraps (a streamed call must keep up with both).
    start = base + 0x2800
    assert start + 300 * nb <= env.cfg.window_end, "the scenario's burst train does not fit the RAM"
    bursts = [  # every seventh outside the window, so the responses differ and a lost one shows
        Burst.covering(env.cfg.window_end + 0x40 if k % 7 == 3 else start + k * nb, 1, size) for k in range(300)
    ]
    beats = [([rng.getrandbits(8 * nb)], [rng.getrandbits(nb)]) for _ in bursts]
    xfer = await bus.write_beats(bursts, lambda i: beats[i])
    for b, (words, strobes), got in zip(bursts, beats, xfer.resps):
        expected = env.model.write_burst(b, nb, words, strobes)
        assert got == expected, f"{b}: response {got!r}, model says {expected!r}"
    assert env.backdoor.read(start, 300 * nb) == env.model.read(start, 300 * nb), "the burst train left other bytes"
    # ... read back in one call: errors in the middle of a read, every slot turned over per cycle
    # (the streamed engine takes the descriptors from its file and gives the data back in one)
    written = xfer.resps
    engine = bus.engine
    wakeups = getattr(engine, "wakeups", 0)
    xfer = await bus.read(bursts)
    assert xfer.resps == written, "the burst train's read responses differ from its write responses"
    for k, b in enumerate(bursts):
        if xfer.resps[k] == Resp.OKAY:
            want = int.from_bytes(env.model.read(b.address, nb), "little")
            assert xfer.words[k] == [want], f"burst {k} of the train read back 0x{xfer.words[k][0]:x}, not 0x{want:x}"
    if isinstance(engine, FastEngine) and engine.stream and not engine.r_hold and not engine.ar_pause:
        woke = engine.wakeups - wakeups
        assert woke <= 3, f"a streamed read of 300 bursts woke Python {woke} times"

    # A burst wider than the bus: SLVERR both ways (the protocol checker expects it, on either clock).
    bad = [Burst(base + 0x600, 2, size + 1, BurstType.INCR)]
    full = (1 << nb) - 1
    with env.protocol.expect("size-too-wide"):
        xfer = await bus.write_beats(bad, lambda i: ([rng.getrandbits(8 * nb) for _ in range(2)], [full, full]))
        assert xfer.resps == [Resp.SLVERR], f"write of {bad[0]}: {xfer.resps}"
        xfer = await bus.read(bad)
        assert xfer.resps == [Resp.SLVERR], f"read of {bad[0]}: {xfer.resps}"
    await RisingEdge(env.clock)
    env.checker.check_all()


def _relative(log: list[Handshake], start: int) -> list[tuple]:
    return [(h.cycle - start, h.channel, h.payload) for h in log]


@cocotb.test()
@cocotb.parametrize(pacing=tuple(PACINGS))
async def engines_agree_cycle_for_cycle(dut, pacing: str) -> None:
    """Pin-level master and transactor: the same handshakes in the same cycles, the same RAM."""
    env = await NicRamEnv(dut, engine="pin", pacing=MasterPacing()).start()
    seed = regression_seed()
    env.rng.seed(seed)
    start_ram = await env.fill_random()
    master_pacing = MasterPacing.uniform(Pacing.parse(PACINGS[pacing], seed=seed))
    mon = AxiMonitor(env.dut.u_ram, env.clock, prefix="s_axi", payload=True).start()
    runs = {}
    for name in ("pin", "fast", "fast-commands"):
        await restart(env, start_ram, seed)
        if name == "pin":
            engine = AxiMaster.from_prefix(dut, "s_axi", dut.clk, reset=dut.rst)
        else:
            engine = FastEngine(dut, env.clock, stream=name == "fast")
        if name == "pin":
            dut.x_sel.value = 0
        first, bus = await run_compared(env, engine, master_pacing, _scenario, lambda: mon.cycle)
        runs[name] = (_relative(mon.log, first), env.backdoor.read_all(), bus.calls)
        mon.clear()
    mon.stop()
    pin_trace, pin_ram, pin_calls = runs["pin"]
    env.log.info("pacing %s, seed %d: %d handshakes each", PACINGS[pacing], seed, len(pin_trace))
    assert len(pin_trace) > 500, f"the scenario made only {len(pin_trace)} handshakes"
    for name in ("fast", "fast-commands"):
        trace, ram, calls = runs[name]
        assert pin_trace == trace, f"bus traffic differs, pin / {name} ({PACINGS[pacing]}, seed {seed}): " + first_difference(pin_trace, trace, "handshake")
        assert pin_ram == ram, f"RAM contents differ after the same scenario, pin / {name}"
        assert pin_calls == calls, f"the calls returned different responses, data or cycle counts, pin / {name}"
    fast_calls = runs["fast"][2]
    Path(RECORD.format(pacing=pacing)).write_text(json.dumps(fast_calls))


@cocotb.test()
@cocotb.parametrize(pacing=tuple(PACINGS))
async def fast_engine_scenario(dut, pacing: str) -> None:
    """The fast engine alone (under the Verilog clock when run with +fast_clock): every write
    checks out; what each call returned is saved for comparison with the two-engine run."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    bus = await run_alone(env, PACINGS[pacing], _scenario, RECORD.format(pacing=pacing))
    env.log.info("pacing %s, %s clock: %d calls", PACINGS[pacing], "Verilog" if env.fast_clock else "Python", len(bus.calls))


@cocotb.test()
async def fast_engine_rejects_bad_input(dut) -> None:
    """Requests the transactor cannot carry fail before any bus cycle, name the value and what is
    allowed, and change no byte of the RAM."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    before = await env.fill_random()
    engine = env.master
    base, size = env.cfg.base_addr, env.cfg.bus_bytes.bit_length() - 1
    bad = [
        (lambda: engine.write([Burst.covering(base, 2, size)], bytes(64), axid=1 << engine.id_width),
         [f"AWID={1 << engine.id_width}", f"{engine.id_width} ID bits"]),
        (lambda: engine.read([Burst.covering(base, 2, size)], axid=-1), ["ARID=-1"]),
        (lambda: engine.write([Burst.covering(1 << engine.addr_width, 1, size)], bytes(64)),
         [f"0x{1 << engine.addr_width:x}", f"{engine.addr_width} address bits"]),
    ]
    for call, names in bad:
        try:
            await call()
        except ValueError as exc:
            for name in names:
                assert name in str(exc), f"the error does not name {name!r}: {exc}"
        else:
            raise AssertionError(f"no error for a request naming {names}")
    for kwargs, names in (({"max_outstanding": 0}, ["max_outstanding=0", "1..255"]),
                          ({"timeout_cycles": 0}, ["timeout_cycles=0"])):
        try:
            FastEngine(dut, env.clock, **kwargs)
        except ValueError as exc:
            assert all(n in str(exc) for n in names), f"the error does not name {names}: {exc}"
        else:
            raise AssertionError(f"FastEngine accepted {kwargs}")
    try:
        NicRamEnv(dut, engine="turbo")
    except ValueError as exc:
        assert "'turbo'" in str(exc) and "pin, fast" in str(exc), str(exc)
    else:
        raise AssertionError("NicRamEnv accepted engine='turbo'")
    assert engine.stats.beats == 0, "a rejected request moved data on the bus"
    await RisingEdge(env.clock)
    assert env.backdoor.read_all() == before, "a rejected request changed the RAM"


class _ShortStream(FastEngine):
    """A fast engine whose stream file loses the end of its last record."""

    def _stream(self, records: bytes) -> None:
        super()._stream(records[:-10])


@cocotb.test()
async def a_short_stream_fails_the_call_after_the_bursts_before_it(dut) -> None:
    """A streamed write whose file ends inside a record: the bursts read before it complete on the
    bus as usual, the call fails naming the file and how many bursts were missing, no other byte
    changes, the file is kept, and the next call works."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    engine = _ShortStream(dut, env.clock)
    data = env.random_bytes(3 * 16 * nb)
    bursts = plan_bursts(base + 0x100, len(data), nb, max_beats=16)
    assert len(bursts) == 3, bursts
    try:
        await engine.write(bursts, data)
    except AxiError as exc:
        message = str(exc)
    else:
        raise AssertionError("a write whose stream file was cut short returned normally")
    assert STREAM_FILE in message and "bursts missing: 1" in message, message
    assert "AW issued 2/3" in message, message
    assert Path(STREAM_FILE).exists(), "the stream file of a failed call should be kept"
    done = bursts[0].length + bursts[1].length
    env.model.write(base + 0x100, data[:done])
    await RisingEdge(env.clock)
    env.checker.check_all()  # the first two bursts written, nothing else changed
    await env.write_checked(base + 0x80, env.random_bytes(5 * 16 * nb + 3), label="write after the failed one")
    env.checker.check_all()


class _NoFirstRecord(FastEngine):
    """A fast engine whose stream file loses the end of a call's first (here: only) record."""

    def _stream(self, records: bytes) -> None:
        super()._stream(records[:-10])


@cocotb.test()
async def a_missing_first_record_fails_the_call_before_the_bus(dut) -> None:
    """A one-burst write whose record is not whole in the stream file (the first record is read when
    the command arrives): the call fails naming the file and the one burst missing, with nothing on
    the bus and no byte changed; the file is kept and the next call works."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    engine = _NoFirstRecord(dut, env.clock)
    data = env.random_bytes(16 * nb)
    bursts = plan_bursts(base + 0x100, len(data), nb, max_beats=16)
    assert len(bursts) == 1, bursts
    try:
        await engine.write(bursts, data)
    except AxiError as exc:
        message = str(exc)
    else:
        raise AssertionError("a write whose only record was cut short returned normally")
    assert STREAM_FILE in message and "bursts missing: 1" in message, message
    assert "AW issued 0/1" in message and "B received 0" in message, message
    assert Path(STREAM_FILE).exists(), "the stream file of a failed call should be kept"
    await RisingEdge(env.clock)
    env.checker.check_all()  # nothing written
    await env.write_checked(base + 0x100, data, label="write after the failed one")
    env.checker.check_all()


@cocotb.test()
async def a_one_burst_call_goes_through_the_files(dut) -> None:
    """A one-burst write and a one-burst read on the streaming engine: the write's beats come from
    the stream file and the read's from the out file (no wide vector crosses), each call waking
    Python once, at its end; the bytes are exact both ways."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    engine = FastEngine(dut, env.clock)
    data = env.random_bytes(12 * nb + 3)
    bursts = plan_bursts(base + 0x205, len(data), nb, max_beats=64)
    assert len(bursts) == 1, bursts
    woke = engine.wakeups
    xfer = await engine.write(bursts, data)
    assert xfer.ok and engine.wakeups - woke == 1, f"a one-burst write woke Python {engine.wakeups - woke} times"
    env.model.write(base + 0x205, data)
    await RisingEdge(env.clock)
    env.checker.check_all()
    Path(READ_OUT_FILE).unlink(missing_ok=True)  # (the read half creates it again)
    woke = engine.wakeups
    xfer = await engine.read(bursts)
    assert engine.wakeups - woke == 1, f"a one-burst read woke Python {engine.wakeups - woke} times"
    assert xfer.ok and xfer.data == data, "the one-burst read"
    header = int.from_bytes(Path(READ_OUT_FILE).read_bytes()[:READ_RECORD_HEADER_BYTES], "little")
    assert READ_RECORD["index"].get(header) == 0, "the one-burst read left no record in the out file"


@cocotb.test()
async def engines_sharing_a_transactor_take_turns(dut) -> None:
    """Two engines on one transactor, their calls interleaved: each call of either finds the
    commands the other sent (it reads the status afresh when it starts) and every write and read
    is exact."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    a, b = FastEngine(dut, env.clock), FastEngine(dut, env.clock)
    for k, engine in enumerate((a, a, b, a, b, b, a, a)):
        address = base + 0x200 * k + k
        data = env.random_bytes((3 + k) * nb + k)
        bursts = plan_bursts(address, len(data), nb, max_beats=16)
        xfer = await engine.write(bursts, data)
        assert xfer.ok, f"call {k}: write responses {xfer.resps}"
        env.model.write(address, data)
        xfer = await engine.read(bursts)
        assert xfer.ok and xfer.data == data, f"call {k}: the read does not return what was written"
    await RisingEdge(env.clock)
    env.checker.check_all()


class _ShortReadStream(FastEngine):
    """A fast engine whose read stream file loses the end of its last descriptor."""

    def _stream_reads(self, descriptors: bytes) -> None:
        super()._stream_reads(descriptors[:-10])


@cocotb.test()
async def a_short_read_stream_fails_the_call_after_the_bursts_before_it(dut) -> None:
    """A streamed read whose descriptor file ends inside a descriptor: the bursts read before it
    complete on the bus, the call fails naming the file and how many bursts were missing, the file
    is kept, and the next read is exact."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    engine = _ShortReadStream(dut, env.clock)
    bursts = plan_bursts(base + 0x100, 3 * 16 * nb, nb, max_beats=16)
    assert len(bursts) == 3, bursts
    try:
        await engine.read(bursts)
    except AxiError as exc:
        message = str(exc)
    else:
        raise AssertionError("a read whose stream file was cut short returned normally")
    assert READ_STREAM_FILE in message and "bursts missing: 1" in message, message
    assert Path(READ_STREAM_FILE).exists(), "the stream file of a failed call should be kept"
    assert engine.stats.bursts == 0, "a failed read call counted in the statistics"
    xfer = await env.master.read(bursts)  # a whole stream file this time
    assert xfer.ok and xfer.data == env.model.read(base + 0x100, 3 * 16 * nb), "the read after the failed one"


async def _edges(env: NicRamEnv, n: int = 1) -> None:
    for _ in range(n):
        await RisingEdge(env.clock)


@cocotb.test()
async def protocol_rules_hold_under_the_verilog_clock(dut) -> None:
    """With the clock made in Verilog (run with +fast_clock) the port recorder feeds the protocol
    rules: a 4 KiB-crossing burst sent by the transactor fails its call naming the rule, and the
    same burst inside ``expect`` passes; a read address that changes and then drops while ARREADY
    is low (driven from here) breaks the per-cycle rules the recorder judges; the bursts reach
    coverage."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    assert env.fast_clock and isinstance(env.protocol, RecordedProtocolChecker), "run with +fast_clock"
    records: list[BurstRecord] = []
    env.protocol.add_listener(records.append)
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    size = nb.bit_length() - 1
    crossing = [Burst(base + 0x1000 - 2 * nb, 4, size, BurstType.INCR, length=4 * nb)]
    data = env.random_bytes(4 * nb)
    try:
        await env.master.write(crossing, data)
    except AxiProtocolViolation as exc:
        assert [v.rule for v in exc.violations] == ["4k-crossing"], str(exc)
        assert "AW channel" in str(exc), str(exc)
    else:
        raise AssertionError(f"{crossing[0]} crossed 4 KiB under the Verilog clock and no rule fired")
    with env.protocol.expect("4k-crossing"):
        xfer = await env.master.write(crossing, data)
    assert xfer.resps == [Resp.OKAY], xfer.resps
    assert [(r.direction, r.address, r.beats) for r in records] == [("write", crossing[0].address, 4)] * 2, records
    assert records[-1].strobes == ((1 << nb) - 1,) * 4, records[-1]
    read = await env.master.read([Burst.covering(base + 0x40, 3, size)])
    assert read.resps == [Resp.OKAY] and records[-1].direction == "read" and records[-1].beats == 3, records[-1]

    # the pins from here: R held back fills the RAM's address slots, then AR waits for ARREADY
    dut.x_sel.value = 0
    dut.s_axi_rready.value = 0
    pins = dict(arid=0, araddr=base, arlen=255, arsize=size, arburst=int(BurstType.INCR), arvalid=1)
    for name, value in pins.items():
        getattr(dut, f"s_axi_{name}").value = value
    await _edges(env, 6)
    dut.s_axi_araddr.value = base + 0x800  # payload changed while waiting
    await _edges(env, 2)
    dut.s_axi_arvalid.value = 0  # VALID dropped before READY
    await _edges(env, 2)
    try:
        env.protocol.poll()
    except AxiProtocolViolation as exc:
        rules = sorted({v.rule for v in exc.violations})
        assert rules == ["payload-changed", "valid-dropped"], str(exc)
        assert all(v.channel == "AR" for v in exc.violations), str(exc)
    else:
        raise AssertionError("ARADDR changed and ARVALID fell while ARREADY was low, and no rule fired")
    dut.rst.value = 1  # drop the reads left outstanding
    await _edges(env, 3)
    dut.rst.value = 0
    dut.s_axi_rready.value = 1
    dut.x_sel.value = 1
    await _edges(env, 2)
    await env.write_checked(base + 0x100, env.random_bytes(5 * nb + 3), label="write after the reset")
    assert env.protocol.rules.outstanding == {"write": 0, "read": 0}, env.protocol.rules.outstanding


@cocotb.test(timeout_time=200, timeout_unit="us")  # (an engine that read a stale status would wait for ever)
async def the_status_mailbox_holds_what_the_status_vectors_hold(dut) -> None:
    """On a build that keeps the status mailbox (Verilator) the engine reads the status there, and
    at every clock edge and every status event of a varied run (streamed and one-burst writes and
    reads, a DECERR burst, a stream cut short, a reset in the middle of a write) the mailbox holds
    what x_wr_stat and x_rd_stat hold, and x_wr_resp_log at each write event (where the engine reads
    it). On a build without one (Icarus) the engine reads the vectors through the simulator."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    nb, base, clock = env.cfg.bus_bytes, env.cfg.base_addr, env.clock
    engine = FastEngine(dut, clock)
    kept = cocotb.SIM_NAME.lower().startswith("verilator")
    assert str(dut.x_mailbox.value) == ("1" if kept else "0"), f"x_mailbox={dut.x_mailbox.value} on {cocotb.SIM_NAME}"
    box = Mailbox() if kept else None
    compared: dict[str, int] = {}

    def compare(when: str, names: tuple[str, ...]) -> None:
        for name in names:  # (raised in a watcher, this fails the test at once)
            got, want = box.reader(name)(), getattr(dut, name).value.to_unsigned()
            compared[name] = compared.get(name, 0) + 1
            assert got == want, f"{when}: the mailbox holds {name}=0x{got:x}, the vector is 0x{want:x}"

    async def watch(event: str, names: tuple[str, ...]) -> None:
        while True:
            await getattr(dut, event).value_change
            compare(f"{event} change at {get_sim_time('ns')} ns", names)

    async def edges() -> None:
        while True:
            await clock.value_change
            compare(f"clock edge at {get_sim_time('ns')} ns", ("x_wr_stat", "x_rd_stat"))

    watchers = [cocotb.start_soon(watch("x_wr_ev", ("x_wr_stat", "x_wr_resp_log"))),
                cocotb.start_soon(watch("x_rd_ev", ("x_rd_stat",))), cocotb.start_soon(edges())] if kept else []
    for offset, n in ((0x100, 3 * 16 * nb + 5), (0x803, 7 * nb), (0x1000 - 3, nb + 6)):
        data = env.random_bytes(n)
        bursts = plan_bursts(base + offset, n, nb, max_beats=16)
        assert (await engine.write(bursts, data)).ok
        xfer = await engine.read(bursts)
        assert xfer.ok and xfer.data == data, f"read of {n} at +0x{offset:x}"
    assert engine.status_from == ("mailbox" if kept else "simulator"), engine.status_from
    size = nb.bit_length() - 1
    outside = Burst.covering(base + env.cfg.ram_bytes, 2, size)
    assert (await engine.read([outside])).resps == [Resp.DECERR]
    try:
        await _ShortStream(dut, clock).write(plan_bursts(base, 3 * 16 * nb, nb, max_beats=16), bytes(3 * 16 * nb))
    except AxiError:
        pass
    else:
        raise AssertionError("a write whose stream file was cut short returned normally")
    async def interrupted_write() -> AxiResetError | None:
        data = env.random_bytes(40 * nb)
        try:
            await engine.write(plan_bursts(base + 0x400, len(data), nb, max_beats=16), data)
        except AxiResetError as exc:
            return exc
        return None

    call = cocotb.start_soon(interrupted_write())
    await ClockCycles(clock, 12)
    dut.rst.value = 1
    await ClockCycles(clock, 3)
    dut.rst.value = 0
    assert await call is not None, "a write with a reset in the middle returned normally"
    assert (await engine.write(plan_bursts(base + 0x40, 2 * nb, nb), bytes(2 * nb))).ok
    await ClockCycles(clock, 4)
    for watcher in watchers:
        watcher.cancel()
    if kept:
        assert compared.get("x_wr_resp_log", 0) >= 8 and compared.get("x_rd_stat", 0) > 100, compared
        env.log.info("mailbox equal to the status vectors at %s reads", compared)
        box.close()


@cocotb.test()
async def transactor_files_replaced_between_calls_are_opened_anew(dut) -> None:
    """The transactor's files may stay open from call to call; when the stream, read stream and out
    files are replaced between two calls (a new file at each path, holding the old bytes), the next
    write streams its own records and the next read's bursts come back in the file now at the
    path: both exact."""
    env = await NicRamEnv(dut, engine="fast", pacing=MasterPacing()).start()
    await env.fill_random()
    nb, base = env.cfg.bus_bytes, env.cfg.base_addr
    engine = FastEngine(dut, env.clock)
    bursts = plan_bursts(base + 0x100, 3 * 16 * nb - 2, nb, max_beats=16)
    assert len(bursts) == 3, bursts
    for k in range(3):
        data = env.random_bytes(3 * 16 * nb - 2)
        assert (await engine.write(bursts, data)).ok, f"write {k}"
        env.model.write(base + 0x100, data)
        xfer = await engine.read(bursts)
        assert xfer.ok and xfer.data == data, f"read {k} does not return write {k}"
        for name in (STREAM_FILE, READ_STREAM_FILE, READ_OUT_FILE):
            Path(name + ".new").write_bytes(Path(name).read_bytes())
            os.replace(name + ".new", name)
    await RisingEdge(env.clock)
    env.checker.check_all()
