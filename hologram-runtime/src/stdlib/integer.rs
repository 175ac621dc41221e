//! Elementwise arithmetic and reductions for the integer types `i8, i16, u16, u64`, each in
//! its own module (`stdlib::i8`, ...; names `i8::add`, ... in a registry): `add, sub, mul,
//! div, neg, abs, relu, maximum, minimum, clip` and `sum, max, min`.
//!
//! Integer rules, as numpy's: `add`, `sub`, `mul`, `neg` and `sum` wrap on overflow (exact
//! modulo `2^bits`, in any order); `abs` of the most negative value wraps to itself; `div`
//! truncates toward zero as Rust's `/` does, wraps `MIN / -1` to `MIN`, and gives 0 for a
//! zero divisor (numpy's result; Rust's `/` would panic). For the unsigned types `neg` is
//! `0 - x` (wrapping) and `abs` and `relu` return `x`. `max` of no elements is the type's
//! `MIN`, `min` its `MAX`, `sum` 0.

macro_rules! integer_family {
    ($t:ident { add: $add:literal, sub: $sub:literal, mul: $mul:literal, div: $div:literal, neg: $neg:literal, abs: $abs:literal, relu: $relu:literal, maximum: $maximum:literal, minimum: $minimum:literal, clip: $clip:literal, sum: $sum:literal, max: $max:literal, min: $min:literal }) => {
        /// `a + b`, wrapping.
        #[crate::kernel(name = $add)]
        pub fn add(a: $t, b: $t) -> $t {
            a.wrapping_add(b)
        }

        /// `a - b`, wrapping.
        #[crate::kernel(name = $sub)]
        pub fn sub(a: $t, b: $t) -> $t {
            a.wrapping_sub(b)
        }

        /// `a * b`, wrapping.
        #[crate::kernel(name = $mul)]
        pub fn mul(a: $t, b: $t) -> $t {
            a.wrapping_mul(b)
        }

        /// `a / b` truncated toward zero; `MIN / -1` wraps to `MIN`; 0 when `b` is 0.
        #[crate::kernel(name = $div)]
        pub fn div(a: $t, b: $t) -> $t {
            if b == 0 { 0 } else { a.wrapping_div(b) }
        }

        /// `-x`, wrapping (`0 - x` for unsigned types).
        #[crate::kernel(name = $neg)]
        pub fn neg(x: $t) -> $t {
            x.wrapping_neg()
        }

        /// `|x|`, wrapping (`MIN` stays `MIN`); `x` for unsigned types.
        #[crate::kernel(name = $abs)]
        #[allow(unused_comparisons, reason = "the same body serves unsigned types")]
        pub fn abs(x: $t) -> $t {
            if x < 0 { x.wrapping_neg() } else { x }
        }

        /// `max(x, 0)`.
        #[crate::kernel(name = $relu)]
        #[allow(unused_comparisons, reason = "the same body serves unsigned types")]
        pub fn relu(x: $t) -> $t {
            if x < 0 { 0 } else { x }
        }

        /// The larger of `a` and `b`.
        #[crate::kernel(name = $maximum)]
        pub fn maximum(a: $t, b: $t) -> $t {
            if a > b { a } else { b }
        }

        /// The smaller of `a` and `b`.
        #[crate::kernel(name = $minimum)]
        pub fn minimum(a: $t, b: $t) -> $t {
            if a < b { a } else { b }
        }

        /// `x` limited to `[lo, hi]`: `minimum(maximum(x, lo), hi)`, numpy's `clip`; with
        /// `lo > hi` every result is `hi`.
        #[crate::kernel(name = $clip)]
        pub fn clip(x: $t, #[uniform] lo: $t, #[uniform] hi: $t) -> $t {
            minimum(maximum(x, lo), hi)
        }

        /// The sum of all elements, wrapping; 0 for none.
        #[crate::kernel(reduce = add, name = $sum)]
        pub fn sum(x: $t) -> $t {
            x
        }

        /// The largest element; the type's `MIN` for none.
        #[crate::kernel(reduce = max, name = $max)]
        pub fn max(x: $t) -> $t {
            x
        }

        /// The smallest element; the type's `MAX` for none.
        #[crate::kernel(reduce = min, name = $min)]
        pub fn min(x: $t) -> $t {
            x
        }
    };
}

pub(crate) use integer_family;
