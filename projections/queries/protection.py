"""Perturbation of microcells: consistent, keyed noise (ADR 0012, docs/query-layer.md).

Why this shape: every published number is a sum of *protected microcells*, never of true
ones. A microcell is one fact table grouped by the query's output dimensions plus the filter
columns of its release variant (see `tabulate.variant_columns`). Each non-empty microcell gets
noise drawn from a key that depends on (salt, measure, microcell, the set of women in it):

- the same women in the same cell always get the same noise, in every query, filter
  combination and snapshot (cell-key consistency, as in the ABS TableBuilder and the ONS
  2021 custom tables), so asking again, or asking another way, yields nothing new;
- any filter selects whole microcells, so subtracting two answers gives a sum of protected
  microcells, never a true count; averaging many such differences converges to the protected
  value, not to the truth (the averaging attack is bounded by the microcell noise).

The noise is drawn here rather than by OpenDP or Tumult because both draw from an unseedable
system generator on purpose; a release that must give the same figure for the same women twice
needs noise that is a pure function of a secret key and the contributors (ADR 0012).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_SIGMA = 2.0
"""Standard deviation of the integer noise on one microcell count (people, cases)."""
SUM_RELATIVE_SD = 0.5
"""Noise on a sum (hours, activities, scores) in units of its largest single contribution."""
DEFAULT_SALT = "percorsi-cell-key-v1"

_MASK64 = (1 << 64) - 1
KEY_MODULUS = (1 << 61) - 1
"""Contributor keys are summed modulo this prime (61-bit, so a sum of keys stays in range)."""


@dataclass(frozen=True)
class Protection:
    """How a reader perturbs what it publishes.

    `enabled=False` is for tests and for the accuracy bench only (no noise, suppression
    still applies); `salt` varies the whole release (tests prove a derivation does not
    depend on the noise by computing it under two salts).
    """

    enabled: bool = True
    sigma: float = DEFAULT_SIGMA
    salt: str = DEFAULT_SALT

    def __post_init__(self) -> None:
        if self.sigma < 0:
            raise ValueError("sigma must be >= 0")


def splitmix64(values: np.ndarray) -> np.ndarray:
    """A well-mixed 64-bit function of 64-bit keys (Steele et al., SplitMix64 finaliser)."""
    z = values.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def uniforms(cell_keys: np.ndarray, identities: np.ndarray) -> np.ndarray:
    """Uniform numbers in (0, 1), one per microcell, from its contributor and identity keys."""
    mixed = splitmix64(splitmix64(cell_keys.astype(np.uint64)) ^ identities.astype(np.uint64))
    return ((mixed >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)


def standard_normals(u: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri  # imported on use: scipy is slow to import

    return np.asarray(ndtri(u), dtype=np.float64)


def count_noise(u: np.ndarray, sigma: float) -> np.ndarray:
    """Integer noise with standard deviation ≈ sigma: a rounded normal (unbounded support, so
    no protected value pins its true count, as a bounded perturbation table would at its edge)."""
    return np.rint(sigma * standard_normals(u)).astype(np.int64)


def sum_noise(u: np.ndarray, top: np.ndarray, floor: float) -> np.ndarray:
    """Noise on a magnitude, scaled by the largest single contribution in the cell (as the ONS
    and ABS perturb magnitude tables) so no one woman's value can be read off a sum, and never
    smaller than `floor` (σ units of the measure) so small or all-zero sums are not left bare."""
    return np.maximum(SUM_RELATIVE_SD * np.abs(top), floor) * standard_normals(u)
