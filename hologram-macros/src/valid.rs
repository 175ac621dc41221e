//! Semantic checks. Every misuse becomes a `syn::Error` on the offending tokens; all of them
//! are collected, so the user sees every problem at once. `expand` may assume a kernel that
//! passed.

use crate::ast::{Kernel, Output, Param};
use crate::elem;
use syn::{Error, FnArg, Meta, Signature};

/// Checks `kernel`, returning every problem found.
pub fn check(kernel: &Kernel) -> syn::Result<()> {
    let mut errors = Errors::default();
    check_signature(&kernel.item.sig, &mut errors);
    for param in &kernel.params {
        check_param(param, &mut errors);
    }
    check_has_input(kernel, &mut errors);
    check_output(kernel, &mut errors);
    check_stream_counts(kernel, &mut errors);
    errors.finish()
}

/// The most uniforms, inputs and outputs a kernel may declare: the C ABI's
/// `hologram::abi::MAX_STREAMS`, which a runtime test keeps equal to this.
pub const MAX_STREAMS: usize = 16;

fn check_stream_counts(kernel: &Kernel, errors: &mut Errors) {
    let message = |what: &str| {
        format!(
            "a kernel takes at most {MAX_STREAMS} {what} (the C ABI's MAX_STREAMS); split it \
             into kernels that call each other's functions"
        )
    };
    let uniforms = kernel.params.iter().filter(|p| p.is_uniform());
    if let Some(extra) = uniforms.clone().nth(MAX_STREAMS) {
        errors.push(Error::new_spanned(extra.arg, message("uniforms")));
    }
    if let Some(extra) = kernel.inputs().nth(MAX_STREAMS) {
        errors.push(Error::new_spanned(extra.arg, message("input streams")));
    }
    if let Output::Tuple(types) = &kernel.output
        && types.len() > MAX_STREAMS
        && kernel.args.reduce.is_none()
    {
        errors.push(Error::new_spanned(
            &kernel.item.sig.output,
            message("outputs"),
        ));
    }
}

#[derive(Default)]
struct Errors(Option<Error>);

impl Errors {
    fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(first) => first.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

fn check_signature(sig: &Signature, errors: &mut Errors) {
    if let Some(token) = &sig.asyncness {
        errors.push(Error::new_spanned(
            token,
            "a kernel cannot be `async`; remove `async`: kernels compute elements synchronously",
        ));
    }
    if let syn::Safety::Unsafe(token) = &sig.safety {
        errors.push(Error::new_spanned(
            token,
            "a kernel cannot be `unsafe`; its generated callers are safe, so remove `unsafe`",
        ));
    }
    if let Some(abi) = &sig.abi {
        errors.push(Error::new_spanned(
            abi,
            "a kernel cannot declare an ABI; remove it: `#[kernel]` generates the C entry point",
        ));
    }
    if !sig.generics.params.is_empty() {
        errors.push(Error::new_spanned(
            &sig.generics,
            "a kernel cannot be generic; write one kernel per element type",
        ));
    }
    if let Some(clause) = &sig.generics.where_clause {
        errors.push(Error::new_spanned(
            clause,
            "a kernel cannot have a `where` clause; remove it",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(Error::new_spanned(
            variadic,
            "a kernel cannot be variadic; list one parameter per stream",
        ));
    }
}

fn check_param(param: &Param, errors: &mut Errors) {
    if let FnArg::Receiver(receiver) = param.arg {
        errors.push(Error::new_spanned(
            receiver,
            "a kernel cannot take `self`; write it as a free function over elements",
        ));
        return;
    }
    if let FnArg::Typed(typed) = param.arg
        && param.ident.is_none()
    {
        errors.push(Error::new_spanned(
            &typed.pat,
            "a kernel parameter must be a plain identifier such as `x`, not a pattern; the \
             name also names the generated parameter",
        ));
        return;
    }
    if let Some(ty) = param.ty
        && !elem::is_element(ty)
    {
        errors.push(Error::new_spanned(ty, elem::unsupported(ty)));
    }
    check_uniform_attrs(param, errors);
}

fn check_uniform_attrs(param: &Param, errors: &mut Errors) {
    if let Some(first) = param.uniform.first()
        && let Meta::List(list) = &first.meta
    {
        errors.push(Error::new_spanned(
            &list.tokens,
            "`#[uniform]` takes no arguments; write `#[uniform]`",
        ));
    }
    if let Some(first) = param.uniform.first()
        && let Meta::NameValue(nv) = &first.meta
    {
        errors.push(Error::new_spanned(
            &nv.value,
            "`#[uniform]` takes no value; write `#[uniform]`",
        ));
    }
    for duplicate in param.uniform.iter().skip(1) {
        errors.push(Error::new_spanned(
            duplicate,
            "duplicate `#[uniform]`; mark the parameter once",
        ));
    }
}

fn check_has_input(kernel: &Kernel, errors: &mut Errors) {
    if kernel.inputs().next().is_some() {
        return;
    }
    let sig = &kernel.item.sig;
    let message = if kernel.args.reduce.is_some() {
        "a reduction needs at least one input stream: a parameter without `#[uniform]`; \
         it folds the elements of its streams"
    } else {
        "a kernel needs at least one input stream: a parameter without `#[uniform]`; the \
         streams set the number of elements"
    };
    if sig.inputs.is_empty() {
        errors.push(Error::new(sig.paren_token.span.join(), message));
    } else {
        errors.push(Error::new_spanned(&sig.inputs, message));
    }
}

fn check_output(kernel: &Kernel, errors: &mut Errors) {
    match &kernel.output {
        Output::Missing => errors.push(Error::new(
            kernel.item.sig.paren_token.span.close(),
            "a kernel must return its output element, e.g. `-> f32`, or a tuple of them for \
             several outputs",
        )),
        Output::Unit(ty) => errors.push(Error::new_spanned(
            ty,
            "a kernel must return at least one element; `()` gives it no output",
        )),
        Output::Tuple(_) if kernel.args.reduce.is_some() => errors.push(Error::new_spanned(
            &kernel.item.sig.output,
            "a reduction returns one value, e.g. `-> f32`; for several results write one \
             reduction each",
        )),
        Output::Single(_) | Output::Tuple(_) => {
            for ty in kernel.output.types() {
                if !elem::is_element(ty) {
                    errors.push(Error::new_spanned(ty, elem::unsupported(ty)));
                }
            }
        }
    }
}
