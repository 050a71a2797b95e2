"""What the engine comparisons keep of a run: every call's results, and the first place two traces
part.

The differential tests (``tests/sim/engines.py`` for AXI, ``tests/sim/bus_engines.py`` for
Wishbone and Avalon-MM) run one scenario through the pin-level master and through the fast engine
and require the same port traffic and the same call results; a :class:`CallRecorder` stands
between the NDIS host and the engine and keeps those results, :func:`first_difference` says where
two traces first disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence


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
