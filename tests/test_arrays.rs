//! Arrays: every kind of kernel on strided, reversed, permuted, broadcast, overlapping and
//! zero-size arrays, inline and by name, bit for bit against a plain indexed reference
//! (`support/array_reference.rs`: every multi-index in row-major order, numpy's
//! broadcasting as index arithmetic, the element function in scalar Rust, and the documented
//! fold order of `support/fold_reference.rs` for reductions). Any NaN matches any NaN; every
//! other value must have the reference's bits.
//!
//! The arrays (`support/array_layouts.rs`) are ndarray arrays of up to 4 dimensions
//! (extents 0 to 5), each laid out at random: dimensions in a random memory order
//! (`permuted_axes`), each walked with a step of 1, 2 or 3, forwards or backwards
//! (`s![..;-2]`), inputs of lower rank or with extents of 1.
//! An input is passed as an ndarray view, as `View::strided` over the same memory, as a
//! `View::strided` stretched to the call's shape with stride-0 dimensions, or as a sliding
//! window whose dimensions overlap in memory. Outputs are filled with a sentinel first: every
//! element of the output view must be the reference's and every element of its memory
//! outside the view must still be the sentinel. A quarter of the cases mix NaN, infinities,
//! signed zeros and subnormals into the values.
//!
//! Every case runs the typed call (`arrays`, `along`) and the same call by name
//! (`KernelRef::run_arrays`, `reduce_arrays`, `run_along`, `reduce_along`): stdlib kernels
//! from `Registry::with_stdlib()`, the test kernels (`support/array_kernels.rs`) from a
//! registry of their own.
//!
//! Properties and their cases per run (`CASES` = 96, `ERROR_CASES` = 256, `TILED_CASES` =
//! 24), 3,768 in all:
//! - elementwise (9 x 96): `stdlib::add` (2 inputs), `fma3` (3 inputs), `stdlib::f64::relu`
//!   (1 input), `stdlib::exp` (math), `stdlib::clip` (uniforms after the input), `axpby`
//!   (uniforms between inputs), `widen` (i32 to i64), `min_max` (2 outputs), `scale_byte`
//!   (u8 and f64 in, f64 and u8 out);
//! - `widest` (48): 16 inputs and 16 outputs, every array slot of a call, and a reduction of
//!   16 inputs;
//! - reductions, whole arrays and `along` on a random axis into a randomly laid out output,
//!   positions-shaped or keepdims (12 x 96): `stdlib::sum` (and `mean`, by name only),
//!   `stdlib::f64::sum`, `stdlib::max`, `stdlib::f64::min`, `stdlib::dot` (2 inputs broadcast
//!   together), `product` (mul), `wrapping_sum` (i32), `byte_max` (u8), `count_above` (i32
//!   to i64, a uniform), `weighted` (a uniform, f32 and f64 inputs), and two custom
//!   combiners whose identity is not neutral, so that the padded partial chunk shows:
//!   `blend` (f64) and `mix` (u32);
//! - `softmax::along` and `log_softmax::along`, f32 and f64 (4 x 96);
//! - the loaded example libraries by name (4 x 96): the Rust `user-kernels` cdylib's
//!   elementwise kernels and reductions, the version-1 C library (fed contiguous copies):
//!   `c_affine`, `c_dot`, `c_center` along an axis, `c_checked_sqrt`; and the version-2 C
//!   library (fed strides): `s_axpy`, `s_sum` and `s_max` (reductions with combiners);
//! - ranks 5 to `MAX_RANK` (96): elementwise, a reduction along every axis, softmax;
//! - tiles (3 x 24): matrices and stacks of up to 40 x 300, so that inputs walked across
//!   their rows are read in tiles (two or three such inputs, bytes, two outputs);
//! - errors (3 x 256): an elementwise call, a reduction with its `along`, and a softmax
//!   `along` on random small shapes succeed exactly when numpy's rules say they fit;
//!   otherwise the error names the first array that does not fit (by parameter name inline,
//!   by position by name) or the axis and the rank, and no output element is written.
//!
//! Then, without proptest:
//! - the lane-equals-contiguous-copy property for reductions, at lengths 31, 32, 33, 255,
//!   256, 257, 16383, 16384, 16385 and 32769 (around `LANES`, `GATHER`, `BLOCK` and
//!   2 * `BLOCK` + 1), on streams of steps 2 and 3, reversed, one element repeated, a
//!   transposed matrix, a row or a column repeated: `arrays` and `reduce_arrays` give the
//!   bits of `slices` on a contiguous copy, and `along` and `reduce_along` on lanes laid out
//!   those ways give the bits of `slices` on each lane's copy (softmax too); elementwise
//!   calls on those streams match a scalar loop; and by name, the version-2 C `s_sum`
//!   (split into blocks past `BLOCK`) gives the bits of `reduce_slices` on the copies;
//! - thread-count independence: a set of large calls (arrays of 110,223 elements, inline
//!   and by name, `arrays`, whole-array reductions, `along` on both axes, softmax, and a
//!   version-2 C reduction the host splits with its combiner) gives the same bits with 1,
//!   2, 3, 4 and the default number of threads, with splits forced;
//! - zero-size identities, the named errors, refusals by name, and arrays of more than
//!   `MAX_RANK` dimensions (refused, never merged into other shapes).

use hologram::array::GATHER;
use hologram::threads::{self, PARALLEL_THRESHOLD};
use hologram::{AnyView, Error, KernelRef, Registry, Scalar, View, ViewMut, stdlib};
use ndarray::{Array1, Array2, ArrayD, IxDyn, Slice, s};
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;
use std::sync::LazyLock;
use std::time::Duration;

#[path = "support/array_kernels.rs"]
mod array_kernels;
#[path = "support/array_layouts.rs"]
mod array_layouts;
#[path = "support/array_reference.rs"]
mod array_reference;
mod common;
#[path = "support/fold_reference.rs"]
mod fold_reference;

use array_kernels::*;
use array_layouts::*;
use array_reference::{
    Float, Fold, broadcast_shape, broadcasts_to, float_add, fold_max, fold_min, keepdims, lanes,
    map_indices as map, softmax_lane, without,
};
use fold_reference::{BLOCK, LANES, reference_fold};

/// Cases per property of the random-layout properties.
const CASES: u32 = 96;
/// Cases per property of the error properties (cheap: small shapes, mostly refused).
const ERROR_CASES: u32 = 256;
/// Cases per property of the tiled properties (matrices of up to 24,000 elements).
const TILED_CASES: u32 = 24;

// ---------------------------------------------------------------------------------------
// Property 1a: elementwise kernels, inline and by name.

/// Every kernel of these tests by name: the stdlib's from `Registry::with_stdlib()`, the
/// ones above from a registry of their own.
fn named(name: &str) -> KernelRef {
    static STDLIB: LazyLock<Registry> = LazyLock::new(Registry::with_stdlib);
    static USER: LazyLock<Registry> = LazyLock::new(|| {
        let mut reg = Registry::new();
        for kernel in [
            fma3::KERNEL,
            axpby::KERNEL,
            widen::KERNEL,
            min_max::KERNEL,
            scale_byte::KERNEL,
            product::KERNEL,
            wrapping_sum::KERNEL,
            byte_max::KERNEL,
            count_above::KERNEL,
            weighted::KERNEL,
            blend::KERNEL,
            mix::KERNEL,
            widest::KERNEL,
            widest_dot::KERNEL,
        ] {
            reg.register(kernel).expect("register");
        }
        reg
    });
    STDLIB
        .get(name)
        .or_else(|_| USER.get(name))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn check_add(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let a = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let b = Input::<f32>::new(&case.shape, &case.inputs[1], &mut rng);
    let want = map(&case.shape, |i| a.at(i) + b.at(i));
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    stdlib::add::arrays(a.pass(), b.pass(), out.pass()).map_err(fail)?;
    out.check("add", &want)?;
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    named("add")
        .run_arrays(&[], &[a.any(), b.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("add by name", &want)
}

fn check_fma3(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let a = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let b = Input::<f32>::new(&case.shape, &case.inputs[1], &mut rng);
    let c = Input::<f32>::new(&case.shape, &case.inputs[2], &mut rng);
    let want = map(&case.shape, |i| a.at(i) * b.at(i) + c.at(i));
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    fma3::arrays(a.pass(), b.pass(), c.pass(), out.pass()).map_err(fail)?;
    out.check("fma3", &want)?;
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    named("fma3")
        .run_arrays(&[], &[a.any(), b.any(), c.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("fma3 by name", &want)
}

fn check_relu(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f64>::new(&case.shape, &case.inputs[0], &mut rng);
    let want = map(&case.shape, |i| {
        let v = x.at(i);
        if v < 0.0 { 0.0 } else { v }
    });
    let mut out = Output::<f64>::new(&case.shape, &case.outputs[0]);
    stdlib::f64::relu::arrays(x.pass(), out.pass()).map_err(fail)?;
    out.check("f64::relu", &want)?;
    let mut out = Output::<f64>::new(&case.shape, &case.outputs[0]);
    named("f64::relu")
        .run_arrays(&[], &[x.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("f64::relu by name", &want)
}

fn check_exp(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let want = map(&case.shape, |i| hologram::math::exp(x.at(i)));
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    stdlib::exp::arrays(x.pass(), out.pass()).map_err(fail)?;
    out.check("exp", &want)?;
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    named("exp")
        .run_arrays(&[], &[x.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("exp by name", &want)
}

fn check_clip(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let (lo, hi) = (-(rng.float() as f32).abs(), (rng.float() as f32).abs());
    // numpy's rule: NaN if either is NaN, else the larger (the smaller) with ties to `b`.
    let maximum = |a: f32, b: f32| {
        if a.is_nan() || b.is_nan() {
            f32::NAN
        } else if a > b {
            a
        } else {
            b
        }
    };
    let minimum = |a: f32, b: f32| {
        if a.is_nan() || b.is_nan() {
            f32::NAN
        } else if a < b {
            a
        } else {
            b
        }
    };
    let want = map(&case.shape, |i| minimum(maximum(x.at(i), lo), hi));
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    stdlib::clip::arrays(x.pass(), lo, hi, out.pass()).map_err(fail)?;
    out.check("clip", &want)?;
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    named("clip")
        .run_arrays(&[lo.into(), hi.into()], &[x.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("clip by name", &want)
}

fn check_axpby(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f64>::new(&case.shape, &case.inputs[0], &mut rng);
    let y = Input::<f64>::new(&case.shape, &case.inputs[1], &mut rng);
    let (alpha, beta) = (rng.float(), rng.float());
    let want = map(&case.shape, |i| alpha * x.at(i) + beta * y.at(i));
    let mut out = Output::<f64>::new(&case.shape, &case.outputs[0]);
    axpby::arrays(alpha, x.pass(), beta, y.pass(), out.pass()).map_err(fail)?;
    out.check("axpby", &want)?;
    let mut out = Output::<f64>::new(&case.shape, &case.outputs[0]);
    named("axpby")
        .run_arrays(
            &[alpha.into(), beta.into()],
            &[x.any(), y.any()],
            &mut [out.any()],
        )
        .map_err(fail)?;
    out.check("axpby by name", &want)
}

fn check_widen(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<i32>::new(&case.shape, &case.inputs[0], &mut rng);
    let k = i64::random(&mut rng);
    let want = map(&case.shape, |i| i64::from(x.at(i)).wrapping_mul(k));
    let mut out = Output::<i64>::new(&case.shape, &case.outputs[0]);
    widen::arrays(x.pass(), k, out.pass()).map_err(fail)?;
    out.check("widen", &want)?;
    let mut out = Output::<i64>::new(&case.shape, &case.outputs[0]);
    named("widen")
        .run_arrays(&[k.into()], &[x.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("widen by name", &want)
}

fn check_min_max(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let a = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let b = Input::<f32>::new(&case.shape, &case.inputs[1], &mut rng);
    let pairs = map(&case.shape, |i| {
        let (a, b) = (a.at(i), b.at(i));
        if a < b { (a, b) } else { (b, a) }
    });
    let lo_want: Vec<f32> = pairs.iter().map(|p| p.0).collect();
    let hi_want: Vec<f32> = pairs.iter().map(|p| p.1).collect();
    let mut lo = Output::<f32>::new(&case.shape, &case.outputs[0]);
    let mut hi = Output::<f32>::new(&case.shape, &case.outputs[1]);
    min_max::arrays(a.pass(), b.pass(), lo.pass(), hi.pass()).map_err(fail)?;
    lo.check("min_max out0", &lo_want)?;
    hi.check("min_max out1", &hi_want)?;
    let mut lo = Output::<f32>::new(&case.shape, &case.outputs[0]);
    let mut hi = Output::<f32>::new(&case.shape, &case.outputs[1]);
    named("min_max")
        .run_arrays(&[], &[a.any(), b.any()], &mut [lo.any(), hi.any()])
        .map_err(fail)?;
    lo.check("min_max out0 by name", &lo_want)?;
    hi.check("min_max out1 by name", &hi_want)
}

fn check_scale_byte(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<u8>::new(&case.shape, &case.inputs[0], &mut rng);
    let y = Input::<f64>::new(&case.shape, &case.inputs[1], &mut rng);
    let scaled_want = map(&case.shape, |i| f64::from(x.at(i)) * y.at(i));
    let tripled_want = map(&case.shape, |i| x.at(i).wrapping_mul(3));
    let mut scaled = Output::<f64>::new(&case.shape, &case.outputs[0]);
    let mut tripled = Output::<u8>::new(&case.shape, &case.outputs[1]);
    scale_byte::arrays(x.pass(), y.pass(), scaled.pass(), tripled.pass()).map_err(fail)?;
    scaled.check("scale_byte out0", &scaled_want)?;
    tripled.check("scale_byte out1", &tripled_want)?;
    let mut scaled = Output::<f64>::new(&case.shape, &case.outputs[0]);
    let mut tripled = Output::<u8>::new(&case.shape, &case.outputs[1]);
    named("scale_byte")
        .run_arrays(&[], &[x.any(), y.any()], &mut [scaled.any(), tripled.any()])
        .map_err(fail)?;
    scaled.check("scale_byte out0 by name", &scaled_want)?;
    tripled.check("scale_byte out1 by name", &tripled_want)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn elementwise_add_two_inputs_96_cases(case in case(2, 1)) {
        check_add(&case)?;
    }

    #[test]
    fn elementwise_fma3_three_inputs_96_cases(case in case(3, 1)) {
        check_fma3(&case)?;
    }

    #[test]
    fn elementwise_relu_f64_one_input_96_cases(case in case(1, 1)) {
        check_relu(&case)?;
    }

    #[test]
    fn elementwise_exp_math_96_cases(case in case(1, 1)) {
        check_exp(&case)?;
    }

    #[test]
    fn elementwise_clip_uniforms_after_the_input_96_cases(case in case(1, 1)) {
        check_clip(&case)?;
    }

    #[test]
    fn elementwise_axpby_uniforms_between_inputs_96_cases(case in case(2, 1)) {
        check_axpby(&case)?;
    }

    #[test]
    fn elementwise_widen_i32_to_i64_96_cases(case in case(1, 1)) {
        check_widen(&case)?;
    }

    #[test]
    fn elementwise_min_max_two_outputs_96_cases(case in case(2, 2)) {
        check_min_max(&case)?;
    }

    #[test]
    fn elementwise_scale_byte_mixed_types_two_outputs_96_cases(case in case(2, 2)) {
        check_scale_byte(&case)?;
    }
}

/// 16 inputs and 16 outputs (every array slot of a call), at random layouts, inline and by
/// name; and a reduction of 16 inputs.
fn check_widest(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let inputs: Vec<Input<f32>> = case
        .inputs
        .iter()
        .map(|spec| Input::new(&case.shape, spec, &mut rng))
        .collect();
    let want: Vec<Vec<f32>> = (0..16)
        .map(|k| {
            let (a, b) = (&inputs[k], &inputs[(k + 1) % 16]);
            map(&case.shape, |i| a.at(i) * (k + 1) as f32 + b.at(i))
        })
        .collect();
    let [
        i0,
        i1,
        i2,
        i3,
        i4,
        i5,
        i6,
        i7,
        i8,
        i9,
        i10,
        i11,
        i12,
        i13,
        i14,
        i15,
    ] = &inputs[..]
    else {
        unreachable!("16 inputs")
    };
    for by_name in [false, true] {
        let mut outputs: Vec<Output<f32>> = case
            .outputs
            .iter()
            .map(|lay| Output::new(&case.shape, lay))
            .collect();
        let [
            o0,
            o1,
            o2,
            o3,
            o4,
            o5,
            o6,
            o7,
            o8,
            o9,
            o10,
            o11,
            o12,
            o13,
            o14,
            o15,
        ] = &mut outputs[..]
        else {
            unreachable!("16 outputs")
        };
        if by_name {
            named("widest")
                .run_arrays(
                    &[],
                    &[
                        i0.any(),
                        i1.any(),
                        i2.any(),
                        i3.any(),
                        i4.any(),
                        i5.any(),
                        i6.any(),
                        i7.any(),
                        i8.any(),
                        i9.any(),
                        i10.any(),
                        i11.any(),
                        i12.any(),
                        i13.any(),
                        i14.any(),
                        i15.any(),
                    ],
                    &mut [
                        o0.any(),
                        o1.any(),
                        o2.any(),
                        o3.any(),
                        o4.any(),
                        o5.any(),
                        o6.any(),
                        o7.any(),
                        o8.any(),
                        o9.any(),
                        o10.any(),
                        o11.any(),
                        o12.any(),
                        o13.any(),
                        o14.any(),
                        o15.any(),
                    ],
                )
                .map_err(fail)?;
        } else {
            widest::arrays(
                i0.pass(),
                i1.pass(),
                i2.pass(),
                i3.pass(),
                i4.pass(),
                i5.pass(),
                i6.pass(),
                i7.pass(),
                i8.pass(),
                i9.pass(),
                i10.pass(),
                i11.pass(),
                i12.pass(),
                i13.pass(),
                i14.pass(),
                i15.pass(),
                o0.pass(),
                o1.pass(),
                o2.pass(),
                o3.pass(),
                o4.pass(),
                o5.pass(),
                o6.pass(),
                o7.pass(),
                o8.pass(),
                o9.pass(),
                o10.pass(),
                o11.pass(),
                o12.pass(),
                o13.pass(),
                o14.pass(),
                o15.pass(),
            )
            .map_err(fail)?;
        }
        for (k, out) in outputs.iter_mut().enumerate() {
            out.check(&format!("widest out{k}, by name {by_name}"), &want[k])?;
        }
    }
    let xs: Vec<Input<f64>> = case
        .inputs
        .iter()
        .map(|spec| Input::new(&case.shape, spec, &mut rng))
        .collect();
    let shapes: Vec<Vec<usize>> = xs.iter().map(Input::passed_shape).collect();
    let [
        i0,
        i1,
        i2,
        i3,
        i4,
        i5,
        i6,
        i7,
        i8,
        i9,
        i10,
        i11,
        i12,
        i13,
        i14,
        i15,
    ] = &xs[..]
    else {
        unreachable!("16 inputs")
    };
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    check_reduction(
        "widest_dot",
        case,
        &shapes,
        &fold,
        |i| {
            (0..8)
                .map(|k| xs[2 * k].at(i) * xs[2 * k + 1].at(i))
                .fold(-0.0, |s, p| s + p)
        },
        || {
            widest_dot::arrays(
                i0.pass(),
                i1.pass(),
                i2.pass(),
                i3.pass(),
                i4.pass(),
                i5.pass(),
                i6.pass(),
                i7.pass(),
                i8.pass(),
                i9.pass(),
                i10.pass(),
                i11.pass(),
                i12.pass(),
                i13.pass(),
                i14.pass(),
                i15.pass(),
            )
        },
        |axis, out| {
            widest_dot::along(
                axis,
                i0.pass(),
                i1.pass(),
                i2.pass(),
                i3.pass(),
                i4.pass(),
                i5.pass(),
                i6.pass(),
                i7.pass(),
                i8.pass(),
                i9.pass(),
                i10.pass(),
                i11.pass(),
                i12.pass(),
                i13.pass(),
                i14.pass(),
                i15.pass(),
                out,
            )
        },
        &ByName {
            uniforms: &[],
            inputs: &[
                i0.any(),
                i1.any(),
                i2.any(),
                i3.any(),
                i4.any(),
                i5.any(),
                i6.any(),
                i7.any(),
                i8.any(),
                i9.any(),
                i10.any(),
                i11.any(),
                i12.any(),
                i13.any(),
                i14.any(),
                i15.any(),
            ],
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES / 2))]

    #[test]
    fn widest_sixteen_inputs_and_outputs_48_cases(case in case(16, 16)) {
        check_widest(&case)?;
    }
}

// ---------------------------------------------------------------------------------------
// Property 1b: reductions, `arrays` and `along`.

/// The same call by name: the uniforms and the inputs.
struct ByName<'a> {
    uniforms: &'a [Scalar],
    inputs: &'a [AnyView<'a>],
}

/// Checks `arrays` of a reduction over inputs of `shapes` (as passed) against the
/// reference, then `along` on the case's axis (mod the rank) into an output of the case's
/// layout, positions-shaped or keepdims; and both again by name (`reduce_arrays`,
/// `reduce_along`). On a rank-0 call, `along` must refuse every axis.
#[allow(clippy::too_many_arguments, reason = "a reduction's call three ways")]
fn check_reduction<R: Value>(
    what: &str,
    case: &Case,
    shapes: &[Vec<usize>],
    fold: &Fold<R>,
    element: impl Fn(&[usize]) -> R,
    arrays: impl FnOnce() -> hologram::Result<R>,
    along: impl FnOnce(usize, ViewMut<'_, R>) -> hologram::Result<()>,
    by_name: &ByName<'_>,
) -> TestCaseResult {
    let shapes: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
    let full = broadcast_shape(&shapes).expect("the inputs broadcast");
    let got = arrays().map_err(fail)?;
    let want = fold.of(&map(&full, &element));
    prop_assert!(
        same(got, want),
        "{}::arrays over {:?}: got {:?}, want {:?}",
        what,
        full,
        got,
        want
    );
    if full.is_empty() {
        let mut out = Output::<R>::new(&[], &Lay::plain(0));
        let err = along(case.axis, out.pass());
        prop_assert!(
            matches!(err, Err(Error::AxisOutOfRange { axis, rank: 0, .. }) if axis == case.axis),
            "{}::along on rank 0: {:?}",
            what,
            err
        );
        prop_assert!(out.untouched(), "{}::along wrote on error", what);
    } else {
        let axis = case.axis % full.len();
        let out_shape = out_shape(case, &full);
        let mut out = Output::<R>::new(&out_shape, &case.outputs[0]);
        along(axis, out.pass()).map_err(fail)?;
        let want: Vec<R> = lanes(&full, axis, &element)
            .iter()
            .map(|lane| fold.of(lane))
            .collect();
        out.check(
            &format!("{what}::along({axis}) over {full:?} into {out_shape:?}"),
            &want,
        )?;
    }
    check_by_name(
        &named(what),
        case,
        &full,
        &|values| fold.of(values),
        &element,
        by_name,
    )
}

/// The output shape of an `along` of `case` over `full`: positions-shaped or keepdims.
fn out_shape(case: &Case, full: &[usize]) -> Vec<usize> {
    let axis = case.axis % full.len();
    if case.keepdims {
        keepdims(full, axis)
    } else {
        without(full, axis)
    }
}

/// A reduction by name over `full` (the inputs' broadcast shape): `reduce_arrays` folds
/// every element with `reduce`, `reduce_along` each lane of the case's axis.
fn check_by_name<R: Value>(
    kernel: &KernelRef,
    case: &Case,
    full: &[usize],
    reduce: &dyn Fn(&[R]) -> R,
    element: &dyn Fn(&[usize]) -> R,
    by_name: &ByName<'_>,
) -> TestCaseResult {
    let what = kernel.descriptor().name().to_owned();
    let got = kernel
        .reduce_arrays(by_name.uniforms, by_name.inputs)
        .map_err(fail)?;
    let want = reduce(&map(full, element));
    prop_assert!(
        R::from_scalar(got).is_some_and(|got| same(got, want)),
        "{} reduce_arrays over {:?}: got {:?}, want {:?}",
        what,
        full,
        got,
        want
    );
    if full.is_empty() {
        let mut out = Output::<R>::new(&[], &Lay::plain(0));
        let err = kernel.reduce_along(case.axis, by_name.uniforms, by_name.inputs, out.any());
        prop_assert!(
            matches!(err, Err(Error::AxisOutOfRange { axis, rank: 0, .. }) if axis == case.axis),
            "{} reduce_along on rank 0: {:?}",
            what,
            err
        );
        prop_assert!(out.untouched(), "{} reduce_along wrote on error", what);
        return Ok(());
    }
    let axis = case.axis % full.len();
    let out_shape = out_shape(case, full);
    let mut out = Output::<R>::new(&out_shape, &case.outputs[0]);
    kernel
        .reduce_along(axis, by_name.uniforms, by_name.inputs, out.any())
        .map_err(fail)?;
    let want: Vec<R> = lanes(full, axis, element)
        .iter()
        .map(|lane| reduce(lane))
        .collect();
    out.check(
        &format!("{what} reduce_along({axis}) over {full:?} into {out_shape:?}"),
        &want,
    )
}

fn sum_f32(case: &Case) -> TestCaseResult {
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    check_reduction(
        "sum",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || stdlib::sum::arrays(x.pass()),
        |axis, out| stdlib::sum::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )?;
    // `mean` (written by hand: no typed `arrays` or `along`) by name: the sum over the count,
    // NaN when empty.
    check_by_name(
        &named("mean"),
        case,
        &x.passed_shape(),
        &|values| fold.of(values) / values.len() as f32,
        &|i| x.at(i),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn sum_f64(case: &Case) -> TestCaseResult {
    let x = Input::<f64>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    check_reduction(
        "f64::sum",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || stdlib::f64::sum::arrays(x.pass()),
        |axis, out| stdlib::f64::sum::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn max_f32(case: &Case) -> TestCaseResult {
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: f32::NEG_INFINITY,
        empty: f32::NEG_INFINITY,
        combine: fold_max,
    };
    check_reduction(
        "max",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || stdlib::max::arrays(x.pass()),
        |axis, out| stdlib::max::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn min_f64(case: &Case) -> TestCaseResult {
    let x = Input::<f64>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: f64::INFINITY,
        empty: f64::INFINITY,
        combine: fold_min,
    };
    check_reduction(
        "f64::min",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || stdlib::f64::min::arrays(x.pass()),
        |axis, out| stdlib::f64::min::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn dot_f32(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let a = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let b = Input::<f32>::new(&case.shape, &case.inputs[1], &mut rng);
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    check_reduction(
        "dot",
        case,
        &[a.passed_shape(), b.passed_shape()],
        &fold,
        |i| a.at(i) * b.at(i),
        || stdlib::dot::arrays(a.pass(), b.pass()),
        |axis, out| stdlib::dot::along(axis, a.pass(), b.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[a.any(), b.any()],
        },
    )
}

fn product_f64(case: &Case) -> TestCaseResult {
    let x = Input::<f64>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: 1.0,
        empty: 1.0,
        combine: |a, b| a * b,
    };
    check_reduction(
        "product",
        case,
        &[x.passed_shape()],
        &fold,
        |i| 1.0 + x.at(i) * 1e-3,
        || product::arrays(x.pass()),
        |axis, out| product::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn wrapping_sum_i32(case: &Case) -> TestCaseResult {
    let x = Input::<i32>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: 0,
        empty: 0,
        combine: i32::wrapping_add,
    };
    check_reduction(
        "wrapping_sum",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || wrapping_sum::arrays(x.pass()),
        |axis, out| wrapping_sum::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn byte_max_u8(case: &Case) -> TestCaseResult {
    let x = Input::<u8>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: u8::MIN,
        empty: u8::MIN,
        combine: u8::max,
    };
    check_reduction(
        "byte_max",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || byte_max::arrays(x.pass()),
        |axis, out| byte_max::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn count_above_i64(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<i32>::new(&case.shape, &case.inputs[0], &mut rng);
    let threshold = (rng.below(5) as i32) - 2;
    let fold = Fold {
        identity: 0,
        empty: 0,
        combine: i64::wrapping_add,
    };
    check_reduction(
        "count_above",
        case,
        &[x.passed_shape()],
        &fold,
        |i| i64::from(x.at(i) > threshold),
        || count_above::arrays(x.pass(), threshold),
        |axis, out| count_above::along(axis, x.pass(), threshold, out),
        &ByName {
            uniforms: &[threshold.into()],
            inputs: &[x.any()],
        },
    )
}

fn weighted_mixed(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let y = Input::<f64>::new(&case.shape, &case.inputs[1], &mut rng);
    let w = rng.float();
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    check_reduction(
        "weighted",
        case,
        &[x.passed_shape(), y.passed_shape()],
        &fold,
        |i| w * f64::from(x.at(i)) + y.at(i),
        || weighted::arrays(w, x.pass(), y.pass()),
        |axis, out| weighted::along(axis, w, x.pass(), y.pass(), out),
        &ByName {
            uniforms: &[w.into()],
            inputs: &[x.any(), y.any()],
        },
    )
}

fn blend_custom(case: &Case) -> TestCaseResult {
    let x = Input::<f64>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: 0.75,
        empty: 0.75,
        combine: |a, b| a * 0.5 + b,
    };
    check_reduction(
        "blend",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || blend::arrays(x.pass()),
        |axis, out| blend::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

fn mix_custom(case: &Case) -> TestCaseResult {
    let x = Input::<u32>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let fold = Fold {
        identity: 0x1234_5678,
        empty: 0x1234_5678,
        combine: |a: u32, b: u32| a.rotate_left(5) ^ b.wrapping_mul(0x9E37_79B9),
    };
    check_reduction(
        "mix",
        case,
        &[x.passed_shape()],
        &fold,
        |i| x.at(i),
        || mix::arrays(x.pass()),
        |axis, out| mix::along(axis, x.pass(), out),
        &ByName {
            uniforms: &[],
            inputs: &[x.any()],
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn reduce_sum_and_mean_by_name_f32_arrays_and_along_96_cases(case in case(1, 1)) {
        sum_f32(&case)?;
    }

    #[test]
    fn reduce_sum_f64_arrays_and_along_96_cases(case in case(1, 1)) {
        sum_f64(&case)?;
    }

    #[test]
    fn reduce_max_f32_arrays_and_along_96_cases(case in case(1, 1)) {
        max_f32(&case)?;
    }

    #[test]
    fn reduce_min_f64_arrays_and_along_96_cases(case in case(1, 1)) {
        min_f64(&case)?;
    }

    #[test]
    fn reduce_dot_two_inputs_broadcast_together_96_cases(case in case(2, 1)) {
        dot_f32(&case)?;
    }

    #[test]
    fn reduce_product_mul_f64_96_cases(case in case(1, 1)) {
        product_f64(&case)?;
    }

    #[test]
    fn reduce_wrapping_sum_i32_96_cases(case in case(1, 1)) {
        wrapping_sum_i32(&case)?;
    }

    #[test]
    fn reduce_byte_max_u8_96_cases(case in case(1, 1)) {
        byte_max_u8(&case)?;
    }

    #[test]
    fn reduce_count_above_i32_to_i64_with_uniform_96_cases(case in case(1, 1)) {
        count_above_i64(&case)?;
    }

    #[test]
    fn reduce_weighted_uniform_and_mixed_inputs_96_cases(case in case(2, 1)) {
        weighted_mixed(&case)?;
    }

    #[test]
    fn reduce_blend_custom_combiner_f64_96_cases(case in case(1, 1)) {
        blend_custom(&case)?;
    }

    #[test]
    fn reduce_mix_custom_combiner_u32_96_cases(case in case(1, 1)) {
        mix_custom(&case)?;
    }
}

// ---------------------------------------------------------------------------------------
// Property 1c: softmax and log_softmax along every axis.

/// Which of the two kernels, with the `math` functions its passes use.
struct Passes<T> {
    log: bool,
    exp: fn(T) -> T,
    ln: fn(T) -> T,
}

/// A softmax `along`: `x` (broadcast only through stride-0 dimensions: the output has the
/// shape `x` is passed with) on every lane of the case's axis.
fn check_softmax<T: Float + Value>(
    what: &str,
    case: &Case,
    passes: Passes<T>,
    along: fn(usize, View<'_, T>, ViewMut<'_, T>) -> hologram::Result<()>,
) -> TestCaseResult {
    let x = Input::<T>::new(&case.shape, &case.inputs[0], &mut case.rng());
    let shape = x.passed_shape();
    if shape.is_empty() {
        let mut out = Output::<T>::new(&[], &Lay::plain(0));
        let err = along(case.axis, x.pass(), out.pass());
        prop_assert!(
            matches!(err, Err(Error::AxisOutOfRange { rank: 0, .. })),
            "{}: {:?}",
            what,
            err
        );
        let err = named(what).run_along(case.axis, &[], &[x.any()], &mut [out.any()]);
        prop_assert!(
            matches!(err, Err(Error::AxisOutOfRange { rank: 0, .. })),
            "{} by name: {:?}",
            what,
            err
        );
        prop_assert!(out.untouched(), "{} wrote on error", what);
        return Ok(());
    }
    let axis = case.axis % shape.len();
    let mut out = Output::<T>::new(&shape, &case.outputs[0]);
    along(axis, x.pass(), out.pass()).map_err(fail)?;
    // The lanes of the reference in row-major order of the positions; the output's values
    // in row-major order of the whole shape.
    let lanes = lanes(&shape, axis, |i| x.at(i));
    let results: Vec<Vec<T>> = lanes
        .iter()
        .map(|l| softmax_lane(l, passes.log, passes.exp, passes.ln))
        .collect();
    let positions = without(&shape, axis);
    let want = map(&shape, |i| {
        let mut p = i.to_vec();
        let k = p.remove(axis);
        let flat = p
            .iter()
            .zip(&positions)
            .fold(0usize, |acc, (&j, &n)| acc * n + j);
        results[flat][k]
    });
    out.check(&format!("{what} along {axis} of {shape:?}"), &want)?;
    let mut out = Output::<T>::new(&shape, &case.outputs[0]);
    named(what)
        .run_along(axis, &[], &[x.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check(&format!("{what} run_along {axis} of {shape:?}"), &want)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn softmax_f32_along_every_axis_96_cases(case in case(1, 1)) {
        check_softmax(
            "softmax",
            &case,
            Passes { log: false, exp: hologram::math::exp, ln: hologram::math::ln },
            |a, x, o| stdlib::softmax::along(a, x, o),
        )?;
    }

    #[test]
    fn log_softmax_f32_along_every_axis_96_cases(case in case(1, 1)) {
        check_softmax(
            "log_softmax",
            &case,
            Passes { log: true, exp: hologram::math::exp, ln: hologram::math::ln },
            |a, x, o| stdlib::log_softmax::along(a, x, o),
        )?;
    }

    #[test]
    fn softmax_f64_along_every_axis_96_cases(case in case(1, 1)) {
        check_softmax(
            "f64::softmax",
            &case,
            Passes { log: false, exp: hologram::math::f64::exp, ln: hologram::math::f64::ln },
            |a, x, o| stdlib::f64::softmax::along(a, x, o),
        )?;
    }

    #[test]
    fn log_softmax_f64_along_every_axis_96_cases(case in case(1, 1)) {
        check_softmax(
            "f64::log_softmax",
            &case,
            Passes { log: true, exp: hologram::math::f64::exp, ln: hologram::math::f64::ln },
            |a, x, o| stdlib::f64::log_softmax::along(a, x, o),
        )?;
    }
}

// ---------------------------------------------------------------------------------------
// Property 1d: the kernels of loaded libraries, by name: the Rust `user-kernels` cdylib and
// the C library of the examples (version 1 of the C ABI: the host hands it contiguous
// pieces, copied from and to the caller's arrays).

/// A registry with both example libraries loaded, once per test binary.
fn loaded(name: &str) -> KernelRef {
    static LOADED: LazyLock<Registry> = LazyLock::new(|| {
        let mut reg = Registry::new();
        reg.load_library(common::user_kernels())
            .expect("load user-kernels");
        reg.load_library(common::c_kernels())
            .expect("load the C kernels");
        reg.load_library(common::c_library("examples/c-kernels/strided.c"))
            .expect("load the version-2 C kernels");
        reg
    });
    LOADED.get(name).unwrap_or_else(|e| panic!("{e}"))
}

/// The Rust library's elementwise kernels: `saxpy` (a uniform), `div_rem` (two outputs),
/// `split_fract` (f64 to i64 and f64).
fn check_loaded_elementwise(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let y = Input::<f32>::new(&case.shape, &case.inputs[1], &mut rng);
    let a = f32::random(&mut rng);
    let want = map(&case.shape, |i| a * x.at(i) + y.at(i));
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    loaded("saxpy")
        .run_arrays(&[a.into()], &[x.any(), y.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("saxpy", &want)?;

    let p = Input::<i32>::new(&case.shape, &case.inputs[0], &mut rng);
    let mut q = Input::<i32>::new(&case.shape, &case.inputs[1], &mut rng);
    // No division by 0, and no i32::MIN / -1.
    q.map_values(|v| if v == 0 || v == -1 { 3 } else { v });
    let quotients = map(&case.shape, |i| p.at(i) / q.at(i));
    let remainders = map(&case.shape, |i| p.at(i) % q.at(i));
    let mut quot = Output::<i32>::new(&case.shape, &case.outputs[0]);
    let mut rem = Output::<i32>::new(&case.shape, &case.outputs[1]);
    loaded("div_rem")
        .run_arrays(&[], &[p.any(), q.any()], &mut [quot.any(), rem.any()])
        .map_err(fail)?;
    quot.check("div_rem out0", &quotients)?;
    rem.check("div_rem out1", &remainders)?;

    let v = Input::<f64>::new(&case.shape, &case.inputs[0], &mut rng);
    let wholes = map(&case.shape, |i| v.at(i).floor() as i64);
    let fractions = map(&case.shape, |i| v.at(i) - v.at(i).floor());
    let mut whole = Output::<i64>::new(&case.shape, &case.outputs[0]);
    let mut fraction = Output::<f64>::new(&case.shape, &case.outputs[1]);
    loaded("split_fract")
        .run_arrays(&[], &[v.any()], &mut [whole.any(), fraction.any()])
        .map_err(fail)?;
    whole.check("split_fract out0", &wholes)?;
    fraction.check("split_fract out1", &fractions)
}

/// The Rust library's reductions: `sum_sq_dist` (f64, a uniform) and `count_above` (f32 to
/// i64, a uniform), folded in the documented order.
fn check_loaded_reductions(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f64>::new(&case.shape, &case.inputs[0], &mut rng);
    let center = rng.float();
    let full = x.passed_shape();
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    check_by_name(
        &loaded("sum_sq_dist"),
        case,
        &full,
        &|v| fold.of(v),
        &|i| (x.at(i) - center) * (x.at(i) - center),
        &ByName {
            uniforms: &[center.into()],
            inputs: &[x.any()],
        },
    )?;
    let y = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let threshold = f32::random(&mut rng);
    let count = Fold {
        identity: 0,
        empty: 0,
        combine: i64::wrapping_add,
    };
    check_by_name(
        &loaded("count_above"),
        case,
        &y.passed_shape(),
        &|v| count.of(v),
        &|i| i64::from(y.at(i) > threshold),
        &ByName {
            uniforms: &[threshold.into()],
            inputs: &[y.any()],
        },
    )
}

/// The C library: `c_affine` (elementwise, two uniforms), `c_dot` (a reduction into f64,
/// summed in index order), `c_center` (whole-stream: only along an axis), `c_checked_sqrt`
/// (elementwise, fails on a negative input).
fn check_c_library(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let y = Input::<f32>::new(&case.shape, &case.inputs[1], &mut rng);
    let (a, b) = (f32::random(&mut rng), f32::random(&mut rng));
    let want = map(&case.shape, |i| a * x.at(i) + b);
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    loaded("c_affine")
        .run_arrays(&[a.into(), b.into()], &[x.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("c_affine", &want)?;

    let shapes = [x.passed_shape(), y.passed_shape()];
    let full = broadcast_shape(&[&shapes[0], &shapes[1]]).expect("they broadcast");
    let in_order = |v: &[f64]| v.iter().fold(0.0, |s, &p| s + p);
    check_by_name(
        &loaded("c_dot"),
        case,
        &full,
        &in_order,
        &|i| f64::from(x.at(i)) * f64::from(y.at(i)),
        &ByName {
            uniforms: &[],
            inputs: &[x.any(), y.any()],
        },
    )?;

    let v = Input::<f64>::new(&case.shape, &case.inputs[0], &mut rng);
    let shape = v.passed_shape();
    let center = loaded("c_center");
    let mut out = Output::<f64>::new(&shape, &case.outputs[0]);
    let refused = center.run_arrays(&[], &[v.any()], &mut [out.any()]);
    prop_assert!(
        matches!(refused, Err(Error::WrongKernelKind { .. })),
        "c_center run_arrays: {:?}",
        refused
    );
    prop_assert!(out.untouched(), "c_center wrote when refused");
    if !shape.is_empty() {
        let axis = case.axis % shape.len();
        center
            .run_along(axis, &[], &[v.any()], &mut [out.any()])
            .map_err(fail)?;
        let lanes = lanes(&shape, axis, |i| v.at(i));
        let positions = without(&shape, axis);
        let want = map(&shape, |i| {
            let mut p = i.to_vec();
            let k = p.remove(axis);
            let flat = p
                .iter()
                .zip(&positions)
                .fold(0usize, |acc, (&j, &n)| acc * n + j);
            let lane = &lanes[flat];
            let mean = in_order(lane) / lane.len() as f64;
            lane[k] - mean
        });
        out.check(&format!("c_center along {axis}"), &want)?;
    }

    let mut w = Input::<f64>::new(&case.shape, &case.inputs[0], &mut rng);
    w.map_values(f64::abs);
    let roots = map(&case.shape, |i| w.at(i).sqrt());
    let mut out = Output::<f64>::new(&case.shape, &case.outputs[0]);
    loaded("c_checked_sqrt")
        .run_arrays(&[], &[w.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("c_checked_sqrt", &roots)?;
    if !case.shape.contains(&0) {
        // Every element negative (a NaN is not: the kernel checks `x < 0`).
        w.map_values(|v| if v.is_nan() { -1.0 } else { -1.0 - v });
        let mut out = Output::<f64>::new(&case.shape, &case.outputs[0]);
        let failed = loaded("c_checked_sqrt").run_arrays(&[], &[w.any()], &mut [out.any()]);
        prop_assert!(
            matches!(failed, Err(Error::KernelFailed { .. })),
            "c_checked_sqrt of negatives: {:?}",
            failed
        );
    }
    Ok(())
}

/// A reduction of a version-2 C kernel with a combiner over `values`: one call over the
/// whole stream up to a block, which the C code folds in index order (`sequential`); past
/// that, one call per block of `BLOCK` elements, joined by the combiner along the tree of
/// `hologram::fold` (the first half of the blocks, rounded up, then the rest).
fn c_blocks<R: Copy>(values: &[R], sequential: &dyn Fn(&[R]) -> R, combine: fn(R, R) -> R) -> R {
    if values.len() <= BLOCK {
        return sequential(values);
    }
    let blocks = values.len().div_ceil(BLOCK);
    let (first, rest) = values.split_at(blocks.div_ceil(2) * BLOCK);
    combine(
        c_blocks(first, sequential, combine),
        c_blocks(rest, sequential, combine),
    )
}

/// `s_sum`'s reference: a sum in index order, per block.
fn s_sum_reference(values: &[f64]) -> f64 {
    c_blocks(values, &|v| v.iter().fold(0.0, |s, &x| s + x), |a, b| a + b)
}

/// `s_max`'s reference.
fn s_max_reference(values: &[i32]) -> i32 {
    values.iter().copied().fold(i32::MIN, i32::max)
}

/// The version-2 C library (`examples/c-kernels/strided.c`), whose kernels read strides:
/// `s_axpy` (elementwise, a uniform), `s_sum` (f64) and `s_max` (i32), reductions with
/// combiners.
fn check_c_library_v2(case: &Case) -> TestCaseResult {
    let mut rng = case.rng();
    let x = Input::<f32>::new(&case.shape, &case.inputs[0], &mut rng);
    let y = Input::<f32>::new(&case.shape, &case.inputs[1], &mut rng);
    let a = f32::random(&mut rng);
    let want = map(&case.shape, |i| a * x.at(i) + y.at(i));
    let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
    loaded("s_axpy")
        .run_arrays(&[a.into()], &[x.any(), y.any()], &mut [out.any()])
        .map_err(fail)?;
    out.check("s_axpy", &want)?;
    if !case.shape.is_empty() {
        // Any elementwise kernel runs along an axis too, lane by lane.
        let mut out = Output::<f32>::new(&case.shape, &case.outputs[0]);
        let shape = broadcast_shape(&[&x.passed_shape(), &y.passed_shape()]).expect("fits");
        if shape == case.shape {
            loaded("s_axpy")
                .run_along(
                    case.axis % shape.len(),
                    &[a.into()],
                    &[x.any(), y.any()],
                    &mut [out.any()],
                )
                .map_err(fail)?;
            out.check("s_axpy along", &want)?;
        }
    }

    let v = Input::<f64>::new(&case.shape, &case.inputs[0], &mut rng);
    check_by_name(
        &loaded("s_sum"),
        case,
        &v.passed_shape(),
        &s_sum_reference,
        &|i| v.at(i),
        &ByName {
            uniforms: &[],
            inputs: &[v.any()],
        },
    )?;
    let w = Input::<i32>::new(&case.shape, &case.inputs[1], &mut rng);
    check_by_name(
        &loaded("s_max"),
        case,
        &w.passed_shape(),
        &s_max_reference,
        &|i| w.at(i),
        &ByName {
            uniforms: &[],
            inputs: &[w.any()],
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn loaded_rust_library_elementwise_by_name_96_cases(case in case(2, 2)) {
        check_loaded_elementwise(&case)?;
    }

    #[test]
    fn loaded_rust_library_reductions_by_name_96_cases(case in case(1, 1)) {
        check_loaded_reductions(&case)?;
    }

    #[test]
    fn loaded_c_library_version_1_by_name_96_cases(case in case(2, 1)) {
        check_c_library(&case)?;
    }

    #[test]
    fn loaded_c_library_version_2_by_name_96_cases(case in case(2, 1)) {
        check_c_library_v2(&case)?;
    }
}

// ---------------------------------------------------------------------------------------
// Property 2: a reduction of a strided, reversed or broadcast stream gives the bits of the
// same reduction on a contiguous copy, at lengths around the fold's and the gather's sizes.

/// Around `LANES`, `GATHER`, `BLOCK`, and past two blocks (a tree of three blocks).
const LENGTHS: [usize; 10] = [
    LANES - 1,
    LANES,
    LANES + 1,
    GATHER - 1,
    GATHER,
    GATHER + 1,
    BLOCK - 1,
    BLOCK,
    BLOCK + 1,
    2 * BLOCK + 1,
];

/// A stream over some memory: where its element `[0, ..]` is, its shape and strides.
struct Laid<T> {
    name: String,
    memory: Vec<T>,
    offset: usize,
    shape: Vec<usize>,
    strides: Vec<isize>,
}

impl<T: Value> Laid<T> {
    fn view(&self) -> View<'_, T> {
        View::strided(&self.memory, self.offset, &self.shape, &self.strides).expect("a view")
    }

    /// The elements in row-major order, read by index arithmetic (the layouts here have
    /// one or two dimensions).
    fn copy(&self) -> Vec<T> {
        let (rows, cols, row_stride, col_stride) = match (&self.shape[..], &self.strides[..]) {
            (&[n], &[s]) => (1, n, 0, s),
            (&[r, c], &[sr, sc]) => (r, c, sr, sc),
            _ => unreachable!("one or two dimensions"),
        };
        let mut out = Vec::with_capacity(rows * cols);
        for i in 0..rows as isize {
            for j in 0..cols as isize {
                out.push(
                    self.memory[(self.offset as isize + i * row_stride + j * col_stride) as usize],
                );
            }
        }
        out
    }
}

/// The smallest factor of `n` above 1 (`n` itself when prime).
fn smallest_factor(n: usize) -> usize {
    (2..n).find(|k| n.is_multiple_of(*k)).unwrap_or(n)
}

/// Streams of `n` elements in every layout a lane or a whole-array reduction meets:
/// contiguous, steps of 2 and 3, reversed, one element repeated, and as 2-D arrays of
/// `r x (n / r)` elements: transposed, rows reversed with a step, a row repeated, a column
/// repeated.
fn layouts<T: Value>(n: usize, rng: &mut Seeded) -> Vec<Laid<T>> {
    let mut fill = |len: usize| -> Vec<T> { (0..len).map(|_| T::random(rng)).collect() };
    let mut out = Vec::new();
    for step in [1isize, 2, 3, -1, -2] {
        let len = (n - 1) * step.unsigned_abs() + 1;
        out.push(Laid {
            name: format!("step {step}"),
            memory: fill(len),
            offset: if step < 0 { len - 1 } else { 0 },
            shape: vec![n],
            strides: vec![step],
        });
    }
    out.push(Laid {
        name: "one element repeated".into(),
        memory: fill(1),
        offset: 0,
        shape: vec![n],
        strides: vec![0],
    });
    let (r, c) = (smallest_factor(n), n / smallest_factor(n));
    out.push(Laid {
        name: format!("transposed {r} x {c}"),
        memory: fill(n),
        offset: 0,
        shape: vec![r, c],
        strides: vec![1, r as isize],
    });
    out.push(Laid {
        name: format!("{r} x {c}, rows reversed, every other column"),
        memory: fill(2 * n),
        offset: (r - 1) * 2 * c,
        shape: vec![r, c],
        strides: vec![-2 * c as isize, 2],
    });
    out.push(Laid {
        name: format!("a row repeated {r} times"),
        memory: fill(c),
        offset: 0,
        shape: vec![r, c],
        strides: vec![0, 1],
    });
    out.push(Laid {
        name: format!("a column repeated {c} times"),
        memory: fill(r),
        offset: 0,
        shape: vec![r, c],
        strides: vec![1, 0],
    });
    out
}

/// `arrays` and `reduce_arrays` of every layout against `slices` of its copy and the
/// reference fold.
fn whole_stream_equals_copy<T: Value, R: Value>(
    what: &str,
    uniforms: &[Scalar],
    fold: &Fold<R>,
    element: impl Fn(T) -> R,
    arrays: impl Fn(View<'_, T>) -> hologram::Result<R>,
    slices: impl Fn(&[T]) -> hologram::Result<R>,
) {
    let kernel = named(what);
    let mut rng = Seeded::new(7, false);
    for n in LENGTHS {
        for laid in layouts::<T>(n, &mut rng) {
            let copy = laid.copy();
            let got = arrays(laid.view()).unwrap();
            let want = slices(&copy).unwrap();
            let by_name = kernel
                .reduce_arrays(uniforms, &[laid.view().into()])
                .unwrap();
            assert_eq!(
                R::from_scalar(by_name).map(R::bits),
                Some(want.bits()),
                "{what} n {} {}: reduce_arrays vs slices",
                n,
                laid.name
            );
            let mapped: Vec<R> = copy.iter().map(|&v| element(v)).collect();
            let reference = fold.of(&mapped);
            let name = &laid.name;
            assert_eq!(
                got.bits(),
                want.bits(),
                "{what} n {n} {name}: arrays vs slices"
            );
            assert_eq!(
                got.bits(),
                reference.bits(),
                "{what} n {n} {name}: reference"
            );
        }
    }
}

#[test]
fn reductions_of_strided_and_broadcast_streams_equal_their_contiguous_copy() {
    let float_sum = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    whole_stream_equals_copy(
        "sum",
        &[],
        &float_sum,
        |v: f32| v,
        |v| stdlib::sum::arrays(v),
        stdlib::sum::slices,
    );
    let f64_sum = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    whole_stream_equals_copy(
        "f64::sum",
        &[],
        &f64_sum,
        |v: f64| v,
        |v| stdlib::f64::sum::arrays(v),
        stdlib::f64::sum::slices,
    );
    let max = Fold {
        identity: f32::NEG_INFINITY,
        empty: f32::NEG_INFINITY,
        combine: fold_max,
    };
    whole_stream_equals_copy(
        "max",
        &[],
        &max,
        |v: f32| v,
        |v| stdlib::max::arrays(v),
        stdlib::max::slices,
    );
    let blend_fold = Fold {
        identity: 0.75,
        empty: 0.75,
        combine: |a, b| a * 0.5 + b,
    };
    whole_stream_equals_copy(
        "blend",
        &[],
        &blend_fold,
        |v: f64| v,
        |v| blend::arrays(v),
        blend::slices,
    );
    let mix_fold = Fold {
        identity: 0x1234_5678,
        empty: 0x1234_5678,
        combine: |a: u32, b: u32| a.rotate_left(5) ^ b.wrapping_mul(0x9E37_79B9),
    };
    whole_stream_equals_copy(
        "mix",
        &[],
        &mix_fold,
        |v: u32| v,
        |v| mix::arrays(v),
        mix::slices,
    );
    let count = Fold {
        identity: 0,
        empty: 0,
        combine: i64::wrapping_add,
    };
    whole_stream_equals_copy(
        "count_above",
        &[0i32.into()],
        &count,
        |v: i32| i64::from(v > 0),
        |v| count_above::arrays(v, 0),
        |x| count_above::slices(x, 0),
    );
}

#[test]
fn dot_of_two_differently_laid_streams_equals_its_contiguous_copies() {
    let mut rng = Seeded::new(11, false);
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    for n in LENGTHS {
        let xs = layouts::<f32>(n, &mut rng);
        let ys = layouts::<f32>(n, &mut rng);
        // Each layout against the next one; where their shapes differ, one element of the
        // second repeated in the first's shape.
        for (k, x) in xs.iter().enumerate() {
            let y = &ys[(k + 1) % ys.len()];
            let (xc, yc) = (x.copy(), y.copy());
            let y_view = if x.shape == y.shape {
                y.view()
            } else {
                View::strided(&y.memory, y.offset, &x.shape, &vec![0; x.shape.len()])
                    .expect("one element of y repeated")
            };
            let yc = if x.shape == y.shape {
                yc
            } else {
                vec![y.memory[y.offset]; n]
            };
            let got = stdlib::dot::arrays(x.view(), y_view).unwrap();
            let want = stdlib::dot::slices(&xc, &yc).unwrap();
            let by_name = named("dot")
                .reduce_arrays(&[], &[x.view().into(), y_view.into()])
                .unwrap();
            assert_eq!(by_name, Scalar::F32(want), "dot by name n {n} {}", x.name);
            let products: Vec<f32> = xc.iter().zip(&yc).map(|(a, b)| a * b).collect();
            assert_eq!(got.to_bits(), want.to_bits(), "dot n {n} {}", x.name);
            assert_eq!(got.to_bits(), fold.of(&products).to_bits(), "dot n {n}");
        }
    }
}

/// Three lanes of `n` elements along one axis of a 2-D array, in every layout: the array,
/// its axis, and each lane's contiguous copy.
fn lane_layouts<T: Value>(n: usize, rng: &mut Seeded) -> Vec<(Laid<T>, usize)> {
    let mut fill = |len: usize| -> Vec<T> { (0..len).map(|_| T::random(rng)).collect() };
    let n_i = n as isize;
    vec![
        // Contiguous lanes: rows of a row-major 3 x n.
        (
            Laid {
                name: "rows".into(),
                memory: fill(3 * n),
                offset: 0,
                shape: vec![3, n],
                strides: vec![n_i, 1],
            },
            1,
        ),
        // Columns of a row-major n x 3: lanes of stride 3.
        (
            Laid {
                name: "columns".into(),
                memory: fill(3 * n),
                offset: 0,
                shape: vec![n, 3],
                strides: vec![3, 1],
            },
            0,
        ),
        // Rows reversed, every other element backwards.
        (
            Laid {
                name: "rows backwards, step 2".into(),
                memory: fill(6 * n),
                offset: 2 * n - 1,
                shape: vec![3, n],
                strides: vec![2 * n_i, -2],
            },
            1,
        ),
        // Columns of a transposed, reversed array.
        (
            Laid {
                name: "columns of the reversed transpose".into(),
                memory: fill(3 * n),
                offset: 3 * n - 1,
                shape: vec![n, 3],
                strides: vec![-1, -n_i],
            },
            0,
        ),
        // Broadcast lanes: one element of a column repeated along each row.
        (
            Laid {
                name: "a column repeated along the lanes".into(),
                memory: fill(3),
                offset: 0,
                shape: vec![3, n],
                strides: vec![1, 0],
            },
            1,
        ),
        // Broadcast positions: one row read by every lane position.
        (
            Laid {
                name: "one row for every position".into(),
                memory: fill(n),
                offset: 0,
                shape: vec![n, 3],
                strides: vec![1, 0],
            },
            0,
        ),
    ]
}

/// The lanes of `laid` along `axis`, each copied contiguously.
fn lane_copies<T: Value>(laid: &Laid<T>, axis: usize) -> Vec<Vec<T>> {
    let copy = laid.copy();
    let (rows, cols) = (laid.shape[0], laid.shape[1]);
    if axis == 1 {
        copy.chunks(cols).map(<[T]>::to_vec).collect()
    } else {
        (0..cols)
            .map(|j| (0..rows).map(|i| copy[i * cols + j]).collect())
            .collect()
    }
}

/// `along` and `reduce_along` of every lane layout against `slices` of each lane's copy.
fn along_equals_copies<T: Value, R: Value>(
    what: &str,
    uniforms: &[Scalar],
    along: impl Fn(usize, View<'_, T>, ViewMut<'_, R>) -> hologram::Result<()>,
    slices: impl Fn(&[T]) -> hologram::Result<R>,
) {
    let kernel = named(what);
    let mut rng = Seeded::new(13, false);
    for n in LENGTHS {
        for (laid, axis) in lane_layouts::<T>(n, &mut rng) {
            let mut out = vec![R::SENTINEL; 3];
            along(axis, laid.view(), ViewMut::from(&mut out)).unwrap();
            let mut by_name = vec![R::SENTINEL; 3];
            kernel
                .reduce_along(axis, uniforms, &[laid.view().into()], (&mut by_name).into())
                .unwrap();
            for (k, lane) in lane_copies(&laid, axis).iter().enumerate() {
                let want = slices(lane).unwrap();
                assert_eq!(
                    out[k].bits(),
                    want.bits(),
                    "{what}::along n {n} {}: lane {k}",
                    laid.name
                );
                assert_eq!(
                    by_name[k].bits(),
                    want.bits(),
                    "{what} reduce_along n {n} {}: lane {k}",
                    laid.name
                );
            }
        }
    }
}

#[test]
fn along_equals_slices_on_each_lane_copy() {
    along_equals_copies(
        "sum",
        &[],
        |axis, x, out| stdlib::sum::along(axis, x, out),
        stdlib::sum::slices,
    );
    along_equals_copies(
        "f64::max",
        &[],
        |axis, x, out| stdlib::f64::max::along(axis, x, out),
        stdlib::f64::max::slices,
    );
    along_equals_copies(
        "blend",
        &[],
        |axis, x, out| blend::along(axis, x, out),
        blend::slices,
    );
    along_equals_copies(
        "mix",
        &[],
        |axis, x, out| mix::along(axis, x, out),
        mix::slices,
    );
    along_equals_copies(
        "count_above",
        &[0i32.into()],
        |axis, x, out| count_above::along(axis, x, 0, out),
        |x| count_above::slices(x, 0),
    );
}

#[test]
fn dot_along_with_a_broadcast_input_equals_slices_on_each_lane_copy() {
    let mut rng = Seeded::new(17, false);
    for n in LENGTHS {
        let y: Vec<f32> = (0..n).map(|_| f32::random(&mut rng)).collect();
        for (laid, axis) in lane_layouts::<f32>(n, &mut rng) {
            // `y` is one lane, broadcast to every position: a row of n for lanes along
            // axis 1, a column (n x 1) for lanes along axis 0.
            let y_view = if axis == 1 {
                View::from(&y)
            } else {
                View::with_shape(&y, &[n, 1]).unwrap()
            };
            let mut out = [f32::SENTINEL; 3];
            stdlib::dot::along(axis, laid.view(), y_view, &mut out).unwrap();
            let mut by_name = [f32::SENTINEL; 3];
            named("dot")
                .reduce_along(
                    axis,
                    &[],
                    &[laid.view().into(), y_view.into()],
                    (&mut by_name).into(),
                )
                .unwrap();
            for (k, lane) in lane_copies(&laid, axis).iter().enumerate() {
                let want = stdlib::dot::slices(lane, &y).unwrap();
                assert_eq!(by_name[k].to_bits(), want.to_bits(), "dot by name n {n}");
                assert_eq!(
                    out[k].to_bits(),
                    want.to_bits(),
                    "dot::along n {n} {}: lane {k}",
                    laid.name
                );
            }
        }
    }
}

#[test]
fn softmax_along_equals_slices_on_each_lane_copy() {
    type Slices = fn(&[f32], &mut [f32]) -> hologram::Result<()>;
    type Along = fn(usize, View<'_, f32>, ViewMut<'_, f32>) -> hologram::Result<()>;
    let kernels: [(&str, Along, Slices); 2] = [
        (
            "softmax",
            |a, x, o| stdlib::softmax::along(a, x, o),
            stdlib::softmax::slices,
        ),
        (
            "log_softmax",
            |a, x, o| stdlib::log_softmax::along(a, x, o),
            stdlib::log_softmax::slices,
        ),
    ];
    let mut rng = Seeded::new(19, false);
    for n in LENGTHS {
        for (laid, axis) in lane_layouts::<f32>(n, &mut rng) {
            for (what, along, slices) in kernels {
                // Inline into a transposed output (column-major memory), so that its lanes
                // are laid out unlike the input's; by name into a row-major one.
                let (rows, cols) = (laid.shape[0], laid.shape[1]);
                let mut transposed = Array2::<f32>::from_elem((cols, rows), f32::SENTINEL);
                along(
                    axis,
                    laid.view(),
                    transposed.view_mut().reversed_axes().into(),
                )
                .unwrap();
                let mut by_name = Array2::<f32>::from_elem((rows, cols), f32::SENTINEL);
                named(what)
                    .run_along(
                        axis,
                        &[],
                        &[laid.view().into()],
                        &mut [(&mut by_name).into()],
                    )
                    .unwrap();
                for (k, lane) in lane_copies(&laid, axis).iter().enumerate() {
                    let mut want = vec![0f32; lane.len()];
                    slices(lane, &mut want).unwrap();
                    let want: Vec<u32> = want.iter().map(|v| v.to_bits()).collect();
                    for (how, out) in [("along", transposed.t()), ("run_along", by_name.view())] {
                        let got = if axis == 1 { out.row(k) } else { out.column(k) };
                        let got: Vec<u32> = got.iter().map(|v| v.to_bits()).collect();
                        assert!(got == want, "{what} {how} n {n} {}: lane {k}", laid.name);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Property 3: the same bits at every thread cap, with splits forced.

/// The results of a set of large calls, each as bits under a name: elementwise `arrays`,
/// whole-array reductions and `along` on both axes, on transposed, reversed and broadcast
/// arrays, inline and by name (a name ending in " by name" is the call by name of the
/// result before it without that suffix).
fn large_calls(x: &Array2<f32>, y: &Array2<f64>, row: &[f32]) -> Vec<(String, Vec<u64>)> {
    fn bits<T: Value>(v: impl IntoIterator<Item = T>) -> Vec<u64> {
        v.into_iter().map(T::bits).collect()
    }
    let (r, c) = x.dim();
    let mut results = Vec::new();
    let mut push = |name: String, bits: Vec<u64>| results.push((name, bits));
    // Elementwise: transposed, reversed and broadcast inputs into a transposed output.
    let reversed = x.slice(s![..;-1, ..]);
    let column = View::with_shape(row, &[c, 1]).unwrap();
    let mut out = Array2::<f32>::zeros((r, c));
    fma3::arrays(x.t(), reversed.t(), column, out.view_mut().reversed_axes()).unwrap();
    push("fma3".into(), bits(out.iter().copied()));
    let mut out = Array2::<f32>::zeros((r, c));
    named("fma3")
        .run_arrays(
            &[],
            &[x.t().into(), reversed.t().into(), column.into()],
            &mut [out.view_mut().reversed_axes().into()],
        )
        .unwrap();
    push("fma3 by name".into(), bits(out.iter().copied()));
    // Into every other element of reversed rows, from reversed columns and a broadcast
    // column, in f64 with uniforms.
    let column64: Vec<f64> = row.iter().take(r).map(|&v| f64::from(v)).collect();
    let column64 = View::with_shape(&column64, &[r, 1]).unwrap();
    for by_name in [false, true] {
        let mut memory = Array2::<f64>::zeros((r, 2 * c));
        let out = memory.slice_mut(s![..;-1, ..;2]);
        if by_name {
            named("axpby")
                .run_arrays(
                    &[0.5f64.into(), (-2f64).into()],
                    &[y.slice(s![.., ..;-1]).into(), column64.into()],
                    &mut [out.into()],
                )
                .unwrap();
        } else {
            axpby::arrays(0.5, y.slice(s![.., ..;-1]), -2.0, column64, out).unwrap();
        }
        let name = if by_name { "axpby by name" } else { "axpby" };
        push(name.into(), bits(memory.iter().copied()));
    }
    // Whole-array reductions on the gather path.
    for (name, input) in [
        ("sum", x.t()),
        ("sum of a strided view", x.slice(s![..;-1, ..;2])),
    ] {
        push(name.into(), bits([stdlib::sum::arrays(input).unwrap()]));
        let total = named("sum").reduce_arrays(&[], &[input.into()]).unwrap();
        push(format!("{name} by name"), bits(total.as_f32()));
    }
    push("blend".into(), bits([blend::arrays(y.t()).unwrap()]));
    let total = named("blend").reduce_arrays(&[], &[y.t().into()]).unwrap();
    push("blend by name".into(), bits(total.as_f64()));
    // A version-2 C reduction with a combiner, split by the host.
    let s_sum = loaded("s_sum");
    let total = s_sum.reduce_arrays(&[], &[y.t().into()]).unwrap();
    push("s_sum of the v2 C library".into(), bits(total.as_f64()));
    for axis in 0..2 {
        let mut out = vec![0f64; if axis == 0 { r } else { c }];
        s_sum
            .reduce_along(axis, &[], &[y.t().into()], (&mut out).into())
            .unwrap();
        push(format!("s_sum of the v2 C library along {axis}"), bits(out));
    }
    push(
        "weighted".into(),
        bits([weighted::arrays(0.5, x.t(), y.t()).unwrap()]),
    );
    push("dot".into(), bits([stdlib::dot::arrays(x, row).unwrap()]));
    // `along` on both axes, of a transposed array and of a broadcast.
    for axis in 0..2 {
        let lanes = if axis == 0 { r } else { c };
        let mut out = vec![0f32; lanes];
        stdlib::sum::along(axis, x.t(), &mut out).unwrap();
        push(format!("sum along {axis}"), bits(out.iter().copied()));
        named("sum")
            .reduce_along(axis, &[], &[x.t().into()], (&mut out).into())
            .unwrap();
        push(
            format!("sum along {axis} by name"),
            bits(out.iter().copied()),
        );
        let mut out = vec![0f64; lanes];
        blend::along(axis, y.t(), &mut out).unwrap();
        push(format!("blend along {axis}"), bits(out.iter().copied()));
        named("blend")
            .reduce_along(axis, &[], &[y.t().into()], (&mut out).into())
            .unwrap();
        push(
            format!("blend along {axis} by name"),
            bits(out.iter().copied()),
        );
        let mut out = vec![0f32; if axis == 0 { c } else { r }];
        stdlib::dot::along(axis, x, row, &mut out).unwrap();
        push(format!("dot along {axis}"), bits(out.iter().copied()));
        let mut probs = Array2::<f32>::zeros((c, r));
        stdlib::softmax::along(axis, x.t(), probs.view_mut()).unwrap();
        push(format!("softmax along {axis}"), bits(probs.iter().copied()));
        let mut probs = Array2::<f32>::zeros((c, r));
        named("softmax")
            .run_along(axis, &[], &[x.t().into()], &mut [probs.view_mut().into()])
            .unwrap();
        push(
            format!("softmax along {axis} by name"),
            bits(probs.iter().copied()),
        );
    }
    // Two long lanes: each folds on its own, split by positions only.
    let long = x.as_slice().unwrap();
    let half = long.len() / 2;
    let two = View::with_shape(&long[..2 * half], &[2, half]).unwrap();
    let mut pair = [0f32; 2];
    stdlib::sum::along(1, two, &mut pair).unwrap();
    push("two long lanes".into(), bits(pair));
    named("sum")
        .reduce_along(1, &[], &[two.into()], (&mut pair).into())
        .unwrap();
    push("two long lanes by name".into(), bits(pair));
    results
}

#[test]
fn arrays_and_along_give_the_same_bits_at_every_thread_cap() {
    // Every call of `PARALLEL_THRESHOLD` elements or more splits whatever its probe measured.
    threads::set_split_worth(Duration::ZERO);
    let (r, c) = (331, 333);
    assert!(r * c > 3 * PARALLEL_THRESHOLD);
    let mut rng = Seeded::new(23, false);
    let x = Array2::from_shape_simple_fn((r, c), || f32::random(&mut rng));
    let y = Array2::from_shape_simple_fn((r, c), || f64::random(&mut rng));
    let row: Vec<f32> = (0..c).map(|_| f32::random(&mut rng)).collect();
    threads::set_max_threads(1);
    let one = large_calls(&x, &y, &row);
    for cap in [2, 3, 4, 0] {
        threads::set_max_threads(cap);
        let many = large_calls(&x, &y, &row);
        for ((name, a), (_, b)) in one.iter().zip(&many) {
            assert!(a == b, "cap {cap}: {name} differs from one thread");
        }
    }
    threads::set_max_threads(0);
    // By name, the same bits as inline.
    for pair in one.windows(2) {
        let [(inline, a), (by_name, b)] = pair else {
            unreachable!()
        };
        if by_name.strip_suffix(" by name") == Some(inline) {
            assert!(a == b, "{by_name} differs from {inline}");
        }
    }
    // And the reference's bits, for a few.
    let transposed: Vec<f32> = x.t().iter().copied().collect();
    let sum = reference_fold(&transposed, -0.0, &float_add);
    let result = |name: &str| {
        let found = one.iter().find(|(n, _)| n == name);
        found
            .map(|(_, bits)| bits.clone())
            .expect("a result of that name")
    };
    assert!(result("sum") == vec![sum.bits()], "sum");
    let transposed64: Vec<f64> = y.t().iter().copied().collect();
    let s_sum = s_sum_reference(&transposed64).bits();
    assert!(result("s_sum of the v2 C library") == vec![s_sum], "s_sum");
    let fma = map(&[c, r], |i| {
        x[[i[1], i[0]]] * x[[r - 1 - i[1], i[0]]] + row[i[0]]
    });
    let mut want = Array2::<f32>::zeros((r, c));
    want.view_mut()
        .reversed_axes()
        .assign(&Array2::from_shape_vec((c, r), fma).unwrap());
    assert!(
        result("fma3") == want.iter().map(|v| v.bits()).collect::<Vec<_>>(),
        "fma3"
    );
    let mut want = Array2::<f64>::zeros((r, 2 * c));
    for i in 0..r {
        for j in 0..c {
            want[[r - 1 - i, 2 * j]] = 0.5 * y[[i, c - 1 - j]] + -2.0 * f64::from(row[i]);
        }
    }
    assert!(
        result("axpby") == want.iter().map(|v| v.bits()).collect::<Vec<_>>(),
        "axpby"
    );
}

// ---------------------------------------------------------------------------------------
// Property 4: errors. A call succeeds exactly when numpy's rules say its shapes fit;
// otherwise it names the first array that does not fit (or the axis and the rank), and
// writes nothing.

/// Small shapes, which often do not fit together.
fn small_shape() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..=3, 0..=3)
}

/// A contiguous input of `shape`.
fn input_of<T: Value>(shape: &[usize], rng: &mut Seeded) -> Input<T> {
    Input::with_shape(shape, &Lay::plain(shape.len()), Pass::Ndarray, rng)
}

/// The error expected of a `ShapeMismatch`.
fn mismatch(kernel: &str, stream: &str, shape: &[usize], expected: &[usize]) -> Error {
    Error::ShapeMismatch {
        kernel: kernel.into(),
        stream: stream.into(),
        shape: shape.to_vec(),
        expected: expected.to_vec(),
    }
}

fn same_error(got: &hologram::Result<()>, want: &Error) -> bool {
    matches!(got, Err(e) if e.to_string() == want.to_string())
}

/// `min_max::arrays(a, b, out0, out1)`, inline and by name: inputs broadcast to `out0`'s
/// shape, `out1` must have it.
fn check_elementwise_shapes(shapes: [Vec<usize>; 4], seed: u64) -> TestCaseResult {
    let [a_shape, b_shape, lo_shape, hi_shape] = shapes;
    let mut rng = Seeded::new(seed, false);
    let a = input_of::<f32>(&a_shape, &mut rng);
    let b = input_of::<f32>(&b_shape, &mut rng);
    // The first array that does not fit, by its name inline and by name.
    let first_misfit = if !broadcasts_to(&a_shape, &lo_shape) {
        Some((["a", "input 0"], &a_shape))
    } else if !broadcasts_to(&b_shape, &lo_shape) {
        Some((["b", "input 1"], &b_shape))
    } else if hi_shape != lo_shape {
        Some((["out1", "output 1"], &hi_shape))
    } else {
        None
    };
    let pairs = if first_misfit.is_none() {
        map(&lo_shape, |i| {
            let (a, b) = (a.at(i), b.at(i));
            if a < b { (a, b) } else { (b, a) }
        })
    } else {
        Vec::new()
    };
    for (how, by_name) in [("inline", false), ("by name", true)] {
        let mut lo = Output::<f32>::new(&lo_shape, &Lay::plain(lo_shape.len()));
        let mut hi = Output::<f32>::new(&hi_shape, &Lay::plain(hi_shape.len()));
        let got = if by_name {
            named("min_max").run_arrays(&[], &[a.any(), b.any()], &mut [lo.any(), hi.any()])
        } else {
            min_max::arrays(a.pass(), b.pass(), lo.pass(), hi.pass())
        };
        match first_misfit {
            Some((streams, shape)) => {
                let want = mismatch("min_max", streams[usize::from(by_name)], shape, &lo_shape);
                prop_assert!(
                    same_error(&got, &want),
                    "{}: got {:?}, want {:?}",
                    how,
                    got,
                    want
                );
                prop_assert!(
                    lo.untouched() && hi.untouched(),
                    "{}: written on error",
                    how
                );
            }
            None => {
                prop_assert!(got.is_ok(), "{}: {:?}", how, got);
                lo.check(
                    "min_max out0",
                    &pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
                )?;
                hi.check(
                    "min_max out1",
                    &pairs.iter().map(|p| p.1).collect::<Vec<_>>(),
                )?;
            }
        }
    }
    Ok(())
}

/// `dot::arrays(a, b)` and `dot::along(axis, a, b, out)`, inline and by name.
fn check_reduction_shapes(
    a_shape: &[usize],
    b_shape: &[usize],
    axis: usize,
    out_choice: (u8, Vec<usize>),
    seed: u64,
) -> TestCaseResult {
    let mut rng = Seeded::new(seed, false);
    let a = input_of::<f32>(a_shape, &mut rng);
    let b = input_of::<f32>(b_shape, &mut rng);
    let fold = Fold {
        identity: -0.0,
        empty: 0.0,
        combine: float_add,
    };
    let dot = named("dot");
    let full = broadcast_shape(&[a_shape, b_shape]);
    let whole = stdlib::dot::arrays(a.pass(), b.pass());
    let whole_by_name = dot.reduce_arrays(&[], &[a.any(), b.any()]);
    let Some(full) = full else {
        // `along` checks the inputs first too.
        let mut out = Output::<f32>::new(&out_choice.1, &Lay::plain(out_choice.1.len()));
        let along = stdlib::dot::along(axis, a.pass(), b.pass(), out.pass());
        let along_by_name = dot.reduce_along(axis, &[], &[a.any(), b.any()], out.any());
        for (how, stream, got) in [
            ("arrays", "b", whole.map(drop)),
            ("reduce_arrays", "input 1", whole_by_name.map(drop)),
            ("along", "b", along),
            ("reduce_along", "input 1", along_by_name),
        ] {
            let want = mismatch("dot", stream, b_shape, a_shape);
            prop_assert!(
                same_error(&got, &want),
                "{}: got {:?}, want {:?}",
                how,
                got,
                want
            );
        }
        prop_assert!(out.untouched(), "written on error");
        return Ok(());
    };
    let element = |i: &[usize]| a.at(i) * b.at(i);
    let want = fold.of(&map(&full, element));
    prop_assert!(
        matches!(whole, Ok(v) if same(v, want)),
        "arrays: {:?}",
        whole
    );
    prop_assert!(
        matches!(whole_by_name, Ok(Scalar::F32(v)) if same(v, want)),
        "reduce_arrays: {:?}",
        whole_by_name
    );
    // The output: positions-shaped, keepdims, or any small shape.
    let out_shape = match out_choice.0 {
        0 if axis < full.len() => without(&full, axis),
        1 if axis < full.len() => keepdims(&full, axis),
        _ => out_choice.1,
    };
    for (how, out_name) in [("along", "out"), ("reduce_along", "output 0")] {
        let mut out = Output::<f32>::new(&out_shape, &Lay::plain(out_shape.len()));
        let got = if how == "along" {
            stdlib::dot::along(axis, a.pass(), b.pass(), out.pass())
        } else {
            dot.reduce_along(axis, &[], &[a.any(), b.any()], out.any())
        };
        if axis >= full.len() {
            let want = Error::AxisOutOfRange {
                kernel: "dot".into(),
                axis,
                rank: full.len(),
            };
            prop_assert!(
                same_error(&got, &want),
                "{}: got {:?}, want {:?}",
                how,
                got,
                want
            );
            prop_assert!(out.untouched(), "{}: written on error", how);
        } else if out_shape != without(&full, axis) && out_shape != keepdims(&full, axis) {
            let want = mismatch("dot", out_name, &out_shape, &without(&full, axis));
            prop_assert!(
                same_error(&got, &want),
                "{}: got {:?}, want {:?}",
                how,
                got,
                want
            );
            prop_assert!(out.untouched(), "{}: written on error", how);
        } else {
            prop_assert!(got.is_ok(), "{}: {:?}", how, got);
            let want: Vec<f32> = lanes(&full, axis, element)
                .iter()
                .map(|lane| fold.of(lane))
                .collect();
            out.check(how, &want)?;
        }
    }
    Ok(())
}

/// `softmax::along(axis, x, out)`, inline and by name: `out` must have `x`'s shape.
fn check_softmax_shapes(x_shape: &[usize], out_shape: &[usize], axis: usize) -> TestCaseResult {
    let x = input_of::<f32>(x_shape, &mut Seeded::new(1, false));
    for (how, out_name) in [("along", "out"), ("run_along", "output 0")] {
        let mut out = Output::<f32>::new(out_shape, &Lay::plain(out_shape.len()));
        let got = if how == "along" {
            stdlib::softmax::along(axis, x.pass(), out.pass())
        } else {
            named("softmax").run_along(axis, &[], &[x.any()], &mut [out.any()])
        };
        if axis >= x_shape.len() {
            let want = Error::AxisOutOfRange {
                kernel: "softmax".into(),
                axis,
                rank: x_shape.len(),
            };
            prop_assert!(
                same_error(&got, &want),
                "{}: got {:?}, want {:?}",
                how,
                got,
                want
            );
            prop_assert!(out.untouched(), "{}: written on error", how);
        } else if out_shape != x_shape {
            let want = mismatch("softmax", out_name, out_shape, x_shape);
            prop_assert!(
                same_error(&got, &want),
                "{}: got {:?}, want {:?}",
                how,
                got,
                want
            );
            prop_assert!(out.untouched(), "{}: written on error", how);
        } else {
            prop_assert!(got.is_ok(), "{}: {:?}", how, got);
            prop_assert!(
                x_shape.contains(&0) || !out.untouched(),
                "{}: nothing written on success",
                how
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(ERROR_CASES))]

    #[test]
    fn elementwise_shapes_fit_exactly_when_numpy_broadcasts_256_cases(
        shapes in [small_shape(), small_shape(), small_shape(), small_shape()],
        same_outputs in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mut shapes = shapes;
        if same_outputs {
            shapes[3] = shapes[2].clone();
        }
        check_elementwise_shapes(shapes, seed)?;
    }

    #[test]
    fn reduction_shapes_fit_exactly_when_numpy_broadcasts_256_cases(
        a in small_shape(),
        b in small_shape(),
        axis in 0usize..4,
        out_choice in (0u8..3, small_shape()),
        seed in any::<u64>(),
    ) {
        check_reduction_shapes(&a, &b, axis, out_choice, seed)?;
    }

    #[test]
    fn softmax_shapes_fit_exactly_when_out_is_x_256_cases(
        x in small_shape(),
        other in small_shape(),
        use_other in prop::bool::weighted(0.3),
        axis in 0usize..4,
    ) {
        let out = if use_other { other } else { x.clone() };
        check_softmax_shapes(&x, &out, axis)?;
    }
}

#[test]
fn zero_size_arrays_are_valid_and_reductions_give_their_identity() {
    let empty = ArrayD::<f32>::zeros(IxDyn(&[3, 0, 2]));
    // Whole arrays: the empty value (`+0.0` for a float sum, not the lanes' `-0.0`).
    assert_eq!(
        stdlib::sum::arrays(&empty).unwrap().to_bits(),
        0f32.to_bits()
    );
    assert_eq!(stdlib::max::arrays(&empty).unwrap(), f32::NEG_INFINITY);
    assert_eq!(stdlib::min::arrays(&empty).unwrap(), f32::INFINITY);
    assert_eq!(stdlib::dot::arrays(&empty, &empty).unwrap().to_bits(), 0);
    let empty_f64 = ArrayD::<f64>::zeros(IxDyn(&[0]));
    assert_eq!(product::arrays(&empty_f64).unwrap(), 1.0);
    assert_eq!(blend::arrays(&empty_f64).unwrap(), 0.75);
    let rows_f64 = ArrayD::<f64>::zeros(IxDyn(&[0, 2]));
    assert_eq!(
        weighted::arrays(1.0, &empty, &rows_f64).unwrap().to_bits(),
        0
    );
    let empty_u32 = ArrayD::<u32>::zeros(IxDyn(&[2, 0]));
    assert_eq!(mix::arrays(&empty_u32).unwrap(), 0x1234_5678);
    let empty_i32 = ArrayD::<i32>::zeros(IxDyn(&[0, 4]));
    assert_eq!(count_above::arrays(&empty_i32, 0).unwrap(), 0);
    assert_eq!(wrapping_sum::arrays(&empty_i32).unwrap(), 0);
    assert_eq!(
        byte_max::arrays(&ArrayD::<u8>::zeros(IxDyn(&[0]))).unwrap(),
        0
    );
    // An input of extent 0 broadcasts with one of extent 1: the call is empty.
    let one = [5f32];
    assert_eq!(stdlib::dot::arrays(&[0f32; 0], &one).unwrap().to_bits(), 0);

    // `along` over an empty axis writes the empty value at every position.
    let mut sums = ArrayD::<f32>::from_elem(IxDyn(&[3, 2]), f32::SENTINEL);
    stdlib::sum::along(1, &empty, &mut sums).unwrap();
    assert!(sums.iter().all(|v| v.to_bits() == 0), "{sums:?}");
    let mut maxes = ArrayD::<f32>::from_elem(IxDyn(&[3, 1, 2]), f32::SENTINEL);
    stdlib::max::along(1, &empty, &mut maxes).unwrap();
    assert!(maxes.iter().all(|&v| v == f32::NEG_INFINITY), "{maxes:?}");
    let mut blends = [f64::SENTINEL; 4];
    blend::along(0, &ArrayD::<f64>::zeros(IxDyn(&[0, 4])), &mut blends).unwrap();
    assert_eq!(blends, [0.75; 4]);
    // An empty axis among positions: there are no lanes, nothing is written.
    let mut none = ArrayD::<f32>::zeros(IxDyn(&[0, 2]));
    stdlib::sum::along(0, &empty, &mut none).unwrap();

    // Elementwise calls and softmax on empty arrays succeed and write nothing.
    let mut out = ArrayD::<f32>::zeros(IxDyn(&[3, 0, 2]));
    stdlib::add::arrays(&empty, &Array2::<f32>::zeros((1, 2)), &mut out).unwrap();
    stdlib::softmax::along(1, &empty, &mut out).unwrap();
    stdlib::log_softmax::along(0, &empty, &mut out).unwrap();
    let mut slice_out: [f32; 0] = [];
    stdlib::relu::arrays(&[0f32; 0], &mut slice_out).unwrap();
    // ... but their shapes must still fit.
    let err = stdlib::add::arrays(&empty, &[1f32, 2.0, 3.0], &mut out).unwrap_err();
    assert!(
        matches!(err, Error::ShapeMismatch { ref stream, .. } if stream == "b"),
        "{err}"
    );
}

#[test]
fn errors_name_the_shapes_or_the_axis_and_the_rank() {
    let x = Array2::<f32>::ones((5, 7));
    let mut y = Array2::<f32>::from_elem((5, 7), f32::SENTINEL);
    let err = stdlib::add::arrays(&x, &[1f32, 2.0, 3.0], &mut y).unwrap_err();
    assert_eq!(
        err.to_string(),
        mismatch("add", "b", &[3], &[5, 7]).to_string()
    );
    assert!(err.to_string().contains("[3]") && err.to_string().contains("[5, 7]"));
    // An input of more dimensions than the output does not broadcast to it.
    let mut row = [f32::SENTINEL; 7];
    let err = stdlib::relu::arrays(&x, &mut row).unwrap_err();
    assert_eq!(
        err.to_string(),
        mismatch("relu", "x", &[5, 7], &[7]).to_string()
    );
    // The output's shape is the call's: an output that would broadcast is refused.
    let mut one_row = Array2::<f32>::from_elem((1, 7), f32::SENTINEL);
    let err = stdlib::add::arrays(&x, &x, &mut one_row).unwrap_err();
    assert_eq!(
        err.to_string(),
        mismatch("add", "a", &[5, 7], &[1, 7]).to_string()
    );
    assert!(
        y.iter()
            .chain(&row)
            .chain(&one_row)
            .all(|v| v.to_bits() == f32::SENTINEL.to_bits())
    );

    let mut sums = [f32::SENTINEL; 5];
    let err = stdlib::sum::along(2, &x, &mut sums).unwrap_err();
    assert!(
        matches!(
            err,
            Error::AxisOutOfRange {
                axis: 2,
                rank: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("axis 2") && err.to_string().contains("2 dimensions"));
    // Lanes along axis 0 are 5 long; there are 7 of them.
    let err = stdlib::sum::along(0, &x, &mut sums).unwrap_err();
    assert_eq!(
        err.to_string(),
        mismatch("sum", "out", &[5], &[7]).to_string()
    );
    assert!(sums.iter().all(|v| v.to_bits() == f32::SENTINEL.to_bits()));
    // A keepdims output must keep the axis at 1.
    let mut kept = Array2::<f32>::from_elem((5, 2), f32::SENTINEL);
    let err = stdlib::sum::along(1, &x, &mut kept).unwrap_err();
    assert_eq!(
        err.to_string(),
        mismatch("sum", "out", &[5, 2], &[5]).to_string()
    );
    // `along` of parameters named `axis` and `out`: the generated ones get fresh names.
    let mut lanes_out = [0f32; 7];
    named_like_along::along(0, &x, &x, &mut lanes_out).unwrap();
    assert_eq!(lanes_out, [5.0; 7]);
    let err = named_like_along::along(0, &x, &x, &mut sums).unwrap_err();
    assert!(
        matches!(err, Error::ShapeMismatch { ref stream, .. } if stream == "out_"),
        "{err}"
    );
}

#[test]
fn too_many_dimensions_and_invalid_views_are_refused() {
    // Nine dimensions that cannot merge (every other element of each): refused by the call.
    let nine = ArrayD::<f32>::ones(IxDyn(&[3; 9]));
    let gaps = nine.slice_each_axis(|_| Slice::new(0, None, 2));
    let err = stdlib::sum::arrays(gaps.view()).unwrap_err();
    let Error::TooManyDimensions {
        ref stream,
        rank,
        max,
        ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(
        (stream.as_str(), rank, max),
        ("x", 9, hologram::array::MAX_RANK)
    );
    let err = named("sum")
        .reduce_arrays(&[], &[gaps.view().into()])
        .unwrap_err();
    assert!(
        matches!(err, Error::TooManyDimensions { ref stream, rank: 9, .. } if stream == "input 0"),
        "{err}"
    );
    let mut out = ArrayD::<f32>::from_elem(IxDyn(&[2; 9]), f32::SENTINEL);
    let err = stdlib::relu::arrays(gaps.view(), out.view_mut()).unwrap_err();
    assert!(matches!(err, Error::TooManyDimensions { .. }), "{err}");
    assert!(out.iter().all(|v| v.to_bits() == f32::SENTINEL.to_bits()));
    // Ten contiguous dimensions are refused too: merging them would change what an axis
    // or a broadcast means.
    let ten = ArrayD::<f32>::zeros(IxDyn(&[2; 10]));
    assert!(matches!(
        stdlib::sum::arrays(&ten),
        Err(Error::TooManyDimensions { rank: 10, .. })
    ));

    // Views that reach outside their data, or a writable view that reaches one element
    // twice, are refused when they are made.
    let data = [0f32; 6];
    assert!(matches!(
        View::strided(&data, 0, &[2, 4], &[3, 1]),
        Err(Error::InvalidView { .. })
    ));
    assert!(matches!(
        View::strided(&data, 4, &[6], &[-1]),
        Err(Error::InvalidView { .. })
    ));
    assert!(matches!(
        View::strided(&data, 0, &[2], &[1, 1]),
        Err(Error::InvalidView { .. })
    ));
    assert!(matches!(
        View::with_shape(&data, &[4, 2]),
        Err(Error::InvalidView { .. })
    ));
    let mut data = [0f32; 6];
    assert!(matches!(
        ViewMut::strided(&mut data, 0, &[3], &[0]),
        Err(Error::InvalidView { .. })
    ));
    assert!(matches!(
        ViewMut::strided(&mut data, 0, &[2, 3], &[1, 1]),
        Err(Error::InvalidView { .. })
    ));
    assert!(ViewMut::strided(&mut data, 5, &[2, 3], &[-1, -2]).is_ok());
}

#[test]
fn calls_by_name_check_the_kind_counts_and_types_before_writing() {
    let x = Array2::<f32>::ones((3, 4));
    let x64 = Array2::<f64>::ones((3, 4));
    let mut out = Array2::<f32>::from_elem((3, 4), f32::SENTINEL);
    let mut out64 = Array2::<f64>::from_elem((3, 4), f64::SENTINEL);
    let mut lanes = [f32::SENTINEL; 3];
    let mut lanes_i32 = [i32::SENTINEL; 3];
    let kind = |e: hologram::Result<()>| matches!(e, Err(Error::WrongKernelKind { .. }));
    let arity = |e: hologram::Result<()>| matches!(e, Err(Error::ArityMismatch { .. }));
    let types = |e: hologram::Result<()>| matches!(e, Err(Error::TypeMismatch { .. }));
    let (add, sum, softmax) = (named("add"), named("sum"), named("softmax"));

    assert!(kind(sum.run_arrays(
        &[],
        &[(&x).into()],
        &mut [(&mut out).into()]
    )));
    assert!(kind(
        add.reduce_arrays(&[], &[(&x).into(), (&x).into()])
            .map(drop)
    ));
    assert!(kind(softmax.run_arrays(
        &[],
        &[(&x).into()],
        &mut [(&mut out).into()]
    )));
    assert!(kind(sum.run_along(
        1,
        &[],
        &[(&x).into()],
        &mut [(&mut out).into()]
    )));
    assert!(kind(add.reduce_along(
        1,
        &[],
        &[(&x).into(), (&x).into()],
        (&mut lanes).into()
    )));
    assert!(arity(add.run_arrays(
        &[],
        &[(&x).into()],
        &mut [(&mut out).into()]
    )));
    assert!(arity(add.run_arrays(
        &[1f32.into()],
        &[(&x).into(), (&x).into()],
        &mut [(&mut out).into()]
    )));
    assert!(types(add.run_arrays(
        &[],
        &[(&x).into(), (&x64).into()],
        &mut [(&mut out).into()]
    )));
    assert!(types(add.run_arrays(
        &[],
        &[(&x).into(), (&x).into()],
        &mut [(&mut out64).into()]
    )));
    assert!(types(named("clip").run_arrays(
        &[0f64.into(), 1f64.into()],
        &[(&x).into()],
        &mut [(&mut out).into()]
    )));
    assert!(types(sum.reduce_along(
        1,
        &[],
        &[(&x).into()],
        (&mut lanes_i32).into()
    )));
    assert!(types(sum.reduce_arrays(&[], &[(&x64).into()]).map(drop)));
    assert!(out.iter().all(|v| v.to_bits() == f32::SENTINEL.to_bits()));
    assert!(out64.iter().all(|v| v.to_bits() == f64::SENTINEL.to_bits()));
    assert!(lanes.iter().all(|v| v.to_bits() == f32::SENTINEL.to_bits()));
    assert!(lanes_i32.iter().all(|&v| v == i32::SENTINEL));

    // Any elementwise kernel runs along an axis, lane by lane: the same as on the arrays.
    let mut rng = Seeded::new(29, false);
    let a = Array2::from_shape_simple_fn((5, 300), || f32::random(&mut rng));
    let b = Array2::from_shape_simple_fn((5, 300), || f32::random(&mut rng));
    for axis in 0..2 {
        let mut out = Array2::<f32>::zeros((300, 5));
        add.run_along(
            axis,
            &[],
            &[a.t().into(), b.t().into()],
            &mut [(&mut out).into()],
        )
        .unwrap();
        assert_eq!(out, &a.t() + &b.t(), "add along {axis}");
    }
}

/// Matrices (and stacks of two) whose rows are long enough for inputs walked across their
/// rows to be read in tiles: 1 to 40 rows, 28 to 300 columns, laid out at random as
/// everywhere else, so that an input is transposed (tiled), reversed, stepped or broadcast.
fn tiled_case(inputs: usize, outputs: usize) -> impl Strategy<Value = Case> {
    (1usize..=2, 1usize..=40, 28usize..=300, any::<bool>())
        .prop_flat_map(move |(stack, rows, cols, stacked)| {
            let shape = if stacked {
                vec![stack, rows, cols]
            } else {
                vec![rows, cols]
            };
            let rank = shape.len();
            (
                Just(shape),
                prop::collection::vec(in_spec(rank), inputs),
                prop::collection::vec(lay(rank), outputs),
                any::<u64>(),
            )
        })
        .prop_map(|(shape, inputs, outputs, seed)| Case {
            shape,
            inputs,
            outputs,
            axis: 0,
            keepdims: false,
            specials: false,
            seed,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(TILED_CASES))]

    /// Two inputs, either or both read in tiles when walked across their rows.
    #[test]
    fn tiles_add_24_cases(case in tiled_case(2, 1)) {
        check_add(&case)?;
    }

    /// Three inputs: tiles are for at most two, so three transposed inputs go untiled.
    #[test]
    fn tiles_fma3_24_cases(case in tiled_case(3, 1)) {
        check_fma3(&case)?;
    }

    /// Bytes (1-byte slots in the tile) and two outputs of mixed types.
    #[test]
    fn tiles_scale_byte_24_cases(case in tiled_case(2, 2)) {
        check_scale_byte(&case)?;
    }
}

/// Shapes of rank 5 to `MAX_RANK` with extents 0 to 2, so every case stays small.
fn high_rank_case(inputs: usize) -> impl Strategy<Value = Case> {
    let extent = prop_oneof![1 => Just(0usize), 3 => Just(1usize), 8 => Just(2usize)];
    prop::collection::vec(extent, 5..=hologram::array::MAX_RANK)
        .prop_flat_map(move |shape| {
            let rank = shape.len();
            (
                Just(shape),
                prop::collection::vec(in_spec(rank), inputs),
                prop::collection::vec(lay(rank), 1),
                0..hologram::array::MAX_RANK,
                any::<bool>(),
                any::<u64>(),
            )
        })
        .prop_map(|(shape, inputs, outputs, axis, keepdims, seed)| Case {
            shape,
            inputs,
            outputs,
            axis,
            keepdims,
            specials: false,
            seed,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Up to `MAX_RANK` dimensions: elementwise, a reduction along every axis with keepdims
    /// (an output of `MAX_RANK` dimensions), softmax along an axis.
    #[test]
    fn ranks_5_to_max_rank_96_cases(case in high_rank_case(2)) {
        check_add(&case)?;
        dot_f32(&case)?;
        check_softmax(
            "softmax",
            &case,
            Passes { log: false, exp: hologram::math::exp, ln: hologram::math::ln },
            |a, x, o| stdlib::softmax::along(a, x, o),
        )?;
    }
}

/// More than `MAX_RANK` dimensions: every call is refused with `TooManyDimensions`, and
/// nothing is written.
#[test]
fn arrays_of_more_than_max_rank_dimensions_are_refused() {
    let shape = [2usize, 3, 1, 2, 2, 1, 2, 3, 2];
    let x = ArrayD::<f32>::ones(IxDyn(&shape));
    let refused =
        |r: hologram::Result<()>| matches!(r, Err(Error::TooManyDimensions { rank: 9, .. }));
    assert!(matches!(
        stdlib::sum::arrays(&x),
        Err(Error::TooManyDimensions { rank: 9, .. })
    ));
    let mut y = ArrayD::<f32>::from_elem(IxDyn(&shape), f32::SENTINEL);
    assert!(refused(stdlib::relu::arrays(&x, &mut y)));
    assert!(refused(stdlib::softmax::along(1, &x, &mut y)));
    assert!(y.iter().all(|v| v.to_bits() == f32::SENTINEL.to_bits()));
    let mut out = ArrayD::<f32>::from_elem(IxDyn(&without(&shape, 1)), f32::SENTINEL);
    assert!(matches!(
        stdlib::sum::along(1, &x, &mut out),
        Err(Error::TooManyDimensions { .. })
    ));
    assert!(out.iter().all(|v| v.to_bits() == f32::SENTINEL.to_bits()));
}

/// `along` reads `axis` of the array given: on a contiguous 9-dimensional array it gives
/// numpy's lanes or `TooManyDimensions` naming 9 dimensions. (Arrays of more than `MAX_RANK`
/// dimensions were once merged first, and axis 1 was then "out of range for arrays of 1
/// dimensions".)
#[test]
fn along_reads_the_axis_of_the_array_given_not_of_the_merged_one() {
    let shape = [2usize, 3, 1, 2, 2, 1, 2, 3, 2];
    let x = ArrayD::<f32>::ones(IxDyn(&shape));
    let mut out = ArrayD::<f32>::zeros(IxDyn(&without(&shape, 1)));
    match stdlib::sum::along(1, &x, &mut out) {
        Ok(()) => assert!(out.iter().all(|&v| v == 3.0)),
        Err(e) => assert!(
            matches!(e, Error::TooManyDimensions { rank: 9, .. }),
            "refused with another error: {e}"
        ),
    }
}

/// Broadcasting follows the shapes given: `[6]` does not broadcast to `[2, 1, .., 1, 3]`.
/// (Merged first, the output was `[6]`, and the call was accepted.)
#[test]
fn broadcasting_follows_the_shapes_given_not_the_merged_ones() {
    let x = [1f32, 2.0, 3.0, 4.0, 5.0, 6.0];
    let mut out = ArrayD::<f32>::from_elem(IxDyn(&[2, 1, 1, 1, 1, 1, 1, 1, 3]), f32::SENTINEL);
    let got = stdlib::relu::arrays(&x, &mut out);
    assert!(
        got.is_err(),
        "[6] does not broadcast to [2, 1, .., 1, 3]; got {got:?}"
    );
}

/// Calls on several threads at once: each thread's buffers (the gather of a call by name, the
/// lane of a strided softmax) are its own.
#[test]
fn concurrent_calls_on_strided_arrays_give_the_same_bits() {
    let mut rng = Seeded::new(37, false);
    let x = Array2::from_shape_simple_fn((37, 301), || f32::random(&mut rng));
    let calls = || {
        let mut bits = Vec::new();
        let total = named("sum").reduce_arrays(&[], &[x.t().into()]).unwrap();
        bits.push(total.as_f32().unwrap().to_bits());
        let mut probs = Array2::<f32>::zeros((301, 37));
        named("softmax")
            .run_along(0, &[], &[x.t().into()], &mut [(&mut probs).into()])
            .unwrap();
        bits.extend(probs.iter().map(|v| v.to_bits()));
        stdlib::log_softmax::along(
            1,
            x.slice(s![.., ..;-2]),
            probs.slice_mut(s![..;2, ..]).reversed_axes(),
        )
        .unwrap();
        bits.extend(probs.iter().map(|v| v.to_bits()));
        let mut sums = [0f32; 37];
        named("sum")
            .reduce_along(1, &[], &[x.slice(s![.., ..;-1]).into()], (&mut sums).into())
            .unwrap();
        bits.extend(sums.iter().map(|v| v.to_bits()));
        bits
    };
    let alone = calls();
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| (0..10).map(|_| calls()).collect::<Vec<_>>()))
            .collect();
        for thread in threads {
            for bits in thread.join().unwrap() {
                assert!(bits == alone, "a concurrent call gave other bits");
            }
        }
    });
}

/// A library kernel that panics on a strided call by name (`div_rem` divides by 0): the call
/// says so, naming the kernel.
#[test]
fn a_panic_in_a_loaded_kernel_on_strided_arrays_is_an_error() {
    let p = Array2::<i32>::ones((40, 30));
    let q = Array2::<i32>::zeros((30, 40));
    let (mut quot, mut rem) = (
        Array2::<i32>::zeros((40, 30)),
        Array2::<i32>::zeros((40, 30)),
    );
    let panicked = loaded("div_rem").run_arrays(
        &[],
        &[p.slice(s![..;-1, ..]).into(), q.t().into()],
        &mut [(&mut quot).into(), rem.slice_mut(s![.., ..;-1]).into()],
    );
    assert!(
        matches!(&panicked, Err(Error::KernelPanicked { kernel, .. }) if kernel == "div_rem"),
        "{panicked:?}"
    );
}

/// Elementwise calls on long strided runs, which go through the stack buffers in pieces of
/// `GATHER` elements, the last one partial: inputs in every layout of `layouts` (steps 2
/// and 3, reversed, one element repeated, transposed, a row or a column repeated), at every
/// length of `LENGTHS`, into an output that is every other element backwards and a
/// contiguous one, inline and by name.
#[test]
fn elementwise_calls_on_long_strided_runs_match_a_scalar_loop() {
    let mut rng = Seeded::new(41, false);
    for n in LENGTHS {
        let xs = layouts::<f32>(n, &mut rng);
        let ys = layouts::<f32>(n, &mut rng);
        for (k, x) in xs.iter().enumerate() {
            // The second input: another layout of the same shape, or else one element
            // repeated in x's shape.
            let y = &ys[(k + 3) % ys.len()];
            let (y_view, y_copy) = if y.shape == x.shape {
                (y.view(), y.copy())
            } else {
                let zeros = vec![0; x.shape.len()];
                let view = View::strided(&y.memory, y.offset, &x.shape, &zeros).unwrap();
                (view, vec![y.memory[y.offset]; n])
            };
            let want: Vec<(f32, f32)> = x
                .copy()
                .iter()
                .zip(&y_copy)
                .map(|(&a, &b)| if a < b { (a, b) } else { (b, a) })
                .collect();
            // Element `i` (row-major) of the first output is `lo[2n - 2 - 2i]`.
            let backwards: Vec<isize> = match x.shape[..] {
                [_] => vec![-2],
                [_, c] => vec![-2 * c as isize, -2],
                _ => unreachable!("one or two dimensions"),
            };
            for by_name in [false, true] {
                let mut lo = vec![f32::SENTINEL; 2 * n];
                let mut hi = vec![f32::SENTINEL; n];
                let lo_view = ViewMut::strided(&mut lo, 2 * n - 2, &x.shape, &backwards).unwrap();
                let hi_view = ViewMut::with_shape(&mut hi, &x.shape).unwrap();
                if by_name {
                    named("min_max")
                        .run_arrays(
                            &[],
                            &[x.view().into(), y_view.into()],
                            &mut [lo_view.into(), hi_view.into()],
                        )
                        .unwrap();
                } else {
                    min_max::arrays(x.view(), y_view, lo_view, hi_view).unwrap();
                }
                for (i, &(l, h)) in want.iter().enumerate() {
                    let (got_l, got_h) = (lo[2 * n - 2 - 2 * i], hi[i]);
                    assert!(
                        got_l.to_bits() == l.to_bits() && got_h.to_bits() == h.to_bits(),
                        "min_max n {n} {} by name {by_name}: element {i}",
                        x.name
                    );
                }
                assert!(lo.iter().skip(1).step_by(2).all(|v| *v == f32::SENTINEL));
            }
        }
    }
}

/// The lane-equals-contiguous-copy property by name for a version-2 C reduction with a
/// combiner: past a block, the host splits a call into blocks and joins them with the
/// combiner, so the bits depend on where the lane is split; `reduce_arrays` of a strided
/// stream and `reduce_along` of each lane must split as `reduce_slices` of a copy does.
#[test]
fn version_2_reductions_by_name_equal_their_contiguous_copy() {
    let s_sum = loaded("s_sum");
    let mut rng = Seeded::new(47, false);
    for n in LENGTHS {
        for laid in layouts::<f64>(n, &mut rng) {
            let copy = laid.copy();
            let want = s_sum.reduce_slices(&[], &[(&copy).into()]).unwrap();
            assert_eq!(want, Scalar::F64(s_sum_reference(&copy)), "n {n}");
            let got = s_sum.reduce_arrays(&[], &[laid.view().into()]).unwrap();
            assert_eq!(got, want, "s_sum reduce_arrays n {n} {}", laid.name);
        }
        for (laid, axis) in lane_layouts::<f64>(n, &mut rng) {
            let mut out = [f64::SENTINEL; 3];
            s_sum
                .reduce_along(axis, &[], &[laid.view().into()], (&mut out).into())
                .unwrap();
            for (k, lane) in lane_copies(&laid, axis).iter().enumerate() {
                let want = s_sum.reduce_slices(&[], &[lane.into()]).unwrap();
                assert_eq!(
                    Scalar::F64(out[k]),
                    want,
                    "s_sum reduce_along n {n} {}: lane {k}",
                    laid.name
                );
            }
        }
    }
}

/// The tiled path of elementwise calls: an input walked across its rows (a transposed or
/// column-stepped matrix) is read in tiles of 16 rows; row counts around the tile, columns
/// around GATHER, with negative steps, a broadcast and a second tiled input, against ndarray.
#[test]
fn transposed_inputs_read_in_tiles_give_the_same_results() {
    let mut rng = Seeded::new(77, false);
    for &(rows, cols) in &[
        (1, 40),
        (15, 33),
        (16, 256),
        (17, 257),
        (33, 300),
        (40, 600),
        (5, 31),
    ] {
        let a = Array2::from_shape_simple_fn((cols, rows), || f32::random(&mut rng));
        let b = Array2::from_shape_simple_fn((rows, cols), || f32::random(&mut rng));
        let c = Array2::from_shape_simple_fn((cols, 2 * rows), || f32::random(&mut rng));
        let bias = Array1::from_shape_simple_fn(cols, || f32::random(&mut rng));
        let mut out = Array2::<f32>::from_elem((rows, cols), f32::SENTINEL);
        stdlib::add::arrays(a.t(), &b, &mut out).unwrap();
        assert_eq!(out, &a.t() + &b, "{rows} x {cols}");
        let a_rev = a.slice(s![..;-1, ..]);
        stdlib::add::arrays(a_rev.t(), &bias, &mut out).unwrap();
        assert_eq!(out, &a_rev.t() + &bias, "reversed, {rows} x {cols}");
        let c_step = c.slice(s![.., ..;2]);
        stdlib::add::arrays(a.t(), c_step.t(), out.view_mut()).unwrap();
        assert_eq!(
            out,
            &a.t() + &c_step.t(),
            "two tiled inputs, {rows} x {cols}"
        );
        let mut out_t = Array2::<f32>::from_elem((cols, rows), f32::SENTINEL);
        stdlib::add::arrays(a.t(), &b, out_t.view_mut().reversed_axes()).unwrap();
        assert_eq!(out_t.t(), &a.t() + &b, "transposed output, {rows} x {cols}");
    }
}
