"""Soak: the cocotb suites under many random seeds, across bus widths and simulators, in parallel.

    make soak                                 # SOAK_SEEDS=2 seeds per case, simulator and width
    make soak SOAK_SEEDS=10 SOAK_JOBS=2 SOAK_CASES="faults peers"
    .venv/bin/python -m sim.soak --case peer_ram --sim icarus --data-width 8 --seed 1234   # one run

Every (case, simulator, width) runs with ``--seeds`` fresh seeds drawn from one master seed
(printed, and given back with ``--master-seed`` to replay the same soak); the heavy cases (1 MiB
windows) run with the first seed only. Runs go to ``build/runs/<config>/soak-<case>-<seed>/``.
The summary lists every run that failed with the command that reproduces it alone, and is also
written as JSON to ``build/soak/summary.json``. Nothing here is part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sim.runner import BUILD_ROOT, SIMULATORS, BuildConfig, default_base_addr, run, toplevel_config

WIDTHS = (8, 32, 64, 128)
MIB = 1 << 20


@dataclass(frozen=True)
class SoakCase:
    """One cocotb module (or one of its tests) on one kind of build."""

    name: str
    module: str
    testcase: str | None = None
    ram_bytes: int = 16384
    toplevel: str = "nic_shared_ram"
    widths: tuple[int, ...] = WIDTHS
    sims: tuple[str, ...] = SIMULATORS
    heavy: bool = False
    env: tuple[tuple[str, str], ...] = ()  # the run's environment, e.g. the host engine (NIC_ENGINE)

    def config(self, sim: str, data_width: int) -> BuildConfig:
        return toplevel_config(self.toplevel, sim, data_width, ram_bytes=self.ram_bytes,
                               base_addr=default_base_addr(self.ram_bytes))


CASES: tuple[SoakCase, ...] = (
    SoakCase("ndis_write", "tests.sim.ndis_write"),
    SoakCase("axi_port", "tests.sim.axi_port"),
    SoakCase("memory_sequences", "tests.sim.memory_sequences"),
    SoakCase("peers", "tests.sim.peers"),
    SoakCase("faults", "tests.sim.faults"),
    SoakCase("peer_ram", "tests.sim.peer_ram", toplevel="axi_ram_shell"),
    # The other host buses at every width (the regression runs two per bus and simulator, the
    # memory sequences at 128 bits only).
    SoakCase("wb_ndis_write", "tests.sim.ndis_write", toplevel="nic_shared_ram_wb", widths=(8, 16, 32, 64, 128)),
    # The NDIS suite over classic Wishbone cycles (CTI 000: two clocks a transfer); the regression
    # runs classic cycles in the engines' differential test and registered-feedback bursts' suite.
    SoakCase("wb_classic_ndis_write", "tests.sim.ndis_write", toplevel="nic_shared_ram_wb", widths=(8, 32, 128),
             env=(("NIC_ENGINE", "classic"),)),
    SoakCase("wb_port", "tests.sim.wishbone_port", toplevel="nic_shared_ram_wb", widths=(8, 16, 32, 64, 128)),
    SoakCase("wb_memory_sequences", "tests.sim.memory_sequences", toplevel="nic_shared_ram_wb",
             widths=(8, 16, 32, 64)),
    SoakCase("avmm_ndis_write", "tests.sim.ndis_write", toplevel="nic_shared_ram_avmm", widths=(8, 16, 32, 64, 128)),
    SoakCase("avmm_port", "tests.sim.avalon_port", toplevel="nic_shared_ram_avmm", widths=(8, 16, 32, 64, 128)),
    SoakCase("avmm_memory_sequences", "tests.sim.memory_sequences", toplevel="nic_shared_ram_avmm",
             widths=(8, 16, 32, 64)),
    # The whole 1 MiB window in one call: a million beats each way at 8 bits.
    SoakCase("whole_window_1mib", "tests.sim.ndis_write", testcase="write_whole_window", ram_bytes=MIB,
             widths=(8, 64), heavy=True),
    # Every memory test sequence over a 1 MiB RAM (at 8 bits the March alone is four million
    # single-word accesses: run that one with --case memory_sequences_1mib --data-width 8).
    SoakCase("memory_sequences_1mib", "tests.sim.memory_sequences", ram_bytes=MIB, widths=(64, 128),
             sims=("verilator",), heavy=True),
    # Address in address over 1 MiB of 8-bit words: three passes, one per address byte.
    SoakCase("address_in_address_1mib", "tests.sim.memory_sequences", testcase="every_word_holds_its_own_address",
             ram_bytes=MIB, widths=(8,), sims=("verilator",), heavy=True),
)
CASE_BY_NAME = {c.name: c for c in CASES}


def one_command(case: str, sim: str, data_width: int, seed: int, testcase: str | None = None) -> str:
    """The command that reruns one soak run (or one cocotb test of it) alone, on any toplevel."""
    cmd = f".venv/bin/python -m sim.soak --case {case} --sim {sim} --data-width {data_width} --seed {seed}"
    return cmd + (f" --testcase {testcase}" if testcase else "")


@dataclass
class Outcome:
    """One finished run."""

    case: str
    sim: str
    data_width: int
    seed: int
    passed: int
    failed: list[str]  # "test: first line of its message"
    seconds: float
    reproduce: str  # the whole run
    log: str
    reproduce_failed: list[str] = field(default_factory=list)  # one command per failed test

    @property
    def ok(self) -> bool:
        return not self.failed and self.passed > 0


def run_one(case_name: str, sim: str, data_width: int, seed: int, testcase: str | None = None) -> Outcome:
    """Build (or reuse) and run one case (or one cocotb test of it); never raises for a failing simulation."""
    case = CASE_BY_NAME[case_name]
    testcase = testcase or case.testcase
    cfg = case.config(sim, data_width)
    t0 = time.perf_counter()
    try:
        res = run(cfg, case.module, testcase=testcase, seed=seed, run_name=f"soak-{case_name}-{seed}",
                  extra_env=dict(case.env) or None)
    except Exception as exc:  # a build error or a crashed simulator is a failure of this run
        return Outcome(case_name, sim, data_width, seed, 0, [f"(run) {type(exc).__name__}: {exc}"],
                       time.perf_counter() - t0, one_command(case_name, sim, data_width, seed, testcase), "")
    failed, commands = [], []
    for c in res.failed:
        first = c.message.strip().splitlines()[0] if c.message.strip() else "failed"
        failed.append(f"{c.name}: {first}")
        commands.append(res.reproduce(c.name))
    if not res.cases:
        failed.append(f"(no test ran; see {res.run_dir / 'sim.log'})")
    return Outcome(case_name, sim, data_width, seed, len(res.cases) - len(res.failed), failed,
                   time.perf_counter() - t0, res.reproduce(testcase), str(res.run_dir / "sim.log"), commands)


def plan(cases: list[SoakCase], sims: list[str], widths: list[int], seeds: list[int]) -> list[tuple[str, str, int, int]]:
    jobs = []
    for case in cases:
        for sim in [s for s in sims if s in case.sims]:
            for width in [w for w in widths if w in case.widths]:
                for seed in seeds[:1] if case.heavy else seeds:
                    jobs.append((case.name, sim, width, seed))
    # Heavy runs first, so the long ones do not end up alone at the tail.
    jobs.sort(key=lambda j: not CASE_BY_NAME[j[0]].heavy)
    return jobs


def summarize(outcomes: list[Outcome], master_seed: int | None, wall: float) -> str:
    seed_note = f" (master seed {master_seed})" if master_seed is not None else ""
    lines = [f"soak: {len(outcomes)} runs in {wall:.0f} s{seed_note}"]
    table: dict[tuple[str, str, int], list[Outcome]] = {}
    for o in outcomes:
        table.setdefault((o.case, o.sim, o.data_width), []).append(o)
    lines.append(f"  {'case':24} {'sim':10} {'width':>5} {'runs':>5} {'failed':>6} {'tests':>6} {'seconds':>8}")
    for (case, sim, width), runs in sorted(table.items()):
        bad = sum(not r.ok for r in runs)
        tests = sum(r.passed + len(r.failed) for r in runs)
        secs = sum(r.seconds for r in runs)
        lines.append(f"  {case:24} {sim:10} {width:>5} {len(runs):>5} {bad:>6} {tests:>6} {secs:>8.1f}")
    bad = [o for o in outcomes if not o.ok]
    if bad:
        lines.append(f"FAILED: {len(bad)} run(s)")
        for o in bad:
            lines.append(f"  {o.case} on {o.sim} dw{o.data_width}, seed {o.seed}:")
            for k, f in enumerate(o.failed[:5]):
                lines.append(f"    {f}")
                if k < len(o.reproduce_failed):
                    lines.append(f"      reproduce: {o.reproduce_failed[k]}")
            if len(o.failed) > 5:
                lines.append(f"    ... and {len(o.failed) - 5} more")
            lines.append(f"    reproduce the whole run: {o.reproduce}")
            if o.log:
                lines.append(f"    log: {o.log}")
    else:
        lines.append("all runs passed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run the cocotb suites under many seeds, widths and simulators.")
    ap.add_argument("--seeds", type=int, default=2, help="seeds per case, simulator and width (default 2)")
    ap.add_argument("--jobs", type=int, default=2, help="simulations in parallel (default 2)")
    ap.add_argument("--cases", nargs="*", default=None, help=f"cases to run (default all: {', '.join(CASE_BY_NAME)})")
    ap.add_argument("--sims", nargs="*", default=list(SIMULATORS), choices=SIMULATORS)
    ap.add_argument("--widths", nargs="*", type=int, default=list(WIDTHS))
    ap.add_argument("--master-seed", type=int, default=None, help="replay the seeds of an earlier soak")
    ap.add_argument("--case", default=None, help="run one case alone (with --sim, --data-width, --seed)")
    ap.add_argument("--sim", default="icarus", choices=SIMULATORS)
    ap.add_argument("--data-width", type=int, default=64)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--testcase", default=None, help="with --case: one cocotb test of the case's module")
    a = ap.parse_args(argv)

    for name in ([a.case] if a.case else []) + (a.cases or []):
        if name not in CASE_BY_NAME:
            ap.error(f"unknown case {name!r}; allowed: {', '.join(CASE_BY_NAME)}")
    if a.seeds < 1 or a.jobs < 1:
        ap.error(f"--seeds ({a.seeds}) and --jobs ({a.jobs}) must be at least 1")

    if a.case:
        seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1 << 31)
        o = run_one(a.case, a.sim, a.data_width, seed, a.testcase)
        print(summarize([o], None, o.seconds))
        return 0 if o.ok else 1

    master = a.master_seed if a.master_seed is not None else random.SystemRandom().randrange(1 << 31)
    rng = random.Random(master)
    seeds = [rng.randrange(1 << 31) for _ in range(a.seeds)]
    cases = [CASE_BY_NAME[n] for n in a.cases] if a.cases else list(CASES)
    jobs = plan(cases, a.sims, a.widths, seeds)
    if not jobs:
        ap.error("nothing to run: no case runs on the chosen simulators and widths")
    print(f"soak: {len(jobs)} runs, {a.jobs} at a time, master seed {master} (seeds {seeds})", flush=True)
    t0 = time.perf_counter()
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(max_workers=a.jobs) as pool:
        futures = {pool.submit(run_one, *job): job for job in jobs}
        for fut in as_completed(futures):
            o = fut.result()
            outcomes.append(o)
            status = "ok" if o.ok else "FAILED"
            print(f"  [{len(outcomes)}/{len(jobs)}] {o.case} {o.sim} dw{o.data_width} seed {o.seed}: "
                  f"{status} ({o.passed} passed, {len(o.failed)} failed, {o.seconds:.1f} s)", flush=True)
    wall = time.perf_counter() - t0
    text = summarize(outcomes, master, wall)
    print(text)
    out = BUILD_ROOT / "soak" / "summary.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"master_seed": master, "seeds": seeds, "wall_seconds": wall,
                               "runs": [asdict(o) for o in outcomes]}, indent=1))
    print(f"summary: {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
