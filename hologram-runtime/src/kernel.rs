//! What `#[kernel]` leaves behind for the registry and for export: a descriptor and an entry
//! point.

use crate::abi::{ABI_VERSION, CombineFn, EntryFn, MAX_STREAMS, RawScalar};
use crate::dynamic::{Scalar, Scalars};
use crate::element::ElemType;
use core::fmt;

/// Whether a kernel maps streams to streams or folds them to one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum KernelKind {
    /// One output element per input element (`#[kernel]`).
    Elementwise = 1,
    /// All elements folded into one value (`#[kernel(reduce = ...)]`).
    Reduce = 2,
}

impl KernelKind {
    /// The stable ABI code of the kind.
    pub const fn code(self) -> u32 {
        self as u32
    }
}

impl fmt::Display for KernelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KernelKind::Elementwise => "elementwise",
            KernelKind::Reduce => "reduce",
        })
    }
}

/// The signature of a kernel: its name, kind and the element types of its uniforms, inputs
/// and outputs, in declaration order.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{kernel, ElemType, KernelKind};
///
/// #[kernel]
/// fn scale(#[uniform] k: f64, x: f32) -> f64 {
///     k * f64::from(x)
/// }
///
/// fn main() {
///     let d = scale::KERNEL.descriptor();
///     assert_eq!(d.name(), "scale");
///     assert_eq!(d.kind(), KernelKind::Elementwise);
///     assert_eq!(d.uniforms(), &[ElemType::F64]);
///     assert_eq!(d.inputs(), &[ElemType::F32]);
///     assert_eq!(d.outputs(), &[ElemType::F64]);
///     assert_eq!(d.to_string(), "scale(uniform f64, f32) -> f64");
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KernelDescriptor {
    name: &'static str,
    kind: KernelKind,
    uniforms: &'static [ElemType],
    inputs: &'static [ElemType],
    outputs: &'static [ElemType],
    whole_stream: bool,
}

impl KernelDescriptor {
    /// Builds a descriptor; generated code calls this through `__private`.
    pub(crate) const fn new(
        name: &'static str,
        kind: KernelKind,
        uniforms: &'static [ElemType],
        inputs: &'static [ElemType],
        outputs: &'static [ElemType],
    ) -> Self {
        KernelDescriptor {
            name,
            kind,
            uniforms,
            inputs,
            outputs,
            whole_stream: false,
        }
    }

    /// The same descriptor, for an elementwise-shaped kernel whose outputs depend on the
    /// whole stream (`softmax`): calls by name never split it into pieces across threads.
    /// Its ABI kind code is `HG_KIND_ELEMENTWISE_WHOLE` (3).
    pub(crate) const fn whole_stream(self) -> Self {
        KernelDescriptor {
            whole_stream: true,
            ..self
        }
    }

    /// The name the kernel registers under.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Elementwise or reduce.
    pub const fn kind(&self) -> KernelKind {
        self.kind
    }

    /// Whether this elementwise-shaped kernel computes each output element from the whole
    /// stream rather than from the same element of its inputs (`softmax`, `log_softmax`).
    /// Such a kernel is always called once per call, never on pieces of the streams across
    /// threads (`hologram::threads`).
    pub const fn is_whole_stream(&self) -> bool {
        self.whole_stream
    }

    /// The ABI code of the kind: 1 elementwise, 2 reduce, 3 elementwise-shaped over the
    /// whole stream.
    pub(crate) const fn kind_code(&self) -> u32 {
        if self.whole_stream {
            crate::abi::KIND_ELEMENTWISE_WHOLE
        } else {
            self.kind.code()
        }
    }

    /// Element types of the `#[uniform]` parameters, in order.
    pub const fn uniforms(&self) -> &'static [ElemType] {
        self.uniforms
    }

    /// Element types of the input streams, in order.
    pub const fn inputs(&self) -> &'static [ElemType] {
        self.inputs
    }

    /// Element types of the outputs, in order: one per output stream for an elementwise
    /// kernel; for a reduction, the result's type, or one per component of a tuple result.
    pub const fn outputs(&self) -> &'static [ElemType] {
        self.outputs
    }

    /// Element types of a reduction's results: one for a reduction to one value, one per
    /// component of a tuple; empty for an elementwise kernel.
    ///
    /// ```
    /// # extern crate hologram_runtime as hologram;
    /// use hologram::{kernel, ElemType};
    ///
    /// #[kernel(reduce = (min, max, add))]
    /// fn stats(x: f64) -> (f64, f64, u32) {
    ///     (x, x, u32::from(x.is_nan()))
    /// }
    ///
    /// fn main() {
    ///     let d = stats::KERNEL.descriptor();
    ///     assert_eq!(d.results(), &[ElemType::F64, ElemType::F64, ElemType::U32]);
    ///     assert_eq!(d.to_string(), "stats(f64) -> (f64, f64, u32)");
    /// }
    /// ```
    pub const fn results(&self) -> &'static [ElemType] {
        match self.kind {
            KernelKind::Reduce => self.outputs,
            KernelKind::Elementwise => &[],
        }
    }
}

impl KernelDescriptor {
    /// Checks what every kernel must satisfy to be called, loaded or linked: a name, 1 to
    /// [`MAX_STREAMS`] inputs, at most [`MAX_STREAMS`] uniforms, and 1 to [`MAX_STREAMS`]
    /// outputs (elementwise) or exactly 1 (reduce).
    pub(crate) fn check_shape(&self) -> Result<(), ShapeError> {
        let too_many = |part, count| ShapeError::TooMany { part, count };
        if self.name.is_empty() {
            return Err(ShapeError::EmptyName);
        }
        if self.uniforms.len() > MAX_STREAMS {
            return Err(too_many(Part::Uniforms, self.uniforms.len()));
        }
        if self.inputs.len() > MAX_STREAMS {
            return Err(too_many(Part::Inputs, self.inputs.len()));
        }
        if self.inputs.is_empty() {
            return Err(ShapeError::NoInput);
        }
        match (self.kind, self.outputs.len()) {
            (KernelKind::Reduce, 0) => Err(ShapeError::ReduceResults(0)),
            (KernelKind::Elementwise, 0) => Err(ShapeError::NoOutput),
            (_, n) if n > MAX_STREAMS => Err(too_many(Part::Outputs, n)),
            _ => Ok(()),
        }
    }
}

/// A list of a descriptor's element types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Uniforms,
    Inputs,
    Outputs,
}

/// Why a descriptor has a shape no call can serve ([`KernelDescriptor::check_shape`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShapeError {
    /// The name is empty.
    EmptyName,
    /// More than [`MAX_STREAMS`] of one part.
    TooMany { part: Part, count: usize },
    /// No input stream.
    NoInput,
    /// An elementwise kernel without an output stream.
    NoOutput,
    /// A reduction without a result type.
    ReduceResults(usize),
}

impl ShapeError {
    /// The field of the C descriptor at fault.
    pub(crate) fn field(self) -> &'static str {
        match self {
            ShapeError::EmptyName => "name",
            ShapeError::TooMany { part, .. } => match part {
                Part::Uniforms => "uniform_count",
                Part::Inputs => "input_count",
                Part::Outputs => "output_count",
            },
            ShapeError::NoInput => "input_count",
            ShapeError::NoOutput | ShapeError::ReduceResults(_) => "output_count",
        }
    }
}

impl fmt::Display for ShapeError {
    /// What is wrong with [`field`](Self::field), and how to fix it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ShapeError::EmptyName => f.write_str("is empty"),
            ShapeError::TooMany { count, .. } => write!(
                f,
                "is {count}, more than MAX_STREAMS ({MAX_STREAMS}); split the kernel"
            ),
            ShapeError::NoInput => f.write_str("is 0; a kernel needs an input stream"),
            ShapeError::NoOutput => {
                f.write_str("is 0; an elementwise kernel needs an output stream")
            }
            ShapeError::ReduceResults(n) => write!(
                f,
                "is {n}; a reduction has 1 result type, or one per component of a tuple"
            ),
        }
    }
}

impl fmt::Display for KernelDescriptor {
    /// Formats as `name(uniform f32, f32, f32) -> f32`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        let params = self.uniforms.iter().map(|t| (true, t));
        let params = params.chain(self.inputs.iter().map(|t| (false, t)));
        for (i, (uniform, t)) in params.enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let tag = if uniform { "uniform " } else { "" };
            write!(f, "{sep}{tag}{t}")?;
        }
        f.write_str(") -> ")?;
        match self.outputs {
            [one] => write!(f, "{one}"),
            many => {
                let names: Vec<_> = many.iter().map(|t| t.name()).collect();
                write!(f, "({})", names.join(", "))
            }
        }
    }
}

/// Builds a kernel descriptor: what `#[kernel]` generates calls (through `__private`).
#[doc(hidden)]
pub const fn descriptor(
    name: &'static str,
    kind: KernelKind,
    uniforms: &'static [ElemType],
    inputs: &'static [ElemType],
    outputs: &'static [ElemType],
) -> KernelDescriptor {
    KernelDescriptor::new(name, kind, uniforms, inputs, outputs)
}

/// A kernel defined with `#[kernel]` or loaded from a library: its descriptor plus the C-ABI
/// entry point that the registry and `export_kernels!` call, and, for a reduction, its
/// combiner and identity.
///
/// Every kernel module has one, as `KERNEL`.
///
/// ```
/// # extern crate hologram_runtime as hologram;
/// use hologram::{stdlib, Scalar};
///
/// let sum = stdlib::sum::KERNEL;
/// assert_eq!(sum.identity(), Some(Scalar::F32(0.0)));
/// assert!(sum.combiner().is_some());
/// assert_eq!(sum.abi_version(), hologram::abi::ABI_VERSION);
/// assert!(stdlib::add::KERNEL.combiner().is_none());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Kernel {
    descriptor: KernelDescriptor,
    entry: EntryFn,
    combine: Option<CombineFn>,
    /// The identities' 8 bytes each, as the `bits` field of a [`RawScalar`]: one per result
    /// component of a reduction with a combiner, none otherwise.
    identity: &'static [u64],
    abi_version: u32,
}

impl Kernel {
    /// Pairs a descriptor with its entry point, for an elementwise kernel of this crate's
    /// [`ABI_VERSION`].
    pub(crate) const fn new(descriptor: KernelDescriptor, entry: EntryFn) -> Self {
        Kernel {
            descriptor,
            entry,
            combine: None,
            identity: &[],
            abi_version: ABI_VERSION,
        }
    }

    /// The same kernel with a reduction's combiner and identities (`identity`: the bytes of a
    /// [`RawScalar`] holding the field of each result component's type).
    pub(crate) const fn with_reduction(self, combine: CombineFn, identity: &'static [u64]) -> Self {
        Kernel {
            combine: Some(combine),
            identity,
            ..self
        }
    }

    /// The same kernel, recorded as coming from a library of ABI version `version`.
    pub(crate) const fn with_abi_version(self, version: u32) -> Self {
        Kernel {
            abi_version: version,
            ..self
        }
    }

    /// The kernel's signature.
    pub const fn descriptor(&self) -> &KernelDescriptor {
        &self.descriptor
    }

    /// The C-ABI entry point, as described in `hologram_kernel.h`.
    pub const fn entry(&self) -> EntryFn {
        self.entry
    }

    /// A reduction's combiner, which joins two partial results: what lets a host fold the
    /// blocks of a long stream on several threads and join them. `None` for an elementwise
    /// kernel and for a reduction from a version-1 library.
    pub const fn combiner(&self) -> Option<CombineFn> {
        self.combine
    }

    /// A reduction's identity, the value of an empty reduction, in the ABI's form: of its
    /// first result component (all bytes zero for an elementwise kernel or a version-1
    /// reduction). [`identity_bits`](Self::identity_bits) has every component's.
    pub const fn raw_identity(&self) -> RawScalar {
        match self.identity.first() {
            Some(&bits) => RawScalar { bits },
            None => RawScalar { bits: 0 },
        }
    }

    /// A reduction's identities in the ABI's form, the 8 bytes of each as a `u64`: one per
    /// result component ([`KernelDescriptor::results`]); empty for an elementwise kernel or a
    /// version-1 reduction.
    pub const fn identity_bits(&self) -> &'static [u64] {
        self.identity
    }

    /// A reduction's identity, the value of an empty reduction (for a float `add`, `+0.0`);
    /// `None` for an elementwise kernel, for a reduction from a version-1 library, which
    /// declares none, and for a reduction to a tuple (see [`identities`](Self::identities)).
    pub fn identity(&self) -> Option<Scalar> {
        match self.identities()?.as_slice() {
            [one] if self.descriptor.outputs().len() == 1 => Some(*one),
            _ => None,
        }
    }

    /// A reduction's identities, one per result component, as [`Scalars`]: what an empty
    /// reduction returns.
    ///
    /// ```
    /// # extern crate hologram_runtime as hologram;
    /// use hologram::{kernel, Scalar};
    ///
    /// #[kernel(reduce = (min, add))]
    /// fn low_and_total(x: f32) -> (f32, f32) {
    ///     (x, x)
    /// }
    ///
    /// fn main() {
    ///     let ids = low_and_total::KERNEL.identities().unwrap();
    ///     assert_eq!(ids.as_slice(), &[Scalar::F32(f32::INFINITY), Scalar::F32(0.0)]);
    /// }
    /// ```
    pub fn identities(&self) -> Option<Scalars> {
        self.combine?;
        let types = self.descriptor.results();
        if types.is_empty() || types.len() != self.identity.len() {
            return None;
        }
        let mut out = Scalars::new();
        for (&t, &bits) in types.iter().zip(self.identity) {
            out.push(crate::abi::scalar_from_bits(t, bits));
        }
        Some(out)
    }

    /// The version of the C ABI the kernel's entry point speaks: [`ABI_VERSION`] for kernels
    /// defined in Rust, the table's version for a loaded one. A host passes byte strides only
    /// to entry points of version 2 or later; a version-1 kernel gets contiguous streams.
    pub const fn abi_version(&self) -> u32 {
        self.abi_version
    }

    /// Whether the call block may carry strides (ABI version 2 or later). A version-1 entry
    /// point would read strided streams as contiguous ones, so a host gathers them for it
    /// instead. A version-2 entry point runs on the strides or refuses the call with a
    /// message: the entry points `#[kernel]` generates hand a strided stream only to code
    /// that asks for it as a lane ([`EntryCall::input_lane`](crate::abi::EntryCall::input_lane)).
    pub const fn takes_strides(&self) -> bool {
        self.abi_version >= 2
    }
}
