//! [`Family`]: the kernels that become one SQL function, and how a call picks one of them by
//! the types of its arguments.

use crate::error::Error;
use crate::types::{arrow_type, elem_type};
use datafusion::arrow::datatypes::DataType;
use hologram_runtime::{ElemType, KernelKind, KernelRef};

/// The kernels behind one SQL function: one base name (the kernel name after its last `::`,
/// so `exp` and `f64::exp` are both `exp`), one kind, no two with the same stream types.
///
/// A call's arguments are the kernel's uniforms, then its inputs, as in every call by name.
/// The stream (input) arguments choose the kernel: exact types first, then a lossless cast
/// (`Int32` to `Float64`), then any numeric cast; ties go to the kernel registered first
/// (sorted by name). Uniforms take any numeric literal that fits.
#[derive(Clone, Debug)]
pub(crate) struct Family {
    function: String,
    kind: KernelKind,
    kernels: Vec<KernelRef>,
}

/// The kernel's name without its module path: `f64::exp` -> `exp`.
pub(crate) fn base_name(kernel: &str) -> &str {
    kernel.rsplit("::").next().unwrap_or(kernel)
}

impl Family {
    /// The family named `function` of `kernels` (in registry order), checked for a single
    /// kind and distinct stream types.
    pub(crate) fn new(function: String, kernels: Vec<KernelRef>) -> Result<Family, Error> {
        let Some(first) = kernels.first() else {
            return Err(Error::internal(format!("an empty family `{function}`")));
        };
        let kind = first.descriptor().kind();
        for (i, k) in kernels.iter().enumerate() {
            let d = k.descriptor();
            if d.kind() != kind {
                let (e, r) = match kind {
                    KernelKind::Elementwise => (first.name(), k.name()),
                    KernelKind::Reduce => (k.name(), first.name()),
                };
                return Err(Error::KindConflict {
                    function,
                    elementwise: e.to_owned(),
                    reduce: r.to_owned(),
                });
            }
            for other in kernels.iter().take(i) {
                let o = other.descriptor();
                if o.uniforms().len() == d.uniforms().len() && o.inputs() == d.inputs() {
                    return Err(Error::AmbiguousOverload {
                        function,
                        first: other.name().to_owned(),
                        second: k.name().to_owned(),
                        signature: arguments(k),
                    });
                }
            }
        }
        Ok(Family {
            function,
            kind,
            kernels,
        })
    }

    /// The SQL name.
    pub(crate) fn function(&self) -> &str {
        &self.function
    }

    /// Elementwise (a scalar function) or reduce (an aggregate).
    pub(crate) fn kind(&self) -> KernelKind {
        self.kind
    }

    /// The kernels, in registry order.
    pub(crate) fn kernels(&self) -> &[KernelRef] {
        &self.kernels
    }

    /// The kernel a call with arguments of `types` runs.
    ///
    /// # Errors
    /// [`Error::NoMatchingOverload`].
    pub(crate) fn choose(&self, types: &[DataType]) -> Result<&KernelRef, Error> {
        let mut best: Option<(u32, &KernelRef)> = None;
        for k in &self.kernels {
            if let Some(cost) = cost(k, types)
                && best.is_none_or(|(c, _)| cost < c)
            {
                best = Some((cost, k));
            }
        }
        best.map(|(_, k)| k).ok_or_else(|| self.no_match(types))
    }

    /// The types DataFusion casts a call's arguments to: the chosen kernel's stream types;
    /// uniforms stay as they are (a literal is converted, and checked, when the plan is
    /// made).
    pub(crate) fn coerce(&self, types: &[DataType]) -> Result<Vec<DataType>, Error> {
        let k = self.choose(types)?;
        let d = k.descriptor();
        let uniforms = types.iter().take(d.uniforms().len()).cloned();
        Ok(uniforms
            .chain(d.inputs().iter().map(|&t| arrow_type(t)))
            .collect())
    }

    #[cold]
    fn no_match(&self, types: &[DataType]) -> Error {
        let found: Vec<String> = types.iter().map(ToString::to_string).collect();
        let signatures: Vec<String> = self
            .kernels
            .iter()
            .map(|k| format!("({})", arguments(k)))
            .collect();
        Error::NoMatchingOverload {
            function: self.function.clone(),
            found: found.join(", "),
            signatures: signatures.join(" or "),
        }
    }
}

/// A kernel's SQL arguments, e.g. `uniform f32, f32, f32`.
pub(crate) fn arguments(k: &KernelRef) -> String {
    let d = k.descriptor();
    let uniforms = d.uniforms().iter().map(|t| format!("uniform {t}"));
    let inputs = d.inputs().iter().map(ToString::to_string);
    uniforms.chain(inputs).collect::<Vec<_>>().join(", ")
}

/// How far arguments of `types` are from kernel `k`'s: `None` when they cannot be passed.
fn cost(k: &KernelRef, types: &[DataType]) -> Option<u32> {
    let d = k.descriptor();
    if types.len() != d.uniforms().len() + d.inputs().len() {
        return None;
    }
    let (uniforms, inputs) = types.split_at(d.uniforms().len());
    if !uniforms
        .iter()
        .all(|t| t.is_null() || Numeric::of(t).is_some())
    {
        return None;
    }
    inputs
        .iter()
        .zip(d.inputs())
        .try_fold(0, |sum, (from, &to)| Some(sum + cast_cost(from, to)?))
}

/// 0 for the kernel's own type, 1 for a null or a lossless numeric cast, 3 for a lossy one,
/// `None` for anything that is not a number.
fn cast_cost(from: &DataType, to: ElemType) -> Option<u32> {
    if elem_type(from) == Some(to) {
        return Some(0);
    }
    if from.is_null() {
        return Some(1);
    }
    let (from, to) = (Numeric::of(from)?, Numeric::of(&arrow_type(to))?);
    Some(if from.fits_in(to) { 1 } else { 3 })
}

/// A numeric Arrow type: integer (signed or not) or float, and its precision in bits.
#[derive(Clone, Copy)]
enum Numeric {
    Int { signed: bool, bits: u32 },
    Float { mantissa: u32 },
    Decimal,
}

impl Numeric {
    fn of(t: &DataType) -> Option<Numeric> {
        use DataType as D;
        let int = |signed, bits| Some(Numeric::Int { signed, bits });
        match t {
            D::Int8 => int(true, 8),
            D::Int16 => int(true, 16),
            D::Int32 => int(true, 32),
            D::Int64 => int(true, 64),
            D::UInt8 => int(false, 8),
            D::UInt16 => int(false, 16),
            D::UInt32 => int(false, 32),
            D::UInt64 => int(false, 64),
            D::Float16 => Some(Numeric::Float { mantissa: 11 }),
            D::Float32 => Some(Numeric::Float { mantissa: 24 }),
            D::Float64 => Some(Numeric::Float { mantissa: 53 }),
            D::Decimal32(..) | D::Decimal64(..) | D::Decimal128(..) | D::Decimal256(..) => {
                Some(Numeric::Decimal)
            }
            _ => None,
        }
    }

    /// Whether every value of `self` is exactly a value of `to`.
    fn fits_in(self, to: Numeric) -> bool {
        use Numeric as N;
        match (self, to) {
            (
                N::Int { signed: s, bits: b },
                N::Int {
                    signed: ts,
                    bits: tb,
                },
            ) => (s == ts && b <= tb) || (!s && ts && b < tb),
            (N::Int { signed, bits }, N::Float { mantissa }) => {
                bits - u32::from(signed) <= mantissa
            }
            (N::Float { mantissa }, N::Float { mantissa: m }) => mantissa <= m,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hologram_runtime::Registry;

    fn family(names: &[&str]) -> Result<Family, Error> {
        let reg = Registry::with_stdlib();
        let kernels = names.iter().map(|n| reg.get(n).expect("stdlib")).collect();
        Family::new("f".into(), kernels)
    }

    #[test]
    fn streams_choose_the_kernel() {
        let exp = family(&["exp", "f64::exp"]).expect("a family");
        let pick = |t: DataType| exp.choose(&[t]).map(|k| k.name());
        assert_eq!(pick(DataType::Float32).ok(), Some("exp"));
        assert_eq!(pick(DataType::Float64).ok(), Some("f64::exp"));
        assert_eq!(
            pick(DataType::Int32).ok(),
            Some("f64::exp"),
            "lossless wins"
        );
        assert_eq!(
            pick(DataType::Int16).ok(),
            Some("exp"),
            "fits both: the first"
        );
        assert!(matches!(
            pick(DataType::Utf8),
            Err(Error::NoMatchingOverload { .. })
        ));
        let clip = family(&["clip", "f64::clip"]).expect("a family");
        // Uniforms first, as in every call by name: clip(lo, hi, x).
        let k = clip.choose(&[DataType::Float64, DataType::Int64, DataType::Float32]);
        assert_eq!(k.map(|k| k.name()).ok(), Some("clip"));
        let k = clip.choose(&[DataType::Float64, DataType::Utf8, DataType::Float32]);
        assert!(k.is_err(), "a uniform must be a number");
    }

    #[test]
    fn a_family_has_one_kind_and_distinct_streams() {
        assert!(matches!(
            family(&["add", "sum"]),
            Err(Error::KindConflict { .. })
        ));
        assert!(matches!(
            family(&["exp", "tanh"]),
            Err(Error::AmbiguousOverload { .. })
        ));
    }
}
