"""`make sim`: build, run the default scenario with waves, print a summary.

    python -m sim.main [--sim icarus|verilator] [--data-width 64] [--ram-bytes 16384] [--seed N]
                       [--scenario frame|port|paged|liteeth] [--bus axi|wishbone|avalon] [--engine fast|pin]

Scenarios: ``frame`` (default) writes a 1514-byte frame through the memory window of
nic_shared_ram; ``port`` writes the same frame through the port path of nic_legacy (remote DMA,
the memory in I/O space); ``paged`` is a 3c503-style transmit copy into bank 0 of nic_legacy's
paged window.  nic_legacy is built with two banks (WINDOW_BYTES = RAM_BYTES / 2).
``--bus wishbone`` or ``--bus avalon`` runs the frame scenario on nic_shared_ram_wb or
nic_shared_ram_avmm instead (same storage, another host bus). ``liteeth`` drives LiteEth's MAC
(generated, docs/liteeth.md): a frame out through a TX slot, checked on MII, and a frame from MII
copied out of an RX slot (DATA_WIDTH and RAM_BYTES do not apply).

The frame scenario runs through the bus's fast engine by default, on the bus's engine wrapper
(``nic_fast_top``, ``wb_fast_top``, ``avmm_fast_top``: the RTL top as ``u_ram``, driven by the
bus's transactor under the Verilog clock, the protocol rules and coverage fed by the wrapper's
port recorder after every call; ``tests/test_engines.py`` and ``tests/test_bus_engines.py`` prove
each the same bus master as the pin-level one, AXI at DATA_WIDTH 8 and 64, Wishbone and Avalon-MM
at 32 and, on this scenario's own build, at 64). ``--engine pin`` runs it with the pin-level
master, the reference, on cocotb's clock, the rules and coverage sampled at every clock (the same
build: the wrapper selects the engine at run time). The other scenarios have the pin-level engine
only. The summary's toplevel and engine rows are what the run used (the scenario saves its
master's and checker's classes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from sim.runner import (
    BUILD_ROOT,
    BUS_FAST_TOPLEVELS,
    BUS_TOPLEVELS,
    DATA_WIDTHS,
    SIMULATORS,
    BuildConfig,
    build,
    bus_engine_config,
    default_base_addr,
    engine_config,
    run,
)

SCENARIOS = {"frame": "frame_write", "port": "frame_through_ports", "paged": "paged_transmit_copy", "liteeth": "liteeth_frames"}
#: The GTKWave save file of each scenario (paths relative to the repository root).
SAVE_FILES = {"frame": "sim/nic_fast_top.gtkw", "port": "sim/nic_legacy.gtkw", "paged": "sim/nic_legacy.gtkw", "liteeth": "sim/liteeth.gtkw"}
#: The toplevel each scenario runs on (the frame scenario on AXI: nic_shared_ram inside the engine
#: wrapper, one build for either engine; on the other buses the frame runs on their engine wrappers,
#: sim.runner.BUS_FAST_TOPLEVELS).
TOPLEVELS = {"frame": "nic_fast_top", "port": "nic_legacy", "paged": "nic_legacy", "liteeth": "liteeth_top"}
#: Where the host port, its clock and the call trace of each scenario sit in its waveform.
SCOPES = {"frame": "nic_fast_top.u_ram", "port": "nic_legacy", "paged": "nic_legacy", "liteeth": "liteeth_top"}
#: The frame scenario's save file on each bus: its engine wrapper's, the rows of the bus top's own
#: save file (:data:`TOP_SAVE_FILES`) on the RAM inside the wrapper (u_ram), either engine.
BUS_SAVE_FILES = {"axi": SAVE_FILES["frame"], "wishbone": "sim/wb_fast_top.gtkw", "avalon": "sim/avmm_fast_top.gtkw"}
#: The save file of each bus's RTL top, for waveforms of the top itself (make test-one WAVES=1).
TOP_SAVE_FILES = {"axi": "sim/nic_shared_ram.gtkw", "wishbone": "sim/nic_shared_ram_wb.gtkw",
                  "avalon": "sim/nic_shared_ram_avmm.gtkw"}
#: The engines of `make sim` (ENGINE=): the fast engine (default where it exists) or the pin-level master.
ENGINES = ("fast", "pin")
#: The environment and plusargs that select the transactor under the Verilog clock.
FAST_ENV = {"NIC_ENGINE": "fast"}
FAST_PLUSARGS = ("+fast_clock",)
#: ... and the pin-level master on cocotb's clock (said explicitly: a NIC_ENGINE left in the caller's
#: environment does not choose for it).
PIN_ENV = {"NIC_ENGINE": "pin"}
#: What a passing run of each scenario has proved.
PASS_TEXT = {
    "frame": "PASS: RAM equals the frame byte for byte, guard bytes untouched",
    "port": "PASS: RAM equals the frame byte for byte (port path), nothing else changed, read-back equal",
    "paged": "PASS: the frame is in bank 0 byte for byte, nothing else changed, window back on the receive bank",
    "liteeth": "PASS: TX slot equals the frame, the frame on MII with a valid FCS, the RX frame copied out equal",
}


def scenario_parameters(scenario: str, ram_bytes: int) -> tuple[tuple[str, int], ...]:
    """The extra toplevel parameters of a scenario: nic_legacy's window and port base."""
    if TOPLEVELS[scenario] != "nic_legacy":
        return ()
    if not 4096 <= ram_bytes <= 65536:
        raise ValueError(f"RAM_BYTES={ram_bytes} for scenario '{scenario}': nic_legacy takes 4096..65536 here (a frame per bank, a 16-bit remote address)")
    # two banks, as the 3c503-16 (the port path does not use the window; one build serves both)
    return (("WINDOW_BYTES", ram_bytes // 2), ("PORT_BASE", 0x300))


def scenario_engine(scenario: str, bus: str = "axi", engine: str | None = None) -> str:
    """The engine a scenario runs with: ``engine``, or by default the fast engine for the frame
    scenario (on every bus) and the pin-level master elsewhere; ValueError for one it cannot run with."""
    if bus not in BUS_TOPLEVELS:
        raise ValueError(f"BUS={bus!r} is not known; allowed: {', '.join(BUS_TOPLEVELS)}")
    fast_here = scenario == "frame"
    if engine is None:
        return "fast" if fast_here else "pin"
    if engine not in ENGINES:
        raise ValueError(f"ENGINE={engine!r} is not known; allowed: {', '.join(ENGINES)}")
    if engine == "fast" and not fast_here:
        raise ValueError(f"ENGINE=fast runs the frame scenario only (SCENARIO={scenario}); use ENGINE=pin")
    return engine


def scenario_launch(scenario: str, bus: str = "axi", engine: str | None = None) -> tuple[dict[str, str], tuple[str, ...]]:
    """The environment and plusargs of a scenario's run with its engine (:func:`scenario_engine`)."""
    if scenario_engine(scenario, bus, engine) == "fast":
        return dict(FAST_ENV), FAST_PLUSARGS
    return dict(PIN_ENV), ()


def scenario_save_file(scenario: str, bus: str = "axi") -> str:
    """The GTKWave save file of a scenario's waveform (either engine)."""
    return SAVE_FILES[scenario] if bus == "axi" else BUS_SAVE_FILES[bus]


def scenario_scope(scenario: str, bus: str = "axi") -> str:
    """Where the host port, its clock and the call trace sit in the scenario's waveform."""
    return SCOPES[scenario] if bus == "axi" else f"{BUS_FAST_TOPLEVELS[bus]}.u_ram"


def engine_text(engine: str, summary: dict) -> str:
    """The summary's engine row: the engine, with the master and protocol checker the run used
    where the scenario saved them (the frame scenario does)."""
    master = f" ({summary['master']})" if "master" in summary else ""
    checker = f" ({summary['checker']})" if "checker" in summary else ""
    if engine == "fast":
        return (f"fast: the transactor under the Verilog clock{master}; protocol rules and coverage "
                f"from the port recorder{checker}")
    text = f"pin: the pin-level master, Python at every clock{master}"
    return text + (f"; protocol rules and coverage sampled at every clock{checker}" if checker else "")


def scenario_config(
    scenario: str, sim: str = "icarus", data_width: int = 64, ram_bytes: int = 16384, bus: str = "axi",
    engine: str | None = None,
) -> BuildConfig:
    """The build a scenario runs on (with waves) with its engine (:func:`scenario_engine`);
    ValueError for a configuration it cannot take."""
    if bus not in BUS_TOPLEVELS:
        raise ValueError(f"BUS={bus!r} is not known; allowed: {', '.join(BUS_TOPLEVELS)}")
    if bus != "axi" and scenario != "frame":
        raise ValueError(f"BUS={bus} runs the frame scenario only (SCENARIO={scenario} needs nic_legacy's AXI ports)")
    scenario_engine(scenario, bus, engine)  # refuses an engine the scenario has not
    if scenario == "frame":  # either engine: the bus's engine wrapper selects it at run time
        if bus == "axi":
            return engine_config(sim, data_width, ram_bytes, waves=True)
        return bus_engine_config(bus, sim, data_width, ram_bytes=ram_bytes, base_addr=default_base_addr(ram_bytes),
                                 waves=True)
    if scenario == "liteeth":  # the generated LiteEth core: its own bus width and address map
        from sim.liteeth_gen import liteeth_config

        return liteeth_config(sim, waves=True)[0]
    return BuildConfig(
        sim=sim, data_width=data_width, ram_bytes=ram_bytes, base_addr=default_base_addr(ram_bytes), waves=True,
        toplevel=TOPLEVELS[scenario],
        extra_parameters=scenario_parameters(scenario, ram_bytes),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sim", default="icarus", choices=SIMULATORS)
    ap.add_argument("--data-width", type=int, default=64, choices=DATA_WIDTHS)
    ap.add_argument("--ram-bytes", type=int, default=16384)
    ap.add_argument("--scenario", default="frame", choices=sorted(SCENARIOS))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--bus", default="axi", choices=sorted(BUS_TOPLEVELS))
    ap.add_argument("--engine", default=None, help="fast (default for the frame scenario on AXI) | pin")
    a = ap.parse_args(argv)
    if a.seed is None:
        a.seed = int.from_bytes(os.urandom(4), "little") & 0x7FFFFFFF

    try:
        cfg = scenario_config(a.scenario, a.sim, a.data_width, a.ram_bytes, a.bus, a.engine)
        engine = scenario_engine(a.scenario, a.bus, a.engine)
        env, plusargs = scenario_launch(a.scenario, a.bus, a.engine)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"building {cfg.name} ...", flush=True)
    t0 = time.perf_counter()
    runner = build(cfg)
    t1 = time.perf_counter()
    print(f"running scenario '{a.scenario}' ...", flush=True)
    res = run(cfg, "tests.sim.scenarios", testcase=SCENARIOS[a.scenario], seed=a.seed, runner=runner,
              extra_env=env, plusargs=plusargs)
    t2 = time.perf_counter()

    summary_file = res.run_dir / "summary.json"
    summary = json.loads(summary_file.read_text()) if summary_file.exists() else {}
    # a run whose engine is not the one asked for (the scenario saves it where it has a choice) fails
    ok = bool(res.cases) and not res.failed and summary.get("result") == "PASS" and summary.get("engine", engine) == engine
    params = "".join(f", {k}={v:#x}" if k == "PORT_BASE" else f", {k}={v}" for k, v in cfg.extra_parameters)
    detail = f"DATA_WIDTH={cfg.data_width}, RAM_BYTES={cfg.ram_bytes}, BASE_ADDR=0x{cfg.base_addr:08x}{params}"
    if a.scenario == "liteeth":
        detail = f"LiteEth MAC generated from tb/liteeth/{cfg.variant}.yml, 32-bit classic Wishbone, MII"
    rows = [
        ("simulator", f"{cfg.sim} ({detail})"),
        ("toplevel", cfg.toplevel),
        ("engine", engine_text(engine, summary)),
        ("call", summary.get("call", "?")),
        ("bytes", summary.get("bytes", "?")),
    ]
    if "bus_beats" in summary or "rows" not in summary:
        rows += [
            ("bus bursts", summary.get("bus_bursts", "?")),
            ("bus beats", f"{summary.get('bus_beats', '?')} (ideal {summary.get('ideal_beats', '?')})"),
        ]
    rows += [tuple(r) for r in summary.get("rows", [])]
    rows += [
        ("cycles", summary.get("cycles", "?")),
        ("wall time", f"{t2 - t1:.2f} s simulation, {t1 - t0:.2f} s build"),
        ("seed", f"{summary.get('seed', '?')} (rerun the same: make sim{'' if a.scenario == 'frame' else f' SCENARIO={a.scenario}'}{'' if a.bus == 'axi' else f' BUS={a.bus}'}{'' if a.engine is None else f' ENGINE={engine}'} SEED={summary.get('seed', '?')})"),
        ("result", PASS_TEXT[a.scenario] if ok else "FAIL"),
    ]
    print()
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
    if res.failed:
        print()
        print(res.summary())
    print(f"\n  log       {res.run_dir / 'sim.log'}")
    if res.waves_file:
        save = scenario_save_file(a.scenario, a.bus)
        (BUILD_ROOT / "last-waves").write_text(f"{res.waves_file}\n{save}\n")
        print(f"  waveform  {res.waves_file}")
        print(f"  view it:  make waves   (or: gtkwave {res.waves_file} {save})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
