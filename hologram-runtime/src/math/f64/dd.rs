//! Double-f64 ("double-double") arithmetic: a value as an unevaluated sum `hi + lo` with
//! `|lo|` at most about half an ulp of `hi`, carried through the f64 functions that must be
//! accurate to better than an f64 before their one final rounding. Built from the error-free
//! steps of `eft.rs`, with no FMA, so results are the same on every x86-64 target.
//!
//! The products split their factors (Veltkamp), which needs `|a| < 2^995`: callers select
//! away the lanes where a factor is larger or not finite.

pub(super) use super::super::eft::{two_prod64 as two_prod, two_sum64 as two_sum};

/// `(hi, lo)`: the value `hi + lo`.
pub(super) type Dd = (f64, f64);

/// `a + b`, renormalised (`|a| >= |b|` or not: `two_sum` takes any order).
#[inline(always)]
pub(super) fn add(a: Dd, b: Dd) -> Dd {
    let (s, e) = two_sum(a.0, b.0);
    let e = e + (a.1 + b.1);
    quick(s, e)
}

/// `a * b` (relative error about `2^-104`).
#[inline(always)]
pub(super) fn mul(a: Dd, b: Dd) -> Dd {
    let (p, e) = two_prod(a.0, b.0);
    let e = e + (a.0 * b.1 + a.1 * b.0);
    quick(p, e)
}

/// `a / b` (relative error about `2^-104`; `b.0` nonzero and finite).
#[inline(always)]
pub(super) fn div(a: Dd, b: Dd) -> Dd {
    let q = a.0 / b.0;
    let (p, e) = two_prod(q, b.0);
    let r = ((a.0 - p) - e) + (a.1 - q * b.1);
    quick(q, r / b.0)
}

/// `sqrt(a)` for `a.0 > 0` (relative error about `2^-104`).
#[inline(always)]
pub(super) fn sqrt(a: Dd) -> Dd {
    let s = a.0.sqrt();
    let (p, e) = two_prod(s, s);
    let r = ((a.0 - p) - e) + a.1;
    quick(s, r / (2.0 * s))
}

/// `s + e` renormalised, for `|s| >= |e|` (Dekker's fast two-sum).
#[inline(always)]
pub(super) fn quick(s: f64, e: f64) -> Dd {
    let h = s + e;
    (h, e - (h - s))
}
