//! References for the f64 functions of `hologram::math::f64` from glibc's long double
//! functions (`tests/support/ld_reference.c`, compiled and linked by the root build script
//! on x86-64 Linux, which then sets `cfg(hologram_ld_reference)`): each result as
//! `hi + lo`, about a thousandth of an f64 ulp from the exact value, so that errors in ulp
//! are measured to three decimals. Without it, [`unary`] and [`binary`] give `None`.
#![allow(dead_code)]

#[cfg(hologram_ld_reference)]
mod ffi {
    macro_rules! decls {
        ($(unary $u:ident;)* $(binary $b:ident;)*) => {
            unsafe extern "C" {
                $(pub fn $u(x: f64, lo: *mut f64) -> f64;)*
                $(pub fn $b(x: f64, y: f64, lo: *mut f64) -> f64;)*
                pub fn hologram_ld_is_x87() -> i32;
            }
        };
    }
    decls! {
        unary hologram_ld_sin; unary hologram_ld_cos; unary hologram_ld_tan;
        unary hologram_ld_asin; unary hologram_ld_acos; unary hologram_ld_atan;
        unary hologram_ld_sinh; unary hologram_ld_cosh; unary hologram_ld_asinh;
        unary hologram_ld_acosh; unary hologram_ld_atanh; unary hologram_ld_exp2;
        unary hologram_ld_exp_m1; unary hologram_ld_log2; unary hologram_ld_log10;
        unary hologram_ld_ln_1p; unary hologram_ld_cbrt; unary hologram_ld_exp;
        unary hologram_ld_ln; unary hologram_ld_tanh;
        binary hologram_ld_atan2; binary hologram_ld_powf; binary hologram_ld_hypot;
    }
}

/// `f(x)` as `(hi, lo)`.
pub type Unary = fn(f64) -> (f64, f64);
/// `f(x, y)` as `(hi, lo)`.
pub type Binary = fn(f64, f64) -> (f64, f64);

#[cfg(hologram_ld_reference)]
macro_rules! wrap1 {
    ($f:ident) => {
        |x| {
            let mut lo = 0.0;
            // SAFETY: the C function only writes one double through `lo`, a valid local.
            let hi = unsafe { ffi::$f(x, &mut lo) };
            (hi, lo)
        }
    };
}

#[cfg(hologram_ld_reference)]
macro_rules! wrap2 {
    ($f:ident) => {
        |x, y| {
            let mut lo = 0.0;
            // SAFETY: as in `wrap1`.
            let hi = unsafe { ffi::$f(x, y, &mut lo) };
            (hi, lo)
        }
    };
}

/// Whether the references are built in and long double has a 64-bit significand.
pub fn available() -> bool {
    #[cfg(hologram_ld_reference)]
    {
        // SAFETY: the C function takes nothing and returns an int.
        unsafe { ffi::hologram_ld_is_x87() == 1 }
    }
    #[cfg(not(hologram_ld_reference))]
    {
        false
    }
}

/// The long double reference of the one-argument function `name` (a name of the accuracy
/// tables: `sin_cos.0` is `sin`).
pub fn unary(name: &str) -> Option<Unary> {
    if !available() {
        return None;
    }
    #[cfg(hologram_ld_reference)]
    {
        let f: Unary = match name {
            "sin" | "sin_cos.0" => wrap1!(hologram_ld_sin),
            "cos" | "sin_cos.1" => wrap1!(hologram_ld_cos),
            "tan" => wrap1!(hologram_ld_tan),
            "asin" => wrap1!(hologram_ld_asin),
            "acos" => wrap1!(hologram_ld_acos),
            "atan" => wrap1!(hologram_ld_atan),
            "sinh" => wrap1!(hologram_ld_sinh),
            "cosh" => wrap1!(hologram_ld_cosh),
            "asinh" => wrap1!(hologram_ld_asinh),
            "acosh" => wrap1!(hologram_ld_acosh),
            "atanh" => wrap1!(hologram_ld_atanh),
            "exp2" => wrap1!(hologram_ld_exp2),
            "exp_m1" => wrap1!(hologram_ld_exp_m1),
            "log2" => wrap1!(hologram_ld_log2),
            "log10" => wrap1!(hologram_ld_log10),
            "ln_1p" => wrap1!(hologram_ld_ln_1p),
            "cbrt" => wrap1!(hologram_ld_cbrt),
            "exp" => wrap1!(hologram_ld_exp),
            "ln" => wrap1!(hologram_ld_ln),
            "tanh" => wrap1!(hologram_ld_tanh),
            _ => return None,
        };
        Some(f)
    }
    #[cfg(not(hologram_ld_reference))]
    {
        let _ = name;
        None
    }
}

/// The long double reference of the two-argument function `name`.
pub fn binary(name: &str) -> Option<Binary> {
    if !available() {
        return None;
    }
    #[cfg(hologram_ld_reference)]
    {
        let f: Binary = match name {
            "atan2" => wrap2!(hologram_ld_atan2),
            "powf" => wrap2!(hologram_ld_powf),
            "hypot" => wrap2!(hologram_ld_hypot),
            _ => return None,
        };
        Some(f)
    }
    #[cfg(not(hologram_ld_reference))]
    {
        let _ = name;
        None
    }
}

/// The error of `got` against the reference `(hi, lo)` in ulp of the f64 result: 0 where
/// both are the same infinity, NaN, or zero; infinity where only one of them is special.
pub fn ulp_error(got: f64, (hi, lo): (f64, f64)) -> f64 {
    if got.is_nan() || hi.is_nan() || got.is_infinite() || hi.is_infinite() {
        return if got.is_nan() && hi.is_nan() || got == hi {
            0.0
        } else {
            f64::INFINITY
        };
    }
    // The ulp at the exact value (that of the smallest normal for subnormals).
    let e = (((hi.to_bits() >> 52) & 0x7ff) as i32).max(1) - 1023 - 52;
    let ulp = if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    };
    ((got - hi) - lo).abs() / ulp
}
