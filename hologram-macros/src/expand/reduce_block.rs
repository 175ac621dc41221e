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
    let split = streams.inputs.iter().map(|s| {
        let (param, chunks, rest) = (
            s.ident(Role::Param),
            s.ident(Role::Chunks),
            s.ident(Role::Rest),
        );
        quote! {
            let (#chunks, #rest) = #param.as_chunks::<{ ::hologram::__private::LANES }>();
        }
    });
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
    quote! {
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
