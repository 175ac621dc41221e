//! The two loops of an elementwise kernel, one per [`Access`].
//!
//! Each walks the streams in chunks of `LANES` elements and then the remainder. The chunk
//! body has a fixed trip count and no bounds checks, which is what LLVM vectorizes. Both
//! load a whole chunk of every input before they store any output.

use super::access::Access;
use super::role::Role;
use super::streams::{Stream, Streams, zip_chain};
use proc_macro2::TokenStream;
use quote::quote;

/// The loop function over `access` memory: `__hg_slice_loop` or `__hg_cell_loop`, taking
/// the uniforms, the inputs and `outputs` in order.
pub fn loop_fn(streams: &Streams, outputs: &[Stream], access: Access) -> TokenStream {
    let name = access.loop_fn();
    let uniforms = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let stream_params = streams.inputs.iter().chain(outputs).map(|s| {
        let (param, ty) = (s.ident(Role::Param), access.param_type(s));
        quote!(#param: #ty)
    });
    let split = streams.inputs.iter().chain(outputs).map(|s| {
        let (param, chunks, rest) = (
            s.ident(Role::Param),
            s.ident(Role::Chunks),
            s.ident(Role::Rest),
        );
        let method = access.as_chunks(s);
        quote! {
            let (#chunks, #rest) = #param.#method::<{ ::hologram::__private::LANES }>();
        }
    });
    let (chunks, chunk_pat) = lockstep(streams, outputs, Role::Chunks, Role::Chunk, access);
    let chunk_body = staged_chunk(streams, outputs, access);
    let (rest, rest_pat) = lockstep(streams, outputs, Role::Rest, Role::Elem, access);
    let rest_body = element(streams, outputs, access);
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn #name(#(#uniforms,)* #(#stream_params),*) {
            #(#split)*
            for #chunk_pat in #chunks {
                #chunk_body
            }
            for #rest_pat in #rest {
                #rest_body
            }
        }
    }
}

/// The body for one chunk of every stream: the inputs are copied into arrays, the outputs
/// computed into arrays, and only then stored. The loads precede the stores whatever the
/// pointers, so in-place calls stay exact, and LLVM vectorizes the chunk body without
/// having to know that the streams do not alias (it was seen to keep a slice loop scalar
/// once inlined where that fact was lost).
fn staged_chunk(streams: &Streams, outputs: &[Stream], access: Access) -> TokenStream {
    let loads = streams.inputs.iter().map(|s| {
        let (vals, ty) = (s.ident(Role::Vals), s.ty);
        let load = access.load(&s.ident(Role::Chunk));
        quote!(let #vals: [#ty; ::hologram::__private::LANES] = #load;)
    });
    let zeroed = outputs.iter().map(|s| {
        let (vals, ty) = (s.ident(Role::Vals), s.ty);
        quote! {
            let mut #vals: [#ty; ::hologram::__private::LANES] =
                [<#ty as ::core::default::Default>::default(); ::hologram::__private::LANES];
        }
    });
    // The arrays are plain memory: walked, read and written as slices are.
    let (elems, elem_pat) = lockstep(streams, outputs, Role::Vals, Role::Elem, Access::Slice);
    let body = element(streams, outputs, Access::Slice);
    let stores = outputs
        .iter()
        .map(|s| access.store(&s.ident(Role::Chunk), &s.ident(Role::Vals)));
    quote! {
        #(#loads)*
        #(#zeroed)*
        for #elem_pat in #elems {
            #body
        }
        #(#stores)*
    }
}

/// One element: reads every input's `Elem` through `access`, calls the element function,
/// binds its results to each output's `Result` and writes each to the output's `Elem`.
fn element(streams: &Streams, outputs: &[Stream], access: Access) -> TokenStream {
    let inputs: Vec<_> = streams
        .inputs
        .iter()
        .map(|s| access.read(&s.ident(Role::Elem)))
        .collect();
    let call = streams.call(&inputs);
    let results: Vec<_> = outputs.iter().map(|s| s.ident(Role::Result)).collect();
    let writes = outputs
        .iter()
        .map(|s| access.write(&s.ident(Role::Elem), &s.ident(Role::Result)));
    if results.len() == 1 {
        quote!(let #(#results)* = #call; #(#writes)*)
    } else {
        quote!(let (#(#results),*) = #call; #(#writes)*)
    }
}

/// Walks every input and output in lockstep: each stream's `iterable`, walked as `access`
/// memory, bound to the stream's `item`.
fn lockstep(
    streams: &Streams,
    outputs: &[Stream],
    iterable: Role,
    item: Role,
    access: Access,
) -> (TokenStream, TokenStream) {
    let items = streams
        .inputs
        .iter()
        .chain(outputs)
        .map(|s| {
            let (iterable, item, method) = (s.ident(iterable), s.ident(item), access.iter(s));
            (quote!(#iterable.#method()), quote!(#item))
        })
        .collect();
    zip_chain(items)
}
