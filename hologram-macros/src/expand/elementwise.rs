//! `slices`, `run`, the entry point and the two loops of an elementwise kernel.
//!
//! Both loops walk the streams in chunks of `LANES` elements and then the remainder. The
//! chunk body has a fixed trip count and no bounds checks, which is what LLVM vectorizes.
//! - The slice loop works on `&[T]` / `&mut [T]` and serves `slices`.
//! - The cell loop works on `&[Cell<T>]`, so an output may be the same memory as an input;
//!   it loads a whole chunk of every input before it stores any output, which keeps in-place
//!   calls exact. It serves `run` and the C entry point.
//!
//! Generated code contains no `unsafe`: crates under `#![forbid(unsafe_code)]` can define
//! kernels.

use super::streams::{Stream, Streams, zip_chain};
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn expand(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let slices = slices_fn(kernel, streams);
    let run = run_fn(kernel, streams);
    let entry = entry_fn(streams);
    let slice_loop = slice_loop(streams);
    let cell_loop = cell_loop(streams);
    quote!(#slices #run #entry #slice_loop #cell_loop)
}

/// The length check: one comparison per stream on the hot path; the descriptions of the
/// streams are only built, in a cold function, when a length is off.
fn check_lengths(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let name = kernel.name();
    let inputs = streams
        .inputs
        .iter()
        .map(|s| (format!("input `{}`", s.name), &s.name));
    let outputs = streams
        .outputs
        .iter()
        .map(|s| (format!("output `{}`", s.name), &s.name));
    let all: Vec<_> = inputs.chain(outputs).collect();
    let entries = all
        .iter()
        .map(|(label, name)| quote!((#label, #name.len())));
    // `valid` guarantees an input stream, so `first` always exists.
    let Some(((_, first), others)) = all.split_first() else {
        return TokenStream::new();
    };
    let others = others
        .iter()
        .map(|(_, name)| quote!(#name.len() != __hg_len));
    quote! {
        let __hg_len = #first.len();
        if #(#others)||* {
            return ::core::result::Result::Err(
                ::hologram::__private::length_mismatch(#name, &[#(#entries),*]),
            );
        }
    }
}

fn slices_fn(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let params = ordered_params(kernel, streams, |ty| quote!(&[#ty]));
    let outputs = streams.outputs.iter().map(|s| {
        let (name, ty) = (&s.name, s.ty);
        quote!(#name: &mut [#ty])
    });
    let lengths = check_lengths(kernel, streams);
    let loop_args = streams
        .uniforms
        .iter()
        .chain(streams.all_streams())
        .map(|s| &s.name);
    let doc = format!(
        "Runs `{ident}` over slices: `out[i] = {ident}(.., x[i], ..)` for every `i`.\n\n\
         Uniforms are passed as values, each input as a slice, each output as a mutable \
         slice, in declaration order.\n\n\
         # Errors\n\
         `Error::LengthMismatch` when the slices differ in length; nothing is written then.",
        ident = kernel.ident()
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn slices(#(#params,)* #(#outputs),*) -> ::hologram::__private::Result<()> {
            #lengths
            __hg_slice_loop(#(#loop_args),*);
            ::core::result::Result::Ok(())
        }
    }
}

/// The user's parameters in declaration order, uniforms by value and inputs as `stream(ty)`.
fn ordered_params(
    kernel: &Kernel,
    streams: &Streams,
    stream: impl Fn(&syn::Type) -> TokenStream,
) -> Vec<TokenStream> {
    let mut uniforms = streams.uniforms.iter();
    let mut inputs = streams.inputs.iter();
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

fn run_fn(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let name = kernel.name();
    let exec = &streams.exec;
    let params = ordered_params(kernel, streams, |ty| quote!(::hologram::Buffer<#ty>));
    let outputs = streams.outputs.iter().map(|s| {
        let (name, ty) = (&s.name, s.ty);
        quote!(#name: ::hologram::Buffer<#ty>)
    });
    let distinct = (streams.outputs.len() > 1).then(|| {
        let ids = streams.outputs.iter().map(|s| {
            let (label, name) = (s.name.to_string(), &s.name);
            quote!((#label, #name.id()))
        });
        quote!(::hologram::__private::check_distinct_outputs(#name, &[#(#ids),*])?;)
    });
    let views = streams.all_streams().map(|s| {
        let name = &s.name;
        quote!(let #name = __hg_view.get(#name)?;)
    });
    let lengths = check_lengths(kernel, streams);
    let loop_args = streams
        .uniforms
        .iter()
        .chain(streams.all_streams())
        .map(|s| &s.name);
    let doc = format!(
        "Runs `{}` over buffers in class memory, without allocating.\n\n\
         An output may be the same buffer as an input of its type (in place); two outputs \
         may not be the same buffer.\n\n\
         # Errors\n\
         `Error::StaleBuffer` or `Error::ForeignBuffer` for a handle this executor cannot \
         use, `Error::AliasedOutputs` for two outputs in one buffer, \
         `Error::LengthMismatch` for buffers of different lengths. Nothing is written then.",
        kernel.ident()
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn run(
            #exec: &mut ::hologram::Executor,
            #(#params,)*
            #(#outputs),*
        ) -> ::hologram::__private::Result<()> {
            #distinct
            let __hg_view = #exec.cells();
            #(#views)*
            #lengths
            __hg_cell_loop(#(#loop_args),*);
            ::core::result::Result::Ok(())
        }
    }
}

/// The entry point's body, in safe code: the runtime's generic `entry::<__HgEntry>` is the
/// `extern "C"` function, and every type this body asks for is checked against `DESCRIPTOR`.
fn entry_fn(streams: &Streams) -> TokenStream {
    let fetch = |list: &[Stream], method: &str| -> Vec<TokenStream> {
        let method = format_ident!("{}", method);
        list.iter()
            .enumerate()
            .map(|(i, s)| {
                let (local, ty) = (&s.local, s.ty);
                quote!(let #local = __hg_call.#method::<#ty>(#i)?;)
            })
            .collect()
    };
    let uniforms = fetch(&streams.uniforms, "uniform");
    let inputs = fetch(&streams.inputs, "input");
    let outputs = fetch(&streams.outputs, "output");
    let args = streams
        .uniforms
        .iter()
        .chain(streams.all_streams())
        .map(|s| &s.local);
    quote! {
        /// The body of the kernel's C entry point.
        struct __HgEntry;

        #[automatically_derived]
        impl ::hologram::__private::EntryBody for __HgEntry {
            const DESCRIPTOR: ::hologram::__private::KernelDescriptor = DESCRIPTOR;

            fn run(
                __hg_call: &::hologram::__private::EntryCall<'_>,
            ) -> ::core::result::Result<(), ::hologram::__private::EntryError> {
                #(#uniforms)*
                #(#inputs)*
                #(#outputs)*
                __hg_cell_loop(#(#args),*);
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// Parameters of a loop function: uniforms by value, streams as `stream(ty)`.
fn loop_params(
    streams: &Streams,
    input: impl Fn(&syn::Type) -> TokenStream,
    output: impl Fn(&syn::Type) -> TokenStream,
) -> TokenStream {
    let uniforms = streams.uniforms.iter().map(|s| {
        let (local, ty) = (&s.local, s.ty);
        quote!(#local: #ty)
    });
    let inputs = streams.inputs.iter().map(|s| {
        let (local, ty) = (&s.local, input(s.ty));
        quote!(#local: #ty)
    });
    let outputs = streams.outputs.iter().map(|s| {
        let (local, ty) = (&s.local, output(s.ty));
        quote!(#local: #ty)
    });
    quote!(#(#uniforms,)* #(#inputs,)* #(#outputs),*)
}

/// `let (x_chunks, x_rest) = x.as_chunks::<LANES>();` for every stream.
fn split_chunks(streams: &Streams, output_method: &str) -> TokenStream {
    let output_method = format_ident!("{}", output_method);
    let splits = streams.all_streams().enumerate().map(|(i, s)| {
        let local = &s.local;
        let (chunks, rest) = chunk_names(s);
        let method = if i < streams.inputs.len() {
            quote!(as_chunks)
        } else {
            quote!(#output_method)
        };
        quote! {
            let (#chunks, #rest) = #local.#method::<{ ::hologram::__private::LANES }>();
        }
    });
    quote!(#(#splits)*)
}

fn chunk_names(s: &Stream) -> (syn::Ident, syn::Ident) {
    (
        format_ident!("{}_chunks", s.local),
        format_ident!("{}_rest", s.local),
    )
}

/// One element: read every input with `read`, call, write every output with `write`.
fn element_body(
    streams: &Streams,
    read: impl Fn(&syn::Ident) -> TokenStream,
    write: impl Fn(&syn::Ident, &syn::Ident) -> TokenStream,
) -> TokenStream {
    let call = streams.call(|s| read(&s.local));
    let bind = streams.bind_results(call);
    let results = streams.result_idents();
    let writes = streams
        .outputs
        .iter()
        .zip(&results)
        .map(|(s, r)| write(&s.local, r));
    quote!(#bind #(#writes)*)
}

/// Iterates the given per-stream iterables in lockstep, with the streams' locals as pattern.
fn lockstep(
    streams: &Streams,
    input: impl Fn(&Stream) -> TokenStream,
    output: impl Fn(&Stream) -> TokenStream,
) -> (TokenStream, TokenStream) {
    let items = streams
        .inputs
        .iter()
        .map(|s| (input(s), s.local.clone()))
        .chain(streams.outputs.iter().map(|s| (output(s), s.local.clone())))
        .map(|(iter, local)| (iter, quote!(#local)))
        .collect();
    zip_chain(items)
}

fn slice_loop(streams: &Streams) -> TokenStream {
    let params = loop_params(streams, |ty| quote!(&[#ty]), |ty| quote!(&mut [#ty]));
    let split = split_chunks(streams, "as_chunks_mut");
    let (chunks, chunk_pat) = lockstep(
        streams,
        |s| {
            let c = chunk_names(s).0;
            quote!(#c.iter())
        },
        |s| {
            let c = chunk_names(s).0;
            quote!(#c.iter_mut())
        },
    );
    let elems = lockstep(
        streams,
        |s| {
            let l = &s.local;
            quote!(#l.iter())
        },
        |s| {
            let l = &s.local;
            quote!(#l.iter_mut())
        },
    );
    let (elem_iter, elem_pat) = elems;
    let body = element_body(streams, |l| quote!(*#l), |o, r| quote!(*#o = #r;));
    let (rest, rest_pat) = lockstep(
        streams,
        |s| {
            let r = chunk_names(s).1;
            quote!(#r.iter())
        },
        |s| {
            let r = chunk_names(s).1;
            quote!(#r.iter_mut())
        },
    );
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_slice_loop(#params) {
            #split
            for #chunk_pat in #chunks {
                for #elem_pat in #elem_iter {
                    #body
                }
            }
            for #rest_pat in #rest {
                #body
            }
        }
    }
}

fn cell_loop(streams: &Streams) -> TokenStream {
    let cell = |ty: &syn::Type| quote!(&[::hologram::__private::Cell<#ty>]);
    let params = loop_params(streams, cell, cell);
    let split = split_chunks(streams, "as_chunks");
    let iter_chunks = |s: &Stream| {
        let c = chunk_names(s).0;
        quote!(#c.iter())
    };
    let (chunks, chunk_pat) = lockstep(streams, iter_chunks, iter_chunks);
    let loads = streams.inputs.iter().map(|s| {
        let l = &s.local;
        quote!(let #l = ::hologram::__private::load(#l);)
    });
    let values: Vec<_> = streams
        .outputs
        .iter()
        .map(|s| format_ident!("{}_values", s.local))
        .collect();
    let zeroed = streams.outputs.iter().zip(&values).map(|(s, v)| {
        let ty = s.ty;
        quote! {
            let mut #v: [#ty; ::hologram::__private::LANES] =
                [<#ty as ::core::default::Default>::default(); ::hologram::__private::LANES];
        }
    });
    let (elem_iter, elem_pat) = lockstep(
        streams,
        |s| {
            let l = &s.local;
            quote!(#l.iter())
        },
        |s| {
            let v = format_ident!("{}_values", s.local);
            quote!(#v.iter_mut())
        },
    );
    let chunk_body = element_body(streams, |l| quote!(*#l), |o, r| quote!(*#o = #r;));
    let stores = streams.outputs.iter().zip(&values).map(|(s, v)| {
        let l = &s.local;
        quote!(::hologram::__private::store(#l, #v);)
    });
    let iter_rest = |s: &Stream| {
        let r = chunk_names(s).1;
        quote!(#r.iter())
    };
    let (rest, rest_pat) = lockstep(streams, iter_rest, iter_rest);
    let rest_body = element_body(streams, |l| quote!(#l.get()), |o, r| quote!(#o.set(#r);));
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_cell_loop(#params) {
            #split
            for #chunk_pat in #chunks {
                #(#loads)*
                #(#zeroed)*
                for #elem_pat in #elem_iter {
                    #chunk_body
                }
                #(#stores)*
            }
            for #rest_pat in #rest {
                #rest_body
            }
        }
    }
}
