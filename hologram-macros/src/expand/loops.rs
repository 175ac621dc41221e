//! The loops of a kernel: the two of an elementwise kernel, and the block fold of a
//! reduction.
//!
//! Every loop walks the streams in chunks of `LANES` elements and then the remainder. The
//! chunk body has a fixed trip count and no bounds checks, which is what LLVM vectorizes.
//! - The slice loop works on `&[T]` / `&mut [T]` and serves `slices` and entry calls whose
//!   streams are disjoint.
//! - The cell loop works on `&[Cell<T>]`, so an output may be the same memory as an input. It
//!   serves `run` and in-place entry calls.
//!
//! Both load a whole chunk of every input before they store any output (`chunked_loop`).

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
    let shape = LoopShape {
        name: quote!(__hg_slice_loop),
        params: loop_params(streams, |ty| quote!(&[#ty]), |ty| quote!(&mut [#ty])),
        output_chunks: "as_chunks_mut",
        output_iter: "iter_mut",
        load: &|l| quote!(*#l),
        store: &|o, values| quote!(*#o = #values;),
        read: &|l| quote!(*#l),
        write: &|o, r| quote!(*#o = #r;),
    };
    chunked_loop(streams, &shape)
}

pub fn cell_loop(streams: &Streams) -> TokenStream {
    let cell = |ty: &syn::Type| quote!(&[::hologram::__private::Cell<#ty>]);
    let shape = LoopShape {
        name: quote!(__hg_cell_loop),
        params: loop_params(streams, cell, cell),
        output_chunks: "as_chunks",
        output_iter: "iter",
        load: &|l| quote!(::hologram::__private::load(#l)),
        store: &|o, values| quote!(::hologram::__private::store(#o, #values);),
        read: &|l| quote!(#l.get()),
        write: &|o, r| quote!(#o.set(#r);),
    };
    chunked_loop(streams, &shape)
}

/// What differs between the slice loop and the cell loop.
struct LoopShape<'a> {
    name: TokenStream,
    params: TokenStream,
    /// How output streams split into chunks, and how their chunks are walked.
    output_chunks: &'a str,
    output_iter: &'a str,
    /// A whole input chunk as an array; an array stored to a whole output chunk.
    load: &'a dyn Fn(&syn::Ident) -> TokenStream,
    store: &'a dyn Fn(&syn::Ident, &syn::Ident) -> TokenStream,
    /// One element of the remainder, read and written.
    read: &'a dyn Fn(&syn::Ident) -> TokenStream,
    write: &'a dyn Fn(&syn::Ident, &syn::Ident) -> TokenStream,
}

/// A loop over whole chunks and then the remainder. Each chunk is copied from every input
/// into registers, computed into arrays, and only then stored: the loads precede the stores
/// whatever the pointers, so in-place calls stay exact, and LLVM vectorizes the chunk body
/// without having to know that the streams do not alias (it was seen to keep a slice loop
/// scalar once inlined where that fact was lost).
fn chunked_loop(streams: &Streams, shape: &LoopShape) -> TokenStream {
    let LoopShape { name, params, .. } = shape;
    let split = split_chunks(streams, shape.output_chunks);
    let (chunks, chunk_pat) = lockstep(streams, CHUNKS, CHUNKS, shape.output_iter);
    let loads = streams.inputs.iter().map(|s| {
        let (l, ty, load) = (&s.local, s.ty, (shape.load)(&s.local));
        quote!(let #l: [#ty; ::hologram::__private::LANES] = #load;)
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
    let stores = streams
        .outputs
        .iter()
        .map(|s| (shape.store)(&s.local, &suffixed(s, VALUES)));
    let (rest, rest_pat) = lockstep(streams, REST, REST, shape.output_iter);
    let rest_body = element_body(streams, shape.read, shape.write);
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn #name(#params) {
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
/// thirty-two lane accumulators over the full chunks, the partial chunk padded with the
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
