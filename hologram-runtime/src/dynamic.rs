//! Values and streams of any element type, for calls by name: [`Scalar`], [`AnyBuffer`],
//! [`AnySlice`] and [`AnySliceMut`].
//!
//! Each is an enum over the element types (or, for the slices, erases it) and converts from the typed value with
//! `From`/`.into()`, so a call by name reads like a typed call:
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! use hologram::{AnySlice, AnySliceMut, ElemType, Scalar};
//!
//! let x = [1.0f32, 2.0];
//! let mut out = [0u8; 2];
//! let s: Scalar = 2.5f64.into();
//! let a: AnySlice = (&x).into();
//! let o: AnySliceMut = (&mut out).into();
//! assert_eq!((s.elem_type(), a.elem_type(), o.elem_type()), (ElemType::F64, ElemType::F32, ElemType::U8));
//! assert_eq!(s.as_f64(), Some(2.5));
//! assert_eq!(a.len(), 2);
//! ```

pub use crate::abi::{AnySlice, AnySliceMut};
use crate::abi::{RawElement, RawScalar};
use crate::element::ElemType;
use crate::error::Error;
use crate::executor::{Buffer, BufferId, CellView, Executor};
use core::ffi::c_void;
use half::{bf16, f16};

macro_rules! any_types {
    ($($variant:ident $t:ident $as:ident),* $(,)?) => {
        /// One value of any element type: a uniform of a call by name, or a reduction's
        /// result.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Scalar {
            $(
                #[doc = concat!("A `", stringify!($t), "`.")]
                $variant($t),
            )*
        }

        impl Scalar {
            /// The value's element type.
            pub fn elem_type(&self) -> ElemType {
                match self {
                    $(Scalar::$variant(_) => ElemType::$variant,)*
                }
            }

            /// The value in the 8-byte form of the C ABI.
            pub(crate) fn to_raw(self) -> RawScalar {
                match self {
                    $(Scalar::$variant(v) => v.into_raw(),)*
                }
            }

            $(
                #[doc = concat!("The value if it is a `", stringify!($t), "`.")]
                pub fn $as(self) -> Option<$t> {
                    match self {
                        Scalar::$variant(v) => Some(v),
                        _ => None,
                    }
                }
            )*
        }

        $(
            impl From<$t> for Scalar {
                fn from(v: $t) -> Scalar {
                    Scalar::$variant(v)
                }
            }
        )*

        /// A [`Buffer`] of any element type, for [`KernelRef::run`](crate::KernelRef::run)
        /// and [`KernelRef::reduce`](crate::KernelRef::reduce).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum AnyBuffer {
            $(
                #[doc = concat!("A `Buffer<", stringify!($t), ">`.")]
                $variant(Buffer<$t>),
            )*
        }

        impl AnyBuffer {
            /// The buffer's element type.
            pub fn elem_type(&self) -> ElemType {
                match self {
                    $(AnyBuffer::$variant(_) => ElemType::$variant,)*
                }
            }

            /// Number of elements.
            pub fn len(&self) -> usize {
                match self {
                    $(AnyBuffer::$variant(b) => b.len(),)*
                }
            }

            /// Whether the buffer has no elements.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// The buffer's identity.
            pub fn id(&self) -> BufferId {
                match self {
                    $(AnyBuffer::$variant(b) => b.id(),)*
                }
            }

            /// The buffer's cells, as an untyped pointer and a length; stale and foreign
            /// handles are errors.
            #[inline]
            pub(crate) fn cell_span(
                &self,
                cells: &CellView<'_>,
            ) -> Result<(*const c_void, usize), Error> {
                match self {
                    $(AnyBuffer::$variant(b) => {
                        let c = cells.get(*b)?;
                        Ok((c.as_ptr().cast(), c.len()))
                    })*
                }
            }

            /// The buffer's elements, as an untyped pointer and a length; stale and foreign
            /// handles are errors.
            #[inline]
            pub(crate) fn read_span(
                &self,
                exec: &Executor,
            ) -> Result<(*const c_void, usize), Error> {
                match self {
                    $(AnyBuffer::$variant(b) => {
                        let s = exec.read(*b)?;
                        Ok((s.as_ptr().cast(), s.len()))
                    })*
                }
            }
        }

        $(
            impl From<Buffer<$t>> for AnyBuffer {
                fn from(b: Buffer<$t>) -> AnyBuffer {
                    AnyBuffer::$variant(b)
                }
            }
        )*

        $(
            impl<'a> From<&'a [$t]> for AnySlice<'a> {
                #[inline]
                fn from(s: &'a [$t]) -> AnySlice<'a> {
                    AnySlice::new(s)
                }
            }

            impl<'a> From<&'a Vec<$t>> for AnySlice<'a> {
                #[inline]
                fn from(s: &'a Vec<$t>) -> AnySlice<'a> {
                    AnySlice::new(s)
                }
            }

            impl<'a, const N: usize> From<&'a [$t; N]> for AnySlice<'a> {
                #[inline]
                fn from(s: &'a [$t; N]) -> AnySlice<'a> {
                    AnySlice::new(s)
                }
            }

            impl<'a> From<&'a mut [$t]> for AnySliceMut<'a> {
                #[inline]
                fn from(s: &'a mut [$t]) -> AnySliceMut<'a> {
                    AnySliceMut::new(s)
                }
            }

            impl<'a> From<&'a mut Vec<$t>> for AnySliceMut<'a> {
                #[inline]
                fn from(s: &'a mut Vec<$t>) -> AnySliceMut<'a> {
                    AnySliceMut::new(s)
                }
            }

            impl<'a, const N: usize> From<&'a mut [$t; N]> for AnySliceMut<'a> {
                #[inline]
                fn from(s: &'a mut [$t; N]) -> AnySliceMut<'a> {
                    AnySliceMut::new(s)
                }
            }
        )*
    };
}

any_types!(
    F32 f32 as_f32,
    F64 f64 as_f64,
    I32 i32 as_i32,
    I64 i64 as_i64,
    U32 u32 as_u32,
    U8 u8 as_u8,
    I8 i8 as_i8,
    I16 i16 as_i16,
    U16 u16 as_u16,
    U64 u64 as_u64,
    Bool bool as_bool,
    F16 f16 as_f16,
    BF16 bf16 as_bf16,
);

/// The results of a reduction by name: one [`Scalar`] per component, in order (one for a
/// reduction to one value). A small array on the stack, at most
/// [`MAX_STREAMS`](crate::abi::MAX_STREAMS) long; it derefs to `[Scalar]`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{kernel, KernelRef, Scalar};
///
/// #[kernel(reduce = (min, max))]
/// fn range(x: f32) -> (f32, f32) {
///     (x, x)
/// }
///
/// fn main() -> Result<(), hologram::Error> {
///     let k = KernelRef::from(range::KERNEL);
///     let r = k.reduce_slices_tuple(&[], &[(&[3.0f32, -1.0, 2.0]).into()])?;
///     assert_eq!(r.as_slice(), &[Scalar::F32(-1.0), Scalar::F32(3.0)]);
///     assert_eq!(r[1].as_f32(), Some(3.0));
///     Ok(())
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scalars {
    values: [Scalar; crate::abi::MAX_STREAMS],
    len: usize,
}

impl Scalars {
    /// No values.
    pub(crate) fn new() -> Scalars {
        Scalars {
            values: [Scalar::U8(0); crate::abi::MAX_STREAMS],
            len: 0,
        }
    }

    /// Appends `value`; ignored past [`MAX_STREAMS`](crate::abi::MAX_STREAMS) values, which
    /// no descriptor has.
    pub(crate) fn push(&mut self, value: Scalar) {
        if let Some(slot) = self.values.get_mut(self.len) {
            *slot = value;
            self.len += 1;
        }
    }

    /// The values, in order.
    pub fn as_slice(&self) -> &[Scalar] {
        self.values.get(..self.len).unwrap_or(&[])
    }
}

impl core::ops::Deref for Scalars {
    type Target = [Scalar];
    fn deref(&self) -> &[Scalar] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Scalars {
    type Item = &'a Scalar;
    type IntoIter = core::slice::Iter<'a, Scalar>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}
