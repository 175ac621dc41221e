//! The kernel's parameters as generated code sees them: uniforms, input streams, outputs, and
//! how to call the element function.

use crate::ast::Kernel;
use crate::names;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, Type};

/// One uniform, input or output of the generated functions.
pub struct Stream<'a> {
    /// The public name, as the user wrote it (or a fresh one for outputs).
    pub name: Ident,
    /// The internal name used inside generated loops, never the user's.
    pub local: Ident,
    /// The element type, as written.
    pub ty: &'a Type,
}

/// Every parameter of the generated functions, in order.
pub struct Streams<'a> {
    pub uniforms: Vec<Stream<'a>>,
    pub inputs: Vec<Stream<'a>>,
    /// The output streams of an elementwise kernel; empty for a reduction.
    pub outputs: Vec<Stream<'a>>,
    /// The result type of a reduction.
    pub result: Option<&'a Type>,
    /// The element function's arguments in declaration order: `(is_uniform, index)`.
    order: Vec<(bool, usize)>,
    /// The element function, called from inside the generated module.
    function: Ident,
    /// The name of the executor parameter of `run`.
    pub exec: Ident,
}

impl<'a> Streams<'a> {
    pub fn new(kernel: &'a Kernel<'a>) -> Self {
        let taken: Vec<String> = kernel
            .params
            .iter()
            .filter_map(|p| p.ident.map(Ident::to_string))
            .collect();
        let mut streams = Streams {
            uniforms: Vec::new(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            result: None,
            order: Vec::new(),
            function: kernel.ident().clone(),
            exec: names::fresh("exec", &taken),
        };
        for param in &kernel.params {
            let (Some(name), Some(ty)) = (param.ident, param.ty) else {
                continue;
            };
            let (list, prefix) = if param.is_uniform() {
                (&mut streams.uniforms, "uniform")
            } else {
                (&mut streams.inputs, "in")
            };
            streams.order.push((param.is_uniform(), list.len()));
            let local = format_ident!("__hg_{}{}", prefix, list.len());
            list.push(Stream {
                name: name.clone(),
                local,
                ty,
            });
        }
        let types = kernel.output.types();
        if kernel.args.reduce.is_some() {
            streams.result = types.first().copied();
            return streams;
        }
        let out_names = names::outputs(types.len(), &taken);
        for (i, (ty, name)) in types.into_iter().zip(out_names).enumerate() {
            let local = format_ident!("__hg_out{}", i);
            streams.outputs.push(Stream { name, local, ty });
        }
        streams
    }

    /// `super::f(args...)`, where `input(i)` gives the expression for input stream `i`'s
    /// element; uniforms are passed by their local names.
    pub fn call(&self, input: impl Fn(&Stream) -> TokenStream) -> TokenStream {
        let args = self.order.iter().map(|&(uniform, i)| {
            if uniform {
                let local = &self.uniforms[i].local;
                quote!(#local)
            } else {
                input(&self.inputs[i])
            }
        });
        let function = &self.function;
        quote!(super::#function(#(#args),*))
    }

    /// `let (r0, r1, ...) = call;` binding the outputs to `result_ident(i)`.
    pub fn bind_results(&self, call: TokenStream) -> TokenStream {
        let results = self.result_idents();
        if results.len() == 1 {
            quote!(let #(#results)* = #call;)
        } else {
            quote!(let (#(#results),*) = #call;)
        }
    }

    /// The locals that hold one element of each output.
    pub fn result_idents(&self) -> Vec<Ident> {
        (0..self.outputs.len())
            .map(|i| Ident::new(&format!("__hg_r{i}"), Span::call_site()))
            .collect()
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
        for param in &kernel.params {
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

    /// Inputs then outputs.
    pub fn all_streams(&self) -> impl Iterator<Item = &Stream<'a>> {
        self.inputs.iter().chain(&self.outputs)
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
