"""Kleinberg's two-state burst automaton against examples worked out by hand.

Batched form (Kleinberg 2003, section 4): ``p0 = R / D``, ``p1 = s p0``; the cost of state
``i`` in batch ``t`` is ``-ln[C(d, r) p_i^r (1 - p_i)^(d - r)]``; entering state 1 costs
``gamma ln n``. The binomial coefficient is the same in both states, so the choice turns on

    gain(t) = sigma(0, t) - sigma(1, t) = r ln(p1 / p0) + (d - r) ln((1 - p1) / (1 - p0)).
"""

import itertools
import math

import numpy as np
import pytest

from app.analysis.early_warning.kleinberg import burst_costs, burst_intervals, burst_states


def test_single_year_burst_worked_by_hand():
    # d = 20 every year, r = 2, 2, 8, 2: R = 14, D = 80, p0 = 0.175, p1 = 0.35.
    # ln(p1/p0) = ln 2 = 0.693147; ln(0.65/0.825) = -0.238411.
    # gain(r=2) = 2(0.693147) - 18(0.238411) = -2.905104
    # gain(r=8) = 8(0.693147) - 12(0.238411) = +2.684245
    # Entering costs gamma ln 4 = 1.386294 < 2.684245: burst in year 3 alone, weight 2.684245.
    relevant, totals = np.array([[2, 2, 8, 2]]), np.array([20, 20, 20, 20])
    states, gain = burst_states(relevant, totals, s=2.0, gamma=1.0)
    assert gain[0] == pytest.approx([-2.905104, -2.905104, 2.684245, -2.905104], abs=1e-6)
    assert states.astype(int).tolist() == [[0, 0, 1, 0]]
    found = burst_intervals(states, gain)
    assert found[["entity", "start", "end"]].values.tolist() == [[0, 2, 2]]
    assert found["weight"].iloc[0] == pytest.approx(2.684245, abs=1e-6)
    # With gamma = 2.5 entering costs 2.5 ln 4 = 3.465736 > 2.684245: no burst.
    states, _ = burst_states(relevant, totals, s=2.0, gamma=2.5)
    assert not states.any()


def test_two_year_burst_needs_a_low_entry_cost():
    # d = 20, r = 2, 6, 6, 2, 2: R = 18, D = 100, p0 = 0.18, p1 = 0.36.
    # ln(0.64/0.82) = -0.247836; gain(6) = 6(0.693147) - 14(0.247836) = 0.689177,
    # gain(2) = 2(0.693147) - 18(0.247836) = -3.074757.
    # gamma = 1: entering costs ln 5 = 1.609438 > 2 x 0.689177 = 1.378354: no burst.
    # gamma = 0.5: 0.804719 < 1.378354 but > 0.689177: burst in years 2-3 together only.
    relevant, totals = np.array([[2, 6, 6, 2, 2]]), np.full(5, 20)
    states, gain = burst_states(relevant, totals, gamma=1.0)
    assert gain[0, 1] == pytest.approx(0.689177, abs=1e-6)
    assert gain[0, 0] == pytest.approx(-3.074757, abs=1e-6)
    assert not states.any()
    states, gain = burst_states(relevant, totals, gamma=0.5)
    assert states.astype(int).tolist() == [[0, 1, 1, 0, 0]]
    assert burst_intervals(states, gain)["weight"].iloc[0] == pytest.approx(1.378354, abs=1e-6)


def test_state_costs_are_binomial_log_probabilities():
    # r = 1 of d = 4 at p0 = 0.5: -ln(C(4,1) 0.5^4) = -ln(0.25) = ln 4
    c0, c1 = burst_costs(np.array([[1, 3]]), np.array([4, 4]), s=1.5)
    assert c0[0, 0] == pytest.approx(math.log(4))
    # p1 = 0.75: -ln(4 x 0.75 x 0.25^3) = -ln(0.046875)
    assert c1[0, 0] == pytest.approx(-math.log(0.046875))


def _brute_force(relevant, totals, s, gamma):
    c0, c1 = burst_costs(np.array([relevant]), np.array(totals), s)
    enter = gamma * math.log(len(relevant))

    def cost(path):
        climbs = sum(1 for a, b in zip((0, *path), path, strict=False) if b > a)
        return sum((c1 if q else c0)[0, t] for t, q in enumerate(path)) + enter * climbs

    return min(itertools.product((0, 1), repeat=len(relevant)), key=cost), cost


@pytest.mark.parametrize("seed", range(8))
def test_viterbi_finds_the_least_cost_path_of_all_paths(seed):
    rng = np.random.default_rng(seed)
    totals = rng.integers(5, 40, 7)
    relevant = rng.binomial(totals, rng.uniform(0.05, 0.4, 7))
    gamma = float(rng.choice([0.3, 1.0]))
    best, cost = _brute_force(relevant.tolist(), totals.tolist(), 2.0, gamma)
    states, _ = burst_states(relevant[None, :], totals, s=2.0, gamma=gamma)
    assert cost(tuple(states[0].astype(int))) == pytest.approx(cost(best))


def test_many_entities_at_once_match_one_at_a_time():
    rng = np.random.default_rng(3)
    totals = rng.integers(20, 60, 10)
    relevant = rng.binomial(np.tile(totals, (6, 1)), rng.uniform(0.02, 0.3, (6, 10)))
    together, _ = burst_states(relevant, totals)
    for i in range(6):
        alone, _ = burst_states(relevant[i : i + 1], totals)
        assert (together[i] == alone[0]).all()


def test_an_entity_never_seen_has_no_cost_and_no_burst():
    states, gain = burst_states(np.array([[0, 0, 0]]), np.array([10, 10, 10]))
    assert not states.any() and (gain == 0).all()


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="s must exceed 1"):
        burst_costs(np.array([[1]]), np.array([2]), s=1.0)
    with pytest.raises(ValueError, match="between 0 and the batch totals"):
        burst_costs(np.array([[3]]), np.array([2]))
    with pytest.raises(ValueError, match="gamma"):
        burst_states(np.array([[1]]), np.array([2]), gamma=-1)
