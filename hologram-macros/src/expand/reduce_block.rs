//! The fold of one block of a reduction, in the order documented in `hologram::fold`.
//!
//! The lane accumulators are kept one array per component of the result (for a tuple result,
//! `__hg_lanes0`, `__hg_lanes1`, ...), so that each component's lanes vectorize as a
//! reduction of its own would; the combiner sees whole values (tuples), put together from
//! the arrays and taken apart again around each call, which LLVM sees through once it is
//! inlined.

use super::access::Access;
use super::role::Role;
use super::streams::{Reduction, Streams, base_param, index_start, index_step, zip_chain};
use crate::args::{Builtin, Reduce};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

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

/// The lane arrays of one result: one per component, named `{prefix}{k}`.
struct Lanes<'r> {
    reduction: &'r Reduction<'r>,
}

impl Lanes<'_> {
    /// The array of component `k` under `prefix` (`__hg_lanes`, `__hg_tail`).
    fn array(prefix: &str, k: usize) -> Ident {
        format_ident!("{prefix}{k}")
    }

    /// One element of component `k`'s array, as bound by a loop.
    fn elem(prefix: &str, k: usize) -> Ident {
        format_ident!("{prefix}_elem{k}")
    }

    fn count(&self) -> usize {
        self.reduction.components.len()
    }

    /// `let mut {prefix}k: [Tk; LANES] = [identity.k; LANES];` for every component.
    fn declare(&self, prefix: &str) -> TokenStream {
        let decls = self.reduction.components.iter().enumerate().map(|(k, ty)| {
            let array = Self::array(prefix, k);
            let identity = self.component(quote!(__hg_identity()), k);
            quote! {
                let mut #array: [#ty; ::hologram::__private::LANES] =
                    [#identity; ::hologram::__private::LANES];
            }
        });
        quote!(#(#decls)*)
    }

    /// Component `k` of the value `value`.
    fn component(&self, value: TokenStream, k: usize) -> TokenStream {
        if self.reduction.tuple {
            let k = syn::Index::from(k);
            quote!(#value.#k)
        } else {
            value
        }
    }

    /// The value whose components are the loop elements `{prefix}_elem{k}`.
    fn pack(&self, prefix: &str) -> TokenStream {
        let elems = (0..self.count()).map(|k| {
            let e = Self::elem(prefix, k);
            quote!(*#e)
        });
        if self.reduction.tuple {
            quote!((#(#elems,)*))
        } else {
            quote!(#(#elems)*)
        }
    }

    /// Stores `value` (evaluated once) into the loop elements `{prefix}_elem{k}`.
    fn unpack(&self, prefix: &str, value: TokenStream) -> TokenStream {
        if !self.reduction.tuple {
            let e = Self::elem(prefix, 0);
            return quote!(*#e = #value;);
        }
        let stores = (0..self.count()).map(|k| {
            let e = Self::elem(prefix, k);
            let k = syn::Index::from(k);
            quote!(*#e = __hg_value.#k;)
        });
        quote! {
            let __hg_value = #value;
            #(#stores)*
        }
    }

    /// `(iter, pattern)` pairs walking every component's array under `prefix`.
    fn walk(&self, prefix: &str, mutable: bool) -> Vec<(TokenStream, TokenStream)> {
        (0..self.count())
            .map(|k| {
                let (array, elem) = (Self::array(prefix, k), Self::elem(prefix, k));
                let iter = if mutable {
                    quote!(#array.iter_mut())
                } else {
                    quote!(#array.iter())
                };
                (iter, quote!(#elem))
            })
            .collect()
    }

    /// The arrays under `prefix` as one array of whole values, for the tree across lanes.
    fn whole(&self, prefix: &str) -> TokenStream {
        let arrays: Vec<_> = (0..self.count()).map(|k| Self::array(prefix, k)).collect();
        if self.reduction.tuple {
            quote!(::core::array::from_fn(|__hg_k| (#(#arrays[__hg_k],)*)))
        } else {
            quote!(#(#arrays)*)
        }
    }

    /// `let mut {to}k = {from}k;` (copy) or `let {to}k = {from}k;` (rebind), every component.
    fn assign(&self, to: &str, from: &str, mutable: bool) -> TokenStream {
        let lets = (0..self.count()).map(|k| {
            let (to, from) = (Self::array(to, k), Self::array(from, k));
            if mutable {
                quote!(let mut #to = #from;)
            } else {
                quote!(let #to = #from;)
            }
        });
        quote!(#(#lets)*)
    }

    /// `{to}k = {from}k;` for every component.
    fn store(&self, to: &str, from: &str) -> TokenStream {
        let stores = (0..self.count()).map(|k| {
            let (to, from) = (Self::array(to, k), Self::array(from, k));
            quote!(#to = #from;)
        });
        quote!(#(#stores)*)
    }
}

/// `__hg_block`: `LANES` lane accumulators per component over the full chunks, the partial
/// chunk (see [`Tail`]), then the tree across lanes. `__hg_combine` and `__hg_identity` are
/// generated beside it. With an `#[index]`, element `i` of the block has index
/// `__hg_base + i`.
pub fn reduce_block(streams: &Streams, reduction: &Reduction, tail: Tail) -> TokenStream {
    let result = reduction.ty();
    let lanes = Lanes { reduction };
    let uniforms = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let inputs = streams.inputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), Access::Slice.param_type(s));
        quote!(#param: #ty)
    });
    let base = base_param(streams);
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
    let (elems, elem_pat) = with_lanes(streams, &lanes, "__hg_lanes", Role::Chunk);
    let (rest, rest_pat) = with_lanes(streams, &lanes, "__hg_tail", Role::Rest);
    let elements: Vec<_> = streams
        .inputs
        .iter()
        .map(|s| Access::Slice.read(s, &s.ident(Role::Elem)))
        .collect();
    let call = streams.call(&elements);
    let step = index_step(streams);
    let fold_lane = |prefix: &str| {
        let current = lanes.pack(prefix);
        lanes.unpack(prefix, quote!(__hg_combine(#current, #call)))
    };
    let chunk_fold = if reduction.tuple {
        tuple_chunk(streams, &lanes, &call, &step)
    } else {
        let chunk_body = fold_lane("__hg_lanes");
        quote! {
            for #elem_pat in #elems {
                #chunk_body
                #step
            }
        }
    };
    // `valid` guarantees an input stream.
    let first_rest = streams.inputs.first().map(|s| s.ident(Role::Rest));
    let fold_tail = match tail {
        Tail::Direct => {
            let copy = lanes.assign("__hg_tail", "__hg_lanes", true);
            let body = fold_lane("__hg_tail");
            let back = lanes.assign("__hg_lanes", "__hg_tail", false);
            quote! {
                #copy
                for #rest_pat in #rest {
                    #body
                    #step
                }
                #back
            }
        }
        Tail::Padded => {
            let declare = lanes.declare("__hg_tail");
            let set = lanes.unpack("__hg_tail", call.clone());
            let mut pairs = lanes.walk("__hg_lanes", true);
            pairs.extend(lanes.walk("__hg_tail", false));
            let (pair_iter, pair_pat) = zip_chain(pairs);
            let joined = {
                let (a, b) = (lanes.pack("__hg_lanes"), lanes.pack("__hg_tail"));
                lanes.unpack("__hg_lanes", quote!(__hg_combine(#a, #b)))
            };
            quote! {
                if !#first_rest.is_empty() {
                    #declare
                    for #rest_pat in #rest {
                        #set
                        #step
                    }
                    for #pair_pat in #pair_iter {
                        #joined
                    }
                }
            }
        }
    };
    let declare = lanes.declare("__hg_lanes");
    let start = index_start(streams);
    let whole = lanes.whole("__hg_lanes");
    let gathered = gathered_block(
        streams,
        &result,
        &GatheredBody {
            declare: lanes.declare("__hg_lanes_all"),
            start: start.clone(),
            split: quote!(#(#split)*),
            chunk_pat: chunk_pat.clone(),
            chunks: chunks.clone(),
            chunk_fold: chunk_fold.clone(),
            fold_tail: fold_tail.clone(),
            store_back: lanes.store("__hg_lanes_all", "__hg_lanes"),
            rebind: lanes.assign("__hg_lanes", "__hg_lanes_all", true),
            whole: lanes.whole("__hg_lanes_all"),
        },
    );
    quote! {
        #gathered

        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_block(#base #(#uniforms,)* #(#inputs),*) -> #result {
            #declare
            #start
            #(#split)*
            for #chunk_pat in #chunks {
                #chunk_fold
            }
            #fold_tail
            ::hologram::__private::combine_lanes(#whole, __hg_combine)
        }
    }
}

/// The pieces of `__hg_block`'s body that `__hg_gathered_block` runs on each piece.
struct GatheredBody {
    /// `let mut __hg_lanes_all{k} = [identity; LANES];`
    declare: TokenStream,
    start: TokenStream,
    split: TokenStream,
    chunk_pat: TokenStream,
    chunks: TokenStream,
    /// The fold of one chunk into `__hg_lanes{k}`.
    chunk_fold: TokenStream,
    fold_tail: TokenStream,
    /// `__hg_lanes_all{k} = __hg_lanes{k};`: the piece's lanes kept past its scope.
    store_back: TokenStream,
    /// `let mut __hg_lanes{k} = __hg_lanes_all{k};`: the lanes at the start of a piece.
    rebind: TokenStream,
    /// `__hg_lanes_all` as one array of whole values.
    whole: TokenStream,
}

/// `__hg_gathered_block`: `__hg_block` over one block `range` of streams that are read in
/// pieces of `GATHER` elements. A piece is a whole number of chunks but for the block's last,
/// so element `i` of the block reaches lane `i % LANES` in the same order as in `__hg_block`,
/// and the partial chunk, on the last piece only, folds the same way: the same bits.
fn gathered_block(streams: &Streams, result: &TokenStream, body: &GatheredBody) -> TokenStream {
    let uniforms = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let inputs = streams.inputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), s.ty);
        quote!(#param: &impl ::hologram::__private::Gather<'__hg_a, #ty>)
    });
    let base = base_param(streams);
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
        declare,
        start,
        split,
        chunk_pat,
        chunks,
        chunk_fold,
        fold_tail,
        store_back,
        rebind,
        whole,
    } = body;
    // The lanes live across pieces as `__hg_lanes_all{k}`; each piece works on
    // `__hg_lanes{k}` (which `fold_tail` may rebind) and stores them back.
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_gathered_block<'__hg_a>(
            __hg_range: ::core::ops::Range<usize>,
            #base
            #(#uniforms,)*
            #(#inputs),*
        ) -> #result {
            #declare
            #start
            #(#buffers)*
            let mut __hg_start = __hg_range.start;
            while __hg_start < __hg_range.end {
                #(#read)*
                #split
                #rebind
                for #chunk_pat in #chunks {
                    #chunk_fold
                }
                // The partial chunk, on the block's last piece only.
                #fold_tail
                #store_back
                __hg_start += ::hologram::__private::GATHER;
            }
            ::hologram::__private::combine_lanes(#whole, __hg_combine)
        }
    }
}

/// The fold of one chunk of a tuple result into the lanes, in two steps: the element
/// function's results into one array per component, then the lanes combined with them, lane
/// `j` with element `j` (the order of `hologram::fold`). Each step is a short loop LLVM
/// unrolls and keeps in registers: folded element by element, the three lane arrays of a
/// `(min, max, count)` stayed in memory, behind a runtime alias check and masked stores
/// (`vmaskmovps`), 2.9x slower than three separate reductions.
///
/// - Built-in combiners combine component by component, each component's lanes on their
///   own: the loop of a reduction to one value.
/// - A combiner over the whole tuple writes the combined lanes to fresh arrays, then moves
///   them over the lanes: stores of whole arrays, where updating a lane in place let LLVM
///   turn "keep the lane" into a conditional store.
fn tuple_chunk(
    streams: &Streams,
    lanes: &Lanes,
    call: &TokenStream,
    step: &TokenStream,
) -> TokenStream {
    let declare_vals = lanes.declare("__hg_vals");
    let mut items = lanes.walk("__hg_vals", true);
    items.extend(streams.inputs.iter().map(|s| {
        let (chunk, elem) = (s.ident(Role::Chunk), s.ident(Role::Elem));
        (quote!(#chunk.iter()), quote!(#elem))
    }));
    let (val_iter, val_pat) = zip_chain(items);
    let set = lanes.unpack("__hg_vals", call.clone());
    let combine = match lanes.reduction.reduce {
        Reduce::Builtins { combiners, .. } => {
            let loops = combiners
                .iter()
                .zip(&lanes.reduction.components)
                .enumerate()
                .map(|(k, (which, ty))| {
                    let (l, v) = (Lanes::array("__hg_lanes", k), Lanes::array("__hg_vals", k));
                    let f = builtin_fn(*which);
                    quote! {
                        for (__hg_lane, __hg_val) in #l.iter_mut().zip(#v.iter()) {
                            *__hg_lane = <#ty as ::hologram::__private::Builtin>::#f(*__hg_lane, *__hg_val);
                        }
                    }
                });
            quote!(#(#loops)*)
        }
        _ => {
            let declare_next = lanes.declare("__hg_next");
            let mut items = lanes.walk("__hg_next", true);
            items.extend(lanes.walk("__hg_lanes", false));
            items.extend(lanes.walk("__hg_vals", false));
            let (iter, pat) = zip_chain(items);
            let (a, b) = (lanes.pack("__hg_lanes"), lanes.pack("__hg_vals"));
            let set_next = lanes.unpack("__hg_next", quote!(__hg_combine(#a, #b)));
            let back = lanes.store("__hg_lanes", "__hg_next");
            quote! {
                #declare_next
                for #pat in #iter {
                    #set_next
                }
                #back
            }
        }
    };
    quote! {
        #declare_vals
        for #val_pat in #val_iter {
            #set
            #step
        }
        #combine
    }
}

/// The function of a built-in combiner in `__private::Builtin`.
fn builtin_fn(which: Builtin) -> TokenStream {
    match which {
        Builtin::Add => quote!(add),
        Builtin::Mul => quote!(mul),
        Builtin::Min => quote!(min),
        Builtin::Max => quote!(max),
    }
}

/// Zips every component's lane array under `prefix` with every input's `iterable` (a
/// chunk, or the rest), binding the lanes to `{prefix}_elem{k}` and each input element to
/// its `Elem`.
fn with_lanes(
    streams: &Streams,
    lanes: &Lanes,
    prefix: &str,
    iterable: Role,
) -> (TokenStream, TokenStream) {
    let mut items = lanes.walk(prefix, true);
    items.extend(streams.inputs.iter().map(|s| {
        let (iterable, elem) = (s.ident(iterable), s.ident(Role::Elem));
        (quote!(#iterable.iter()), quote!(#elem))
    }));
    zip_chain(items)
}
