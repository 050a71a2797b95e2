"""The simulator glue without a simulator: run directories and test selection."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sim import runner


def test_a_free_run_directory_is_used_and_emptied(tmp_path):
    wanted = tmp_path / "cfg" / "suite"
    wanted.mkdir(parents=True)
    (wanted / "stale.txt").write_text("from an earlier run")
    run_dir, lock = runner._claim_run_dir(wanted)
    try:
        assert run_dir == wanted
        assert list(run_dir.iterdir()) == [], "an earlier run's files were left in the run directory"
    finally:
        lock.release()


def test_a_run_directory_in_use_by_another_process_is_left_alone(tmp_path):
    wanted = tmp_path / "cfg" / "suite"
    wanted.mkdir(parents=True)
    (wanted / "results.xml").write_text("<testsuites/>")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from filelock import FileLock; l = FileLock(sys.argv[1]); l.acquire();"
         " print('held', flush=True); sys.stdin.read()", str(wanted) + ".lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        run_dir, lock = runner._claim_run_dir(wanted)
        try:
            assert run_dir == wanted.with_name("suite-2"), run_dir
            assert (wanted / "results.xml").exists(), "the other process's run directory was emptied"
        finally:
            lock.release()
    finally:
        holder.communicate("")


def test_a_test_name_does_not_select_another_that_ends_with_it():
    import re

    pattern = re.compile(runner.test_filter("frame_write"))
    assert pattern.search("tests.sim.scenarios.frame_write")
    assert pattern.search("tests.sim.scenarios.frame_write/pacing=none")
    assert not pattern.search("tests.sim.scenarios.port_frame_write")


def test_reproduce_carries_environment_plusargs_and_toplevel(tmp_path):
    cfg = runner.toplevel_config("nic_fast_top", "verilator", 8)
    result = runner.RunResult(cfg, "tests.sim.faults", 42, tmp_path, tmp_path / "results.xml",
                              extra_env={"NIC_ENGINE": "fast", "NIC_STALLS": "random:0.3"}, plusargs=("+fast_clock",))
    assert result.reproduce("reset_case") == (
        "NIC_ENGINE=fast NIC_STALLS=random:0.3 make test-one SIM=verilator DATA_WIDTH=8 RAM_BYTES=16384 "
        "MODULE=tests.sim.faults TOPLEVEL=nic_fast_top PLUSARGS='+fast_clock' TESTCASE=reset_case SEED=42"
    )


def test_a_testbench_toplevel_brings_its_own_sources():
    for top, sources in runner.TESTBENCH_TOPLEVELS.items():
        cfg = runner.toplevel_config(top)
        assert cfg.extra_sources == sources
        assert all(path.is_file() for path in cfg.sources), f"{top}: {cfg.sources}"
    assert runner.toplevel_config("nic_fast_top").verilator_args == runner.ENGINE_VERILATOR_ARGS


def test_a_random_init_build_is_a_verilator_configuration_of_its_own():
    plain = runner.BuildConfig(sim="verilator")
    rand = runner.BuildConfig(sim="verilator", random_init=True)
    assert rand.name != plain.name and rand.name.endswith("-xrand"), rand.name
    assert rand.build_dir != plain.build_dir
    # Icarus has no random initial values: the flag changes nothing there, so the build is shared
    assert runner.BuildConfig(sim="icarus", random_init=True).name == runner.BuildConfig(sim="icarus").name


def test_random_init_plusargs_replay_the_seed():
    assert runner.random_init_plusargs(1234) == ["+verilator+rand+reset+2", "+verilator+seed+1234"]
    assert runner.random_init_plusargs(0) == ["+verilator+rand+reset+2", "+verilator+seed+1"], "seed 0 is not a seed"
    assert runner.random_init_plusargs(None) == ["+verilator+rand+reset+2"]
    assert runner.RANDOM_INIT_VERILATOR_ARGS == ("--x-assign", "unique", "--x-initial", "unique")


def test_the_build_without_ports_is_a_lean_verilator_build_with_its_own_loop():
    lean = runner.engine_config("verilator", 64, lean=True)
    fast_only = runner.engine_config("verilator", 64, lean=True, ports=False)
    assert f"-D{runner.NO_PORTS_DEFINE}" in fast_only.verilator_args
    assert f"-D{runner.NO_PORTS_DEFINE}" not in lean.verilator_args
    assert fast_only.verilator_main == str(runner.LEAN_MAIN) and runner.LEAN_MAIN.is_file()
    assert lean.verilator_main == ""
    assert fast_only.build_dir != lean.build_dir and "-noports" in fast_only.name, fast_only.name
    # -O3 for the benchmark unless asked otherwise (the regression builds it at -O1)
    assert "-O3" in runner.engine_config("verilator", 64, lean=True, ports=False).verilator_args
    assert "-O3" not in runner.engine_config("verilator", 64, lean=True, ports=False, speed=False).verilator_args


def test_the_build_without_ports_is_refused_where_it_does_not_exist():
    with pytest.raises(ValueError, match="ports=False is a lean Verilator build; sim='icarus'"):
        runner.engine_config("icarus", 64, lean=True, ports=False)
    with pytest.raises(ValueError, match="lean=False"):
        runner.engine_config("verilator", 64, ports=False)
    with pytest.raises(ValueError, match="ports=False has no waves"):
        runner.engine_config("verilator", 64, lean=True, ports=False, waves=True)
