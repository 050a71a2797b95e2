"""Combine the cocotb results of many simulator runs into one JUnit XML file for CI.

pytest's own JUnit file has one case per simulator run (a cocotb module on one configuration);
this one has one case per cocotb test and configuration, named ``<sim>.dw<width>.<module>`` /
``<test>``, with the seed and the command that reproduces a failure in the failure text.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterable

RUN_INFO = "run.json"


def suite_name(info: dict) -> str:
    name = f"{info['sim']}.dw{info['data_width']}"
    if info.get("ram_bytes") != 16384:
        name += f".ram{info['ram_bytes']}"
    if info.get("toplevel", "nic_shared_ram") != "nic_shared_ram":
        name += f".{info['toplevel']}"
    return f"{name}.{info['module'].rsplit('.', 1)[-1]}"


def combine(run_dirs: Iterable[Path], out: Path) -> tuple[int, int]:
    """Write ``out``; return (cases, failures)."""
    root = ET.Element("testsuites", name="cocotb")
    total = failed = 0
    for run_dir in sorted(run_dirs):
        info = json.loads((run_dir / RUN_INFO).read_text())
        results = run_dir / "results.xml"
        suite = ET.SubElement(root, "testsuite", name=suite_name(info))
        cases = list(ET.parse(results).getroot().iter("testcase")) if results.exists() else []
        if not cases:
            case = ET.SubElement(suite, "testcase", classname=suite.get("name"), name="(simulation)")
            ET.SubElement(case, "error", message="the simulation ran no test").text = f"see {run_dir / 'sim.log'}"
            failed += 1
        n_fail = 0
        for tc in cases:
            case = ET.SubElement(suite, "testcase", classname=suite.get("name"), name=tc.get("name", "?"), time=tc.get("time", "0"))
            bad = tc.find("failure")
            if bad is None:
                bad = tc.find("error")
            if bad is not None:
                n_fail += 1
                repro = f"{info['reproduce']} TESTCASE={tc.get('name')}"
                el = ET.SubElement(case, "failure", message=f"{bad.get('message') or 'failed'} (seed {info['seed']})")
                el.text = f"{bad.text or ''}\nseed: {info['seed']}\nreproduce: {repro}\nlog: {run_dir / 'sim.log'}\n"
        suite.set("tests", str(max(len(cases), 1)))
        suite.set("failures", str(n_fail))
        total += max(len(cases), 1)
        failed += n_fail
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return total, failed
