"""What the engine comparisons keep of a run: every call's results, and the first place two traces
part.

The differential tests (``tests/sim/engines.py`` for AXI, ``tests/sim/bus_engines.py`` for
Wishbone and Avalon-MM) run one scenario through the pin-level master and through the fast engine
and require the same port traffic and the same call results; a :class:`CallRecorder` stands
between the NDIS host and the engine and keeps those results, :func:`first_difference` says where
two traces first disagree; :func:`restart` and :func:`run_compared` make one run of a comparison,
:func:`run_alone` replays a comparison's scenario with the fast engine
alone (under the Verilog clock) and saves what it returned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Sequence

from cocotb.triggers import ClockCycles, ReadOnly, RisingEdge

from models.pacing import MasterPacing, Pacing
from tb.env import regression_seed


@dataclass
class CallRecorder:
    """A bus engine wrapper that keeps what every call returned: its kind, its number of bursts,
    the responses, the cycles it took and (reads) the data, as JSON-ready dicts in ``calls``.
    ``write``, ``write_beats`` and ``read`` pass their arguments on to the engine unchanged."""

    engine: Any
    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def bus_bytes(self) -> int:
        return self.engine.bus_bytes

    def _keep(self, kind: str, bursts: Sequence[Any], xfer: Any) -> None:
        self.calls.append({
            "kind": kind, "bursts": len(bursts), "resps": [int(r) for r in xfer.resps], "cycles": xfer.cycles,
            "data": xfer.data.hex() if kind == "read" else "",
        })

    async def write(self, bursts: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        xfer = await self.engine.write(bursts, *args, **kwargs)
        self._keep("write", bursts, xfer)
        return xfer

    async def write_beats(self, bursts: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        xfer = await self.engine.write_beats(bursts, *args, **kwargs)
        self._keep("write", bursts, xfer)
        return xfer

    async def read(self, bursts: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        xfer = await self.engine.read(bursts, *args, **kwargs)
        self._keep("read", bursts, xfer)
        return xfer


def first_difference(pin: Sequence[Any], fast: Sequence[Any], item: str = "event") -> str:
    """Where the pin-level trace and the fast engine's first differ: the index and both items, or
    how many items each has when one is the start of the other."""
    for i, (x, y) in enumerate(zip(pin, fast)):
        if x != y:
            return f"{item} {i}: pin {x} / fast {y}"
    return f"pin recorded {len(pin)} {item}s, fast {len(fast)}"


async def run_alone(env: Any, pacing: str, scenario: Callable[[Any, CallRecorder], Awaitable[None]],
                    record: str) -> CallRecorder:
    """Run ``scenario`` through ``env``'s own engine from the start a comparison run makes: the
    run's seed (``tb.env.regression_seed``) draws the RAM contents and seeds the master pacing
    ``pacing`` (a :meth:`models.pacing.Pacing.parse` spec) and the scenario. Every call's results
    are kept and written to the file ``record`` as JSON."""
    seed = regression_seed()
    env.rng.seed(seed)
    start_ram = await env.fill_random()
    env.master.pace(MasterPacing.uniform(Pacing.parse(pacing, seed=seed)))
    env.backdoor.write(env.cfg.base_addr, start_ram)
    env.rng.seed(seed)
    await RisingEdge(env.clock)
    recorder = CallRecorder(env.master)
    await scenario(env, recorder)
    Path(record).write_text(json.dumps(recorder.calls))
    return recorder


async def restart(env: Any, start_ram: bytes, seed: int) -> None:
    """Start a comparison's next run as its first one started: from reset (two edges), with the RAM
    and its model holding ``start_ram`` and the random generator at ``seed``, so nothing of the run
    before carries over (not even pacing decisions an engine still holds)."""
    env.dut.rst.value = 1
    await ClockCycles(env.clock, 2)
    env.dut.rst.value = 0
    env.backdoor.write(env.cfg.base_addr, start_ram)
    env.model.write(env.cfg.base_addr, start_ram)
    env.rng.seed(seed)


async def run_compared(env: Any, engine: Any, pacing: MasterPacing,
                       scenario: Callable[[Any, CallRecorder], Awaitable[None]],
                       cycle: Callable[[], int]) -> tuple[int, CallRecorder]:
    """Run ``scenario`` through ``engine`` paced by ``pacing``, from the edge after next; return
    the port sampler's count of edges (``cycle()``) at the edge before the run's first, and the
    recorder of the run's calls. Returns one edge after the scenario's end."""
    engine.pace(pacing)
    await RisingEdge(env.clock)
    await ReadOnly()  # the sampler has counted this edge, whichever of us woke first
    first = cycle()
    await RisingEdge(env.clock)
    recorder = CallRecorder(engine)
    await scenario(env, recorder)
    await RisingEdge(env.clock)
    return first, recorder
