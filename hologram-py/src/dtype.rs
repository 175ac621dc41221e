//! The one table between Hologram's element types and numpy's dtypes: a row per type. An
//! element type without a numpy dtype has `None` for its type number; its kernels are
//! listed by `hologram.kernels()` but get no ufunc.
//!
//! The types of ABI version 2 (`i8` to `bf16`) have no ufunc loops yet (`None`): numpy's
//! `int8`, `int16`, `uint16`, `uint64` and `float16` match them bit for bit, and a `bool`
//! array must pass through `hologram::bools` (its bytes checked) before it becomes a `bool`
//! stream, which the inner loops do not do yet. `bool` is the one type read from its byte
//! (`!= 0`) rather than as a `bool`, so that no byte makes an invalid value.

use core::ffi::{c_int, c_long};
use hologram::{ElemType, Scalar};
use numpy::npyffi::NPY_TYPES;

/// numpy's 64-bit signed integer: `long` where it has 64 bits (LP64), else `long long`.
const NPY_INT64: NPY_TYPES = if size_of::<c_long>() == 8 {
    NPY_TYPES::NPY_LONG
} else {
    NPY_TYPES::NPY_LONGLONG
};

macro_rules! dtypes {
    ($($elem:ident: $t:ty, $npy:expr, $dtype:literal;)*) => {
        /// numpy's type number of `elem`, or `None` when numpy has no dtype for it.
        pub(crate) fn type_num(elem: ElemType) -> Option<c_int> {
            match elem {
                $(ElemType::$elem => $npy.map(|t: NPY_TYPES| t as c_int),)*
                ElemType::Bool => None,
            }
        }

        /// The name of numpy's dtype for `elem` (`"float32"`), or of the type when numpy has
        /// none.
        pub(crate) fn dtype_name(elem: ElemType) -> &'static str {
            match elem {
                $(ElemType::$elem => $dtype,)*
                ElemType::Bool => "bool",
            }
        }

        /// Reads one value of type `elem` at `ptr`.
        ///
        /// # Safety
        /// `ptr` must point to `elem.size()` readable bytes holding a value of type `elem`.
        pub(crate) unsafe fn read(elem: ElemType, ptr: *const u8) -> Scalar {
            match elem {
                // SAFETY: our caller's contract; the read is unaligned, so any address of
                // such a value will do.
                $(ElemType::$elem => Scalar::from(unsafe { ptr.cast::<$t>().read_unaligned() }),)*
                // SAFETY: our caller's contract; one byte, read as a `u8` (any byte is one).
                ElemType::Bool => Scalar::Bool(unsafe { ptr.read() } != 0),
            }
        }

        /// Writes `value` at `ptr`.
        ///
        /// # Safety
        /// `ptr` must point to `size` writable bytes, where `size` is the size of the value's
        /// type.
        pub(crate) unsafe fn write(value: Scalar, ptr: *mut u8) {
            match value {
                // SAFETY: our caller's contract; the write is unaligned.
                $(Scalar::$elem(v) => unsafe { ptr.cast::<$t>().write_unaligned(v) },)*
                // SAFETY: our caller's contract; one byte.
                Scalar::Bool(v) => unsafe { ptr.write(u8::from(v)) },
            }
        }
    };
}

dtypes! {
    F32: f32, Some(NPY_TYPES::NPY_FLOAT), "float32";
    F64: f64, Some(NPY_TYPES::NPY_DOUBLE), "float64";
    I32: i32, Some(NPY_TYPES::NPY_INT), "int32";
    I64: i64, Some(NPY_INT64), "int64";
    U32: u32, Some(NPY_TYPES::NPY_UINT), "uint32";
    U8: u8, Some(NPY_TYPES::NPY_UBYTE), "uint8";
    I8: i8, None::<NPY_TYPES>, "int8";
    I16: i16, None::<NPY_TYPES>, "int16";
    U16: u16, None::<NPY_TYPES>, "uint16";
    U64: u64, None::<NPY_TYPES>, "uint64";
    F16: hologram::half::f16, None::<NPY_TYPES>, "float16";
    BF16: hologram::half::bf16, None::<NPY_TYPES>, "bfloat16";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_type_has_a_row_and_round_trips() {
        for t in [ElemType::F32, ElemType::F64, ElemType::I32, ElemType::I64] {
            let name = dtype_name(t);
            assert!(name.ends_with(&(8 * t.size()).to_string()), "{t}: {name}");
        }
        for t in ElemType::ALL {
            assert!(!dtype_name(t).is_empty());
        }
        assert_eq!(type_num(ElemType::U8), Some(NPY_TYPES::NPY_UBYTE as c_int));
        assert_eq!(type_num(ElemType::Bool), None);
        let byte = 2u8;
        // SAFETY: one readable byte; any byte reads as a bool, not as an invalid one.
        assert_eq!(unsafe { read(ElemType::Bool, &byte) }, Scalar::Bool(true));
        let mut bytes = [0u8; 8];
        for value in [
            Scalar::F32(1.5),
            Scalar::F64(-2.25),
            Scalar::I32(-7),
            Scalar::I64(i64::MIN),
            Scalar::U32(u32::MAX),
            Scalar::U8(200),
            Scalar::I8(-100),
            Scalar::I16(-30_000),
            Scalar::U16(60_000),
            Scalar::U64(u64::MAX),
            Scalar::Bool(true),
            Scalar::F16(hologram::half::f16::from_f32(-0.5)),
            Scalar::BF16(hologram::half::bf16::from_f32(3.0)),
        ] {
            // SAFETY: 8 bytes hold a value of any element type.
            let back = unsafe {
                write(value, bytes.as_mut_ptr());
                read(value.elem_type(), bytes.as_ptr())
            };
            assert_eq!(back, value);
        }
    }
}
