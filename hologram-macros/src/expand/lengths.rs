//! The length check shared by every generated `slices` and `run`.

use super::streams::{Stream, Streams};
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::quote;

/// The length check: one comparison per stream on the hot path; the descriptions of the
/// streams are only built, in a cold function, when a length is off.
pub fn check_lengths(kernel: &Kernel, streams: &Streams) -> TokenStream {
    check_lengths_of(kernel, streams, streams.outputs())
}

/// [`check_lengths`] of the inputs and `outputs` (an in-place call passes all but the one
/// written over an input).
pub fn check_lengths_of(kernel: &Kernel, streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let name = kernel.name();
    let all: Vec<_> = streams
        .inputs
        .iter()
        .chain(outputs)
        .map(|s| (s.name.to_string(), &s.name))
        .collect();
    let entries = all
        .iter()
        .map(|(label, name)| quote!((#label, #name.len())));
    // `valid` guarantees an input stream, so `first` always exists.
    // A lone stream has nothing to be compared with.
    let Some(((_, first), others)) = all.split_first() else {
        return TokenStream::new();
    };
    if others.is_empty() {
        return TokenStream::new();
    }
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
