//! Which kernels become one ufunc: those of one base name (`exp` and `f64::exp` are both
//! `exp`) and one shape, each giving the ufunc an inner loop for its element types.

use crate::dtype;
use hologram::{KernelKind, KernelRef};
use std::collections::BTreeMap;

/// How a kernel maps to numpy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A ufunc: `nin` = uniforms + inputs, `nout` = outputs.
    Elementwise,
    /// A gufunc `(),(n)->()`: one value per lane.
    Reduce,
    /// A gufunc `(),(n)->(n)`: the kernel sees each whole lane (softmax).
    WholeStream,
}

impl Shape {
    /// The shape of `kernel`.
    pub(crate) fn of(kernel: &KernelRef) -> Shape {
        let d = kernel.descriptor();
        match d.kind() {
            KernelKind::Reduce => Shape::Reduce,
            KernelKind::Elementwise if d.is_whole_stream() => Shape::WholeStream,
            KernelKind::Elementwise => Shape::Elementwise,
        }
    }

    /// How the kernel is described to Python: `"elementwise"`, `"reduce"` or
    /// `"whole_stream"`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Shape::Elementwise => "elementwise",
            Shape::Reduce => "reduce",
            Shape::WholeStream => "whole_stream",
        }
    }
}

/// The kernels of one ufunc.
#[derive(Debug)]
pub(crate) struct Group {
    /// The ufunc's name: the kernels' base name, or a kernel's full name when it could not
    /// join its base name's ufunc.
    pub(crate) name: String,
    pub(crate) shape: Shape,
    /// Uniforms, inputs and outputs (a reduction's result counts as one output).
    pub(crate) counts: [usize; 3],
    /// One inner loop each, ordered by numpy type numbers, so that numpy's search for the
    /// first loop the arguments cast to safely picks the smallest type, as for its own
    /// ufuncs (`float32` before `float64`).
    pub(crate) kernels: Vec<KernelRef>,
}

/// Why a kernel has no ufunc.
#[derive(Clone, Debug)]
pub(crate) struct Left {
    pub(crate) kernel: KernelRef,
    pub(crate) reason: String,
}

/// The name a kernel's ufunc goes by: its name after the last `::`.
pub(crate) fn base_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

/// numpy's type numbers of a kernel's loop: uniforms, inputs, then outputs; `None` when one
/// of its types has no numpy dtype.
pub(crate) fn loop_types(kernel: &KernelRef) -> Option<Vec<i32>> {
    let d = kernel.descriptor();
    let all = d.uniforms().iter().chain(d.inputs()).chain(d.outputs());
    all.map(|&t| dtype::type_num(t)).collect()
}

/// Groups `kernels` into ufuncs. A kernel joins its base name's ufunc when it has the same
/// shape and counts as the first kernel there (in name order: `exp` before `f64::exp`) and a
/// loop of other types; otherwise it gets a ufunc of its own, under its full name. A kernel
/// with a type numpy has no dtype for gets none, and is returned with the reason.
pub(crate) fn group(kernels: impl IntoIterator<Item = KernelRef>) -> (Vec<Group>, Vec<Left>) {
    let mut sorted: Vec<KernelRef> = kernels.into_iter().collect();
    sorted.sort_by(|a, b| {
        let key = |k: &KernelRef| (base_name(k.name()).to_owned(), k.name().contains("::"));
        key(a).cmp(&key(b)).then_with(|| a.name().cmp(b.name()))
    });
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut left = Vec::new();
    for kernel in sorted {
        let Some(types) = loop_types(&kernel) else {
            let reason = no_dtype_reason(&kernel);
            left.push(Left { kernel, reason });
            continue;
        };
        let d = kernel.descriptor();
        let shape = Shape::of(&kernel);
        let counts = [d.uniforms().len(), d.inputs().len(), d.outputs().len()];
        let base = base_name(kernel.name()).to_owned();
        let fits = |g: &Group| {
            g.shape == shape
                && g.counts == counts
                && !g
                    .kernels
                    .iter()
                    .any(|k| loop_types(k).as_ref() == Some(&types))
        };
        let name = match groups.get(&base) {
            Some(g) if !fits(g) => kernel.name().to_owned(),
            _ => base,
        };
        let g = groups.entry(name.clone()).or_insert_with(|| Group {
            name,
            shape,
            counts,
            kernels: Vec::new(),
        });
        g.kernels.push(kernel);
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for g in &mut groups {
        g.kernels.sort_by_key(loop_types);
    }
    (groups, left)
}

/// Why `kernel`'s types keep it from being a ufunc.
fn no_dtype_reason(kernel: &KernelRef) -> String {
    let d = kernel.descriptor();
    let all = d.uniforms().iter().chain(d.inputs()).chain(d.outputs());
    let missing: Vec<&str> = all
        .filter(|&&t| dtype::type_num(t).is_none())
        .map(|t| t.name())
        .collect();
    format!(
        "kernel `{}` ({d}) uses {}, which numpy has no dtype for, so it has no ufunc; call it \
         from Rust, or write a variant of it over a type numpy has",
        kernel.name(),
        missing.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use hologram::{Registry, kernel};

    /// A reduction named like the stdlib's elementwise `exp`, under another prefix.
    #[kernel(name = "mine::exp", reduce = add)]
    fn exp_total(x: f32) -> f32 {
        x
    }

    fn stdlib_groups() -> Vec<Group> {
        let reg = Registry::with_stdlib();
        let (groups, left) = group(reg.names().iter().map(|n| reg.get(n).unwrap()));
        // Only the kernels of the version-2 types (`i8::add`, ..., `bool::count`) have no
        // ufunc yet: their types have no row with a numpy type number (see `dtype`).
        let v1 = hologram::ElemType::V1;
        for l in &left {
            let d = l.kernel.descriptor();
            let all = d.uniforms().iter().chain(d.inputs()).chain(d.outputs());
            assert!(all.clone().any(|t| !v1.contains(t)), "{}", l.reason);
        }
        assert!(
            groups
                .iter()
                .all(|g| g.kernels.iter().all(|k| loop_types(k).is_some()))
        );
        groups
    }

    #[test]
    fn f32_and_f64_kernels_of_one_base_name_are_one_ufunc_f32_first() {
        let groups = stdlib_groups();
        let exp = groups.iter().find(|g| g.name == "exp").unwrap();
        let names: Vec<&str> = exp.kernels.iter().map(KernelRef::name).collect();
        assert_eq!(names, ["exp", "f64::exp"]);
        assert_eq!(exp.shape, Shape::Elementwise);
        assert_eq!(exp.counts, [0, 1, 1]);
        assert!(groups.iter().all(|g| !g.name.contains("::")));
        let sum = groups.iter().find(|g| g.name == "sum").unwrap();
        assert_eq!(sum.shape, Shape::Reduce);
        let softmax = groups.iter().find(|g| g.name == "softmax").unwrap();
        assert_eq!(softmax.shape, Shape::WholeStream);
        let clip = groups.iter().find(|g| g.name == "clip").unwrap();
        assert_eq!(clip.counts, [2, 1, 1]);
    }

    #[test]
    fn a_kernel_of_another_shape_gets_a_ufunc_under_its_full_name() {
        let mut reg = Registry::with_stdlib();
        reg.register(exp_total::KERNEL).unwrap();
        let (groups, _) = group(reg.names().iter().map(|n| reg.get(n).unwrap()));
        let exp = groups.iter().find(|g| g.name == "exp").unwrap();
        assert_eq!(exp.kernels.len(), 2);
        let mine = groups.iter().find(|g| g.name == "mine::exp").unwrap();
        assert_eq!(mine.shape, Shape::Reduce);
        assert_eq!(base_name("mine::exp"), "exp");
        assert_eq!(base_name("plain"), "plain");
    }

    #[test]
    fn loop_types_are_numpys_type_numbers_in_operand_order() {
        let reg = Registry::with_stdlib();
        let clip = reg.get("f64::clip").unwrap();
        let double = numpy::npyffi::NPY_TYPES::NPY_DOUBLE as i32;
        assert_eq!(loop_types(&clip), Some(vec![double; 4]));
    }
}
