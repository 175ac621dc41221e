//! Kernels over `bool` streams, in `stdlib::bool` (names `bool::and`, ... in a registry):
//! elementwise `and, or, xor, not`, and the reductions `any`, `all` and `count` (the number
//! of `true`s, as a `u64`).
//!
//! `any` of no elements is `false`, `all` of none is `true`, `count` of none is 0.

/// `a & b`.
#[crate::kernel(name = "bool::and")]
pub fn and(a: bool, b: bool) -> bool {
    a & b
}

/// `a | b`.
#[crate::kernel(name = "bool::or")]
pub fn or(a: bool, b: bool) -> bool {
    a | b
}

/// `a ^ b`.
#[crate::kernel(name = "bool::xor")]
pub fn xor(a: bool, b: bool) -> bool {
    a ^ b
}

/// `!x`.
#[crate::kernel(name = "bool::not")]
pub fn not(x: bool) -> bool {
    !x
}

/// Whether any element is `true` (`reduce = max`: OR).
#[crate::kernel(reduce = max, name = "bool::any")]
pub fn any(x: bool) -> bool {
    x
}

/// Whether every element is `true` (`reduce = min`: AND).
#[crate::kernel(reduce = min, name = "bool::all")]
pub fn all(x: bool) -> bool {
    x
}

/// How many elements are `true`.
#[crate::kernel(reduce = add, name = "bool::count")]
pub fn count(x: bool) -> u64 {
    u64::from(x)
}
