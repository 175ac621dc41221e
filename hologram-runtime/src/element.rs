//! Element types: the scalar types a kernel's streams and uniforms may hold.

use core::fmt;

/// The element types a `#[kernel]` accepts, with their stable ABI codes.
///
/// The discriminants are part of the C ABI (`HG_TYPE_*` in `hologram_kernel.h`) and never
/// change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ElemType {
    /// `f32`, IEEE 754 binary32.
    F32 = 1,
    /// `f64`, IEEE 754 binary64.
    F64 = 2,
    /// `i32`.
    I32 = 3,
    /// `i64`.
    I64 = 4,
    /// `u32`.
    U32 = 5,
    /// `u8`.
    U8 = 6,
    /// `i8`.
    I8 = 7,
    /// `i16`.
    I16 = 8,
    /// `u16`.
    U16 = 9,
    /// `u64`.
    U64 = 10,
    /// `bool`: one byte, always 0 (`false`) or 1 (`true`).
    Bool = 11,
    /// [`half::f16`], IEEE 754 binary16: two bytes, a storage type (convert with
    /// [`math::f16_to_f32`](crate::math::f16_to_f32)).
    F16 = 12,
    /// [`half::bf16`], bfloat16 (the top half of an `f32`): two bytes, a storage type
    /// (convert with [`math::bf16_to_f32`](crate::math::bf16_to_f32)).
    BF16 = 13,
}

impl ElemType {
    /// Every element type, in code order.
    pub const ALL: [ElemType; 13] = [
        ElemType::F32,
        ElemType::F64,
        ElemType::I32,
        ElemType::I64,
        ElemType::U32,
        ElemType::U8,
        ElemType::I8,
        ElemType::I16,
        ElemType::U16,
        ElemType::U64,
        ElemType::Bool,
        ElemType::F16,
        ElemType::BF16,
    ];

    /// The types of ABI version 1 (codes 1 to 6); the others are codes of version 2 only.
    pub const V1: [ElemType; 6] = [
        ElemType::F32,
        ElemType::F64,
        ElemType::I32,
        ElemType::I64,
        ElemType::U32,
        ElemType::U8,
    ];

    /// The Rust name of the type, e.g. `"f32"`.
    pub const fn name(self) -> &'static str {
        match self {
            ElemType::F32 => "f32",
            ElemType::F64 => "f64",
            ElemType::I32 => "i32",
            ElemType::I64 => "i64",
            ElemType::U32 => "u32",
            ElemType::U8 => "u8",
            ElemType::I8 => "i8",
            ElemType::I16 => "i16",
            ElemType::U16 => "u16",
            ElemType::U64 => "u64",
            ElemType::Bool => "bool",
            ElemType::F16 => "f16",
            ElemType::BF16 => "bf16",
        }
    }

    /// Size of one element in bytes.
    pub const fn size(self) -> usize {
        match self {
            ElemType::F32 | ElemType::I32 | ElemType::U32 => 4,
            ElemType::F64 | ElemType::I64 | ElemType::U64 => 8,
            ElemType::I16 | ElemType::U16 | ElemType::F16 | ElemType::BF16 => 2,
            ElemType::U8 | ElemType::I8 | ElemType::Bool => 1,
        }
    }

    /// The stable ABI code of the type.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The type with ABI code `code`, or `None` for an unknown code.
    pub const fn from_code(code: u32) -> Option<ElemType> {
        match code {
            1 => Some(ElemType::F32),
            2 => Some(ElemType::F64),
            3 => Some(ElemType::I32),
            4 => Some(ElemType::I64),
            5 => Some(ElemType::U32),
            6 => Some(ElemType::U8),
            7 => Some(ElemType::I8),
            8 => Some(ElemType::I16),
            9 => Some(ElemType::U16),
            10 => Some(ElemType::U64),
            11 => Some(ElemType::Bool),
            12 => Some(ElemType::F16),
            13 => Some(ElemType::BF16),
            _ => None,
        }
    }
}

impl fmt::Display for ElemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A Rust type that can be an element of a kernel stream or a uniform.
///
/// Implemented for `f32, f64, i32, i64, u32, u8, i8, i16, u16, u64, bool`, [`half::f16`] and
/// [`half::bf16`], and sealed. All zero bytes are a valid value of every one of them, which is
/// what lets class memory hand out zeroed buffers of any of them. Every bit pattern is a valid
/// value of every type but `bool`, whose byte must be 0 or 1: a `bool` stream is only ever
/// written as `bool` values, and bytes from outside Rust become `bool`s only through a check
/// ([`bools`](crate::bools), [`bools_mut`](crate::bools_mut)).
pub trait Element:
    sealed::Sealed + Copy + Default + PartialEq + fmt::Debug + Send + Sync + 'static
{
    /// The type's code.
    const TYPE: ElemType;
}

macro_rules! element {
    ($($t:ty => $code:ident),* $(,)?) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const TYPE: ElemType = ElemType::$code;
        }
    )*};
}

element!(
    f32 => F32,
    f64 => F64,
    i32 => I32,
    i64 => I64,
    u32 => U32,
    u8 => U8,
    i8 => I8,
    i16 => I16,
    u16 => U16,
    u64 => U64,
    bool => Bool,
    half::f16 => F16,
    half::bf16 => BF16,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_sizes_match_rust() {
        for t in ElemType::ALL {
            assert_eq!(ElemType::from_code(t.code()), Some(t));
        }
        assert_eq!(ElemType::from_code(0), None);
        assert_eq!(ElemType::from_code(14), None);
        for (i, t) in ElemType::ALL.iter().enumerate() {
            assert_eq!(t.code() as usize, i + 1, "codes are dense and in order");
        }
        assert_eq!(ElemType::F32.size(), size_of::<f32>());
        assert_eq!(ElemType::F64.size(), size_of::<f64>());
        assert_eq!(ElemType::I32.size(), size_of::<i32>());
        assert_eq!(ElemType::I64.size(), size_of::<i64>());
        assert_eq!(ElemType::U32.size(), size_of::<u32>());
        assert_eq!(ElemType::U8.size(), size_of::<u8>());
        assert_eq!(ElemType::I8.size(), size_of::<i8>());
        assert_eq!(ElemType::I16.size(), size_of::<i16>());
        assert_eq!(ElemType::U16.size(), size_of::<u16>());
        assert_eq!(ElemType::U64.size(), size_of::<u64>());
        assert_eq!(ElemType::Bool.size(), size_of::<bool>());
        assert_eq!(ElemType::F16.size(), size_of::<half::f16>());
        assert_eq!(ElemType::BF16.size(), size_of::<half::bf16>());
        assert_eq!(<u8 as Element>::TYPE.to_string(), "u8");
        assert_eq!(<half::bf16 as Element>::TYPE.to_string(), "bf16");
    }
}
