"""The simulator glue without a simulator: run directories and test selection."""

from __future__ import annotations

import subprocess
import sys

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
