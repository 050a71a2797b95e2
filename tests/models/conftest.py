"""Shared setup for the model unit tests.

The repository root is put on ``sys.path`` so ``import models`` works however
pytest is started.  Hypothesis tests in this directory run with a fresh random
seed on every pytest run; the seed is printed in the terminal summary and can be
replayed with ``MODELS_HYPOTHESIS_SEED=<seed>`` (``--hypothesis-seed`` still
takes precedence when given).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test
from hypothesis import seed as hypothesis_seed

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

SEED_ENV = "MODELS_HYPOTHESIS_SEED"
_SEED_KEY = pytest.StashKey[int]()


def _run_seed() -> int:
    text = os.environ.get(SEED_ENV, "").strip()
    if text:
        try:
            return int(text, 0)
        except ValueError:
            raise pytest.UsageError(f"{SEED_ENV} must be an integer, got {text!r}") from None
    return random.SystemRandom().randrange(1 << 32)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("hypothesis_seed", default=None) is not None:
        return
    chosen: int | None = None
    for item in items:
        function = getattr(item, "obj", None)
        if function is None or not is_hypothesis_test(function):
            continue
        if _HERE not in Path(str(item.path)).resolve().parents:
            continue
        if chosen is None:
            chosen = _run_seed()
            config.stash[_SEED_KEY] = chosen
        hypothesis_seed(chosen)(function)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    chosen = config.stash.get(_SEED_KEY, None)
    if chosen is not None:
        terminalreporter.write_line(
            f"tests/models hypothesis seed: {chosen} (replay with {SEED_ENV}={chosen})"
        )
