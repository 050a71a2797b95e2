"""`make mutants`: how many single-point bugs the kit catches, in the models, the host calls and the RTL.

Python: mutmut (pinned in requirements-mutants.txt) mutates the files listed in ``[tool.mutmut]``
of pyproject.toml, in a scratch copy under ``build/mutants/python/``, and runs the fast unit suite
(``tests/models``, ``tests/host``) against each mutant, only the tests that reach the mutated
function.  Hypothesis runs with a fixed seed so a run is repeatable.  Each survivor of a gated
file is then written into its file (``mutmut apply``) and the suite run once more without
mutmut's trampolines, which code that inspects functions (the host's call tracing) sees differently.

RTL: :mod:`sim.vmutate` makes the single-point mutants of every ``hdl/`` file.  Each mutant is a
scratch copy of ``hdl/`` under ``build/mutants/rtl/<id>/`` with one change.  It first goes through
``verilator --lint-only -Wall`` as `make lint` runs it (a width mismatch is caught there), and
the toplevel is elaborated by Icarus and Verilator at the legal corners and the refused
parameters of tests/test_params.py (a refusal must name the parameter, its value and what is
allowed), then it is
built with Icarus and run against a fast subset of the cocotb regression (``SUITES``: chosen by
the toplevel whose hierarchy holds the file) until one test fails.  Mutants run in parallel, each in its own process
with a time limit; the sampled mode takes a seeded sample of every file's mutants.

Every mutant ends as killed (a test failed, or the build refused it), timeout (counted as
killed), survived, or equivalent (listed with its reason in ``tests/mutants-equivalent.txt``).
The report, ``build/results/mutants.{txt,json,html}``, gives the kill rate per file and each
survivor with its diff.  The exit status is 1 when a file of ``GATED_PY``/the gated RTL
hierarchy has a survivor that is not listed as equivalent, or when the list is stale.

    python -m sim.mutants                    # sampled (make mutants)
    python -m sim.mutants --full             # every mutant (make mutants MUTANTS_FULL=1)
    python -m sim.mutants --only rtl --rtl-sample 10 --seed 7
    python -m sim.mutants --full --gated     # every mutant of the gated files (make mutants MUTANTS_GATED=1 MUTANTS_FULL=1)
    python -m sim.mutants --only python --py-files 'models/axi.py'
    python -m sim.mutants --ids models.axi.x_beat_strobes__mutmut_1 nic_axi_rd-c0bb223c   # rerun by id
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from sim import vmutate
from sim.runner import BUILD_ROOT, HDL_DIR, REPO, BuildConfig

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - mutmut brings toml on older Pythons
    import toml as tomllib  # type: ignore[no-redef]

WORK = BUILD_ROOT / "mutants"
RESULTS = BUILD_ROOT / "results"
EQUIVALENT_FILE = REPO / "tests" / "mutants-equivalent.txt"
PY_WORKSPACE = WORK / "python"
RTL_WORKSPACE = WORK / "rtl"

#: Python files whose every non-equivalent mutant must be killed (the rest is reported).
GATED_PY = (
    "models/axi.py", "models/platform.py", "models/verifier.py", "models/shared_ram.py", "tb/ndis.py", "tb/legacy/host.py",
)
#: The RTL toplevel whose whole hierarchy is gated; the other toplevels' files are reported.
GATED_TOP = "nic_shared_ram"

@dataclass(frozen=True)
class Suite:
    """One cocotb module (or one test of it) run against a mutant, on one build configuration."""

    module: str
    config: BuildConfig
    testcase: str | None = None


#: What runs against an RTL mutant, per toplevel, cheapest and most discriminating first; the
#: first failing suite ends the mutant's run.
SUITES: dict[str, tuple[Suite, ...]] = {
    "nic_shared_ram": (
        # power-on: the outputs before the first edge, then a bench from time 0, then one that
        # never resets (each test must be the first of its simulator run)
        Suite("tests.sim.power_on", BuildConfig(sim="icarus", data_width=32),
         "outputs_hold_their_reset_values_until_the_first_clock_edge"),
        Suite("tests.sim.power_on", BuildConfig(sim="icarus", data_width=32),
         "third_party_bench_samples_before_reset_then_copies"),
        # no reset at all: the power-on values must serve requests as the reset values do
        Suite("tests.sim.power_on", BuildConfig(sim="icarus", data_width=32),
         "requests_before_any_reset_are_served"),
        Suite("tests.sim.axi_port", BuildConfig(sim="icarus", data_width=32)),
        Suite("tests.sim.faults", BuildConfig(sim="icarus", data_width=32)),
        Suite("tests.sim.ndis_write", BuildConfig(sim="icarus", data_width=32)),
        # backpressure: the stall wrapper holds READY low and BVALID/RVALID back (the skid buffers)
        Suite("tests.sim.stalls", BuildConfig(sim="icarus", data_width=32, toplevel="nic_stall_wrapper",
                                         extra_sources=("nic_stall_wrapper.v",))),
        # the one width where DATA_WIDTH/8 and DATA_WIDTH/9 round to a different log2
        Suite("tests.sim.axi_port", BuildConfig(sim="icarus", data_width=16)),
    ),
    # the Wishbone and Avalon-MM tops (tests/test_buses.py): their port tests, then the NDIS suite
    "nic_shared_ram_wb": (
        Suite("tests.sim.wishbone_port", BuildConfig(sim="icarus", data_width=32, toplevel="nic_shared_ram_wb")),
        Suite("tests.sim.ndis_write", BuildConfig(sim="icarus", data_width=32, toplevel="nic_shared_ram_wb")),
    ),
    "nic_shared_ram_avmm": (
        Suite("tests.sim.avalon_port", BuildConfig(sim="icarus", data_width=32, toplevel="nic_shared_ram_avmm")),
        Suite("tests.sim.ndis_write", BuildConfig(sim="icarus", data_width=32, toplevel="nic_shared_ram_avmm")),
    ),
    "nic_legacy": (
        Suite(
            "tests.sim.legacy",
            BuildConfig(
                sim="icarus", data_width=16, ram_bytes=16384, base_addr=0xD0000, toplevel="nic_legacy",
                extra_parameters=(("WINDOW_BYTES", 8192), ("PORT_BASE", 0x300)),
            ),
        ),
    ),
}

#: The simulators whose elaboration checks the parameter rules of a mutant (tests/test_params.py):
#: Icarus names the rule and the value, Verilator prints nic_param_error's message.
PARAMETER_SIMS = ("icarus", "verilator")

KILLED, TIMEOUT, SURVIVED, EQUIVALENT, NO_TESTS, ERROR = "killed", "timeout", "survived", "equivalent", "no tests", "error"
NOT_RUN = "not run"  # a Python mutant left out of the sample


@dataclass
class Result:
    """One mutant's outcome."""

    id: str
    kind: str  # "python" | "rtl"
    file: str
    status: str
    diff: str = ""
    line: int = 0
    operator: str = ""
    detail: str = ""
    seconds: float = 0.0
    reason: str = ""  # for equivalent mutants: the reason from the list


@dataclass
class Report:
    """A whole campaign: every result, the settings and what the equivalent list said."""

    mode: str
    seed: int
    jobs: int
    results: list[Result] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    stale_equivalents: list[str] = field(default_factory=list)
    killed_equivalents: list[str] = field(default_factory=list)
    load_average: list[float] = field(default_factory=list)
    sampled: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------- equivalent list


def read_equivalents(path: Path = EQUIVALENT_FILE) -> dict[str, str]:
    """``{mutant id: reason}`` from the list: one ``<id> <reason>`` per line, ``#`` comments."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[1].strip():
            raise SystemExit(f"{path}:{n}: an equivalent mutant needs a reason: {raw!r}")
        if parts[0] in out:
            raise SystemExit(f"{path}:{n}: {parts[0]} is listed twice")
        out[parts[0]] = parts[1].strip()
    return out


# ---------------------------------------------------------------------------- Python (mutmut)


def mutmut_config(repo: Path = REPO) -> dict:
    return tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["mutmut"]


def prepare_python_workspace() -> None:
    """A fresh copy of what mutmut needs: the targets, the files they import, the unit suite."""
    ws = PY_WORKSPACE
    cfg = mutmut_config()
    if ws.exists():
        shutil.rmtree(ws)
    ws.mkdir(parents=True)
    copied = set()
    for rel in [*cfg["source_paths"], *cfg.get("also_copy", []), *cfg["pytest_add_cli_args_test_selection"],
                "tests/__init__.py", "tests/conftest.py", "pyproject.toml"]:
        src = REPO / rel
        if rel in copied or not src.exists():
            continue
        copied.add(rel)
        dst = ws / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)


def _mutmut(args: list[str], seed: int, log: Path) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        raise SystemExit("mutmut is not installed: run `make mutants` (it installs requirements-mutants.txt)")
    env = {**os.environ, "MODELS_HYPOTHESIS_SEED": str(seed), "PYTHONHASHSEED": "0"}
    env.pop("PYTHONPATH", None)
    with open(log, "a") as out:
        return subprocess.run([str(mutmut), *args], cwd=PY_WORKSPACE, env=env, stdout=out,
                              stderr=subprocess.STDOUT).returncode


def python_mutant_names() -> dict[str, list[str]]:
    """``{file: [mutant name, ...]}`` of the generated mutants (mutmut's .meta files)."""
    out: dict[str, list[str]] = {}
    for meta in sorted((PY_WORKSPACE / "mutants").rglob("*.py.meta")):
        rel = str(meta.relative_to(PY_WORKSPACE / "mutants"))[: -len(".meta")]
        names = sorted(json.loads(meta.read_text()).get("exit_code_by_key", {}))
        if names:
            out[rel] = names
    return out


def sample_python(names: dict[str, list[str]], fraction: float | None, seed: int) -> list[str] | None:
    """A seeded sample of ``fraction`` of every file's mutants (at least one each); None: all."""
    if fraction is None or fraction >= 1:
        return None
    rng = random.Random(seed)
    chosen: list[str] = []
    for file in sorted(names):
        group = names[file]
        chosen += sorted(rng.sample(group, max(1, round(fraction * len(group)))))
    return chosen


def python_module_pattern(file: str) -> str:
    """The mutmut name pattern of every mutant of ``file``: ``models/axi.py`` -> ``models.axi.x*``."""
    return str(Path(file).with_suffix("")).replace("/", ".") + ".x*"


def run_python(seed: int, jobs: int, log: Path, fraction: float | None,
               wanted: Callable[[str], bool] | None = None, ids: list[str] | None = None) -> tuple[float, str]:
    """Run mutmut over a fresh workspace (every mutant, or a sample); returns the wall time and
    what was run.  ``wanted`` keeps only the files it accepts; ``ids`` names the mutants to run
    (every one, sampled or not)."""
    prepare_python_workspace()
    log.unlink(missing_ok=True)
    start = time.monotonic()
    if fraction is None or fraction >= 1:
        fraction = None
    if fraction is None and wanted is None and not ids:
        code = _mutmut(["run", "--max-children", str(jobs)], seed, log)
        how = "every mutant"
    else:
        # mutmut makes its mutants (and its test map) before it looks at the names it is given:
        # a name that matches nothing ends the run right there, with every mutant listed on disk.
        _mutmut(["run", "--max-children", str(jobs), "listing.only"], seed, log)
        names = python_mutant_names()
        if not names:
            raise SystemExit(f"mutmut made no mutants; see {log}")
        total = sum(len(v) for v in names.values())
        if ids:
            known = {n for group in names.values() for n in group}
            unknown = sorted(set(ids) - known)
            if unknown:
                raise SystemExit(f"no Python mutant is named {', '.join(unknown)} (mutmut made {total}; "
                                 f"names look like models.axi.x_beat_strobes__mutmut_1)")
            chosen = sorted(set(ids))
            how = f"{len(chosen)} mutant(s) named on the command line"
        else:
            names = {f: v for f, v in names.items() if wanted is None or wanted(f)}
            if not names:
                raise SystemExit("no Python file with mutants matches the selection "
                                 f"(mutmut mutates {', '.join(mutmut_config()['source_paths'])})")
            picked = sum(len(v) for v in names.values())
            files = f"{len(names)} file(s)" if wanted is not None else "every file"
            if fraction is None:
                # one pattern per file: mutmut matches the names itself
                chosen = [python_module_pattern(f) for f in sorted(names)]
                how = f"every mutant of {files}: {picked} of {total}"
            else:
                chosen = sample_python(names, fraction, seed) or []
                how = f"{len(chosen)} of {picked} mutants of {files} ({fraction:.0%} of every file, seed {seed})"
        code = _mutmut(["run", "--max-children", str(jobs), *chosen], seed, log)
    if code != 0:
        raise SystemExit(f"mutmut failed (exit code {code}); see {log}")
    return time.monotonic() - start, how


_EXPORT = r"""
import json, sys
from pathlib import Path
from mutmut.__main__ import SourceFileMutationData, walk_mutatable_files
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
out = []
for path in walk_mutatable_files():
    m = SourceFileMutationData(path=path)
    m.load()
    for key, code in m.exit_code_by_key.items():
        status = status_by_exit_code[code]
        item = {"id": key, "file": str(path), "status": status, "exit_code": code}
        if status not in ("killed", "not checked"):
            item["diff"] = get_diff_for_mutant(key, path=path)
        out.append(item)
Path(sys.argv[1]).write_text(json.dumps(out))
"""

_MUTMUT_STATUS = {"killed": KILLED, "timeout": TIMEOUT, "survived": SURVIVED, "no tests": NO_TESTS,
                  "caught by type check": KILLED, "segfault": KILLED, "not checked": NOT_RUN}


def python_results() -> list[Result]:
    """The outcome of every Python mutant of the last run, read through mutmut itself."""
    dump = PY_WORKSPACE / "results.json"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([sys.executable, "-c", _EXPORT, str(dump)], cwd=PY_WORKSPACE, env=env, check=True)
    results = []
    for item in json.loads(dump.read_text()):
        status = _MUTMUT_STATUS.get(item["status"], ERROR)
        results.append(Result(id=item["id"], kind="python", file=item["file"], status=status,
                              diff=item.get("diff", ""), detail="" if status != ERROR else item["status"]))
    return results


def confirm_on_disk(results: list[Result], seed: int, log: Path, listed: frozenset[str] = frozenset()) -> None:
    """Run the unit suite once more against every Python survivor of a gated file written into
    its file (``mutmut apply``) instead of through mutmut's trampolines, which change how a
    function looks to code that inspects it (``inspect.iscoroutinefunction``) and hide what runs
    at import (the call tracing's class decoration): a survivor that fails the suite this way is
    killed.  Survivors ``listed`` as equivalent (their reason says why they survive) and the other
    files' survivors are reported as mutmut saw them (a whole unit-suite run each would double
    a campaign)."""
    cfg = mutmut_config()
    env = {**os.environ, "MODELS_HYPOTHESIS_SEED": str(seed), "PYTHONHASHSEED": "0"}
    env.pop("PYTHONPATH", None)
    for r in results:
        if r.status not in (SURVIVED, NO_TESTS) or not gated(r) or r.id in listed:
            continue
        if _mutmut(["apply", r.id], seed, log) != 0:
            continue
        try:
            with open(log, "a") as out:
                code = subprocess.run(
                    [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                     *cfg["pytest_add_cli_args_test_selection"]],
                    cwd=PY_WORKSPACE, env=env, stdout=out, stderr=subprocess.STDOUT,
                ).returncode
        finally:
            shutil.copy2(REPO / r.file, PY_WORKSPACE / r.file)
        if code != 0:
            r.status, r.detail = KILLED, "killed when written into its file (mutmut's trampoline hid it)"


# ---------------------------------------------------------------------------- RTL


@dataclass(frozen=True)
class MutantConfig(BuildConfig):
    """A build of ``BuildConfig`` from a scratch copy of hdl/ holding one mutant."""

    hdl_dir: str = ""
    tag: str = ""

    @property
    def name(self) -> str:
        return f"mutant-{self.tag}-" + super().name

    @property
    def build_dir(self) -> Path:
        return Path(self.hdl_dir).parent / "sim" / super().name

    @property
    def sources(self) -> list[Path]:
        extra = [p for p in super().sources if p.parent != HDL_DIR]
        return sorted(Path(self.hdl_dir).glob("*.v")) + extra


@lru_cache(maxsize=None)
def hierarchy(top: str, hdl_dir: Path = HDL_DIR) -> frozenset[str]:
    """The hdl/ files (stems) of ``top``'s hierarchy."""
    sources = {p.stem: p.read_text() for p in hdl_dir.glob("*.v")}
    seen: set[str] = set()
    todo = [top]
    while todo:
        name = todo.pop()
        if name in seen or name not in sources:
            continue
        seen.add(name)
        todo.extend(vmutate.instantiated_modules(sources[name]))
    return frozenset(seen)


def suite_for(stem: str) -> str:
    """The toplevel whose suite runs a mutant of ``hdl/<stem>.v``: the gated one when it holds it."""
    for top in SUITES:
        if stem in hierarchy(top):
            return top
    raise SystemExit(f"hdl/{stem}.v is in no hierarchy of {', '.join(SUITES)}: add a suite for it in sim/mutants.py")


def all_rtl_mutants() -> list[vmutate.Mutant]:
    out = []
    for path in sorted(HDL_DIR.glob("*.v")):
        out.extend(vmutate.mutants(path.read_text(), f"hdl/{path.name}"))
    return out


def sample_rtl(mutants: list[vmutate.Mutant], per_file: int | None, seed: int) -> list[vmutate.Mutant]:
    """A seeded sample of ``per_file`` mutants of every file (all of them when None)."""
    if per_file is None:
        return list(mutants)
    rng = random.Random(seed)
    by_file: dict[str, list[vmutate.Mutant]] = {}
    for m in mutants:
        by_file.setdefault(m.file, []).append(m)
    out = []
    for file in sorted(by_file):
        group = by_file[file]
        out.extend(group if len(group) <= per_file else sorted(rng.sample(group, per_file), key=lambda m: m.start))
    return out


def lint(top: str, cfg: BuildConfig, hdl_dir: Path) -> str | None:
    """``verilator --lint-only -Wall`` of ``top``'s hierarchy in ``hdl_dir`` (as `make lint` runs it);
    the first complaint, or None when clean."""
    from sim.runner import setup_verilator_path

    setup_verilator_path()
    files = [str(hdl_dir / f"{stem}.v") for stem in sorted(hierarchy(top))]
    params = [f"-G{k}={v}" for k, v in cfg.parameters.items() if k in ("DATA_WIDTH", "RAM_BYTES", "WINDOW_BYTES")]
    with tempfile.TemporaryDirectory() as mdir:
        proc = subprocess.run(
            ["verilator", "--lint-only", "-Wall", "--top-module", top, "--Mdir", mdir, *params, *files],
            capture_output=True, text=True,
        )
    if proc.returncode == 0:
        return None
    lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.startswith("%")]
    return lines[0] if lines else f"verilator exit code {proc.returncode}"


def parameter_corners(top: str, hdl_dir: Path, sims: tuple[str, ...] = PARAMETER_SIMS) -> str | None:
    """The parameter rules of ``top`` as tests/test_params.py states them, checked on the RTL in
    ``hdl_dir``: every refusal of ``top`` must fail to elaborate with its message (the parameter,
    its value, what is allowed), every legal corner must elaborate.  The cocotb suites build one
    legal configuration only, so a weakened or tightened rule is found here.  Returns the first
    case that does not hold, or None."""
    from sim.elaborate import elaborate
    from tests.test_params import CORNERS, REFUSALS

    for sim in sims:
        for refusal in (r for r in REFUSALS if r.top == top):
            result = elaborate(sim, top, dict(refusal.params), hdl_dir=hdl_dir)
            expected = refusal.verilator_text() if sim == "verilator" else refusal.icarus_text()
            if result.ok:
                return f"{sim}: illegal parameters {refusal.case} accepted"
            if expected not in result.output:
                return f"{sim}: illegal parameters {refusal.case} refused without {expected!r}"
        for corner_top, params in CORNERS:
            if corner_top != top:
                continue
            result = elaborate(sim, top, dict(params), hdl_dir=hdl_dir)
            if not result.ok or "not allowed" in result.output:
                shown = " ".join(f"{k}={v}" for k, v in params)
                return f"{sim}: legal parameters {shown} refused"
    return None


def run_rtl_one(mutant_id: str, seed: int, out: Path) -> None:
    """In a child process: build one mutant and run its suite; writes ``{status, detail}`` to ``out``."""
    from sim.runner import run

    mutant = next(m for m in all_rtl_mutants() if m.id == mutant_id)
    root = RTL_WORKSPACE / mutant_id
    if root.exists():
        shutil.rmtree(root)
    hdl = root / "hdl"
    shutil.copytree(HDL_DIR, hdl)
    target = REPO / mutant.file
    (hdl / target.name).write_text(vmutate.apply(target.read_text(), mutant))
    status, detail = SURVIVED, ""
    top = suite_for(target.stem)
    complaint = lint(top, SUITES[top][0].config, hdl)
    if complaint is not None:
        status, detail = KILLED, f"lint: {complaint}"
    else:
        complaint = parameter_corners(top, hdl)
        if complaint is not None:
            status, detail = KILLED, f"elaboration: {complaint}"
    for suite in SUITES[top] if status == SURVIVED else ():
        module, base = suite.module, suite.config
        cfg = MutantConfig(**{**asdict(base), "hdl_dir": str(hdl), "tag": mutant_id})
        try:
            res = run(cfg, module, testcase=suite.testcase, seed=seed)
        except (Exception, SystemExit) as exc:  # the build refused the mutant (elaboration error)
            status, detail = KILLED, f"build failed: {str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}"
            break
        if not res.cases or res.failed or res.exit_code:
            first = res.failed[0].name if res.failed else "no test ran"
            status, detail = KILLED, f"{module} dw{base.data_width}: {first}"
            shutil.rmtree(res.run_dir, ignore_errors=True)
            break
        shutil.rmtree(res.run_dir, ignore_errors=True)
    for run_dir in (BUILD_ROOT / "runs").glob(f"mutant-{mutant_id}-*"):
        shutil.rmtree(run_dir, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    out.write_text(json.dumps({"status": status, "detail": detail}))


def _run_child(mutant: vmutate.Mutant, seed: int, limit: float) -> tuple[str, str, float]:
    out = RTL_WORKSPACE / f"{mutant.id}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim.mutants", "--rtl-one", mutant.id, "--seed", str(seed), "--out", str(out)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        shutil.rmtree(RTL_WORKSPACE / mutant.id, ignore_errors=True)
        for run_dir in (BUILD_ROOT / "runs").glob(f"mutant-{mutant.id}-*"):
            shutil.rmtree(run_dir, ignore_errors=True)
        return TIMEOUT, f"no result within {limit:.0f} s", time.monotonic() - start
    elapsed = time.monotonic() - start
    if not out.exists():
        tail = err.decode(errors="replace").strip().splitlines()[-3:]
        return ERROR, " | ".join(tail), elapsed
    data = json.loads(out.read_text())
    out.unlink()
    return data["status"], data["detail"], elapsed


def baseline_rtl(seed: int, tops: set[str] | None = None) -> float:
    """Every suite of ``tops`` (default: all) passes on the unmutated RTL (else a kill means
    nothing); returns the slowest toplevel's time, in s."""
    from sim.runner import run

    slowest = 0.0
    for top, suite in SUITES.items():
        if tops is not None and top not in tops:
            continue
        complaint = lint(top, suite[0].config, HDL_DIR)
        if complaint is not None:
            raise SystemExit(f"lint fails without any mutant ({top}): {complaint}")
        complaint = parameter_corners(top, HDL_DIR)
        if complaint is not None:
            raise SystemExit(f"without any mutant, {top}: {complaint}")
        start = time.monotonic()
        for one in suite:
            res = run(one.config, one.module, testcase=one.testcase, seed=seed)
            if not res.cases or res.failed or res.exit_code:
                raise SystemExit(f"the RTL suite fails without any mutant ({top}):\n{res.summary()}")
        slowest = max(slowest, time.monotonic() - start)
    return slowest


def run_rtl(mutants: list[vmutate.Mutant], seed: int, jobs: int, progress: bool = True) -> tuple[list[Result], float]:
    start = time.monotonic()
    slowest = baseline_rtl(seed, {suite_for(Path(m.file).stem) for m in mutants})
    limit = max(120.0, 6.0 * slowest)
    sources = {m.file: (REPO / m.file).read_text() for m in mutants}
    results: list[Result] = []

    def one(m: vmutate.Mutant) -> Result:
        status, detail, secs = _run_child(m, seed, limit)
        r = Result(id=m.id, kind="rtl", file=m.file, status=status, line=m.line, operator=m.operator,
                   detail=detail, seconds=round(secs, 1),
                   diff=vmutate.diff(sources[m.file], m) if status not in (KILLED, TIMEOUT) else "")
        if progress:
            print(f"  rtl {len(results) + 1}/{len(mutants)} {m.id} {m.describe()}: {status} ({secs:.0f} s)", flush=True)
        results.append(r)
        return r

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, mutants))
    results.sort(key=lambda r: (r.file, r.line, r.id))
    return results, time.monotonic() - start


# ---------------------------------------------------------------------------- report


def apply_equivalents(report: Report, equivalents: dict[str, str], generated: set[str]) -> None:
    for r in report.results:
        if r.id in equivalents:
            if r.status in (SURVIVED, NO_TESTS):
                r.status, r.reason = EQUIVALENT, equivalents[r.id]
            elif r.status in (KILLED, TIMEOUT):
                report.killed_equivalents.append(r.id)
    report.stale_equivalents = sorted(i for i in equivalents if i not in generated)


def gated_file(kind: str, file: str) -> bool:
    """Whether every non-equivalent mutant of ``file`` (``kind`` "python" or "rtl") must be killed."""
    if kind == "python":
        return file in GATED_PY
    return Path(file).stem in hierarchy(GATED_TOP)


def gated(r: Result) -> bool:
    return gated_file(r.kind, r.file)


def file_filter(kind: str, gated_only: bool, globs: list[str] | None) -> Callable[[str], bool] | None:
    """Which files of ``kind`` a campaign runs: the gated ones only and/or those matching ``globs``
    (None: every file)."""
    if not gated_only and not globs:
        return None
    return lambda file: ((not gated_only or gated_file(kind, file))
                         and (not globs or any(fnmatch(file, g) for g in globs)))


def per_file(results: list[Result]) -> list[dict]:
    rows: dict[str, dict] = {}
    for r in results:
        row = rows.setdefault(r.file, {"file": r.file, "kind": r.kind, "gated": gated(r), "mutants": 0,
                                       KILLED: 0, TIMEOUT: 0, SURVIVED: 0, EQUIVALENT: 0, NO_TESTS: 0, ERROR: 0})
        row["mutants"] += 1
        row[r.status] += 1
    for row in rows.values():
        detected = row[KILLED] + row[TIMEOUT]
        counted = row["mutants"] - row[EQUIVALENT] - row[ERROR]
        row["kill_rate"] = round(100.0 * detected / counted, 1) if counted else 100.0
    return sorted(rows.values(), key=lambda row: (row["kind"], row["file"]))


def open_survivors(report: Report) -> list[Result]:
    return [r for r in report.results if r.status in (SURVIVED, NO_TESTS) and gated(r)]


def write_reports(report: Report, out_dir: Path = RESULTS) -> tuple[Path, Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = per_file(report.results)
    data = {**asdict(report), "files": rows, "open_survivors": [r.id for r in open_survivors(report)]}
    json_path = out_dir / "mutants.json"
    json_path.write_text(json.dumps(data, indent=1))

    lines = [f"Mutation testing ({report.mode}, seed {report.seed}, {report.jobs} jobs, "
             f"load average at start {' '.join(f'{x:.2f}' for x in report.load_average)})"]
    for part, secs in report.seconds.items():
        lines.append(f"  {part}: {secs:.0f} s")
    for part, how in report.sampled.items():
        lines.append(f"  {part}: {how}")
    lines.append("")
    lines.append(f"{'file':34} {'gate':4} {'mutants':>7} {'killed':>6} {'t/o':>4} {'surv':>5} {'equiv':>5} {'kill %':>7}")
    for row in rows:
        lines.append(f"{row['file']:34} {'yes' if row['gated'] else '':4} {row['mutants']:7} {row[KILLED]:6} "
                     f"{row[TIMEOUT]:4} {row[SURVIVED] + row[NO_TESTS]:5} {row[EQUIVALENT]:5} {row['kill_rate']:7.1f}")
    for kind in ("python", "rtl"):
        sel = [r for r in report.results if r.kind == kind]
        if sel:
            det = sum(r.status in (KILLED, TIMEOUT) for r in sel)
            cnt = sum(r.status not in (EQUIVALENT, ERROR) for r in sel)
            lines.append(f"{kind + ' total':34} {'':4} {len(sel):7}  kill rate {100.0 * det / max(cnt, 1):.1f} %")
    if report.stale_equivalents:
        lines += ["", "Listed as equivalent but no longer generated (remove from the list):"]
        lines += [f"  {i}" for i in report.stale_equivalents]
    if report.killed_equivalents:
        lines += ["", "Listed as equivalent but killed (not equivalent: remove from the list):"]
        lines += [f"  {i}" for i in report.killed_equivalents]
    errors = [r for r in report.results if r.status == ERROR]
    if errors:
        lines += ["", "Mutants that could not be run:"] + [f"  {r.id}: {r.detail}" for r in errors]
    survivors = [r for r in report.results if r.status in (SURVIVED, NO_TESTS)]
    lines += ["", f"Survivors ({len(survivors)}; {len(open_survivors(report))} in gated files):"]
    for r in survivors:
        where = f"{r.file}:{r.line}" if r.line else r.file
        lines += ["", f"--- {r.id} ({where}{', no test reaches it' if r.status == NO_TESTS else ''}"
                      f"{', gated' if gated(r) else ''})", r.diff.rstrip()]
    text_path = out_dir / "mutants.txt"
    text_path.write_text("\n".join(lines) + "\n")

    h = ["<!doctype html><meta charset='utf-8'><title>Mutation testing</title>",
         "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}td:first-child{text-align:left}"
         "pre{background:#f4f4f4;padding:6px}.bad{color:#b00}</style>",
         f"<h1>Mutation testing</h1><p>{html.escape(lines[0])}</p><table><tr><th>file</th><th>gated</th>"
         "<th>mutants</th><th>killed</th><th>timeout</th><th>survived</th><th>equivalent</th><th>kill %</th></tr>"]
    for row in rows:
        h.append(f"<tr><td>{html.escape(row['file'])}</td><td>{'yes' if row['gated'] else ''}</td><td>{row['mutants']}</td>"
                 f"<td>{row[KILLED]}</td><td>{row[TIMEOUT]}</td><td>{row[SURVIVED] + row[NO_TESTS]}</td>"
                 f"<td>{row[EQUIVALENT]}</td><td>{row['kill_rate']}</td></tr>")
    h.append("</table><h2>Survivors</h2>")
    for r in survivors:
        h.append(f"<h3 class='{'bad' if gated(r) else ''}'>{html.escape(r.id)}</h3><pre>{html.escape(r.diff)}</pre>")
    h.append("<h2>Equivalent</h2><ul>")
    for r in report.results:
        if r.status == EQUIVALENT:
            h.append(f"<li><code>{html.escape(r.id)}</code>: {html.escape(r.reason)}</li>")
    h.append("</ul>")
    html_path = out_dir / "mutants.html"
    html_path.write_text("\n".join(h))
    return text_path, json_path, html_path


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Mutation testing of the models, the host calls and the RTL.")
    ap.add_argument("--full", action="store_true", help="every mutant (default: a seeded sample of every file's)")
    ap.add_argument("--only", choices=("python", "rtl"), help="one half only")
    ap.add_argument("--gated", action="store_true",
                    help=f"only the gated files: {', '.join(GATED_PY)} and the {GATED_TOP} hierarchy "
                         "(with --full: every mutant of those)")
    ap.add_argument("--seed", type=int, default=1, help="sampling, cocotb and Hypothesis seed (default 1)")
    ap.add_argument("--jobs", type=int, default=2, help="mutants run in parallel (default 2)")
    ap.add_argument("--py-sample", type=float, default=0.1,
                    help="fraction of every Python file's mutants in the sampled mode (default 0.1)")
    ap.add_argument("--rtl-sample", type=int, default=4, help="RTL mutants per file in the sampled mode (default 4)")
    ap.add_argument("--py-files", nargs="+", metavar="GLOB",
                    help="only the Python files matching these patterns, e.g. 'models/axi.py' 'tb/*'")
    ap.add_argument("--rtl-files", nargs="+", metavar="GLOB",
                    help="only the RTL files matching these patterns, e.g. 'hdl/nic_axi_*.v'")
    ap.add_argument("--ids", nargs="+", metavar="ID",
                    help="only these mutants, sampled or not (Python: mutmut's names; RTL: vmutate's ids), "
                         "e.g. to rerun the survivors of a campaign")
    ap.add_argument("--results", type=Path, default=RESULTS, help=f"report directory (default {RESULTS})")
    ap.add_argument("--rtl-one", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.rtl_one:
        run_rtl_one(a.rtl_one, a.seed, a.out)
        return 0
    if a.ids and (a.gated or a.py_files or a.rtl_files or a.full):
        ap.error("--ids names the mutants itself: it takes no --gated, --full, --py-files or --rtl-files")

    py_ids = [i for i in a.ids or () if "__mutmut_" in i]
    rtl_ids = [i for i in a.ids or () if "__mutmut_" not in i]
    run_py = a.only in (None, "python") and (not a.ids or bool(py_ids))
    run_hw = a.only in (None, "rtl") and (not a.ids or bool(rtl_ids))
    mode = "named mutants" if a.ids else ("full" if a.full else "sampled") + (", gated files" if a.gated else "")
    equivalents = read_equivalents()
    report = Report(mode=mode, seed=a.seed, jobs=a.jobs, load_average=list(os.getloadavg()))
    generated: set[str] = set()
    WORK.mkdir(parents=True, exist_ok=True)
    everything = all_rtl_mutants()
    if rtl_ids:
        unknown = sorted(set(rtl_ids) - {m.id for m in everything})
        if unknown:
            raise SystemExit(f"no RTL mutant is named {', '.join(unknown)} ({len(everything)} are made; "
                             "ids look like nic_axi_rd-c0bb223c)")
    if run_py:
        print("python mutants: mutmut over " + ", ".join(mutmut_config()["source_paths"]), flush=True)
        report.seconds["python"], how = run_python(
            a.seed, a.jobs, WORK / "mutmut.log", None if a.full or a.ids else a.py_sample,
            wanted=file_filter("python", a.gated, a.py_files), ids=py_ids or None)
        py = python_results()
        start = time.monotonic()
        confirm_on_disk(py, a.seed, WORK / "mutmut.log", frozenset(equivalents))
        report.seconds["python, survivors confirmed on disk"] = time.monotonic() - start
        generated |= {r.id for r in py}
        report.results += [r for r in py if r.status != NOT_RUN]
        report.sampled["python"] = how
    else:
        generated |= {i for i in equivalents if "__mutmut_" in i}
    if run_hw:
        if rtl_ids:
            chosen = [m for m in everything if m.id in set(rtl_ids)]
            report.sampled["rtl"] = f"{len(chosen)} mutant(s) named on the command line"
        else:
            wanted = file_filter("rtl", a.gated, a.rtl_files)
            pool = [m for m in everything if wanted is None or wanted(m.file)]
            if not pool:
                raise SystemExit("no RTL file with mutants matches the selection")
            chosen = sample_rtl(pool, None if a.full else a.rtl_sample, a.seed)
            report.sampled["rtl"] = (f"all {len(chosen)} mutants" if a.full else
                                     f"{len(chosen)} of {len(pool)} mutants ({a.rtl_sample} per file, seed {a.seed})")
            if a.gated:
                report.sampled["rtl"] += f" of the {GATED_TOP} hierarchy"
            if a.rtl_files:
                report.sampled["rtl"] += " of " + ", ".join(a.rtl_files)
        print(f"rtl mutants: {report.sampled['rtl']}", flush=True)
        rtl, report.seconds["rtl"] = run_rtl(chosen, a.seed, a.jobs)
        report.results += rtl
    generated |= {m.id for m in everything}
    apply_equivalents(report, equivalents, generated)
    text, js, page = write_reports(report, a.results)
    print(text.read_text().split("\nSurvivors", 1)[0])
    print(f"report: {text}  {js}  {page}")
    bad = open_survivors(report)
    if bad or report.stale_equivalents or report.killed_equivalents:
        print(f"{len(bad)} survivor(s) in gated files are neither killed nor listed in "
              f"{EQUIVALENT_FILE.relative_to(REPO)}" + ("; the list is stale" if report.stale_equivalents
                                                         or report.killed_equivalents else ""))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
