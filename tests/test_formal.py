"""The formal checks of sim/formal.py, as regression cases (marker ``formal``).

`make formal` runs the mutation cases after its table, `make formal-quick` the bounded checks;
`make test` leaves them out (``-m "not formal"``): the first call of the WebAssembly yosys
compiles it (over a minute of CPU on a fresh machine), more than the regression's budget allows.

- every bus top passes a bounded check (depth 10) on its quick configurations;
- every single RTL mutation of ``MUTATIONS``, applied to a scratch copy under build/formal,
  makes the bounded check fail: the properties can see each of those bugs.
"""

from __future__ import annotations

import pytest

from sim import formal

pytestmark = pytest.mark.formal

QUICK = [(top, cfg) for top in formal.TOPS.values() for cfg in top.configs if cfg.name in top.quick]


@pytest.mark.parametrize("top,cfg", QUICK, ids=[f"{t.name}-{c.name}" for t, c in QUICK])
def test_bounded_check_passes(top: formal.FormalTop, cfg: formal.FormalConfig) -> None:
    res = formal.run_job(top, cfg, "bmc", top.quick_depth, tag="-quick")
    assert res.status == "PASS", (
        f"{top.name} {cfg.name}: bounded check to depth {top.quick_depth} gave {res.status}\n"
        + "\n".join(res.detail)
        + (f"\ntrace: {res.trace} (gtkwave {res.trace})" if res.trace else "")
        + f"\nlog: {res.workdir / 'sby.log'}"
    )


@pytest.mark.parametrize("mutation", formal.MUTATIONS, ids=[m.name for m in formal.MUTATIONS])
def test_mutation_is_caught(mutation: formal.Mutation) -> None:
    [(_, res)] = formal.run_mutants(1, names=[mutation.name])
    assert res.status == "FAIL", (
        f"mutation {mutation.name!r} ({mutation.file}: {mutation.old!r} -> {mutation.new!r}) was not "
        f"caught: the bounded check to depth {mutation.depth} gave {res.status}; log: {res.workdir / 'sby.log'}"
    )
    assert res.trace is not None and res.trace.exists(), "a failing check must leave its trace"
