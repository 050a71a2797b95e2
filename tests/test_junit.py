"""The combined JUnit file names each cocotb test by configuration and carries seed and reproduce command."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from sim.junit import combine, html_matrix

RESULTS = """<?xml version='1.0' encoding='utf-8'?>
<testsuites><testsuite name="tests.sim.axi_port">
<testcase classname="tests.sim.axi_port" name="good" time="0.1"/>
<testcase classname="tests.sim.axi_port" name="bad/case=x" time="0.2"><failure message="AssertionError: RAM differs">trace</failure></testcase>
</testsuite></testsuites>"""


def _run_dir(tmp_path: Path, results: str | None) -> Path:
    d = tmp_path / "run"
    d.mkdir()
    info = {"sim": "verilator", "data_width": 32, "ram_bytes": 16384, "toplevel": "nic_shared_ram",
            "module": "tests.sim.axi_port", "seed": 1234, "reproduce": "make test-one SIM=verilator SEED=1234"}
    (d / "run.json").write_text(json.dumps(info))
    if results is not None:
        (d / "results.xml").write_text(results)
    return d


def test_each_cocotb_test_is_a_case_named_by_configuration(tmp_path):
    out = tmp_path / "out.xml"
    assert combine([_run_dir(tmp_path, RESULTS)], out) == (2, 1)
    cases = list(ET.parse(out).getroot().iter("testcase"))
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("verilator.dw32.axi_port", "good"), ("verilator.dw32.axi_port", "bad/case=x")]


def test_a_failure_carries_seed_and_reproduce_command(tmp_path):
    out = tmp_path / "out.xml"
    combine([_run_dir(tmp_path, RESULTS)], out)
    failure = ET.parse(out).getroot().find(".//failure")
    assert "seed 1234" in failure.get("message")
    assert "reproduce: make test-one SIM=verilator SEED=1234 TESTCASE=bad/case=x" in failure.text


def test_a_run_without_results_is_an_error_not_a_pass(tmp_path):
    out = tmp_path / "out.xml"
    assert combine([_run_dir(tmp_path, None)], out) == (1, 1)
    assert ET.parse(out).getroot().find(".//error") is not None


def test_html_matrix_shows_each_configuration_and_the_failures(tmp_path):
    out = tmp_path / "out.xml"
    combine([_run_dir(tmp_path, RESULTS)], out)
    page = tmp_path / "out.html"
    html_matrix(out, page)
    text = page.read_text()
    assert "verilator.dw32" in text and "1/2" in text and "bad/case=x" in text and "seed 1234" in text


def test_merging_shards_keeps_every_case_and_counts_failures(tmp_path):
    from sim.junit import merge

    (tmp_path / "a").mkdir()
    shard_a = tmp_path / "a" / "cocotb.xml"
    combine([_run_dir(tmp_path, RESULTS)], shard_a)
    shard_b = tmp_path / "b.xml"
    shard_b.write_text('<testsuite name="s"><testcase classname="s" name="only"/></testsuite>')
    out = tmp_path / "merged.xml"
    assert merge([shard_a, shard_b], out) == (3, 1)
    names = sorted(c.get("name") for c in ET.parse(out).getroot().iter("testcase"))
    assert names == ["bad/case=x", "good", "only"]


def test_a_shard_without_its_report_is_a_failure_of_the_merge(tmp_path):
    from sim.junit import merge

    out = tmp_path / "merged.xml"
    assert merge([tmp_path / "missing.xml"], out) == (1, 1)
    error = next(ET.parse(out).getroot().iter("error"))
    assert "missing.xml" in error.get("message")
