//! Elementwise arithmetic and reductions for the half-precision storage types, in
//! `stdlib::f16` and `stdlib::bf16` (names `f16::add`, `bf16::add`, ... in a registry):
//! `add, sub, mul, div, neg, abs, relu, maximum, minimum, clip` and `sum, max, min`.
//!
//! Arithmetic is done in `f32` and rounded once to the type, with the vectorizable
//! conversions of [`math`](crate::math): for `add`, `sub`, `mul` and `div` that is the
//! correctly rounded half-precision result (an `f32` holds the exact result of two such
//! operands closely enough that rounding twice never differs from rounding once). `neg` and
//! `abs` only touch the sign bit. NaN propagates as in the f32 kernels.
//!
//! `sum` accumulates in `f32` and returns the `f32` sum, as numpy and PyTorch accumulate
//! half-precision sums in single precision: a sum rounded to `f16` at every step would stop
//! growing at 2048 ones and overflow at 65504. Round the result with
//! [`math::f32_to_f16`](crate::math::f32_to_f16) when a half is wanted. `max` and `min` are
//! exact and return the type; of no elements they return -inf and +inf.

macro_rules! half_family {
    ($t:ident, $to:path, $from:path, { add: $add:literal, sub: $sub:literal, mul: $mul:literal, div: $div:literal, neg: $neg:literal, abs: $abs:literal, relu: $relu:literal, maximum: $maximum:literal, minimum: $minimum:literal, clip: $clip:literal, sum: $sum:literal, max: $max:literal, min: $min:literal }) => {
        use half::$t;

        /// `a + b`, correctly rounded.
        #[crate::kernel(name = $add)]
        pub fn add(a: $t, b: $t) -> $t {
            $from($to(a) + $to(b))
        }

        /// `a - b`, correctly rounded.
        #[crate::kernel(name = $sub)]
        pub fn sub(a: $t, b: $t) -> $t {
            $from($to(a) - $to(b))
        }

        /// `a * b`, correctly rounded.
        #[crate::kernel(name = $mul)]
        pub fn mul(a: $t, b: $t) -> $t {
            $from($to(a) * $to(b))
        }

        /// `a / b`, correctly rounded (IEEE 754: `x / 0` is ±inf or NaN).
        #[crate::kernel(name = $div)]
        pub fn div(a: $t, b: $t) -> $t {
            $from($to(a) / $to(b))
        }

        /// `-x`: the sign bit flipped.
        #[crate::kernel(name = $neg)]
        pub fn neg(x: $t) -> $t {
            $t::from_bits(x.to_bits() ^ 0x8000)
        }

        /// `|x|`: the sign bit cleared.
        #[crate::kernel(name = $abs)]
        pub fn abs(x: $t) -> $t {
            $t::from_bits(x.to_bits() & 0x7fff)
        }

        /// `max(x, 0)`; NaN stays NaN.
        #[crate::kernel(name = $relu)]
        pub fn relu(x: $t) -> $t {
            if $to(x) < 0.0 { $t::ZERO } else { x }
        }

        /// The larger of `a` and `b`; NaN if either is NaN (numpy's `maximum`).
        #[crate::kernel(name = $maximum)]
        pub fn maximum(a: $t, b: $t) -> $t {
            let (x, y) = ($to(a), $to(b));
            if x > y || x.is_nan() { a } else { b }
        }

        /// The smaller of `a` and `b`; NaN if either is NaN (numpy's `minimum`).
        #[crate::kernel(name = $minimum)]
        pub fn minimum(a: $t, b: $t) -> $t {
            let (x, y) = ($to(a), $to(b));
            if x < y || x.is_nan() { a } else { b }
        }

        /// `x` limited to `[lo, hi]`: `minimum(maximum(x, lo), hi)`, numpy's `clip`.
        #[crate::kernel(name = $clip)]
        pub fn clip(x: $t, #[uniform] lo: $t, #[uniform] hi: $t) -> $t {
            minimum(maximum(x, lo), hi)
        }

        /// The sum of all elements, accumulated and returned in `f32`; 0 for none.
        #[crate::kernel(reduce = add, name = $sum)]
        pub fn sum(x: $t) -> f32 {
            $to(x)
        }

        /// The largest element; NaN if any is NaN; -inf for none.
        #[crate::kernel(reduce = max, name = $max)]
        pub fn max(x: $t) -> $t {
            x
        }

        /// The smallest element; NaN if any is NaN; +inf for none.
        #[crate::kernel(reduce = min, name = $min)]
        pub fn min(x: $t) -> $t {
            x
        }
    };
}

pub(crate) use half_family;
