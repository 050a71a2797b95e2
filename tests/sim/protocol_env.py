"""The protocol checker inside every NicRamEnv: a violation fails the test, a declared one does not.

These run on nic_shared_ram itself. The first test is expected to end in an error (cocotb's
``expect_error``): it passes only when the checker ends it with :class:`AxiProtocolViolation`
whose message names the time, the channel and the rule.
"""

from __future__ import annotations

import cocotb
import pytest
from cocotb.triggers import ClockCycles

from models.axi import Burst, BurstType, Resp
from tb.env import NicRamEnv
from tb.protocol import RULES, AxiProtocolViolation

VIOLATION_MESSAGE = r"AXI protocol violation: \d+(\.\d+)? ns, AW channel, rule 'wrap-length': AxLEN\+1=3"


def _wrap3(env: NicRamEnv) -> Burst:
    return Burst(env.cfg.base_addr + 0x800, 3, env.cfg.bus_bytes.bit_length() - 1, BurstType.WRAP)


async def _write(env: NicRamEnv, burst: Burst):
    full = (1 << env.cfg.bus_bytes) - 1
    return await env.master.write_beats([burst], lambda i: ([0x5A] * burst.beats, [full] * burst.beats))


@cocotb.test(expect_error=(pytest.RaisesExc(AxiProtocolViolation, match=VIOLATION_MESSAGE),))
async def undeclared_violation_fails_the_test(dut) -> None:
    """A WRAP burst of 3 beats, not declared: the test fails with time, channel and rule."""
    env = await NicRamEnv(dut).start()
    await _write(env, _wrap3(env))
    await ClockCycles(dut.clk, 4)


@cocotb.test()
async def declared_violation_is_recorded_not_raised(dut) -> None:
    """The same burst inside ``expect("wrap-length")``: recorded with its channel, the test goes on."""
    env = await NicRamEnv(dut).start()
    await env.fill_random()
    with env.protocol.expect("wrap-length"):
        xfer = await _write(env, _wrap3(env))
    assert xfer.resps == [Resp.SLVERR]
    seen = [(v.channel, v.rule) for v in env.protocol.expected_seen]
    assert seen == [("AW", "wrap-length")], seen
    assert env.protocol.unexpected == []
    env.checker.check_all()


NEVER_HAPPENED = r"expected protocol violation\(s\) wrap-length did not occur"


@cocotb.test(expect_error=(pytest.RaisesExc(AssertionError, match=NEVER_HAPPENED),))
async def declared_violation_that_never_happens_fails(dut) -> None:
    """``expect`` around legal traffic fails: a declared violation must really happen."""
    env = await NicRamEnv(dut).start()
    with env.protocol.expect("wrap-length"):
        await _write(env, Burst(env.cfg.base_addr + 0x800, 4, env.cfg.bus_bytes.bit_length() - 1, BurstType.WRAP))


@cocotb.test()
async def unknown_rule_is_refused_and_changes_nothing(dut) -> None:
    """``expect`` of a rule that does not exist: a ValueError naming it and the rules allowed;
    no bus cycle, RAM unchanged."""
    env = await NicRamEnv(dut).start()
    await env.fill_random()
    beats = env.master.stats.beats
    with pytest.raises(ValueError) as info:
        with env.protocol.expect("wrap-lenght"):
            await _write(env, _wrap3(env))
    message = str(info.value)
    assert "wrap-lenght" in message and all(rule in message for rule in RULES), message
    assert env.master.stats.beats == beats, "a refused expectation let bus cycles through"
    await ClockCycles(dut.clk, 2)
    env.checker.check_all()


@cocotb.test()
async def bad_stall_setting_is_refused_and_changes_nothing(dut) -> None:
    """A stall setting that is not a pacing pattern: a ValueError naming it and the allowed forms;
    nothing is driven, RAM unchanged."""
    env = await NicRamEnv(dut).start()
    await env.fill_random()
    with pytest.raises(ValueError) as info:
        NicRamEnv(dut, stalls="sometimes")
    message = str(info.value)
    assert "sometimes" in message and "random:P" in message and "fixed:BITS" in message, message
    await ClockCycles(dut.clk, 2)
    env.checker.check_all()
    await env.write_checked(env.cfg.base_addr + 0x40, env.random_bytes(100))
