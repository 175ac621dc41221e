//! Horner evaluation, coefficients in ascending order. No `mul_add`: without FMA hardware it
//! is a library call, and fusing would make results depend on the target.

macro_rules! horner_for {
    ($($name:ident: $t:ident),*) => {$(
        #[doc = concat!("`c[0] + c[1] x + ... + c[N-1] x^(N-1)` in ", stringify!($t), ".")]
        #[inline(always)]
        #[allow(
            clippy::indexing_slicing,
            reason = "indices run from N - 1 down to 0; callers pass constant coefficient \
                      arrays, never user input, and N = 0 does not compile (N - 1 overflows)"
        )]
        pub(crate) fn $name<const N: usize>(x: $t, c: &[$t; N]) -> $t {
            let mut acc = c[N - 1];
            let mut i = N - 1;
            while i > 0 {
                i -= 1;
                acc = acc * x + c[i];
            }
            acc
        }
    )*};
}

horner_for!(horner: f32, horner64: f64);
