"""Seeded pacing patterns: when a bus channel inserts an idle cycle (VALID low) or holds READY low.

A :class:`Pacing` is consulted once per opportunity (a cycle in which the channel could move) and
answers "idle?". It is either a seeded random pattern (``random:0.25`` idles a quarter of the time)
or a fixed pattern repeated forever (``fixed:0011``: two cycles go, two idle). The answers depend
only on the pattern, the seed and the channel, never on the simulator, so a failing run replays
exactly with the same seed; and an engine that cannot call back into Python every cycle can ask
for the same decisions ahead of time with :meth:`Pacing.idle_runs`.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from typing import Callable, Iterator

CHANNELS = ("aw", "w", "b", "ar", "r")


@dataclass(frozen=True)
class Pacing:
    """Idle pattern of one channel: ``idle`` probability (random) or a fixed ``pattern`` of 0/1."""

    idle: float = 0.0
    pattern: str = ""
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0.0 <= self.idle < 1.0:
            raise ValueError(f"idle probability {self.idle} is outside [0, 1)")
        if self.pattern and (set(self.pattern) - {"0", "1"} or "0" not in self.pattern):
            raise ValueError(f"pattern {self.pattern!r} must be 0s and 1s with at least one 0 (1 = idle)")
        if self.pattern and self.idle:
            raise ValueError("give either an idle probability or a fixed pattern, not both")

    @classmethod
    def parse(cls, text: str, seed: int = 0) -> "Pacing":
        """``none``, ``random:P`` or ``fixed:BITS`` (1 = idle)."""
        kind, _, arg = text.partition(":")
        if kind == "none" and not arg:
            return cls(seed=seed)
        if kind == "random":
            return cls(idle=float(arg), seed=seed)
        if kind == "fixed":
            return cls(pattern=arg, seed=seed)
        raise ValueError(f"pacing {text!r}: allowed 'none', 'random:P' (0 <= P < 1) or 'fixed:BITS'")

    @property
    def active(self) -> bool:
        return bool(self.idle or "1" in self.pattern)

    def decisions(self, channel: str) -> Iterator[bool]:
        """The endless sequence of idle decisions for ``channel`` (True = idle this cycle)."""
        if self.pattern:
            bits = [c == "1" for c in self.pattern]
            while True:
                yield from bits
        rng = random.Random((self.seed << 32) ^ zlib.crc32(channel.encode()))
        while True:
            yield rng.random() < self.idle

    def hook(self, channel: str) -> Callable[[], bool] | None:
        """A callable answering one decision per call, or None when this pacing never idles."""
        if not self.active:
            return None
        return self.decisions(channel).__next__

    def idle_runs(self, channel: str, items: int) -> list[int]:
        """Idle cycles before each of ``items`` transfers: the same decisions :meth:`hook` gives,
        grouped (a run of idles, then the go that moves the item)."""
        runs: list[int] = []
        if not self.active:
            return [0] * items
        run = 0
        for idle in self.decisions(channel):
            if len(runs) == items:
                break
            if idle:
                run += 1
            else:
                runs.append(run)
                run = 0
        return runs

    def __str__(self) -> str:
        if self.pattern:
            return f"fixed:{self.pattern}"
        return f"random:{self.idle}" if self.idle else "none"


@dataclass(frozen=True)
class MasterPacing:
    """Pacing of a master's channels: VALID gaps on AW/W/AR, READY held low on B/R."""

    aw: Pacing = field(default_factory=Pacing)
    w: Pacing = field(default_factory=Pacing)
    ar: Pacing = field(default_factory=Pacing)
    b: Pacing = field(default_factory=Pacing)
    r: Pacing = field(default_factory=Pacing)

    @classmethod
    def uniform(cls, pacing: Pacing) -> "MasterPacing":
        return cls(pacing, pacing, pacing, pacing, pacing)

    @property
    def active(self) -> bool:
        return any(getattr(self, ch).active for ch in CHANNELS)
