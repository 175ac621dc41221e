//! The kernel's parameters as generated code sees them: uniforms, input streams, what the
//! kernel produces, and how to call the element function.

use super::role::{self, Kind, Role};
use crate::args::Reduce;
use crate::ast::Kernel;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Ident, Type};

/// `__hg_base: u64, ` when the kernel takes the index: the parameter of a loop function
/// that carries the index of its first element.
pub fn base_param(streams: &Streams) -> TokenStream {
    let base = base_ident();
    if streams.index {
        quote!(#base: u64,)
    } else {
        TokenStream::new()
    }
}

/// `expr, ` when the kernel takes the index: the argument for [`base_param`].
pub fn base_arg(streams: &Streams, expr: TokenStream) -> TokenStream {
    if streams.index {
        quote!(#expr,)
    } else {
        TokenStream::new()
    }
}

/// `let mut __hg_at = __hg_base;` when the kernel takes the index.
pub fn index_start(streams: &Streams) -> TokenStream {
    let (at, base) = (index_ident(), base_ident());
    if streams.index {
        quote!(let mut #at: u64 = #base;)
    } else {
        TokenStream::new()
    }
}

/// `__hg_at += 1;` after each element, when the kernel takes the index.
pub fn index_step(streams: &Streams) -> TokenStream {
    let at = index_ident();
    if streams.index {
        quote!(#at = #at.wrapping_add(1);)
    } else {
        TokenStream::new()
    }
}

/// One uniform, input or output of the generated functions.
pub struct Stream<'a> {
    /// The public name, as the user wrote it (or a fresh one for outputs).
    pub name: Ident,
    /// Its parameter list, and its place in it.
    kind: Kind,
    index: usize,
    /// The element type, as written.
    pub ty: &'a Type,
}

impl Stream<'_> {
    /// The stream's identifier in `role` inside generated code, never the user's name.
    pub fn ident(&self, role: Role) -> Ident {
        role::ident(self.kind, self.index, role)
    }

    /// Whether the stream is an output.
    pub fn is_output(&self) -> bool {
        self.kind == Kind::Output
    }

    /// `(is an input, index in its list)`.
    pub fn position(&self) -> (bool, usize) {
        (self.kind == Kind::Input, self.index)
    }
}

/// What a kernel produces.
pub enum Results<'a> {
    /// An elementwise kernel writes these output streams, one per result of the function.
    Streams(Vec<Stream<'a>>),
    /// A reduction folds the function's results into one value or a tuple of them.
    Reduce(Reduction<'a>),
}

/// What a reduction folds to, and how.
pub struct Reduction<'a> {
    /// The result's components: one type, or one per tuple element.
    pub components: Vec<&'a Type>,
    /// Whether the function returns a tuple (even of one element).
    pub tuple: bool,
    /// The combiners.
    pub reduce: &'a Reduce,
}

impl Reduction<'_> {
    /// The result type as generated code writes it: `T`, or `(T0, T1, ..)`.
    pub fn ty(&self) -> TokenStream {
        let components = &self.components;
        if self.tuple {
            quote!((#(#components,)*))
        } else {
            quote!(#(#components)*)
        }
    }
}

/// The identifier of the element's index inside generated loops: the `#[index]` argument.
pub fn index_ident() -> Ident {
    quote::format_ident!("__hg_at")
}

/// The identifier of the index of a loop's first element.
pub fn base_ident() -> Ident {
    quote::format_ident!("__hg_base")
}

/// Every parameter of the generated functions, in order.
pub struct Streams<'a> {
    pub uniforms: Vec<Stream<'a>>,
    pub inputs: Vec<Stream<'a>>,
    pub results: Results<'a>,
    /// The element function's parameters in declaration order.
    order: Vec<(Kind, usize)>,
    /// The name of the executor parameter of `run`.
    pub exec: Ident,
    /// Whether the element function takes the element's index (`#[index]`).
    pub index: bool,
}

impl<'a> Streams<'a> {
    /// Reads the streams of a kernel that passed `valid`.
    pub fn new(kernel: &'a Kernel<'a>) -> syn::Result<Self> {
        let taken: Vec<String> = kernel
            .params
            .iter()
            .filter_map(|p| p.ident.map(Ident::to_string))
            .collect();
        let (mut uniforms, mut inputs, mut order) = (Vec::new(), Vec::new(), Vec::new());
        for param in &kernel.params {
            let (Some(name), Some(ty)) = (param.ident, param.ty) else {
                continue;
            };
            if param.is_index() {
                order.push((Kind::Index, 0));
                continue;
            }
            let (list, kind) = if param.is_uniform() {
                (&mut uniforms, Kind::Uniform)
            } else {
                (&mut inputs, Kind::Input)
            };
            let index = list.len();
            order.push((kind, index));
            list.push(Stream {
                name: name.clone(),
                kind,
                index,
                ty,
            });
        }
        let types = kernel.output.types();
        let results = match &kernel.args.reduce {
            Some(reduce) => Results::Reduce(Reduction {
                tuple: matches!(kernel.output, crate::ast::Output::Tuple(_)),
                components: types,
                reduce,
            }),
            None => {
                let names = names::outputs(types.len(), &taken);
                let outputs = types.into_iter().zip(names).enumerate();
                let outputs = outputs.map(|(index, (ty, name))| Stream {
                    name,
                    kind: Kind::Output,
                    index,
                    ty,
                });
                Results::Streams(outputs.collect())
            }
        };
        Ok(Streams {
            uniforms,
            inputs,
            results,
            order,
            exec: names::fresh("exec", &taken),
            index: kernel.index_param().is_some(),
        })
    }

    /// `__hg_element(args...)`: the element function (imported once per module as
    /// `__hg_element`) called with each uniform's value and, for
    /// input stream `i`, `inputs[i]`.
    pub fn call(&self, inputs: &[TokenStream]) -> TokenStream {
        let args = self.order.iter().map(|&(kind, i)| match kind {
            Kind::Uniform => {
                let value = self.uniforms[i].ident(Role::Param);
                quote!(#value)
            }
            Kind::Index => {
                let at = index_ident();
                quote!(#at)
            }
            Kind::Input | Kind::Output => inputs[i].clone(),
        });
        quote!(__hg_element(#(#args),*))
    }

    /// The streams the kernel writes: an elementwise kernel's outputs; none for a
    /// reduction, which returns its value.
    pub fn outputs(&self) -> &[Stream<'a>] {
        match &self.results {
            Results::Streams(outputs) => outputs,
            Results::Reduce(_) => &[],
        }
    }

    /// The user's parameters in declaration order, uniforms by value and inputs as `stream(ty)`.
    pub fn ordered_params(
        &self,
        kernel: &Kernel,
        stream: impl Fn(&syn::Type) -> TokenStream,
    ) -> Vec<TokenStream> {
        let mut uniforms = self.uniforms.iter();
        let mut inputs = self.inputs.iter();
        let mut params = Vec::new();
        for param in kernel.params.iter().filter(|p| !p.is_index()) {
            let next = if param.is_uniform() {
                uniforms.next().map(|s| {
                    let (name, ty) = (&s.name, s.ty);
                    quote!(#name: #ty)
                })
            } else {
                inputs.next().map(|s| {
                    let name = &s.name;
                    let ty = stream(s.ty);
                    quote!(#name: #ty)
                })
            };
            params.extend(next);
        }
        params
    }
}

/// `a.zip(b).zip(c)` and the matching pattern `((a, b), c)`.
pub fn zip_chain(items: Vec<(TokenStream, TokenStream)>) -> (TokenStream, TokenStream) {
    let mut items = items.into_iter();
    let Some((mut iter, mut pat)) = items.next() else {
        return (quote!(::core::iter::empty::<()>()), quote!(_));
    };
    for (next_iter, next_pat) in items {
        iter = quote!(#iter.zip(#next_iter));
        pat = quote!((#pat, #next_pat));
    }
    (iter, pat)
}
