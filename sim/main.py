"""`make sim`: build, run the default scenario with waves, print a summary.

    python -m sim.main [--sim icarus|verilator] [--data-width 64] [--ram-bytes 16384] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from sim.runner import BUILD_ROOT, DATA_WIDTHS, SIMULATORS, BuildConfig, build, default_base_addr, run

SCENARIOS = {"frame": "frame_write"}
#: The GTKWave save file of each scenario (paths relative to the repository root).
SAVE_FILES = {"frame": "sim/nic_shared_ram.gtkw"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sim", default="icarus", choices=SIMULATORS)
    ap.add_argument("--data-width", type=int, default=64, choices=DATA_WIDTHS)
    ap.add_argument("--ram-bytes", type=int, default=16384)
    ap.add_argument("--scenario", default="frame", choices=sorted(SCENARIOS))
    ap.add_argument("--seed", type=int, default=None)
    a = ap.parse_args(argv)
    if a.seed is None:
        a.seed = int.from_bytes(os.urandom(4), "little") & 0x7FFFFFFF

    try:
        cfg = BuildConfig(
            sim=a.sim, data_width=a.data_width, ram_bytes=a.ram_bytes, base_addr=default_base_addr(a.ram_bytes), waves=True
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"building {cfg.name} ...", flush=True)
    t0 = time.perf_counter()
    runner = build(cfg)
    t1 = time.perf_counter()
    print(f"running scenario '{a.scenario}' ...", flush=True)
    res = run(cfg, "sim.scenarios", testcase=SCENARIOS[a.scenario], seed=a.seed, runner=runner)
    t2 = time.perf_counter()

    summary_file = res.run_dir / "summary.json"
    summary = json.loads(summary_file.read_text()) if summary_file.exists() else {}
    ok = bool(res.cases) and not res.failed and summary.get("result") == "PASS"
    rows = [
        ("simulator", f"{cfg.sim} (DATA_WIDTH={cfg.data_width}, RAM_BYTES={cfg.ram_bytes}, BASE_ADDR=0x{cfg.base_addr:08x})"),
        ("call", summary.get("call", "?")),
        ("bytes", summary.get("bytes", "?")),
        ("bus bursts", summary.get("bus_bursts", "?")),
        ("bus beats", f"{summary.get('bus_beats', '?')} (ideal {summary.get('ideal_beats', '?')})"),
        ("cycles", summary.get("cycles", "?")),
        ("wall time", f"{t2 - t1:.2f} s simulation, {t1 - t0:.2f} s build"),
        ("seed", f"{summary.get('seed', '?')} (rerun the same: make sim SEED={summary.get('seed', '?')})"),
        ("result", "PASS: RAM equals the frame byte for byte, guard bytes untouched" if ok else "FAIL"),
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
        save = SAVE_FILES[a.scenario]
        (BUILD_ROOT / "last-waves").write_text(f"{res.waves_file}\n{save}\n")
        print(f"  waveform  {res.waves_file}")
        print(f"  view it:  make waves   (or: gtkwave {res.waves_file} {save})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
