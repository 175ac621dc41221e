//! The one table between Hologram's element types and Arrow's: each element type is one row
//! of [`elem_types!`], and every conversion below is generated from that table, so a new
//! element type is one new row.
//!
//! | Hologram | Arrow `DataType` | Arrow array |
//! |---|---|---|
//! | `f32` | `Float32` | `Float32Array` |
//! | `f64` | `Float64` | `Float64Array` |
//! | `i32` | `Int32` | `Int32Array` |
//! | `i64` | `Int64` | `Int64Array` |
//! | `u32` | `UInt32` | `UInt32Array` |
//! | `u8` | `UInt8` | `UInt8Array` |
//! | `i8` | `Int8` | `Int8Array` |
//! | `i16` | `Int16` | `Int16Array` |
//! | `u16` | `UInt16` | `UInt16Array` |
//! | `u64` | `UInt64` | `UInt64Array` |
//! | `f16` | `Float16` | `Float16Array` |
//!
//! `bool` (one byte per value in Hologram, one bit in Arrow) and `bf16` (no Arrow type) have
//! no row yet: a kernel with a stream or uniform of either is not registered
//! ([`SkipReason::NoArrowType`](crate::SkipReason::NoArrowType)), so the fallback arms below
//! are never reached by a registered function.
//!
//! Every row is a primitive Arrow type whose values buffer is a contiguous `&[T]`, so streams
//! reach a kernel without a copy (the slice respects the array's offset).

use crate::error::Error;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, PrimitiveArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{
    DataType, Float16Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use datafusion::common::ScalarValue;
use hologram_runtime::half::f16;
use hologram_runtime::{AnySlice, AnySliceMut, ElemType, Scalar};
use std::sync::Arc;

/// Calls `$m!` with the table: `ElemType variant, Rust type, Arrow primitive type, Arrow
/// DataType variant, ScalarValue variant`.
macro_rules! elem_types {
    ($m:ident) => {
        $m! {
            F32 f32 Float32Type Float32 Float32,
            F64 f64 Float64Type Float64 Float64,
            I32 i32 Int32Type Int32 Int32,
            I64 i64 Int64Type Int64 Int64,
            U32 u32 UInt32Type UInt32 UInt32,
            U8 u8 UInt8Type UInt8 UInt8,
            I8 i8 Int8Type Int8 Int8,
            I16 i16 Int16Type Int16 Int16,
            U16 u16 UInt16Type UInt16 UInt16,
            U64 u64 UInt64Type UInt64 UInt64,
            F16 f16 Float16Type Float16 Float16,
        }
    };
}

macro_rules! conversions {
    ($($e:ident $t:ident $arrow:ident $dt:ident $sv:ident,)*) => {
        /// Whether `t` has a row in the table (an Arrow type).
        pub(crate) fn has_arrow_type(t: ElemType) -> bool {
            matches!(t, $(ElemType::$e)|*)
        }

        /// The Arrow type of a stream of `t` (`Null` for a type without a row).
        pub(crate) fn arrow_type(t: ElemType) -> DataType {
            match t {
                $(ElemType::$e => DataType::$dt,)*
                _ => DataType::Null,
            }
        }

        /// The element type whose streams are Arrow arrays of `dt`, if any.
        pub(crate) fn elem_type(dt: &DataType) -> Option<ElemType> {
            match dt {
                $(DataType::$dt => Some(ElemType::$e),)*
                _ => None,
            }
        }

        /// The values of `array`, an array of `t` (the caller picked `t` from its type), as
        /// a slice that starts at the array's offset: no copy.
        pub(crate) fn values(array: &ArrayRef, t: ElemType) -> Result<AnySlice<'_>, Error> {
            match t {
                $(ElemType::$e => array
                    .as_primitive_opt::<$arrow>()
                    .map(|a| AnySlice::from(&**a.values()))
                    .ok_or_else(|| Error::internal(format!(
                        "a stream of {t} arrived as an Arrow array of {}",
                        array.data_type()
                    ))),)*
                _ => Err(Error::internal(format!("{t} has no Arrow type"))),
            }
        }

        /// A value of `s` as a DataFusion scalar.
        pub(crate) fn scalar_value(s: Scalar) -> ScalarValue {
            match s {
                $(Scalar::$e(v) => ScalarValue::$sv(Some(v)),)*
                _ => ScalarValue::Null,
            }
        }

        /// A null DataFusion scalar of type `t`.
        pub(crate) fn null_value(t: ElemType) -> ScalarValue {
            match t {
                $(ElemType::$e => ScalarValue::$sv(None),)*
                _ => ScalarValue::Null,
            }
        }

        /// The value of a non-null scalar of `t`'s own Arrow type (a reduction's state):
        /// `None` for a null or a value of another type.
        pub(crate) fn same_type_scalar(v: &ScalarValue, t: ElemType) -> Option<Scalar> {
            match (t, v) {
                $((ElemType::$e, ScalarValue::$sv(Some(x))) => Some(Scalar::$e(*x)),)*
                _ => None,
            }
        }

        /// One output stream being written: `len` zeroed elements of one type.
        pub(crate) enum Output {
            $(
                #[doc = concat!("A stream of `", stringify!($t), "`.")]
                $e(Vec<$t>),
            )*
        }

        impl Output {
            /// `len` zeroed elements of `t`.
            pub(crate) fn zeroed(t: ElemType, len: usize) -> Output {
                match t {
                    $(ElemType::$e => Output::$e(vec![<$t>::default(); len]),)*
                    // Never reached: kernels with such streams are not registered.
                    _ => Output::U8(vec![0; len]),
                }
            }

            /// The elements `range` of the stream, for a kernel to write.
            pub(crate) fn slice_mut(&mut self, range: core::ops::Range<usize>) -> AnySliceMut<'_> {
                match self {
                    $(Output::$e(v) => AnySliceMut::from(&mut v[range]),)*
                }
            }

            /// The Arrow array of the stream, null where `nulls` says (the buffer moves, no
            /// copy).
            pub(crate) fn into_array(self, nulls: Option<NullBuffer>) -> ArrayRef {
                match self {
                    $(Output::$e(v) => Arc::new(PrimitiveArray::<$arrow>::new(v.into(), nulls)),)*
                }
            }
        }
    };
}

elem_types!(conversions);

/// The value of the literal `v` as a uniform of type `t`: floats round to the nearest `t`,
/// integers must fit exactly (an integral float literal such as `3.0` counts). `Ok(None)` for
/// a null literal.
///
/// # Errors
/// `Err(reason)` when the literal is not a number or does not fit `t`.
pub(crate) fn uniform_value(v: &ScalarValue, t: ElemType) -> Result<Option<Scalar>, String> {
    if v.is_null() {
        return Ok(None);
    }
    let number = Number::of(v).ok_or_else(|| format!("{v} is not a number"))?;
    let out_of_range = || format!("{v} is not a value of {t}");
    let scalar = match t {
        ElemType::F32 => Scalar::F32(number.as_f64() as f32),
        ElemType::F64 => Scalar::F64(number.as_f64()),
        ElemType::I32 => Scalar::I32(number.to_int().ok_or_else(out_of_range)?),
        ElemType::I64 => Scalar::I64(number.to_int().ok_or_else(out_of_range)?),
        ElemType::U32 => Scalar::U32(number.to_int().ok_or_else(out_of_range)?),
        ElemType::U8 => Scalar::U8(number.to_int().ok_or_else(out_of_range)?),
        ElemType::I8 => Scalar::I8(number.to_int().ok_or_else(out_of_range)?),
        ElemType::I16 => Scalar::I16(number.to_int().ok_or_else(out_of_range)?),
        ElemType::U16 => Scalar::U16(number.to_int().ok_or_else(out_of_range)?),
        ElemType::U64 => Scalar::U64(number.to_int().ok_or_else(out_of_range)?),
        ElemType::F16 => Scalar::F16(f16::from_f64(number.as_f64())),
        _ => return Err(format!("{t} has no SQL type")),
    };
    Ok(Some(scalar))
}

/// A numeric literal, wide enough for every SQL numeric literal type.
#[derive(Clone, Copy)]
enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    fn of(v: &ScalarValue) -> Option<Number> {
        use ScalarValue as S;
        Some(match v {
            S::Int8(Some(x)) => Number::Int(i128::from(*x)),
            S::Int16(Some(x)) => Number::Int(i128::from(*x)),
            S::Int32(Some(x)) => Number::Int(i128::from(*x)),
            S::Int64(Some(x)) => Number::Int(i128::from(*x)),
            S::UInt8(Some(x)) => Number::Int(i128::from(*x)),
            S::UInt16(Some(x)) => Number::Int(i128::from(*x)),
            S::UInt32(Some(x)) => Number::Int(i128::from(*x)),
            S::UInt64(Some(x)) => Number::Int(i128::from(*x)),
            S::Float16(Some(x)) => Number::Float(f64::from(*x)),
            S::Float32(Some(x)) => Number::Float(f64::from(*x)),
            S::Float64(Some(x)) => Number::Float(*x),
            S::Decimal128(Some(x), _, scale) => {
                Number::Float(*x as f64 / 10f64.powi(i32::from(*scale)))
            }
            _ => return None,
        })
    }

    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// The exact integer value in `T`, or `None`.
    fn to_int<T: TryFrom<i128>>(self) -> Option<T> {
        let i = match self {
            Number::Int(i) => i,
            // An integral float within i128 converts exactly; 2^100 is far beyond every T.
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 2f64.powi(100) => f as i128,
            Number::Float(_) => return None,
        };
        T::try_from(i).ok()
    }
}

/// The nulls of a call's row: a row is null when it is null in any of `arrays`.
pub(crate) fn union_nulls(arrays: &[ArrayRef]) -> Option<NullBuffer> {
    NullBuffer::union_many(arrays.iter().map(|a| a.nulls()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_type_has_a_row() {
        for t in ElemType::ALL.into_iter().filter(|&t| has_arrow_type(t)) {
            assert_eq!(elem_type(&arrow_type(t)), Some(t));
            assert_eq!(null_value(t).data_type(), arrow_type(t));
        }
    }

    #[test]
    fn literals_convert_or_say_why() {
        let f = |v: ScalarValue, t| uniform_value(&v, t);
        assert_eq!(
            f(ScalarValue::Int64(Some(3)), ElemType::U8),
            Ok(Some(Scalar::U8(3)))
        );
        assert_eq!(
            f(ScalarValue::Float64(Some(3.0)), ElemType::I32),
            Ok(Some(Scalar::I32(3)))
        );
        assert_eq!(
            f(ScalarValue::Float64(Some(0.5)), ElemType::F32),
            Ok(Some(Scalar::F32(0.5)))
        );
        assert_eq!(f(ScalarValue::Float64(None), ElemType::F32), Ok(None));
        assert!(f(ScalarValue::Int64(Some(300)), ElemType::U8).is_err());
        assert!(f(ScalarValue::Float64(Some(2.5)), ElemType::I64).is_err());
        assert!(f(ScalarValue::Utf8(Some("x".into())), ElemType::F64).is_err());
    }
}
