"""Running a cocotb test module from pytest: the one way every ``tests/test_*.py`` does it, and
reading what a run wrote (the signals of a waveform against a GTKWave save file).

:func:`run_cocotb` runs a module (or some of its tests) on a build and fails the pytest case when
a cocotb test failed, when none ran or when fewer ran than the caller expects. The failure lists
each failed cocotb test with the first line of its message, the seed, and the command that
reruns it alone: environment, plusargs, toplevel and parameters included
(:meth:`sim.runner.RunResult.reproduce`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping, Sequence

import pytest

from sim.runner import BuildConfig, RunResult, run

#: The regression's engine choice for the suites the differential test covers (``make test ENGINE=pin``).
REGRESSION_ENGINES = ("fast", "pin")


def regression_engine() -> str:
    """The engine the NDIS suites use where ``tests/test_engines.py`` proves both engines equal:
    ``fast`` (default) or ``pin`` when ``NIC_ENGINE=pin`` is set (the pin-level master everywhere)."""
    engine = os.environ.get("NIC_ENGINE", "") or "fast"
    if engine not in REGRESSION_ENGINES:
        raise ValueError(f"NIC_ENGINE={engine!r} for the regression; allowed: {', '.join(REGRESSION_ENGINES)}")
    return engine


def run_cocotb(
    cfg: BuildConfig,
    module: str,
    seed: int,
    *,
    testcase: str | Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    plusargs: Sequence[str] = (),
    run_name: str | None = None,
    runner=None,
    cases: int | None = None,
    min_cases: int = 1,
) -> RunResult:
    """Run cocotb module ``module`` on ``cfg`` and return its result; fail the pytest case with
    the seed and a reproduce command per failed test. ``cases``: exactly that many cocotb tests
    must run; ``min_cases``: at least that many."""
    result = run(cfg, module, testcase=testcase, seed=seed, run_name=run_name, extra_env=env,
                 plusargs=plusargs, runner=runner)
    ran = len(result.cases)
    if cases is not None and ran != cases:
        pytest.fail(f"seed {seed}: {ran} cocotb tests of {module} ran, expected {cases}; "
                    f"see {result.run_dir / 'sim.log'}\n{result.summary()}", pytrace=False)
    if ran < min_cases:
        pytest.fail(f"seed {seed}: {ran} cocotb tests of {module} ran, expected at least {min_cases}; "
                    f"see {result.run_dir / 'sim.log'}\n{result.summary()}", pytrace=False)
    if result.failed or result.exit_code:
        exit_note = f" (simulator exit code {result.exit_code}; see {result.run_dir / 'sim.log'})" if result.exit_code else ""
        pytest.fail(f"seed {seed}{exit_note}\n{result.summary()}", pytrace=False)
    return result


def save_file_signals(save_file: Path) -> list[str]:
    """The signal names a GTKWave save file lists (bit ranges stripped)."""
    return [
        re.sub(r"\[\d+:\d+\]$", "", line.strip())
        for line in save_file.read_text().splitlines()
        if line and line[0] not in "[*@-^#"
    ]


def waveform_signals(fst: Path) -> set[str]:
    """Every signal's full name in a waveform file."""
    import pywellen

    return {v.full_name for v in pywellen.Waveform(str(fst)).all_vars()}
