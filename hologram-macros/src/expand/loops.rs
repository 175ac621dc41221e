//! The two loops of an elementwise kernel.
//!
//! Both walk the streams in chunks of `LANES` elements and then the remainder. The chunk
//! body has a fixed trip count and no bounds checks, which is what LLVM vectorizes.
//! - The slice loop works on `&[T]` / `&mut [T]` and serves `slices`.
//! - The cell loop works on `&[Cell<T>]`, so an output may be the same memory as an input;
//!   it loads a whole chunk of every input before it stores any output, which keeps in-place
//!   calls exact. It serves `run` and the C entry point.

use super::streams::{Stream, Streams, zip_chain};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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

/// `let (x_chunks, x_rest) = x.as_chunks::<LANES>();` for every stream; outputs use
/// `output_method`.
fn split_chunks(streams: &Streams, output_method: &str) -> TokenStream {
    let output_method = format_ident!("{}", output_method);
    let splits = streams.all_streams().enumerate().map(|(i, s)| {
        let local = &s.local;
        let (chunks, rest) = (suffixed(s, CHUNKS), suffixed(s, REST));
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

/// Suffixes of a stream's locals: its full chunks, its remainder, a chunk of output values.
const CHUNKS: &str = "_chunks";
const REST: &str = "_rest";
const VALUES: &str = "_values";

/// The stream's local name with `suffix`.
fn suffixed(s: &Stream, suffix: &str) -> syn::Ident {
    format_ident!("{}{}", s.local, suffix)
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

/// Walks every stream in lockstep: the iterable of a stream is its local with a suffix
/// (`input_suffix` for inputs, `output_suffix` for outputs), iterated with `.iter()` for
/// inputs and `.output_method()` for outputs. The pattern binds each item to the stream's
/// local name.
fn lockstep(
    streams: &Streams,
    input_suffix: &str,
    output_suffix: &str,
    output_method: &str,
) -> (TokenStream, TokenStream) {
    let output_method = format_ident!("{}", output_method);
    let inputs = streams.inputs.iter().map(|s| {
        let iterable = suffixed(s, input_suffix);
        (quote!(#iterable.iter()), s)
    });
    let outputs = streams.outputs.iter().map(|s| {
        let iterable = suffixed(s, output_suffix);
        (quote!(#iterable.#output_method()), s)
    });
    let items = inputs
        .chain(outputs)
        .map(|(iter, s)| {
            let local = &s.local;
            (iter, quote!(#local))
        })
        .collect();
    zip_chain(items)
}

pub fn slice_loop(streams: &Streams) -> TokenStream {
    let params = loop_params(streams, |ty| quote!(&[#ty]), |ty| quote!(&mut [#ty]));
    let split = split_chunks(streams, "as_chunks_mut");
    let (chunks, chunk_pat) = lockstep(streams, CHUNKS, CHUNKS, "iter_mut");
    let (elems, elem_pat) = lockstep(streams, "", "", "iter_mut");
    let (rest, rest_pat) = lockstep(streams, REST, REST, "iter_mut");
    let body = element_body(streams, |l| quote!(*#l), |o, r| quote!(*#o = #r;));
    let args = streams
        .uniforms
        .iter()
        .chain(streams.all_streams())
        .map(|s| &s.local);
    let args = quote!(#(#args),*);
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_slice_loop(#params) {
            #split
            for #chunk_pat in #chunks {
                for #elem_pat in #elems {
                    #body
                }
            }
            for #rest_pat in #rest {
                #body
            }
        }

        /// The slice loop behind a function boundary, for the entry point: its slices come
        /// from raw pointers, and only as parameters do they carry the no-alias facts that
        /// let LLVM vectorize the chunk body (inlined, it was seen to stay scalar).
        #[inline(never)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_slice_call(#params) {
            __hg_slice_loop(#args);
        }
    }
}

pub fn cell_loop(streams: &Streams) -> TokenStream {
    let cell = |ty: &syn::Type| quote!(&[::hologram::__private::Cell<#ty>]);
    let params = loop_params(streams, cell, cell);
    let split = split_chunks(streams, "as_chunks");
    let (chunks, chunk_pat) = lockstep(streams, CHUNKS, CHUNKS, "iter");
    let loads = streams.inputs.iter().map(|s| {
        let l = &s.local;
        quote!(let #l = ::hologram::__private::load(#l);)
    });
    let zeroed = streams.outputs.iter().map(|s| {
        let (values, ty) = (suffixed(s, VALUES), s.ty);
        quote! {
            let mut #values: [#ty; ::hologram::__private::LANES] =
                [<#ty as ::core::default::Default>::default(); ::hologram::__private::LANES];
        }
    });
    let (elems, elem_pat) = lockstep(streams, "", VALUES, "iter_mut");
    let chunk_body = element_body(streams, |l| quote!(*#l), |o, r| quote!(*#o = #r;));
    let stores = streams.outputs.iter().map(|s| {
        let (local, values) = (&s.local, suffixed(s, VALUES));
        quote!(::hologram::__private::store(#local, #values);)
    });
    let (rest, rest_pat) = lockstep(streams, REST, REST, "iter");
    let rest_body = element_body(streams, |l| quote!(#l.get()), |o, r| quote!(#o.set(#r);));
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_cell_loop(#params) {
            #split
            for #chunk_pat in #chunks {
                #(#loads)*
                #(#zeroed)*
                for #elem_pat in #elems {
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

/// The fold of one block of a reduction, in the order documented in `hologram::fold`:
/// sixteen lane accumulators over the full chunks, the partial chunk padded with the
/// identity, then the tree across lanes. `__hg_combine` and `__hg_identity` are generated
/// beside it.
pub fn reduce_block(streams: &Streams, result: &syn::Type) -> TokenStream {
    let params = loop_params(streams, |ty| quote!(&[#ty]), |ty| quote!(&mut [#ty]));
    let split = split_chunks(streams, "as_chunks_mut");
    let (chunks, chunk_pat) = lockstep(streams, CHUNKS, CHUNKS, "iter");
    let (elems, elem_pat) = with_lanes(streams, "");
    let (rest, rest_pat) = with_lanes(streams, REST);
    let call = streams.call(|s| {
        let local = &s.local;
        quote!(*#local)
    });
    let first_rest = streams.inputs.first().map(|s| suffixed(s, REST));
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_block(#params) -> #result {
            let mut __hg_lanes: [#result; ::hologram::__private::LANES] =
                [__hg_identity(); ::hologram::__private::LANES];
            #split
            for #chunk_pat in #chunks {
                for #elem_pat in #elems {
                    *__hg_lane = __hg_combine(*__hg_lane, #call);
                }
            }
            if !#first_rest.is_empty() {
                let mut __hg_tail: [#result; ::hologram::__private::LANES] =
                    [__hg_identity(); ::hologram::__private::LANES];
                for #rest_pat in #rest {
                    *__hg_lane = #call;
                }
                for (__hg_lane, __hg_value) in __hg_lanes.iter_mut().zip(__hg_tail) {
                    *__hg_lane = __hg_combine(*__hg_lane, __hg_value);
                }
            }
            ::hologram::__private::combine_lanes(__hg_lanes, __hg_combine)
        }
    }
}

/// Zips a lane array (`__hg_lanes` for chunk elements, `__hg_tail` for the remainder) with
/// every input, binding the lane to `__hg_lane` and each input element to its local.
fn with_lanes(streams: &Streams, input_suffix: &str) -> (TokenStream, TokenStream) {
    let lanes = if input_suffix.is_empty() {
        quote!(__hg_lanes)
    } else {
        quote!(__hg_tail)
    };
    let mut items = vec![(quote!(#lanes.iter_mut()), quote!(__hg_lane))];
    items.extend(streams.inputs.iter().map(|s| {
        let (iterable, local) = (suffixed(s, input_suffix), &s.local);
        (quote!(#iterable.iter()), quote!(#local))
    }));
    zip_chain(items)
}
