//! [`KernelAggregate`]: reductions as a DataFusion aggregate function, whose partial results
//! merge with the kernel's combiner.

use crate::columns;
use crate::error::Error;
use crate::family::Family;
use crate::scalar::{hash_family, output_type, same_family, uniforms};
use crate::types::{null_value, same_type_scalar, scalar_value, union_nulls};
use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::expr::AggregateFunction;
use datafusion::logical_expr::function::{
    AccumulatorArgs, AggregateFunctionSimplification, StateFieldsArgs,
};
use datafusion::logical_expr::utils::{AggregateOrderSensitivity, format_state_name};
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Expr, Signature, Volatility};
use datafusion::physical_expr::expressions::Literal;
use hologram_runtime::{KernelRef, Scalar};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The reductions of one base name as one DataFusion aggregate function (an
/// [`AggregateUDFImpl`]).
///
/// Arguments are the kernel's uniforms (literals), then its inputs. Each batch is reduced by
/// the kernel; partial results, across batches, partitions and Ballista executors, are joined
/// with the kernel's combiner ([`KernelRef::combine`]). As SQL aggregates do, a row with a
/// null in any input is left out, and a group without a row left gives NULL.
#[derive(Debug)]
pub struct KernelAggregate {
    family: Family,
    signature: Signature,
}

impl KernelAggregate {
    pub(crate) fn new(family: Family) -> KernelAggregate {
        KernelAggregate {
            family,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// The kernels behind the function.
    pub fn kernels(&self) -> &[KernelRef] {
        self.family.kernels()
    }
}

impl AggregateUDFImpl for KernelAggregate {
    fn name(&self) -> &str {
        self.family.function()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(self.family.coerce(arg_types)?)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(output_type(self.family.choose(arg_types)?))
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let types: Vec<DataType> = acc_args
            .expr_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let k = self.family.choose(&types)?;
        let literals: Vec<Option<&ScalarValue>> = acc_args
            .exprs
            .iter()
            .map(|e| e.downcast_ref::<Literal>().map(Literal::value))
            .collect();
        let uniforms = uniforms(self.name(), k, &literals)?;
        Ok(Box::new(KernelAccumulator {
            function: self.name().to_owned(),
            kernel: k.clone(),
            uniforms: uniforms.into_iter().collect(),
            partial: None,
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let name = format_state_name(args.name, "partial");
        Ok(vec![Arc::new(Field::new(
            name,
            args.return_type().clone(),
            true,
        ))])
    }

    /// Refuses, while the plan is made, a call whose uniform is not a literal.
    fn simplify(&self) -> Option<AggregateFunctionSimplification> {
        let family = self.family.clone();
        Some(Box::new(move |call: AggregateFunction, info| {
            let types: Result<Vec<DataType>> = call
                .params
                .args
                .iter()
                .map(|a| info.get_data_type(a))
                .collect();
            // Without the types (no schema here), the accumulator checks when it starts.
            if let Ok(types) = types {
                let k = family.choose(&types)?;
                let literals: Vec<Option<&ScalarValue>> = call
                    .params
                    .args
                    .iter()
                    .map(|a| match a {
                        Expr::Literal(v, _) => Some(v),
                        _ => None,
                    })
                    .collect();
                uniforms(family.function(), k, &literals)?;
            }
            Ok(Expr::AggregateFunction(call))
        }))
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}

impl PartialEq for KernelAggregate {
    fn eq(&self, other: &Self) -> bool {
        same_family(&self.family, &other.family)
    }
}

impl Eq for KernelAggregate {}

impl Hash for KernelAggregate {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_family(&self.family, state);
    }
}

/// One group's partial result.
#[derive(Debug)]
struct KernelAccumulator {
    function: String,
    kernel: KernelRef,
    /// `None` when a uniform is NULL: every group's result is NULL.
    uniforms: Option<Vec<Scalar>>,
    /// `None` until a row has been reduced.
    partial: Option<Scalar>,
}

impl KernelAccumulator {
    fn join(&mut self, value: Scalar) -> Result<(), Error> {
        self.partial = Some(match self.partial {
            None => value,
            Some(p) => self
                .kernel
                .combine(p, value)
                .map_err(|source| Error::Kernel {
                    function: self.function.clone(),
                    source: Box::new(source),
                })?,
        });
        Ok(())
    }

    fn value(&self) -> ScalarValue {
        let t = self.kernel.descriptor().outputs().first().copied();
        match (self.partial, t) {
            (Some(p), _) if self.uniforms.is_some() => scalar_value(p),
            (_, Some(t)) => null_value(t),
            (_, None) => ScalarValue::Null,
        }
    }
}

impl Accumulator for KernelAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(uniforms) = &self.uniforms else {
            return Ok(());
        };
        // The uniforms' literals arrive as columns too; the inputs follow them.
        let inputs = values.get(uniforms.len()..).unwrap_or_default();
        let nulls = union_nulls(inputs);
        let reduced = columns::reduce(
            &self.function,
            &self.kernel,
            uniforms,
            inputs,
            nulls.as_ref(),
        )?;
        if let Some(value) = reduced {
            self.join(value)?;
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let (Some(partials), Some(&t)) =
            (states.first(), self.kernel.descriptor().outputs().first())
        else {
            return Err(Error::internal("an aggregate state without its column").into());
        };
        for row in 0..partials.len() {
            if partials.is_null(row) {
                continue;
            }
            let v = ScalarValue::try_from_array(partials, row)?;
            let value = same_type_scalar(&v, t).ok_or_else(|| {
                Error::internal(format!(
                    "a partial result of type {} for {t}",
                    v.data_type()
                ))
            })?;
            self.join(value)?;
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![self.value()])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(self.value())
    }

    fn size(&self) -> usize {
        size_of_val(self)
            + self.function.capacity()
            + self
                .uniforms
                .as_ref()
                .map_or(0, |u| u.capacity() * size_of::<Scalar>())
    }
}
