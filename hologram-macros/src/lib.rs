//! The `#[kernel]` attribute of Hologram. Use it through the `hologram` crate, whose docs
//! describe what it generates.
//!
//! The pipeline: `args` reads the attribute's options, `ast` reads the function into a small
//! IR, `valid` checks it, `expand` generates the kernel module, and `fallback` turns errors
//! into one compile error plus the function as written.
//!
//! `tests/expand` holds what the macro generates for a saxpy and a dot kernel, checked by the
//! unit tests in `expand/snapshot.rs` (`HOLOGRAM_BLESS=1` rewrites the files).
#![deny(missing_docs)]

mod args;
mod ast;
mod elem;
mod expand;
mod fallback;
mod names;
mod valid;

use proc_macro::TokenStream;

/// Turns a function over elements into a kernel. Documented, with examples, where the
/// `hologram` crate re-exports it as `hologram::kernel`.
#[proc_macro_attribute]
pub fn kernel(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let input = proc_macro2::TokenStream::from(input);
    expand::kernel(args, input.clone())
        .unwrap_or_else(|error| fallback::expand(error, input))
        .into()
}
