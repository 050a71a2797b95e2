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


def html_matrix(junit: Path, out: Path) -> None:
    """A one-page matrix of the combined results: test modules down, configurations across,
    ``passed/total`` in each cell, failed cases listed under the table with their seed."""
    import html

    root = ET.parse(junit).getroot()
    cells: dict[tuple[str, str], list[int]] = {}
    failures: list[tuple[str, str, str]] = []
    for suite in root.iter("testsuite"):
        config, _, module = suite.get("name", "?").rpartition(".")
        cell = cells.setdefault((module, config), [0, 0])
        for case in suite.iter("testcase"):
            cell[1] += 1
            bad = case.find("failure")
            if bad is None:
                bad = case.find("error")
            if bad is None:
                cell[0] += 1
            else:
                failures.append((suite.get("name", "?"), case.get("name", "?"), bad.get("message", "")))
    modules = sorted({m for m, _ in cells})
    configs = sorted({c for _, c in cells})
    rows = []
    for m in modules:
        tds = []
        for c in configs:
            if (m, c) not in cells:
                tds.append("<td></td>")
                continue
            ok, total = cells[(m, c)]
            tds.append(f'<td class="{"pass" if ok == total else "fail"}">{ok}/{total}</td>')
        rows.append(f"<tr><th>{html.escape(m)}</th>{''.join(tds)}</tr>")
    fails = "".join(
        f"<li><b>{html.escape(s)}</b> / {html.escape(n)}: {html.escape(msg)}</li>" for s, n, msg in failures
    ) or "<li>none</li>"
    out.write_text(
        "<!doctype html><meta charset=utf-8><title>nic_shared_ram regression</title>"
        "<style>body{font-family:sans-serif}td,th{padding:4px 10px;border:1px solid #ccc}"
        ".pass{background:#d8f5d0}.fail{background:#f8d0d0}table{border-collapse:collapse}</style>"
        f"<h1>nic_shared_ram regression</h1><table><tr><th></th>{''.join(f'<th>{html.escape(c)}</th>' for c in configs)}</tr>"
        f"{''.join(rows)}</table><h2>Failures</h2><ul>{fails}</ul>"
    )
