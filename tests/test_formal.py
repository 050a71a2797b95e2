"""The formal checks of sim/formal.py, as regression cases (marker ``formal``).

`make formal` runs the mutation cases after its table, `make formal-quick` the bounded checks;
`make test` leaves them out (``-m "not formal"``): the first call of the WebAssembly yosys
compiles it (78 s on a fresh machine, then cached in ~/.cache/YoWASP), and even warm the five
quick checks at depth 10 took 81 s with two workers (98 s of CPU; load average 2), beyond the
minute the regression can spare.

- every bus top passes a bounded check (depth 10) on its quick configurations;
- every single RTL mutation of ``MUTATIONS``, applied to a scratch copy under build/formal,
  makes the bounded check fail: the properties can see each of those bugs.

Two cases need no formal tool and run in `make test`: every mutation still applies to the RTL
exactly once, and every tap of a property file names a register the RTL declares.
"""

from __future__ import annotations

import json
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
    assert taps or mems, f"{top.props}: no taps parsed"
    rtl = "\n".join([(formal.HDL_DIR / f).read_text() for f in top.rtl]
                    + [(formal.PROPS_DIR / formal.RAM_ABS).read_text()])
    declared = set(re.findall(r"\b(?:reg|wire)\b[^;=]*?\b(\w+)\s*(?:\[[^\]]*\]\s*)*[;,=]", rtl))
    missing = [path for _, path in taps + mems if path.rsplit(".", 1)[-1] not in declared]
    assert not missing, f"{top.props}: taps name nothing the RTL declares: {missing}"


def test_taps_follow_the_job_defines() -> None:
    """A tap declared under `ifdef is connected only in the jobs that define it: the RAM
    array under F_MEM_TAP, the abstract RAM's byte under F_RAM_ABS, neither otherwise."""
    props = formal.PROPS_DIR / formal.TOPS["nic_shared_ram"].props

    def names(defines: tuple[str, ...]) -> set[str]:
        taps, mems = formal.parse_taps(props, defines)
        return {w for w, _ in taps + mems}

    plain = names(())
    assert "t_aw_cur_st" in plain and "t_mem" not in plain and "t_abs_byte" not in plain
    assert "t_mem" in names(("F_MEM_TAP",)) and "t_abs_byte" not in names(("F_MEM_TAP",))
    assert "t_abs_byte" in names(("F_RAM_ABS",)) and "t_mem" not in names(("F_RAM_ABS",))
    assert names(("F_MEM_TAP", "F_RAM_ABS")) >= {"t_mem", "t_abs_byte"}


def test_ram_abstraction_replaces_only_the_ram() -> None:
    top = formal.TOPS["nic_shared_ram"]
    plain = formal.rtl_files(top, (), formal.HDL_DIR)
    abstract = formal.rtl_files(top, ("F_RAM_ABS",), formal.HDL_DIR)
    assert formal.HDL_DIR / "nic_ram_mem.v" in plain
    assert formal.HDL_DIR / "nic_ram_mem.v" not in abstract
    assert formal.PROPS_DIR / formal.RAM_ABS in abstract
    assert [f for f in plain if f.name != "nic_ram_mem.v"] == [f for f in abstract if f.parent == formal.HDL_DIR]


@pytest.mark.parametrize("top", list(formal.TOPS.values()), ids=list(formal.TOPS))
def test_every_configuration_checks_to_depth_20(top: formal.FormalTop) -> None:
    """The table's bounded check reaches depth 20 from reset on every configuration, and
    every configuration has an induction run and covers."""
    for cfg in top.configs:
        assert cfg.bmc_depth >= 20, f"{top.name} {cfg.name}: bounded check to depth {cfg.bmc_depth} only"
        assert cfg.prove_depth > 0, f"{top.name} {cfg.name}: no induction run"
        assert cfg.cover_depth > 0, f"{top.name} {cfg.name}: no covers"


def test_every_top_has_a_mutation() -> None:
    """Each harness is shown able to fail: at least one RTL mutation runs on it."""
    tops = {m.top for m in formal.MUTATIONS}
    missing = [t for t in formal.TOPS if t not in tops]
    assert not missing, f"no mutation runs on {missing}"


def test_results_json_gives_each_job_its_time(tmp_path, monkeypatch) -> None:
    """The table is kept as JSON; the next run reads each job's time from it (longest first)."""
    monkeypatch.setattr(formal, "RESULTS_JSON", tmp_path / "results.json")
    res = [formal.JobResult("nic_shared_ram", "dw32-rd", "bmc:data", 20, "PASS", 123.4, tmp_path),
           formal.JobResult("nic_shared_ram_wb", "dw8", "prove", 3, "FAIL", 9.5, tmp_path,
                            trace=tmp_path / "t.vcd")]
    formal.write_json(res, 130.0, 2)
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["wall_seconds"] == 130.0 and data["parallel_jobs"] == 2 and len(data["load_average"]) == 3
    assert [j["status"] for j in data["jobs"]] == ["PASS", "FAIL"]
    assert formal.previous_seconds() == {
        formal.job_key("nic_shared_ram", "dw32-rd", "bmc", "data", 20): 123.4,
        formal.job_key("nic_shared_ram_wb", "dw8", "prove", "", 3): 9.5,
    }


def test_unknown_bmc_part_is_refused() -> None:
    cfg = next(c for c in formal.TOPS["nic_shared_ram"].configs if c.bmc_parts)
    with pytest.raises(ValueError, match="no bounded-check part 'nope'"):
        formal.job_defines(cfg, "bmc", "nope")
