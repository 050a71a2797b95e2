"""The testbench's own machinery, in the simulators: the AXI protocol checker, stalls, coverage.

- ``protocol_checker`` (on a passive pin shell): each rule fires on a violation driven on
  purpose, at the right edge and on the right channel, and legal traffic fires none.
- ``protocol_env`` (on nic_shared_ram): the checker inside every NicRamEnv fails a test on an
  undeclared violation, with time, channel and rule; declared ones pass and must happen.
- ``stalls`` (on the stall wrapper): slave stalls and master pacing take effect, stay legal AXI
  on both sides, and lose nothing.
- ``coverage_closure`` (on nic_shared_ram, every width the regression builds): directed bursts
  reach every coverage bin, with and without stalls, all checked against the golden model.

A failure prints the seed and the command that reruns the module on the same configuration.
"""

from __future__ import annotations

from typing import Mapping

import pytest

from sim.runner import BuildConfig, RunResult, run

WIDTHS = (8, 32, 64, 128)
STALL_WIDTH = 32
SHELL = dict(toplevel="axi_probe_shell", extra_sources=("axi_probe_shell.v",))
STALL_WRAPPER = dict(toplevel="nic_stall_wrapper", extra_sources=("nic_stall_wrapper.v",))


def reproduce(result: RunResult, env: Mapping[str, str] | None = None, case: str | None = None) -> str:
    """The command that reruns ``result`` (or one of its tests), toplevel, sources and environment included."""
    cfg = result.config
    cmd = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    cmd += (f" .venv/bin/python -m sim.runner --sim {cfg.sim} --data-width {cfg.data_width} "
            f"--ram-bytes {cfg.ram_bytes} --toplevel {cfg.toplevel}")
    cmd += "".join(f" --source {s}" for s in cfg.extra_sources)
    cmd += f" --module {result.module}"
    if case:
        cmd += f" --testcase {case}"
    if result.seed is not None:
        cmd += f" --seed {result.seed}"
    return cmd.strip()


def check_run(cfg: BuildConfig, module: str, seed: int, env: Mapping[str, str] | None = None) -> RunResult:
    """Run a cocotb module; fail with every failed test, the seed and the command that reproduces it."""
    result = run(cfg, module, seed=seed, extra_env=env)
    assert result.cases, f"no cocotb test ran; see {result.run_dir / 'sim.log'}"
    if result.failed or result.exit_code:
        lines = [f"seed {seed}: {len(result.failed)} of {len(result.cases)} cocotb tests failed in {module}"]
        for case in result.failed:
            first = case.message.strip().splitlines()[0] if case.message else ""
            lines += [f"  FAILED {case.name}: {first}", f"    reproduce: {reproduce(result, env, case.name)}"]
        pytest.fail("\n".join(lines), pytrace=False)
    return result


def test_protocol_checker_fires_on_each_violation(sim: str, seed: int, waves: bool) -> None:
    check_run(BuildConfig(sim=sim, data_width=32, waves=waves, **SHELL), "tests.sim.protocol_checker", seed)


def test_protocol_checker_fails_the_test(sim: str, seed: int, waves: bool) -> None:
    check_run(BuildConfig(sim=sim, data_width=64, waves=waves), "tests.sim.protocol_env", seed)


def test_stalls_take_effect_legally(sim: str, seed: int, waves: bool) -> None:
    check_run(BuildConfig(sim=sim, data_width=STALL_WIDTH, waves=waves, **STALL_WRAPPER), "tests.sim.stalls", seed)


@pytest.mark.parametrize("data_width", WIDTHS, ids=lambda w: f"dw{w}")
def test_coverage_closure(sim: str, data_width: int, seed: int, waves: bool) -> None:
    check_run(BuildConfig(sim=sim, data_width=data_width, waves=waves), "tests.sim.coverage_closure", seed)
