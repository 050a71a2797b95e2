"""The fast burst engine in the regression: differential against the pin-level master, under the
Verilog clock, and resets in its calls. The end-to-end NDIS suite runs through it under the Verilog
clock in ``tests/test_rtl.py`` at the widths proved here.

All of it runs on ``nic_fast_top`` (``sim.runner.engine_config``), one build per simulator and
width shared by the pin-level master, the transactor and both clocks; on Verilator the transactor's
calls are also repeated on the benchmark's build without ports, and must come out the same.
"""

from __future__ import annotations

import json

import pytest

from sim.runner import BuildConfig, build, engine_config
from tests.harness import regression_engine, run_cocotb

PACINGS = ("none", "random", "fixed")  # tests/sim/engines.py: PACINGS
MODULE = "tests.sim.engines"
#: The widths at which the engines are proved equal (the NDIS suite runs through the fast engine at
#: these widths by default: tests/test_rtl.py).
PROVED_WIDTHS = (8, 64)
#: The width at which the benchmark's build without ports (``engine_config(..., ports=False)``,
#: Verilator) is proved to make the same calls, cycle for cycle (tests/test_rtl.py runs the NDIS
#: suite on it too).
NO_PORTS_WIDTH = 64


@pytest.mark.parametrize("half", ("write", "read"))
def test_status_decoder_reads_every_field_of_the_wire_layout(half: str) -> None:
    """The engine's one-expression status decoder agrees with tb.xactor_wire's layout on random vectors."""
    import random

    from tb import xactor_wire as wire
    from tb.fast_engine import _Status

    layout, decode, levels = {
        "write": (wire.WRITE_STATUS, _Status.write, ("level_aw", "level_w", "level_b")),
        "read": (wire.READ_STATUS, _Status.read, ("level_ar", "level_r")),
    }[half]
    rng = random.Random(14)
    for _ in range(200):
        vector = rng.getrandbits(wire.STATUS_BITS)
        fields, status = layout.unpack(vector), decode(vector)
        assert status.levels == tuple(fields[n] for n in levels)
        for name in status._fields:
            if name != "levels":
                assert getattr(status, name) == fields.get(name, 0), f"{half} status field {name}"


@pytest.mark.parametrize("half", ("write", "read"))
def test_command_packer_agrees_with_the_wire_layout(half: str) -> None:
    """The engine's one-expression command packer gives what tb.xactor_wire's layout packs, on random fields."""
    import random

    from tb import xactor_wire as wire
    from tb.fast_engine import _COMMAND_FIELDS, _packer

    rng = random.Random(14)
    for id_width, addr_width in ((1, 12), (4, 32), (8, 64)):
        layout = (wire.write_command if half == "write" else wire.read_command)(id_width, addr_width)
        pack = _packer(layout)
        for _ in range(200):
            values = {name: rng.randrange(layout[name].mask + 1) for name in _COMMAND_FIELDS}
            assert pack(*(values[n] for n in _COMMAND_FIELDS)) == layout.pack(burst=1, **values), values


def test_a_read_record_left_by_an_earlier_call_is_refused(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read out file is rewritten in place: a record tagged with another call or index fails the
    call, naming both, instead of passing off old data; this call's records are read back exactly."""
    from types import SimpleNamespace

    from models.axi import Burst, Resp
    from tb import xactor_wire as wire
    from tb.axi_master import AxiError
    from tb.fast_engine import FastEngine

    monkeypatch.chdir(tmp_path)
    engine = SimpleNamespace(bus_bytes=8, max_beats=4, _rd_out=wire.HeldFile(wire.READ_OUT_FILE))
    bursts = [Burst(0x1000, 4, 3, length=32), Burst(0x1020, 4, 3, offset=32, length=32)]

    def record(call: int, index: int, fill: int) -> bytes:
        header = wire.READ_RECORD.pack(resp=int(Resp.OKAY), call=call, index=index)
        return header.to_bytes(wire.READ_RECORD_HEADER_BYTES, "little") + bytes([fill]) * 32

    (tmp_path / wire.READ_OUT_FILE).write_bytes(record(7, 0, 0xAA) + record(7, 1, 0xBB))
    out, resps = bytearray(64), []
    words = FastEngine._collect(engine, bursts, 7, out, 0, resps)
    assert bytes(out) == bytes([0xAA]) * 32 + bytes([0xBB]) * 32 and resps == [Resp.OKAY] * 2
    assert words() == [[0xAAAAAAAAAAAAAAAA] * 4, [0xBBBBBBBBBBBBBBBB] * 4]
    (tmp_path / wire.READ_OUT_FILE).write_bytes(record(7, 0, 0xAA) + record(6, 1, 0xBB))
    with pytest.raises(AxiError, match="record 1 .* is burst 1 of call 6, not burst 1 of call 7"):
        FastEngine._collect(engine, bursts, 7, bytearray(64), 0, [])


def test_a_read_transfer_unpacks_its_words_once_and_equals_a_plain_one() -> None:
    """A streamed read's words are unpacked when first asked for, once; the transfer then equals a
    :class:`models.axi.Transfer` with the same fields, and differs from one with other words."""
    from models.axi import Resp, Transfer
    from tb.fast_engine import _ReadTransfer

    unpacked = []
    xfer = _ReadTransfer(resps=[Resp.OKAY], cycles=7, data=b"ab")
    xfer._unpack = lambda: unpacked.append(1) or [[0x6261]]
    assert not unpacked, "the words were unpacked before anybody asked for them"
    assert xfer == Transfer(resps=[Resp.OKAY], cycles=7, data=b"ab", words=[[0x6261]])
    assert Transfer(resps=[Resp.OKAY], cycles=7, data=b"ab", words=[[0x6261]]) == xfer
    assert xfer != Transfer(resps=[Resp.OKAY], cycles=7, data=b"ab", words=[[0]])
    assert xfer.words == [[0x6261]] and unpacked == [1]
    xfer.words.append([1])
    assert xfer.words == [[0x6261], [1]], "the words, once unpacked, are one list the caller may change"


def test_regression_engine_is_fast_unless_pin_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """NIC_ENGINE picks the NDIS suites' engine: unset means fast, pin means pin, anything else is refused."""
    monkeypatch.delenv("NIC_ENGINE", raising=False)
    assert regression_engine() == "fast"
    monkeypatch.setenv("NIC_ENGINE", "pin")
    assert regression_engine() == "pin"
    monkeypatch.setenv("NIC_ENGINE", "classic")
    with pytest.raises(ValueError, match="NIC_ENGINE='classic'.*allowed: fast, pin"):
        regression_engine()


@pytest.mark.parametrize("data_width", PROVED_WIDTHS, ids=lambda w: f"dw{w}")
def test_engines_agree_on_python_and_verilog_clock(sim: str, data_width: int, seed: int, waves: bool) -> None:
    """Pin-level master and transactor make the same handshakes in the same cycles and leave the same
    RAM, with and without master pacing; the transactor under the Verilog clock returns, call for
    call, the same responses, data and cycle counts, with the protocol rules and coverage fed by the
    Verilog port recorder (a violation injected there fails the call); requests it cannot carry are
    refused cleanly; a stream file cut short fails its call cleanly (writes and reads, a write's first
    record too); a one-burst call goes through the files; two engines sharing the transactor take
    turns; the status mailbox holds what the status vectors hold (Verilator); files replaced between
    calls are opened anew."""
    cfg: BuildConfig = engine_config(sim, data_width, waves=waves)
    runner = build(cfg)
    both = run_cocotb(cfg, MODULE, seed, testcase=[f"engines_agree_cycle_for_cycle/pacing={p}" for p in PACINGS]
                      + ["fast_engine_rejects_bad_input", "a_short_stream_fails_the_call_after_the_bursts_before_it",
                         "a_short_read_stream_fails_the_call_after_the_bursts_before_it",
                         "a_missing_first_record_fails_the_call_before_the_bus", "a_one_burst_call_goes_through_the_files",
                         "engines_sharing_a_transactor_take_turns", "the_status_mailbox_holds_what_the_status_vectors_hold",
                         "transactor_files_replaced_between_calls_are_opened_anew"],
                      run_name="engines-python-clock", runner=runner, cases=len(PACINGS) + 8)
    fast = run_cocotb(cfg, MODULE, seed, testcase=[f"fast_engine_scenario/pacing={p}" for p in PACINGS]
                      + ["protocol_rules_hold_under_the_verilog_clock"],
                      run_name="engines-verilog-clock", plusargs=["+fast_clock"], runner=runner, cases=len(PACINGS) + 1)
    runs = {"the Verilog clock": fast}
    if sim == "verilator" and data_width == NO_PORTS_WIDTH and not waves:
        # the benchmark's build without ports: the same calls, responses, data and cycles
        lean = engine_config(sim, data_width, lean=True, ports=False, speed=False)
        runs["the Verilog clock without ports"] = run_cocotb(
            lean, MODULE, seed, testcase=[f"fast_engine_scenario/pacing={p}" for p in PACINGS]
            + ["the_status_mailbox_holds_what_the_status_vectors_hold"],
            run_name="engines-no-ports", plusargs=["+fast_clock"], cases=len(PACINGS) + 1)
    for pacing in PACINGS:
        reference = json.loads((both.run_dir / f"engine-calls-{pacing}.json").read_text())
        for what, result in runs.items():
            calls = json.loads((result.run_dir / f"engine-calls-{pacing}.json").read_text())
            assert len(reference) == len(calls) > 10, what
            for i, (a, b) in enumerate(zip(reference, calls)):
                assert a == b, f"seed {seed}, pacing {pacing}: call {i} differs under {what}:\n{a}\n{b}"


@pytest.mark.parametrize("data_width", (64,), ids=lambda w: f"dw{w}")
def test_reset_ends_fast_engine_calls_cleanly(sim: str, data_width: int, seed: int, waves: bool) -> None:
    """Reset in the middle of a write (streamed: several bursts) or a read through the transactor:
    the call fails at once naming the burst, the RAM holds exactly the beats taken, and the next
    call works (the reset tests of ``tests/sim/faults.py`` with the fast engine)."""
    cfg = engine_config(sim, data_width, waves=waves)
    cases = ["reset_during_a_host_write_ends_the_call_and_keeps_each_byte_old_or_new",
             "reset_during_a_host_read_ends_the_call_and_changes_nothing"]
    run_cocotb(cfg, "tests.sim.faults", seed, testcase=cases, run_name="faults-reset-fast",
               env={"NIC_ENGINE": "fast"}, min_cases=7)
