//! The kernel IR: a borrowed view of the function that keeps the syntax for spans.

use crate::args::Args;
use syn::{Attribute, FnArg, Ident, ItemFn, Pat, ReturnType, Type};

/// A function under `#[kernel]`, read but not yet validated.
pub struct Kernel<'a> {
    /// The function as written.
    pub item: &'a ItemFn,
    /// The attribute's options.
    pub args: Args,
    /// The parameters, in declaration order.
    pub params: Vec<Param<'a>>,
    /// The return type, split into outputs.
    pub output: Output<'a>,
}

/// One parameter.
pub struct Param<'a> {
    /// The parameter as written.
    pub arg: &'a FnArg,
    /// The binding, when the pattern is a plain identifier.
    pub ident: Option<&'a Ident>,
    /// The type; `None` for a `self` receiver.
    pub ty: Option<&'a Type>,
    /// Every `#[uniform]` on the parameter (more than one is an error).
    pub uniform: Vec<&'a Attribute>,
    /// Every `#[index]` on the parameter (more than one is an error).
    pub index: Vec<&'a Attribute>,
}

impl Param<'_> {
    /// Whether the parameter is a uniform rather than an input stream.
    pub fn is_uniform(&self) -> bool {
        !self.uniform.is_empty()
    }

    /// Whether the parameter is the element's index (`#[index]`) rather than an input stream.
    pub fn is_index(&self) -> bool {
        !self.index.is_empty()
    }

    /// Whether the parameter is an input stream: neither a uniform nor the index.
    pub fn is_input(&self) -> bool {
        !self.is_uniform() && !self.is_index()
    }
}

/// What the function returns.
pub enum Output<'a> {
    /// No `->` at all.
    Missing,
    /// `-> ()`.
    Unit(&'a Type),
    /// `-> T`: one output.
    Single(&'a Type),
    /// `-> (T, U, ...)`: one output per element.
    Tuple(Vec<&'a Type>),
}

impl<'a> Output<'a> {
    /// The output types, in order.
    pub fn types(&self) -> Vec<&'a Type> {
        match self {
            Output::Missing | Output::Unit(_) => Vec::new(),
            Output::Single(ty) => vec![*ty],
            Output::Tuple(types) => types.clone(),
        }
    }
}

impl<'a> Kernel<'a> {
    /// Reads `item` into the IR. Never fails: `valid` reports what is wrong.
    pub fn from_syn(item: &'a ItemFn, args: Args) -> Self {
        let params = item.sig.inputs.iter().map(Param::from_syn).collect();
        let output = Output::from_syn(&item.sig.output);
        Kernel {
            item,
            args,
            params,
            output,
        }
    }

    /// The function's name.
    pub fn ident(&self) -> &'a Ident {
        &self.item.sig.ident
    }

    /// The name the kernel registers under.
    pub fn name(&self) -> String {
        match &self.args.name {
            Some(name) => name.value(),
            None => self.ident().to_string(),
        }
    }

    /// The input-stream parameters, in order.
    pub fn inputs(&self) -> impl Iterator<Item = &Param<'a>> {
        self.params.iter().filter(|p| p.is_input())
    }

    /// The `#[index]` parameter, if any (the first, when several are marked, which `valid`
    /// refuses).
    pub fn index_param(&self) -> Option<&Param<'a>> {
        self.params.iter().find(|p| p.is_index())
    }
}

impl<'a> Param<'a> {
    fn from_syn(arg: &'a FnArg) -> Self {
        match arg {
            FnArg::Receiver(receiver) => Param {
                arg,
                ident: None,
                ty: None,
                uniform: uniform_attrs(&receiver.attrs),
                index: index_attrs(&receiver.attrs),
            },
            FnArg::Typed(typed) => Param {
                arg,
                ident: plain_ident(&typed.pat),
                ty: Some(ungroup(&typed.ty)),
                uniform: uniform_attrs(&typed.attrs),
                index: index_attrs(&typed.attrs),
            },
        }
    }
}

impl<'a> Output<'a> {
    fn from_syn(output: &'a ReturnType) -> Self {
        let ty = match output {
            ReturnType::Default => return Output::Missing,
            ReturnType::Type(_, ty) => &**ty,
        };
        match ungroup(ty) {
            Type::Tuple(tuple) if tuple.elems.is_empty() => Output::Unit(ty),
            Type::Tuple(tuple) => Output::Tuple(tuple.elems.iter().map(ungroup).collect()),
            other => Output::Single(other),
        }
    }
}

/// Looks through the invisible groups that `macro_rules!` wraps around types, and through
/// parentheses, so that generated code never writes `&[(f32)]`.
fn ungroup(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => ungroup(&group.elem),
        Type::Paren(paren) => ungroup(&paren.elem),
        _ => ty,
    }
}

fn plain_ident(pat: &Pat) -> Option<&Ident> {
    match pat {
        Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => Some(&p.ident),
        _ => None,
    }
}

/// Whether `attr` is the helper attribute `#[uniform]` (with or without arguments).
pub fn is_uniform_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("uniform")
}

fn uniform_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs.iter().filter(|a| is_uniform_attr(a)).collect()
}

/// Whether `attr` is the helper attribute `#[index]` (with or without arguments).
pub fn is_index_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("index")
}

fn index_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs.iter().filter(|a| is_index_attr(a)).collect()
}
