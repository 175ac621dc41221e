//! [`KernelFunction`]: elementwise kernels as a DataFusion scalar function.

use crate::columns;
use crate::error::Error;
use crate::family::Family;
use crate::types::{arrow_type, uniform_value, union_nulls};
use datafusion::arrow::array::{ArrayRef, StructArray, new_null_array};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use hologram_runtime::{KernelRef, Scalar};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The elementwise kernels of one base name as one DataFusion scalar function (a
/// [`ScalarUDFImpl`]).
///
/// Arguments are the kernel's uniforms, then its inputs. The inputs choose the kernel; a
/// uniform must be a literal. Null in any argument gives null in that row. A kernel with one
/// output returns its Arrow type; with several, a struct of fields `out0`, `out1`, ...
#[derive(Debug)]
pub struct KernelFunction {
    family: Family,
    signature: Signature,
}

impl KernelFunction {
    pub(crate) fn new(family: Family) -> KernelFunction {
        KernelFunction {
            family,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// The kernels behind the function.
    pub fn kernels(&self) -> &[KernelRef] {
        self.family.kernels()
    }

    fn uniforms(
        &self,
        k: &KernelRef,
        values: &[Option<&ScalarValue>],
    ) -> Result<Vec<Option<Scalar>>, Error> {
        uniforms(self.family.function(), k, values)
    }
}

/// The uniforms of a call of `k` from the literal `values` of its first arguments (`None`:
/// not a literal); a null literal is `None`.
pub(crate) fn uniforms(
    function: &str,
    k: &KernelRef,
    values: &[Option<&ScalarValue>],
) -> Result<Vec<Option<Scalar>>, Error> {
    let d = k.descriptor();
    d.uniforms()
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let Some(Some(v)) = values.get(i) else {
                return Err(Error::UniformNotLiteral {
                    function: function.to_owned(),
                    position: i + 1,
                    uniform: format!("{t} #{i}"),
                    kernel: d.to_string(),
                });
            };
            uniform_value(v, t).map_err(|reason| Error::UniformOutOfRange {
                function: function.to_owned(),
                position: i + 1,
                expected: t,
                reason,
            })
        })
        .collect()
}

/// The Arrow type of `k`'s result: its output's, or a struct of `out0`, `out1`, ...
pub(crate) fn output_type(k: &KernelRef) -> DataType {
    match k.descriptor().outputs() {
        [one] => arrow_type(*one),
        many => DataType::Struct(struct_fields(many.iter().map(|&t| arrow_type(t)))),
    }
}

fn struct_fields(types: impl Iterator<Item = DataType>) -> Fields {
    types
        .enumerate()
        .map(|(i, t)| Field::new(format!("out{i}"), t, true))
        .collect()
}

impl ScalarUDFImpl for KernelFunction {
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

    /// The result's field; also where a call whose uniform is not a literal, or does not fit,
    /// is refused, while the plan is made.
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let k = self.family.choose(&types)?;
        let uniforms = self.uniforms(k, args.scalar_arguments)?;
        let nullable =
            uniforms.iter().any(Option::is_none) || args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(self.name(), output_type(k), nullable)))
    }

    fn is_strict(&self) -> bool {
        true
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let k = self.family.choose(&types)?;
        let nu = k.descriptor().uniforms().len();
        let len = args.number_rows;
        let literals: Vec<Option<&ScalarValue>> = args
            .args
            .iter()
            .take(nu)
            .map(|a| match a {
                ColumnarValue::Scalar(v) => Some(v),
                ColumnarValue::Array(_) => None,
            })
            .collect();
        let Some(uniforms) = self
            .uniforms(k, &literals)?
            .into_iter()
            .collect::<Option<Vec<_>>>()
        else {
            // A null uniform: null in every row.
            return Ok(ColumnarValue::Array(new_null_array(&output_type(k), len)));
        };
        let arrays: Vec<ArrayRef> = args
            .args
            .iter()
            .skip(nu)
            .map(|a| a.to_array(len))
            .collect::<Result<_>>()?;
        let nulls = union_nulls(&arrays);
        let outputs = columns::run(self.name(), k, &uniforms, &arrays, nulls.as_ref(), len)?;
        Ok(ColumnarValue::Array(assemble(outputs, nulls)))
    }
}

/// One output as its array, several as a struct; null where `nulls` is.
fn assemble(outputs: Vec<crate::types::Output>, nulls: Option<NullBuffer>) -> ArrayRef {
    let mut arrays: Vec<ArrayRef> = outputs
        .into_iter()
        .map(|o| o.into_array(nulls.clone()))
        .collect();
    if arrays.len() == 1
        && let Some(one) = arrays.pop()
    {
        return one;
    }
    let fields = struct_fields(arrays.iter().map(|a| a.data_type().clone()));
    Arc::new(StructArray::new(fields, arrays, nulls))
}

impl PartialEq for KernelFunction {
    fn eq(&self, other: &Self) -> bool {
        same_family(&self.family, &other.family)
    }
}

impl Eq for KernelFunction {}

impl Hash for KernelFunction {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_family(&self.family, state);
    }
}

/// Two families are the same function when they have the same name and the same kernels
/// (descriptors and libraries).
pub(crate) fn same_family(a: &Family, b: &Family) -> bool {
    a.function() == b.function()
        && a.kernels().len() == b.kernels().len()
        && a.kernels()
            .iter()
            .zip(b.kernels())
            .all(|(x, y)| x.descriptor() == y.descriptor() && x.path() == y.path())
}

pub(crate) fn hash_family<H: Hasher>(f: &Family, state: &mut H) {
    f.function().hash(state);
    for k in f.kernels() {
        k.descriptor().hash(state);
        k.path().hash(state);
    }
}
