"""Kleinberg's two-state burst automaton on batched counts, as CiteSpace uses it.

Kleinberg (2003, "Bursty and hierarchical structure in streams", section 4, "enumerating
bursts" on batched arrivals) models a stream that arrives in batches: in batch ``t``
(here: a year) ``d_t`` documents arrive, ``r_t`` of them relevant (here: patents that list
a code, or an applicant). A hidden state ``q_t`` is 0 (base rate ``p0 = R / D``, the
entity's share over all batches) or 1 (burst rate ``p1 = s * p0``). Being in state ``i``
in batch ``t`` costs

    sigma(i, t) = -ln[ C(d_t, r_t) p_i^r_t (1 - p_i)^(d_t - r_t) ]

(the binomial log-probability of the batch), and moving up from 0 to 1 costs
``gamma * ln n`` (``n``: number of batches; moving down is free). The state sequence of
least total cost, found by the Viterbi recursion, starts in state 0. A burst is a maximal
run of state 1; its *weight* (CiteSpace's "strength") is the cost it saves,
``sum over the run of sigma(0, t) - sigma(1, t)``.

Everything here is vectorised over entities: the Viterbi recursion loops over the batches
(a few dozen years), never over entities or patents.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["burst_costs", "burst_intervals", "burst_states"]

# p1 is kept below 1 so that the cost of a batch with a non-relevant document stays finite
# (an entity in more than half the documents can only burst to "all of them").
_MAX_RATE = 1.0 - 1e-9


def burst_costs(
    relevant: np.ndarray, totals: np.ndarray, s: float = 2.0
) -> tuple[np.ndarray, np.ndarray]:
    """State costs ``sigma(0, t)`` and ``sigma(1, t)`` for every entity and batch.

    Parameters
    ----------
    relevant
        ``(entities, batches)`` counts ``r_t``.
    totals
        ``(batches,)`` or ``(entities, batches)`` counts ``d_t`` (``r_t <= d_t``).
    s
        Burst rate multiplier (``p1 = s * p0``); must exceed 1.

    Returns
    -------
    Two ``(entities, batches)`` float arrays. An entity with no relevant documents costs
    nothing in either state.

    Examples
    --------
    Four documents in each of two years, one then three relevant: ``p0 = 0.5`` and
    ``sigma(0, 0) = -ln(C(4, 1) / 2**4) = ln 4``.

    >>> c0, c1 = burst_costs(np.array([[1, 3]]), np.array([4, 4]))
    >>> round(float(c0[0, 0]), 4) == round(math.log(4), 4)
    True
    """
    if s <= 1:
        raise ValueError(f"burst rate multiplier s must exceed 1, got {s}")
    r = np.atleast_2d(np.asarray(relevant, dtype=float))
    d = np.broadcast_to(np.asarray(totals, dtype=float), r.shape)
    if (r > d).any() or (r < 0).any():
        raise ValueError("relevant counts must lie between 0 and the batch totals")
    relevant_sum, total_sum = r.sum(axis=1), d.sum(axis=1)
    present = relevant_sum > 0
    p0 = np.divide(relevant_sum, total_sum, out=np.full_like(total_sum, 0.5), where=present)
    p0 = np.minimum(p0, _MAX_RATE)[:, None]
    p1 = np.minimum(s * p0, _MAX_RATE)
    c0 = -stats.binom.logpmf(r, d, p0)
    c1 = -stats.binom.logpmf(r, d, p1)
    c0[~present], c1[~present] = 0.0, 0.0  # never relevant: no rate, no cost, no burst
    return c0, c1


def burst_states(
    relevant: np.ndarray, totals: np.ndarray, *, s: float = 2.0, gamma: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """The least-cost state sequence of the two-state automaton for every entity.

    Parameters
    ----------
    relevant, totals, s
        As in :func:`burst_costs`.
    gamma
        Weight of the cost of entering the burst state, ``gamma * ln(batches)``.

    Returns
    -------
    ``(states, gain)``: ``states`` a boolean ``(entities, batches)`` array (True: burst
    state), ``gain`` the per-batch saving ``sigma(0, t) - sigma(1, t)``. Ties go to state 0.

    Examples
    --------
    Twenty documents a year, a relevant count of 8 in the third year against 2 in the
    others (the worked example in tests/analysis/test_early_warning_kleinberg.py):

    >>> states, gain = burst_states(np.array([[2, 2, 8, 2]]), np.array([20, 20, 20, 20]))
    >>> states.astype(int).tolist(), round(float(gain[0, 2]), 4)
    ([[0, 0, 1, 0]], 2.6842)
    """
    if gamma < 0:
        raise ValueError(f"gamma must be >= 0, got {gamma}")
    c0, c1 = burst_costs(relevant, totals, s)
    n_entities, n_batches = c0.shape
    enter = gamma * math.log(n_batches) if n_batches > 1 else 0.0
    # best[k]: least cost of a path ending in state k; came_up / stayed_up: back-pointers
    best0, best1 = c0[:, 0].copy(), enter + c1[:, 0]
    from_one_to0 = np.zeros((n_entities, n_batches), dtype=bool)  # state 0 reached from 1
    from_one_to1 = np.zeros((n_entities, n_batches), dtype=bool)  # state 1 reached from 1
    for t in range(1, n_batches):
        down = best1 < best0  # reaching 0 from 1 is free; ties stay with 0
        stay = best1 <= best0 + enter  # reaching 1: stay (free) or climb from 0
        from_one_to0[:, t], from_one_to1[:, t] = down, stay
        new0 = np.where(down, best1, best0) + c0[:, t]
        new1 = np.where(stay, best1, best0 + enter) + c1[:, t]
        best0, best1 = new0, new1
    states = np.zeros((n_entities, n_batches), dtype=bool)
    state = best1 < best0
    for t in range(n_batches - 1, -1, -1):
        states[:, t] = state
        state = np.where(state, from_one_to1[:, t], from_one_to0[:, t])
    return states, c0 - c1


def burst_intervals(states: np.ndarray, gain: np.ndarray) -> pd.DataFrame:
    """Every maximal run of the burst state, with its weight.

    Returns a frame with columns ``entity`` (row of ``states``), ``start`` and ``end``
    (batch positions, inclusive) and ``weight`` (sum of ``gain`` over the run), in entity
    then start order.

    Examples
    --------
    >>> s = np.array([[0, 1, 1, 0, 1], [0, 0, 0, 0, 0]], dtype=bool)
    >>> burst_intervals(s, np.ones((2, 5))).to_dict("list")
    {'entity': [0, 0], 'start': [1, 4], 'end': [2, 4], 'weight': [2.0, 1.0]}
    """
    states = np.asarray(states, dtype=bool)
    n_entities, n_batches = states.shape
    padded = np.zeros((n_entities, n_batches + 2), dtype=np.int8)
    padded[:, 1:-1] = states
    step = np.diff(padded, axis=1)  # +1 where a run starts, -1 just after it ends
    entity, start = np.nonzero(step == 1)
    _, stop = np.nonzero(step == -1)  # same row-major order as the starts
    cumulative = np.zeros((n_entities, n_batches + 1))
    np.cumsum(np.where(states, gain, 0.0), axis=1, out=cumulative[:, 1:])
    weight = cumulative[entity, stop] - cumulative[entity, start]
    return pd.DataFrame(
        {
            "entity": entity.astype(np.int64),
            "start": start.astype(np.int64),
            "end": (stop - 1).astype(np.int64),
            "weight": weight,
        }
    )
