//! Registering a whole [`Registry`] as SQL functions: [`functions`], [`register_kernels`].

use crate::aggregate::KernelAggregate;
use crate::error::Error;
use crate::family::Family;
use crate::options::Options;
use crate::scalar::KernelFunction;
use crate::types::has_arrow_type;
use datafusion::execution::FunctionRegistry;
use datafusion::execution::context::SessionContext;
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};
use hologram_runtime::{ElemType, KernelKind, KernelRef, Registry};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// The SQL functions made from a registry's kernels, ready to register in a session (or a
/// Ballista executor's function registry), and the kernels that could not become one.
#[derive(Clone, Debug)]
pub struct Functions {
    scalars: Vec<Arc<ScalarUDF>>,
    aggregates: Vec<Arc<AggregateUDF>>,
    skipped: Vec<Skipped>,
    options: Options,
}

/// A kernel that has no SQL function, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The kernel's name.
    pub kernel: String,
    /// Why.
    pub reason: SkipReason,
}

/// Why a kernel has no SQL function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// Each output depends on the whole stream (`softmax`): a SQL scalar function sees one
    /// batch at a time, so it would compute per batch, not per column.
    WholeStream,
    /// A reduction without a combiner (a hand-written one such as the stdlib's `mean`, or
    /// one from a version-1 library): partial results of batches and partitions cannot be
    /// merged.
    NoCombiner,
    /// A stream or uniform has an element type with no Arrow type in this crate yet
    /// (`bool`, `bf16`).
    NoArrowType(ElemType),
    /// A reduction to a tuple of several results; an aggregate of several results (a
    /// struct) is not built yet.
    TupleResult,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let SkipReason::NoArrowType(t) = self {
            return write!(
                f,
                "it has a stream or uniform of {t}, which has no Arrow type here"
            );
        }
        f.write_str(match self {
            SkipReason::WholeStream => {
                "its outputs depend on the whole stream, and a SQL function sees one batch at a time"
            }
            SkipReason::NoCombiner => {
                "it is a reduction without a combiner (a hand-written one such as the stdlib's `mean`, or one from a version-1 library), so partial results of batches cannot be merged"
            }
            SkipReason::TupleResult => {
                "it is a reduction to several results, which has no SQL aggregate yet"
            }
            SkipReason::NoArrowType(_) => "",
        })
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.kernel, self.reason)
    }
}

/// The SQL functions of every kernel of `registry`, named by `options`: one per base name and
/// kind, elementwise kernels as [`KernelFunction`]s, reductions as [`KernelAggregate`]s.
///
/// # Errors
/// [`Error::KindConflict`], [`Error::AmbiguousOverload`].
pub fn functions(registry: &Registry, options: &Options) -> Result<Functions, Error> {
    let mut families: BTreeMap<String, Vec<KernelRef>> = BTreeMap::new();
    let mut skipped = Vec::new();
    for name in registry.names() {
        let k = registry.get(&name).map_err(|source| Error::Load {
            source: Box::new(source),
        })?;
        let d = k.descriptor();
        let unmapped = d
            .uniforms()
            .iter()
            .chain(d.inputs())
            .chain(d.outputs())
            .find(|&&t| !has_arrow_type(t));
        let reason = if let Some(&t) = unmapped {
            Some(SkipReason::NoArrowType(t))
        } else if d.is_whole_stream() {
            Some(SkipReason::WholeStream)
        } else if d.kind() == KernelKind::Reduce && k.kernel().combiner().is_none() {
            Some(SkipReason::NoCombiner)
        } else if d.kind() == KernelKind::Reduce && d.outputs().len() > 1 {
            Some(SkipReason::TupleResult)
        } else {
            None
        };
        match reason {
            Some(reason) => skipped.push(Skipped {
                kernel: name,
                reason,
            }),
            None => families
                .entry(options.function_name(&name))
                .or_default()
                .push(k),
        }
    }
    let mut scalars = Vec::new();
    let mut aggregates = Vec::new();
    for (function, kernels) in families {
        let family = Family::new(function, kernels)?;
        match family.kind() {
            KernelKind::Elementwise => {
                scalars.push(Arc::new(ScalarUDF::new_from_impl(KernelFunction::new(
                    family,
                ))));
            }
            KernelKind::Reduce => {
                aggregates.push(Arc::new(AggregateUDF::new_from_impl(KernelAggregate::new(
                    family,
                ))));
            }
        }
    }
    Ok(Functions {
        scalars,
        aggregates,
        skipped,
        options: options.clone(),
    })
}

impl Functions {
    /// The scalar functions (elementwise kernels).
    pub fn scalars(&self) -> &[Arc<ScalarUDF>] {
        &self.scalars
    }

    /// The aggregate functions (reductions).
    pub fn aggregates(&self) -> &[Arc<AggregateUDF>] {
        &self.aggregates
    }

    /// The kernels left out, and why.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Every SQL name, scalar functions then aggregates, each sorted.
    pub fn names(&self) -> Vec<String> {
        let scalars = self.scalars.iter().map(|f| f.name().to_owned());
        scalars
            .chain(self.aggregates.iter().map(|f| f.name().to_owned()))
            .collect()
    }

    /// Registers every function in `target` (a [`SessionState`], or Ballista's executor
    /// function registry). All or nothing: if a name is taken and the options do not replace
    /// existing functions, nothing is registered.
    ///
    /// # Errors
    /// [`Error::NameClash`].
    pub fn register(&self, target: &mut dyn FunctionRegistry) -> Result<(), Error> {
        if !self.options.replaces_existing() {
            let taken: Vec<String> = target
                .udfs()
                .into_iter()
                .chain(target.udafs())
                .chain(target.udwfs())
                .collect();
            let clash = self
                .scalars
                .iter()
                .map(|f| {
                    (
                        f.name(),
                        kernel_names(
                            f.inner()
                                .downcast_ref::<KernelFunction>()
                                .map(KernelFunction::kernels),
                        ),
                    )
                })
                .chain(self.aggregates.iter().map(|f| {
                    (
                        f.name(),
                        kernel_names(
                            f.inner()
                                .downcast_ref::<KernelAggregate>()
                                .map(KernelAggregate::kernels),
                        ),
                    )
                }))
                .find(|(name, _)| taken.iter().any(|t| t == name));
            if let Some((function, kernels)) = clash {
                return Err(Error::NameClash {
                    function: function.to_owned(),
                    kernels,
                });
            }
        }
        for f in &self.scalars {
            target.register_udf(Arc::clone(f)).map_err(internal)?;
        }
        for f in &self.aggregates {
            target.register_udaf(Arc::clone(f)).map_err(internal)?;
        }
        Ok(())
    }
}

fn kernel_names(kernels: Option<&[KernelRef]>) -> String {
    let names: Vec<String> = kernels
        .unwrap_or_default()
        .iter()
        .map(|k| format!("`{}`", k.name()))
        .collect();
    names.join(", ")
}

fn internal(e: datafusion::error::DataFusionError) -> Error {
    Error::internal(format!("registering a function: {e}"))
}

/// Registers every kernel of `registry` in the session `ctx` as a SQL function named `hg_`
/// + its base name ([`Options::default`]), and returns what was registered.
///
/// # Errors
/// As [`register_kernels_with`].
pub fn register_kernels(ctx: &SessionContext, registry: &Registry) -> Result<Functions, Error> {
    register_kernels_with(ctx, registry, &Options::default())
}

/// Registers every kernel of `registry` in the session `ctx` as a SQL function named as
/// `options` say, and returns what was registered. All or nothing.
///
/// # Errors
/// [`Error::NameClash`], [`Error::KindConflict`], [`Error::AmbiguousOverload`].
pub fn register_kernels_with(
    ctx: &SessionContext,
    registry: &Registry,
    options: &Options,
) -> Result<Functions, Error> {
    let functions = functions(registry, options)?;
    let state = ctx.state_ref();
    let mut state = state.write();
    functions.register(&mut *state)?;
    Ok(functions)
}

/// [`register_kernels_with`] on a [`SessionState`], for sessions built with a
/// `SessionStateBuilder` (a Ballista scheduler's, say).
///
/// # Errors
/// As [`register_kernels_with`].
pub fn register_kernels_in_state(
    state: &mut SessionState,
    registry: &Registry,
    options: &Options,
) -> Result<Functions, Error> {
    let functions = functions(registry, options)?;
    functions.register(state)?;
    Ok(functions)
}
