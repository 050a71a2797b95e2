"""Pacing patterns: deterministic per seed and channel, and the same decisions ahead of time."""

import itertools

import pytest

from models.pacing import MasterPacing, Pacing


def test_none_never_idles_and_has_no_hook():
    assert Pacing().hook("w") is None
    assert Pacing().idle_runs("w", 5) == [0] * 5


def test_fixed_pattern_repeats():
    hook = Pacing.parse("fixed:011").hook("w")
    assert [hook() for _ in range(7)] == [False, True, True, False, True, True, False]


def test_random_pattern_is_reproducible_per_seed_and_channel():
    a = list(itertools.islice(Pacing(idle=0.3, seed=7).decisions("w"), 200))
    b = list(itertools.islice(Pacing(idle=0.3, seed=7).decisions("w"), 200))
    c = list(itertools.islice(Pacing(idle=0.3, seed=7).decisions("r"), 200))
    d = list(itertools.islice(Pacing(idle=0.3, seed=8).decisions("w"), 200))
    assert a == b
    assert a != c and a != d
    assert 30 < sum(a) < 90


def test_idle_runs_group_the_same_decisions():
    pacing = Pacing(idle=0.4, seed=3)
    hook = pacing.hook("aw")
    runs = []
    for _ in range(50):
        n = 0
        while hook():
            n += 1
        runs.append(n)
    assert pacing.idle_runs("aw", 50) == runs


@pytest.mark.parametrize("text", ["fixed:111", "fixed:01x", "random:1.0", "random:-0.1", "sometimes"])
def test_bad_pacing_is_rejected_with_the_value(text):
    with pytest.raises(ValueError, match="pacing|pattern|probability"):
        Pacing.parse(text)


def test_master_pacing_is_active_when_any_channel_idles():
    assert not MasterPacing().active
    assert MasterPacing(b=Pacing(idle=0.5)).active
