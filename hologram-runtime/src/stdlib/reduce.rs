//! Reductions: `sum`, `max`, `min`, `dot` and `mean`.
//!
//! Each folds in the fixed order documented in [`fold`](crate::fold), so the result depends
//! only on the input. `max` and `min` propagate NaN, as numpy does; of empty input they
//! return -inf and +inf, `sum` and `dot` return 0, and `mean` returns NaN (0 / 0, numpy's
//! answer without its warning).

macro_rules! reduce_family {
    ($t:ident { sum: $sum:literal, max: $max:literal, min: $min:literal, dot: $dot:literal, mean: $mean:literal }) => {
        /// The sum of all elements; 0 for none.
        #[crate::kernel(reduce = add, name = $sum)]
        pub fn sum(x: $t) -> $t {
            x
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

        /// The dot product `sum(a[i] * b[i])`; 0 for none. Each product is rounded, then
        /// summed in the fixed order (no fused multiply-add).
        #[crate::kernel(reduce = add, name = $dot)]
        pub fn dot(a: $t, b: $t) -> $t {
            a * b
        }

        /// The arithmetic mean: [`sum`](mod@sum) divided by the length; NaN for no elements.
        ///
        /// A reduction with the same three entry points as the others: `slices(x)`,
        /// `run(exec, x)` and `KERNEL`.
        pub mod mean {
            use crate::abi::{EntryBody, EntryCall, EntryError};
            use crate::kernel::{KernelDescriptor, KernelKind, descriptor};
            use crate::{Buffer, Executor, Kernel, Result};

            /// The mean of a slice; NaN when it is empty.
            ///
            /// # Errors
            /// None today; the `Result` matches the other reductions.
            pub fn slices(x: &[$t]) -> Result<$t> {
                Ok(divide(super::sum::slices(x)?, x.len()))
            }

            /// The mean of a buffer in class memory; NaN when it is empty.
            ///
            /// # Errors
            /// `Error::StaleBuffer` or `Error::ForeignBuffer` for a handle this executor
            /// cannot use.
            pub fn run(exec: &Executor, x: Buffer<$t>) -> Result<$t> {
                Ok(divide(super::sum::run(exec, x)?, x.len()))
            }

            /// The mean of every element of an array of any shape and strides, in the order
            /// of `sum::arrays`; NaN when it is empty.
            ///
            /// # Errors
            /// `Error::TooManyDimensions` above `hologram::MAX_RANK` dimensions.
            pub fn arrays<'a>(x: impl Into<crate::View<'a, $t>>) -> Result<$t> {
                let x = x.into();
                Ok(divide(super::sum::arrays(x)?, x.len()))
            }

            /// The mean of every lane along `axis`, written to `out` (the shape of `x`
            /// without `axis`, or with `axis` of extent 1).
            ///
            /// # Errors
            /// `Error::AxisOutOfRange`, `Error::ShapeMismatch`, `Error::TooManyDimensions`;
            /// nothing is written then.
            pub fn along<'a>(
                axis: usize,
                x: impl Into<crate::View<'a, $t>>,
                out: impl Into<crate::ViewMut<'a, $t>>,
            ) -> Result<()> {
                crate::array::for_each_lane_value(
                    $mean,
                    &["x", "out"],
                    axis,
                    crate::threads::DEFAULT_THREADS,
                    (x.into(),),
                    out.into(),
                    &|(x,): (crate::array::Lane<'_, $t>,)| {
                        // SAFETY: the inputs of `along` are shared borrows nothing writes.
                        let view = unsafe { x.view() };
                        let sum = super::sum::arrays(view).unwrap_or(<$t>::NAN);
                        divide(sum, view.len())
                    },
                )
            }

            #[allow(clippy::cast_precision_loss)]
            fn divide(sum: $t, len: usize) -> $t {
                // Lengths above 2^53 (2^24 for f32) round; the quotient is still the mean to
                // within a few ulp.
                sum / len as $t
            }

            struct Entry;

            impl EntryBody for Entry {
                const DESCRIPTOR: KernelDescriptor = descriptor(
                    $mean,
                    KernelKind::Reduce,
                    &[],
                    &[<$t as crate::Element>::TYPE],
                    &[<$t as crate::Element>::TYPE],
                );

                fn run(call: &EntryCall<'_>) -> core::result::Result<(), EntryError> {
                    if call.strided() {
                        let x = call.input_lane::<$t>(0)?;
                        // SAFETY: a reduction writes no stream, so nothing writes the lane.
                        let view = unsafe { x.view() };
                        let sum = super::sum::arrays(view)
                            .map_err(|_| EntryError("mean: the input could not be summed"))?;
                        return call.set_result(divide(sum, view.len()));
                    }
                    let x = call.reduce_input::<$t>(0)?;
                    let sum = super::sum::slices(x)
                        .map_err(|_| EntryError("mean: the input could not be summed"))?;
                    call.set_result(divide(sum, x.len()))
                }
            }

            /// The kernel as data, for the registry and `export_kernels!`.
            pub const KERNEL: Kernel = crate::abi::entry::kernel::<Entry>();
        }
    };
}

pub(crate) use reduce_family;

reduce_family!(f32 {
    sum: "sum",
    max: "max",
    min: "min",
    dot: "dot",
    mean: "mean"
});
