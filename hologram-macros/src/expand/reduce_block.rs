//! The fold of one block of a reduction, in the order documented in `hologram::fold`.

use super::access::Access;
use super::role::Role;
use super::streams::{Streams, zip_chain};
use proc_macro2::TokenStream;
use quote::quote;

/// How the block folds its partial chunk of `r < LANES` elements.
#[derive(Clone, Copy)]
pub enum Tail {
    /// Into lanes `0..r` only, of a copy of the lanes (so that the chunk loop's lanes stay in
    /// registers). For the built-in combiners `c(a, identity)` is `a` exactly, so leaving
    /// lanes `r..LANES` alone gives the same bits as padding, with `r` combines instead of
    /// `LANES` and no padded copy of the rest.
    Direct,
    /// Padded with the identity to a whole chunk, which is combined into every lane, as
    /// `hologram::fold` states: a user's identity need not be exact.
    Padded,
}

/// `__hg_block`: `LANES` lane accumulators over the full chunks, the partial chunk (see
/// [`Tail`]), then the tree across lanes. `__hg_combine` and `__hg_identity` are generated
/// beside it.
pub fn reduce_block(streams: &Streams, result: &syn::Type, tail: Tail) -> TokenStream {
    let uniforms = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let inputs = streams.inputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), Access::Slice.param_type(s));
        quote!(#param: #ty)
    });
    let split = streams
        .inputs
        .iter()
        .map(|s| {
            let (param, chunks, rest) = (
                s.ident(Role::Param),
                s.ident(Role::Chunks),
                s.ident(Role::Rest),
            );
            quote! {
                let (#chunks, #rest) = #param.as_chunks::<{ ::hologram::__private::LANES }>();
            }
        })
        .collect::<Vec<_>>();
    let (chunks, chunk_pat) = zip_chain(
        streams
            .inputs
            .iter()
            .map(|s| {
                let (chunks, chunk) = (s.ident(Role::Chunks), s.ident(Role::Chunk));
                (quote!(#chunks.iter()), quote!(#chunk))
            })
            .collect(),
    );
    let (elems, elem_pat) = with_lanes(streams, quote!(__hg_lanes), Role::Chunk);
    let (rest, rest_pat) = with_lanes(streams, quote!(__hg_tail), Role::Rest);
    let elements: Vec<_> = streams
        .inputs
        .iter()
        .map(|s| Access::Slice.read(&s.ident(Role::Elem)))
        .collect();
    let call = streams.call(&elements);
    // `valid` guarantees an input stream.
    let first_rest = streams.inputs.first().map(|s| s.ident(Role::Rest));
    let fold_tail = match tail {
        Tail::Direct => quote! {
            let mut __hg_tail = __hg_lanes;
            for #rest_pat in #rest {
                *__hg_lane = __hg_combine(*__hg_lane, #call);
            }
            let __hg_lanes = __hg_tail;
        },
        Tail::Padded => quote! {
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
        },
    };
    let gathered = gathered_block(
        streams,
        result,
        &GatheredBody {
            split: quote!(#(#split)*),
            chunk_pat: chunk_pat.clone(),
            chunks: chunks.clone(),
            elem_pat: elem_pat.clone(),
            elems: elems.clone(),
            call: call.clone(),
            fold_tail: fold_tail.clone(),
        },
    );
    quote! {
        #gathered

        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_block(#(#uniforms,)* #(#inputs),*) -> #result {
            let mut __hg_lanes: [#result; ::hologram::__private::LANES] =
                [__hg_identity(); ::hologram::__private::LANES];
            #(#split)*
            for #chunk_pat in #chunks {
                for #elem_pat in #elems {
                    *__hg_lane = __hg_combine(*__hg_lane, #call);
                }
            }
            #fold_tail
            ::hologram::__private::combine_lanes(__hg_lanes, __hg_combine)
        }
    }
}

/// The pieces of `__hg_block`'s body that `__hg_gathered_block` runs on each piece.
struct GatheredBody {
    split: TokenStream,
    chunk_pat: TokenStream,
    chunks: TokenStream,
    elem_pat: TokenStream,
    elems: TokenStream,
    call: TokenStream,
    fold_tail: TokenStream,
}

/// `__hg_gathered_block`: `__hg_block` over one block `range` of streams that are read in
/// pieces of `GATHER` elements. A piece is a whole number of chunks but for the block's last,
/// so element `i` of the block reaches lane `i % LANES` in the same order as in `__hg_block`,
/// and the partial chunk, on the last piece only, folds the same way: the same bits.
fn gathered_block(streams: &Streams, result: &syn::Type, body: &GatheredBody) -> TokenStream {
    let uniforms = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let inputs = streams.inputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), s.ty);
        quote!(#param: &impl ::hologram::__private::Gather<'__hg_a, #ty>)
    });
    // The buffers are made once per block, not once per piece: zeroing them is a `memset`.
    let buffers = streams.inputs.iter().map(|s| {
        let (buf, ty) = (s.ident(Role::Buf), s.ty);
        quote! {
            let mut #buf: [#ty; ::hologram::__private::GATHER] =
                [<#ty as ::core::default::Default>::default(); ::hologram::__private::GATHER];
        }
    });
    let read = streams.inputs.iter().map(|s| {
        let (param, buf) = (s.ident(Role::Param), s.ident(Role::Buf));
        quote! {
            let #param = ::hologram::__private::Gather::piece(#param, __hg_start, __hg_range.end, &mut #buf);
        }
    });
    let GatheredBody {
        split,
        chunk_pat,
        chunks,
        elem_pat,
        elems,
        call,
        fold_tail,
    } = body;
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_gathered_block<'__hg_a>(
            __hg_range: ::core::ops::Range<usize>,
            #(#uniforms,)*
            #(#inputs),*
        ) -> #result {
            let mut __hg_lanes: [#result; ::hologram::__private::LANES] =
                [__hg_identity(); ::hologram::__private::LANES];
            #(#buffers)*
            let mut __hg_start = __hg_range.start;
            while __hg_start < __hg_range.end {
                #(#read)*
                #split
                for #chunk_pat in #chunks {
                    for #elem_pat in #elems {
                        *__hg_lane = __hg_combine(*__hg_lane, #call);
                    }
                }
                // The partial chunk, on the block's last piece only; `fold_tail` may rebind
                // the lanes, so its value is assigned back.
                __hg_lanes = {
                    #fold_tail
                    __hg_lanes
                };
                __hg_start += ::hologram::__private::GATHER;
            }
            ::hologram::__private::combine_lanes(__hg_lanes, __hg_combine)
        }
    }
}

/// Zips the lane array `lanes` with every input's `iterable` (a chunk, or the rest),
/// binding the lane to `__hg_lane` and each input element to its `Elem`.
fn with_lanes(streams: &Streams, lanes: TokenStream, iterable: Role) -> (TokenStream, TokenStream) {
    let mut items = vec![(quote!(#lanes.iter_mut()), quote!(__hg_lane))];
    items.extend(streams.inputs.iter().map(|s| {
        let (iterable, elem) = (s.ident(iterable), s.ident(Role::Elem));
        (quote!(#iterable.iter()), quote!(#elem))
    }));
    zip_chain(items)
}
