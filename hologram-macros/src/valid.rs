//! Semantic checks. Every misuse becomes a `syn::Error` on the offending tokens; all of them
//! are collected, so the user sees every problem at once. `expand` may assume a kernel that
//! passed.

use crate::args::Reduce;
use crate::ast::{Kernel, Output, Param};
use crate::elem;
use quote::ToTokens;
use syn::{Error, FnArg, Meta, Signature, Type};

/// Checks `kernel`, returning every problem found.
pub fn check(kernel: &Kernel) -> syn::Result<()> {
    let mut errors = Errors::default();
    let mut types = TypeErrors::new(&kernel.item.sig);
    check_signature(&kernel.item.sig, &mut errors);
    for param in &kernel.params {
        check_param(param, &mut types, &mut errors);
    }
    check_index(kernel, &mut errors);
    check_has_input(kernel, &mut errors);
    check_output(kernel, &mut types, &mut errors);
    check_stream_counts(kernel, &mut errors);
    types.finish(&mut errors);
    errors.finish()
}

/// Unsupported element types, each reported once on its first use: a type alias written for
/// every parameter is one mistake. Types that name a generic parameter of the function are
/// not reported at all: the one error there is "cannot be generic".
struct TypeErrors<'a> {
    generics: Vec<String>,
    seen: Vec<(String, &'a Type, usize)>,
}

impl<'a> TypeErrors<'a> {
    fn new(sig: &Signature) -> Self {
        let generics = sig
            .generics
            .type_params()
            .map(|p| p.ident.to_string())
            .collect();
        TypeErrors {
            generics,
            seen: Vec::new(),
        }
    }

    /// Records `ty` if it is not an element type.
    fn check(&mut self, ty: &'a Type) {
        if elem::is_element(ty) || self.names_generic(ty) {
            return;
        }
        let text = ty.to_token_stream().to_string();
        match self.seen.iter_mut().find(|(t, _, _)| *t == text) {
            Some((_, _, count)) => *count += 1,
            None => self.seen.push((text, ty, 1)),
        }
    }

    /// Whether any identifier in `ty` is one of the function's generic type parameters.
    fn names_generic(&self, ty: &Type) -> bool {
        fn idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
            for tree in tokens {
                match tree {
                    proc_macro2::TokenTree::Ident(i) => out.push(i.to_string()),
                    proc_macro2::TokenTree::Group(g) => idents(g.stream(), out),
                    _ => {}
                }
            }
        }
        if self.generics.is_empty() {
            return false;
        }
        let mut found = Vec::new();
        idents(ty.to_token_stream(), &mut found);
        found.iter().any(|i| self.generics.contains(i))
    }

    fn finish(self, errors: &mut Errors) {
        for (_, ty, count) in self.seen {
            let mut message = elem::unsupported(ty);
            if count > 1 {
                message.push_str(&format!(
                    " (written {count} times in this signature; one fix covers every use)"
                ));
            }
            errors.push(Error::new_spanned(ty, message));
        }
    }
}

/// The type `#[index]` takes.
const INDEX_TYPE: &str = "u64";

/// `#[index]`: at most one, of type `u64`, not also a uniform, without arguments.
fn check_index(kernel: &Kernel, errors: &mut Errors) {
    let mut marked = kernel.params.iter().filter(|p| p.is_index());
    if let Some(first) = marked.next()
        && let Some(ty) = first.ty
        && ty.to_token_stream().to_string() != INDEX_TYPE
    {
        errors.push(Error::new_spanned(
            ty,
            "an `#[index]` parameter is `u64`: the element's index within the call; write \
             `#[index] i: u64` and convert inside the body",
        ));
    }
    for extra in marked {
        let attr = extra
            .index
            .first()
            .map_or_else(|| extra.arg.to_token_stream(), |a| a.to_token_stream());
        errors.push(Error::new_spanned(
            attr,
            "a kernel has one `#[index]` parameter; every element has one index, so read it \
             once and derive the others in the body",
        ));
    }
    for param in &kernel.params {
        if let (Some(index), Some(_)) = (param.index.first(), param.uniform.first()) {
            errors.push(Error::new_spanned(
                index,
                "a parameter is either `#[uniform]` (one value for every element) or \
                 `#[index]` (each element's index), not both; remove one",
            ));
        }
        for duplicate in param.index.iter().skip(1) {
            errors.push(Error::new_spanned(
                duplicate,
                "duplicate `#[index]`; mark the parameter once",
            ));
        }
        if let Some(first) = param.index.first()
            && !matches!(first.meta, Meta::Path(_))
        {
            errors.push(Error::new_spanned(
                first,
                "`#[index]` takes no arguments; write `#[index]`",
            ));
        }
    }
}

/// The most uniforms, inputs and outputs a kernel may declare: the C ABI's
/// `hologram::abi::MAX_STREAMS`, which a runtime test keeps equal to this.
pub const MAX_STREAMS: usize = 16;

fn check_stream_counts(kernel: &Kernel, errors: &mut Errors) {
    let message = |what: &str, advice: &str| {
        format!("a kernel takes at most {MAX_STREAMS} {what} (the C ABI's MAX_STREAMS); {advice}")
    };
    let uniforms = kernel.params.iter().filter(|p| p.is_uniform());
    if let Some(extra) = uniforms.clone().nth(MAX_STREAMS) {
        errors.push(Error::new_spanned(
            extra.arg,
            message(
                "uniforms",
                "combine uniforms before the call (pass `a * b` rather than `a` and `b`), or \
                 run the work as two kernels",
            ),
        ));
    }
    if let Some(extra) = kernel.inputs().nth(MAX_STREAMS) {
        errors.push(Error::new_spanned(
            extra.arg,
            message(
                "input streams",
                "mark values that are the same for every element `#[uniform]`, or run the \
                 work in two passes: a first kernel that folds some inputs into one output \
                 stream, and a second that takes that stream with the rest",
            ),
        ));
    }
    if let Output::Tuple(types) = &kernel.output
        && types.len() > MAX_STREAMS
    {
        let (what, advice) = if kernel.args.reduce.is_some() {
            (
                "results",
                "split the reduction into two, each returning some of the results",
            )
        } else {
            (
                "outputs",
                "split the kernel into two, each writing some of the outputs",
            )
        };
        errors.push(Error::new_spanned(
            &kernel.item.sig.output,
            message(what, advice),
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

fn check_param<'a>(param: &Param<'a>, types: &mut TypeErrors<'a>, errors: &mut Errors) {
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
    // The index has its own type rule (`check_index`).
    if let Some(ty) = param.ty
        && !param.is_index()
    {
        types.check(ty);
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

fn check_output<'a>(kernel: &Kernel<'a>, types: &mut TypeErrors<'a>, errors: &mut Errors) {
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
        Output::Single(_) | Output::Tuple(_) => {
            check_combiners(kernel, errors);
            for ty in kernel.output.types() {
                types.check(ty);
            }
        }
    }
}

/// A reduction's combiners fit its result: one built-in for one value, a list of built-ins
/// as long as a tuple result, or a combiner of the user's own for either.
fn check_combiners(kernel: &Kernel, errors: &mut Errors) {
    let results = match &kernel.output {
        Output::Tuple(types) => Some(types.len()),
        _ => None,
    };
    match (&kernel.args.reduce, results) {
        (Some(Reduce::Builtin(_)), Some(n)) => errors.push(Error::new_spanned(
            &kernel.item.sig.output,
            format!(
                "a tuple of {n} results needs a combiner per component, e.g. `reduce = ({})`, \
                 or one combiner over the whole tuple: `reduce(combine = path, identity = \
                 (..))`",
                vec!["add"; n].join(", ")
            ),
        )),
        (Some(Reduce::Builtins { combiners, list }), Some(n)) if combiners.len() != n => {
            errors.push(Error::new_spanned(
                list,
                format!(
                    "{} combiners for a tuple of {n} results; list one per component, in \
                     order",
                    combiners.len()
                ),
            ));
        }
        (Some(Reduce::Builtins { list, .. }), None) => errors.push(Error::new_spanned(
            list,
            "a list of combiners is for a tuple result, one combiner per component; for one \
             result write one combiner, e.g. `reduce = add`",
        )),
        _ => {}
    }
}
