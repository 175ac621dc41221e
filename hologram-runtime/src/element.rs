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
}

impl ElemType {
    /// Every element type, in code order.
    pub const ALL: [ElemType; 6] = [
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
        }
    }

    /// Size of one element in bytes.
    pub const fn size(self) -> usize {
        match self {
            ElemType::F32 | ElemType::I32 | ElemType::U32 => 4,
            ElemType::F64 | ElemType::I64 => 8,
            ElemType::U8 => 1,
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
/// Implemented for `f32, f64, i32, i64, u32, u8` and sealed: every bit pattern of these
/// types is a valid value, which is what lets class memory hand out zeroed buffers of any of
/// them.
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

element!(f32 => F32, f64 => F64, i32 => I32, i64 => I64, u32 => U32, u8 => U8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_sizes_match_rust() {
        for t in ElemType::ALL {
            assert_eq!(ElemType::from_code(t.code()), Some(t));
        }
        assert_eq!(ElemType::from_code(0), None);
        assert_eq!(ElemType::from_code(7), None);
        assert_eq!(ElemType::F32.size(), size_of::<f32>());
        assert_eq!(ElemType::F64.size(), size_of::<f64>());
        assert_eq!(ElemType::I32.size(), size_of::<i32>());
        assert_eq!(ElemType::I64.size(), size_of::<i64>());
        assert_eq!(ElemType::U32.size(), size_of::<u32>());
        assert_eq!(ElemType::U8.size(), size_of::<u8>());
        assert_eq!(<u8 as Element>::TYPE.to_string(), "u8");
    }
}
