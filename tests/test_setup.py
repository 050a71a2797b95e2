"""The set-up is complete: every system part a build needs is installed by the set-up of the make
target that runs it, and a build whose part was not set up fails with a message that says so."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from sim import system
from sim.runner import REPO, SIMULATORS, BuildConfig, build


def bootstrap_parts() -> dict[str, set[str]]:
    """The Debian packages of each part, as the ``case`` table of sim/bootstrap.sh installs them."""
    text = (REPO / "sim" / "bootstrap.sh").read_text()
    table = text[text.index('case "$part" in') : text.index("esac")]
    parts: dict[str, set[str]] = {}
    for name, body in re.findall(r"^\s*(\w+)\)\s+(.*?);;", table, re.M):
        parts[name] = set(re.findall(r"need_(?:cmd|file) \S+ ([\w.+-]+)", body))
    return parts


def make_dry_run(*args: str) -> str:
    """What ``make -n ARGS`` would run, free of the variables of a make that runs this test."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SIM", "TESTS", "SHARD", "PYTEST_ARGS")}
    return subprocess.run(["make", "-n", *args], cwd=REPO, env=env, capture_output=True, text=True, check=True).stdout


def declared_parts(dry_run: str) -> tuple[set[str], set[str]]:
    """(parts the target's bootstrap installs, parts it names to its command)."""
    installs = re.search(r"bash sim/bootstrap.sh ([\w ]+?) &&", dry_run)
    named = re.search(r'NIC_SETUP_PARTS="([\w ]*)"', dry_run)
    assert installs and named, f"no bootstrap call naming its parts in:\n{dry_run}"
    return set(installs.group(1).split()), set(named.group(1).split())


def test_bootstrap_and_the_runner_describe_the_same_parts() -> None:
    script = bootstrap_parts()
    script.pop("python")
    script.pop("formal")  # like python: packages from PyPI into the virtualenv, no system part
    assert script == {name: set(p.packages) for name, p in system.PARTS.items()}


@pytest.mark.parametrize("target", ["test", "test-one"])
def test_the_regression_sets_up_every_part_its_builds_need(target: str) -> None:
    installs, named = declared_parts(make_dry_run(target))
    assert installs == named
    needed = {p for s in SIMULATORS for waves in (False, True) for p in system.parts_for(s, waves)}
    assert needed <= installs, f"'make {target}' does not set up {sorted(needed - installs)}"


@pytest.mark.parametrize("simulator", SIMULATORS)
def test_make_sim_sets_up_every_part_its_build_needs(simulator: str) -> None:
    installs, named = declared_parts(make_dry_run("sim", f"SIM={simulator}"))
    assert installs == named
    assert set(system.parts_for(simulator, waves=True)) <= installs


def test_a_build_whose_part_the_setup_did_not_check_is_refused_by_name() -> None:
    env = {system.SETUP_PARTS_ENV: "python icarus cxx"}
    with pytest.raises(system.SystemPartError, match=r"needs the system part 'fst' .*liblz4-dev.*checked only "
                       r"\[cxx icarus python\].*add 'fst' to the bootstrap parts"):
        system.require(system.parts_for("verilator", waves=True), "the build x", environ=env)
    system.require(system.parts_for("verilator", waves=False), "the build x", environ=env)


def test_the_runner_refuses_before_building_when_the_setup_lacks_a_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(system.SETUP_PARTS_ENV, "python icarus")
    cfg = BuildConfig(sim="verilator", waves=True)
    with pytest.raises(system.SystemPartError, match=rf"the build {re.escape(cfg.name)} needs the system part 'cxx'"):
        build(cfg)


def test_a_missing_part_names_the_command_that_installs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    gone = system.SystemPart("fst", "lz4 headers", ("liblz4-dev",), files=("/nonexistent/lz4.h",))
    monkeypatch.setitem(system.PARTS, "fst", gone)
    with pytest.raises(system.SystemPartError, match=r"missing here \(/nonexistent/lz4.h\); run:  sudo apt-get "
                       r"update && sudo apt-get install -y liblz4-dev"):
        system.require(["fst"], "the build y", environ={})
