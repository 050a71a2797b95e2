"""The formal checks of sim/formal.py, as regression cases (marker ``formal``).

`make formal` runs the mutation cases after its table, `make formal-quick` the bounded checks;
`make test` leaves them out (``-m "not formal"``): the first call of the WebAssembly yosys
compiles it (over a minute of CPU on a fresh machine), more than the regression's budget allows.

- every bus top passes a bounded check (depth 10) on its quick configurations;
- every single RTL mutation of ``MUTATIONS``, applied to a scratch copy under build/formal,
  makes the bounded check fail: the properties can see each of those bugs.

Two cases need no formal tool and run in `make test`: every mutation still applies to the RTL
exactly once, and every tap of a property file names a register the RTL declares.
"""

from __future__ import annotations

import re

import pytest

from sim import formal

QUICK = [(top, cfg) for top in formal.TOPS.values() for cfg in top.configs if cfg.name in top.quick]


@pytest.mark.formal
@pytest.mark.parametrize("top,cfg", QUICK, ids=[f"{t.name}-{c.name}" for t, c in QUICK])
def test_bounded_check_passes(top: formal.FormalTop, cfg: formal.FormalConfig) -> None:
    res = formal.run_job(top, cfg, "bmc", top.quick_depth, tag="-quick")
    assert res.status == "PASS", (
        f"{top.name} {cfg.name}: bounded check to depth {top.quick_depth} gave {res.status}\n"
        + "\n".join(res.detail)
        + (f"\ntrace: {res.trace} (gtkwave {res.trace})" if res.trace else "")
        + f"\nlog: {res.workdir / 'sby.log'}"
    )


@pytest.mark.formal
@pytest.mark.parametrize("mutation", formal.MUTATIONS, ids=[m.name for m in formal.MUTATIONS])
def test_mutation_is_caught(mutation: formal.Mutation) -> None:
    [(_, res)] = formal.run_mutants(1, names=[mutation.name])
    assert res.status == "FAIL", (
        f"mutation {mutation.name!r} ({mutation.file}: {mutation.old!r} -> {mutation.new!r}) was not "
        f"caught: the bounded check to depth {mutation.depth} gave {res.status}; log: {res.workdir / 'sby.log'}"
    )
    assert res.trace is not None and res.trace.exists(), "a failing check must leave its trace"


@pytest.mark.parametrize("mutation", formal.MUTATIONS, ids=[m.name for m in formal.MUTATIONS])
def test_mutation_applies_once(mutation: formal.Mutation) -> None:
    text = (formal.HDL_DIR / mutation.file).read_text()
    assert text.count(mutation.old) == 1, (
        f"mutation {mutation.name!r}: {mutation.old!r} occurs {text.count(mutation.old)} times in "
        f"hdl/{mutation.file}; update MUTATIONS in sim/formal.py to the RTL"
    )


@pytest.mark.parametrize("top", list(formal.TOPS.values()), ids=list(formal.TOPS))
def test_taps_name_rtl_registers(top: formal.FormalTop) -> None:
    """Each ``// tap:`` path ends in a reg, wire or array the RTL declares (yosys checks the
    full path when it connects it; this catches a rename without running it)."""
    taps, mems = formal.parse_taps(formal.PROPS_DIR / top.props)
    assert taps, f"{top.props}: no taps parsed"
    rtl = "\n".join((formal.HDL_DIR / f).read_text() for f in top.rtl)
    declared = set(re.findall(r"\b(?:reg|wire)\b[^;=]*?\b(\w+)\s*(?:\[[^\]]*\]\s*)*[;,=]", rtl))
    missing = [path for _, path in taps + mems if path.rsplit(".", 1)[-1] not in declared]
    assert not missing, f"{top.props}: taps name nothing the RTL declares: {missing}"
