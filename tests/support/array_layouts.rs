//! Arrays laid out at random for the array tests, and the values in them: dimensions in a
//! random memory order, steps of 1 to 3 forwards or backwards, inputs of lower rank or with
//! extents of 1, passed four ways (an ndarray view, `View::strided`, stretched with stride-0
//! dimensions, a sliding window), outputs filled with a sentinel; and the proptest
//! strategies of the cases. Shared (`#[path]`-included) by `tests/test_arrays.rs`, next to
//! `array_reference.rs`.

use super::array_reference;
use hologram::{AnyView, AnyViewMut, Element, Error, Scalar, View, ViewMut};
use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, IxDyn, Slice};
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;
use std::fmt::Debug;

// ---------------------------------------------------------------------------------------
// Element values.

/// A small deterministic generator (splitmix64); `specials` mixes in NaN, infinities,
/// signed zeros and subnormals.
pub struct Seeded {
    pub state: u64,
    pub specials: bool,
}

impl Seeded {
    pub fn new(seed: u64, specials: bool) -> Seeded {
        Seeded {
            state: seed,
            specials,
        }
    }

    pub fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A float of 24 random bits scaled by 2^-20 to 2^7: sums of such values round
    /// differently in every order.
    pub fn float(&mut self) -> f64 {
        let mantissa = (self.next() >> 40) as i64 - (1 << 23);
        mantissa as f64 * 2f64.powi(self.below(28) as i32 - 43)
    }
}

/// An element type of these tests.
pub trait Value: Element + Copy + Debug + PartialEq + Send + Sync + 'static {
    /// What outputs hold before a call; no kernel here computes it from these inputs except
    /// by a coincidence the tests accept.
    const SENTINEL: Self;
    fn bits(self) -> u64;
    fn nan(self) -> bool {
        false
    }
    fn random(rng: &mut Seeded) -> Self;
    /// A reduction's result by name, if it has this type.
    fn from_scalar(s: Scalar) -> Option<Self>;
}

macro_rules! float_value {
    ($t:ident, $as:ident, $sentinel:expr) => {
        impl Value for $t {
            const SENTINEL: $t = $sentinel;
            fn from_scalar(s: Scalar) -> Option<$t> {
                s.$as()
            }
            fn bits(self) -> u64 {
                u64::from(self.to_bits())
            }
            fn nan(self) -> bool {
                self.is_nan()
            }
            fn random(rng: &mut Seeded) -> $t {
                if rng.specials {
                    match rng.below(16) {
                        0 => return $t::NAN,
                        1 => return $t::INFINITY,
                        2 => return $t::NEG_INFINITY,
                        3 => return 0.0,
                        4 => return -0.0,
                        5 => return $t::MIN_POSITIVE / 8.0,
                        _ => {}
                    }
                }
                rng.float() as $t
            }
        }
    };
}

float_value!(f32, as_f32, -1.0e33);
float_value!(f64, as_f64, -1.0e300);

macro_rules! int_value {
    ($t:ident, $as:ident, $sentinel:expr) => {
        impl Value for $t {
            const SENTINEL: $t = $sentinel;
            fn from_scalar(s: Scalar) -> Option<$t> {
                s.$as()
            }
            fn bits(self) -> u64 {
                self as u64
            }
            fn random(rng: &mut Seeded) -> $t {
                // Small values half of the time, so that comparisons often tie.
                if rng.below(2) == 0 {
                    (rng.below(7) as $t).wrapping_sub(3)
                } else {
                    rng.next() as $t
                }
            }
        }
    };
}

int_value!(i32, as_i32, 0x5A5A_5A5A);
int_value!(i64, as_i64, 0x5A5A_5A5A_5A5A_5A5A);
int_value!(u32, as_u32, 0xA5A5_A5A5);
int_value!(u8, as_u8, 0xA5);

/// The same value: equal bits, or both NaN (a NaN's sign and payload are not specified).
pub fn same<T: Value>(got: T, want: T) -> bool {
    got.bits() == want.bits() || (got.nan() && want.nan())
}

pub fn fail(e: Error) -> TestCaseError {
    TestCaseError::fail(format!("unexpected error: {e}"))
}

// ---------------------------------------------------------------------------------------
// Arrays laid out at random.

/// The memory layout of an array of the call's rank: its dimensions from outermost to
/// innermost in memory, and a step per dimension (negative: walked backwards).
#[derive(Clone, Debug)]
pub struct Lay {
    pub order: Vec<usize>,
    pub steps: Vec<isize>,
    /// Passed as `View::strided`/`ViewMut::strided` over the memory rather than as an
    /// ndarray view.
    pub strided: bool,
}

impl Lay {
    /// Row-major and contiguous, of `rank` dimensions.
    pub fn plain(rank: usize) -> Lay {
        Lay {
            order: (0..rank).collect(),
            steps: vec![1; rank],
            strided: false,
        }
    }

    /// The layout of the last `rank` dimensions.
    pub fn last(&self, rank: usize) -> (Vec<usize>, Vec<isize>) {
        let lead = self.order.len().saturating_sub(rank);
        let order: Vec<usize> = self
            .order
            .iter()
            .filter(|&&d| d >= lead)
            .map(|&d| d - lead)
            .collect();
        if order.len() < rank {
            // More dimensions than the layout was drawn for: row-major.
            return ((0..rank).collect(), vec![1; rank]);
        }
        (order, self.steps[lead..].to_vec())
    }
}

/// An ndarray array whose memory is laid out by a `Lay`, and the view of it the test uses.
pub struct Strided<T> {
    /// The memory, in the dimension order of the layout, with extents that fit the steps.
    pub base: ArrayD<T>,
    pub steps: Vec<isize>,
}

impl<T: Value> Strided<T> {
    pub fn new(shape: &[usize], lay: &Lay, mut fill: impl FnMut() -> T) -> Strided<T> {
        let (order, steps) = lay.last(shape.len());
        let extents: Vec<usize> = shape
            .iter()
            .zip(&steps)
            .map(|(&n, &s)| {
                if n == 0 {
                    0
                } else {
                    (n - 1) * s.unsigned_abs() + 1
                }
            })
            .collect();
        let memory_shape: Vec<usize> = order.iter().map(|&d| extents[d]).collect();
        let memory = ArrayD::from_shape_simple_fn(IxDyn(&memory_shape), &mut fill);
        let mut axes = vec![0; shape.len()];
        for (i, &d) in order.iter().enumerate() {
            axes[d] = i;
        }
        Strided {
            base: memory.permuted_axes(IxDyn(&axes)),
            steps,
        }
    }

    pub fn slice(&self, axis: usize) -> Slice {
        Slice::new(0, None, self.steps[axis])
    }

    pub fn view(&self) -> ArrayViewD<'_, T> {
        self.base.slice_each_axis(|a| self.slice(a.axis.index()))
    }

    /// Where the view starts in the memory, and its strides.
    pub fn raw(&self) -> (usize, Vec<isize>) {
        let view = self.view();
        let memory = self
            .base
            .as_slice_memory_order()
            .expect("contiguous memory");
        let offset = if view.is_empty() {
            0
        } else {
            (view.as_ptr().addr() - memory.as_ptr().addr()) / size_of::<T>()
        };
        (offset, view.strides().to_vec())
    }
}

/// How an input is passed.
#[derive(Clone, Copy, Debug)]
pub enum Pass {
    /// An ndarray view (`From<ArrayView>`).
    Ndarray,
    /// `View::strided` over the same memory.
    Strided,
    /// `View::strided` with the call's shape: stride 0 where the input broadcasts.
    Stretched,
    /// `View::strided` with dimensions that overlap in memory (a `Window`).
    Overlapping,
}

/// An input whose dimensions overlap in memory, a sliding window as numpy's `as_strided`
/// makes: every dimension steps one element, forwards or backwards, so index `i` reads
/// `data[offset + sum(i[d] * strides[d])]`. A read-only view may do this.
pub struct Window<T> {
    pub data: Vec<T>,
    pub offset: usize,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
}

impl<T: Value> Window<T> {
    pub fn new(shape: &[usize], lay: &Lay, rng: &mut Seeded) -> Window<T> {
        let (_, steps) = lay.last(shape.len());
        let strides: Vec<isize> = steps.iter().map(|s| s.signum()).collect();
        let (len, offset) = if shape.contains(&0) {
            (0, 0)
        } else {
            let reach: usize = shape.iter().map(|n| n - 1).sum();
            let back: usize = shape
                .iter()
                .zip(&strides)
                .filter(|(_, s)| **s < 0)
                .map(|(n, _)| n - 1)
                .sum();
            (reach + 1, back)
        };
        Window {
            data: (0..len).map(|_| T::random(rng)).collect(),
            offset,
            shape: shape.to_vec(),
            strides,
        }
    }

    pub fn at(&self, index: &[usize]) -> T {
        let index = array_reference::source_index(&self.shape, index);
        let at = index
            .iter()
            .zip(&self.strides)
            .fold(self.offset as isize, |acc, (&i, &s)| acc + i as isize * s);
        self.data[at as usize]
    }
}

/// An input: how its shape derives from the call's, its layout, how it is passed.
#[derive(Clone, Debug)]
pub struct InSpec {
    /// Leading dimensions it does not have.
    pub lead: usize,
    /// Dimensions where its extent is 1.
    pub ones: Vec<bool>,
    pub pass: Pass,
    pub lay: Lay,
}

pub struct Input<T> {
    pub memory: Strided<T>,
    /// With `Pass::Overlapping`, the memory the input is passed from instead.
    pub window: Option<Window<T>>,
    pub pass: Pass,
    /// The call's shape, for `Pass::Stretched`.
    pub full: Vec<usize>,
    /// Its own shape, and its elements in row-major order (read once, for `at`).
    own: Vec<usize>,
    values: Vec<T>,
}

impl<T: Value> Input<T> {
    pub fn new(full: &[usize], spec: &InSpec, rng: &mut Seeded) -> Input<T> {
        let lead = spec.lead.min(full.len());
        let shape: Vec<usize> = full[lead..]
            .iter()
            .zip(&spec.ones[lead..])
            .map(|(&n, &one)| if one { 1 } else { n })
            .collect();
        let window = match spec.pass {
            Pass::Overlapping => Some(Window::new(&shape, &spec.lay, rng)),
            _ => None,
        };
        Input {
            memory: Strided::new(&shape, &spec.lay, || T::random(rng)),
            window,
            pass: spec.pass,
            full: full.to_vec(),
            own: Vec::new(),
            values: Vec::new(),
        }
        .refreshed()
    }

    /// A whole array of `shape`, laid out by `lay`, passed as `pass`.
    pub fn with_shape(shape: &[usize], lay: &Lay, pass: Pass, rng: &mut Seeded) -> Input<T> {
        Input {
            memory: Strided::new(shape, lay, || T::random(rng)),
            window: None,
            pass,
            full: shape.to_vec(),
            own: Vec::new(),
            values: Vec::new(),
        }
        .refreshed()
    }

    /// Its own shape.
    pub fn shape(&self) -> Vec<usize> {
        match &self.window {
            Some(w) => w.shape.clone(),
            None => self.memory.view().shape().to_vec(),
        }
    }

    /// The shape the kernel sees.
    pub fn passed_shape(&self) -> Vec<usize> {
        match self.pass {
            Pass::Stretched => self.full.clone(),
            _ => self.shape(),
        }
    }

    /// The view passed to the kernel.
    pub fn pass(&self) -> View<'_, T> {
        if let Some(w) = &self.window {
            return View::strided(&w.data, w.offset, &w.shape, &w.strides).expect("a window");
        }
        let memory = self
            .memory
            .base
            .as_slice_memory_order()
            .expect("contiguous");
        let (offset, strides) = self.memory.raw();
        let shape = self.shape();
        match self.pass {
            Pass::Ndarray | Pass::Overlapping => View::from(self.memory.view()),
            Pass::Strided => View::strided(memory, offset, &shape, &strides).expect("a view"),
            Pass::Stretched => {
                let lead = self.full.len() - shape.len();
                let strides: Vec<isize> = (0..self.full.len())
                    .map(|d| match d.checked_sub(lead) {
                        Some(k) if shape[k] != 1 => strides[k],
                        _ => 0,
                    })
                    .collect();
                View::strided(memory, offset, &self.full, &strides).expect("a stretched view")
            }
        }
    }

    /// The view passed to a call by name.
    pub fn any(&self) -> AnyView<'_> {
        self.pass().into()
    }

    /// The element that `index` of a shape it broadcasts to reads.
    pub fn at(&self, index: &[usize]) -> T {
        let source = array_reference::source_index(&self.own, index);
        let flat = source
            .iter()
            .zip(&self.own)
            .fold(0usize, |acc, (&i, &n)| acc * n + i);
        self.values[flat]
    }

    /// The input with its shape and elements read (ndarray's logical order, or the window's
    /// index arithmetic).
    fn refreshed(mut self) -> Input<T> {
        self.own = self.shape();
        self.values = match &self.window {
            Some(w) => array_reference::indices(&w.shape)
                .iter()
                .map(|i| w.at(i))
                .collect(),
            None => self.memory.view().iter().copied().collect(),
        };
        self
    }

    /// Replaces every element `v` with `f(v)`.
    pub fn map_values(&mut self, f: impl Fn(T) -> T) {
        if let Some(w) = &mut self.window {
            w.data.iter_mut().for_each(|v| *v = f(*v));
        }
        self.memory.base.mapv_inplace(&f);
        self.values.iter_mut().for_each(|v| *v = f(*v));
    }
}

/// An output filled with the sentinel.
pub struct Output<T> {
    pub memory: Strided<T>,
    pub strided: bool,
}

impl<T: Value> Output<T> {
    pub fn new(shape: &[usize], lay: &Lay) -> Output<T> {
        Output {
            memory: Strided::new(shape, lay, || T::SENTINEL),
            strided: lay.strided,
        }
    }

    pub fn shape(&self) -> Vec<usize> {
        self.memory.view().shape().to_vec()
    }

    pub fn view_mut(&mut self) -> ArrayViewMutD<'_, T> {
        let steps = self.memory.steps.clone();
        self.memory
            .base
            .slice_each_axis_mut(|a| Slice::new(0, None, steps[a.axis.index()]))
    }

    /// The view passed to the kernel.
    pub fn pass(&mut self) -> ViewMut<'_, T> {
        if !self.strided {
            return ViewMut::from(self.view_mut());
        }
        let (offset, strides) = self.memory.raw();
        let shape = self.shape();
        let memory = self
            .memory
            .base
            .as_slice_memory_order_mut()
            .expect("contiguous");
        ViewMut::strided(memory, offset, &shape, &strides).expect("a writable view")
    }

    /// The view passed to a call by name.
    pub fn any(&mut self) -> AnyViewMut<'_> {
        self.pass().into()
    }

    /// The elements of the view, in row-major order.
    pub fn values(&self) -> Vec<T> {
        self.memory.view().iter().copied().collect()
    }

    /// Whether every element of the memory still holds the sentinel.
    pub fn untouched(&self) -> bool {
        self.memory
            .base
            .iter()
            .all(|v| v.bits() == T::SENTINEL.bits())
    }

    /// The view holds `want` (row-major), and the memory outside it the sentinel.
    pub fn check(&mut self, what: &str, want: &[T]) -> TestCaseResult {
        let got = self.values();
        prop_assert_eq!(got.len(), want.len(), "{}: element count", what);
        for (k, (&g, &w)) in got.iter().zip(want).enumerate() {
            prop_assert!(
                same(g, w),
                "{}: element {} (row-major) of shape {:?}: got {:?}, want {:?}",
                what,
                k,
                self.shape(),
                g,
                w
            );
        }
        self.view_mut().fill(T::SENTINEL);
        prop_assert!(
            self.untouched(),
            "{}: an element outside the output view was written",
            what
        );
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Strategies.

/// A call: the shape (rank 0 to 4, extents 0 to 5), the inputs' and outputs' layouts, an
/// axis and keepdims for `along`, and the values' seed.
#[derive(Clone, Debug)]
pub struct Case {
    pub shape: Vec<usize>,
    pub inputs: Vec<InSpec>,
    pub outputs: Vec<Lay>,
    pub axis: usize,
    pub keepdims: bool,
    pub specials: bool,
    pub seed: u64,
}

impl Case {
    pub fn rng(&self) -> Seeded {
        Seeded::new(self.seed, self.specials)
    }
}

pub fn extent() -> impl Strategy<Value = usize> {
    prop_oneof![1 => Just(0usize), 2 => Just(1usize), 12 => 2usize..=5]
}

pub fn lay(rank: usize) -> impl Strategy<Value = Lay> {
    let step = prop_oneof![
        8 => Just(1isize),
        3 => Just(-1isize),
        1 => Just(2isize),
        1 => Just(-2isize),
        1 => Just(3isize),
        1 => Just(-3isize),
    ];
    (
        Just((0..rank).collect::<Vec<_>>()).prop_shuffle(),
        prop::collection::vec(step, rank),
        any::<bool>(),
    )
        .prop_map(|(order, steps, strided)| Lay {
            order,
            steps,
            strided,
        })
}

pub fn in_spec(rank: usize) -> impl Strategy<Value = InSpec> {
    (
        prop_oneof![3 => Just(0usize), 1 => 0..=rank],
        prop::collection::vec(prop::bool::weighted(0.2), rank),
        prop_oneof![
            3 => Just(Pass::Ndarray),
            3 => Just(Pass::Strided),
            3 => Just(Pass::Stretched),
            1 => Just(Pass::Overlapping),
        ],
        lay(rank),
    )
        .prop_map(|(lead, ones, pass, lay)| InSpec {
            lead,
            ones,
            pass,
            lay,
        })
}

pub fn case(inputs: usize, outputs: usize) -> impl Strategy<Value = Case> {
    prop::collection::vec(extent(), 0..=4)
        .prop_flat_map(move |shape| {
            let rank = shape.len();
            (
                Just(shape),
                prop::collection::vec(in_spec(rank), inputs),
                prop::collection::vec(lay(rank), outputs),
                0..4usize,
                any::<bool>(),
                prop::bool::weighted(0.25),
                any::<u64>(),
            )
        })
        .prop_map(
            |(shape, inputs, outputs, axis, keepdims, specials, seed)| Case {
                shape,
                inputs,
                outputs,
                axis,
                keepdims,
                specials,
                seed,
            },
        )
}
