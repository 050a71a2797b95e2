"""Combine the cocotb results of many simulator runs into one JUnit XML file for CI.

pytest's own JUnit file has one case per simulator run (a cocotb module on one configuration);
this one has one case per cocotb test and configuration, named ``<sim>.dw<width>.<module>`` /
``<test>``, with the seed and the command that reproduces a failure in the failure text.

A sharded CI run merges the files of its shards into one report:

    python -m sim.junit merge merged.xml shard-1/cocotb.xml shard-2/cocotb.xml ...
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
import sys
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


def merge(files: Iterable[Path], out: Path) -> tuple[int, int]:
    """Write the test suites of every JUnit file in ``files`` into one file ``out``; return
    (cases, failures and errors). A file that is missing or unreadable is an error of its own,
    so a shard that died before writing its report cannot pass unseen."""
    root = ET.Element("testsuites", name="merged")
    total = failed = 0
    for f in files:
        try:
            tree = ET.parse(f).getroot()
            suites = [tree] if tree.tag == "testsuite" else list(tree.iter("testsuite"))
        except (OSError, ET.ParseError) as exc:
            suite = ET.SubElement(root, "testsuite", name=str(f), tests="1", failures="1")
            case = ET.SubElement(suite, "testcase", classname=str(f), name="(report)")
            ET.SubElement(case, "error", message=f"unreadable JUnit file {f}: {exc}")
            total += 1
            failed += 1
            continue
        for suite in suites:
            root.append(suite)
            for case in suite.iter("testcase"):
                total += 1
                failed += case.find("failure") is not None or case.find("error") is not None
    root.set("tests", str(total))
    root.set("failures", str(failed))
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return total, failed


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Merge JUnit XML files (the shards of a CI run) into one.")
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("merge", help="merge JUnit files; with --html, also a matrix page of the merged cocotb cases")
    m.add_argument("out", type=Path)
    m.add_argument("files", type=Path, nargs="+")
    m.add_argument("--html", type=Path, default=None)
    a = ap.parse_args(argv)
    total, failed = merge(a.files, a.out)
    if a.html:
        html_matrix(a.out, a.html)
    print(f"{a.out}: {total} cases from {len(a.files)} files, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
