//! How an elementwise loop reaches the memory of its streams: plain slices, or cells.

use super::streams::Stream;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

/// The memory a loop works on, and so every token that reads or writes it.
#[derive(Clone, Copy)]
pub enum Access {
    /// `&[T]` inputs and `&mut [T]` outputs: disjoint by the borrow rules. Serves `slices`
    /// and entry calls whose streams do not overlap.
    Slice,
    /// `&[Cell<T>]` for every stream, so an output may be the same memory as an input.
    /// Serves `run` and in-place entry calls.
    Cell,
}

impl Access {
    /// The name of the loop function over this memory.
    pub fn loop_fn(self) -> TokenStream {
        match self {
            Access::Slice => quote!(__hg_slice_loop),
            Access::Cell => quote!(__hg_cell_loop),
        }
    }

    /// The type of `stream`'s parameter in the loop function.
    pub fn param_type(self, stream: &Stream) -> TokenStream {
        let ty = stream.ty;
        match self {
            Access::Slice if stream.is_output() => quote!(&mut [#ty]),
            Access::Slice => quote!(&[#ty]),
            Access::Cell => quote!(&[::hologram::__private::Cell<#ty>]),
        }
    }

    /// The method that splits `stream` into full chunks and the rest.
    pub fn as_chunks(self, stream: &Stream) -> TokenStream {
        match self {
            Access::Slice if stream.is_output() => quote!(as_chunks_mut),
            Access::Slice | Access::Cell => quote!(as_chunks),
        }
    }

    /// The method that walks `stream`'s chunks or elements.
    pub fn iter(self, stream: &Stream) -> TokenStream {
        match self {
            Access::Slice if stream.is_output() => quote!(iter_mut),
            Access::Slice | Access::Cell => quote!(iter),
        }
    }

    /// Stores the array `vals` to a whole output chunk.
    pub fn store(self, chunk: &Ident, vals: &Ident) -> TokenStream {
        match self {
            Access::Slice => quote!(*#chunk = #vals;),
            Access::Cell => quote!(::hologram::__private::store(#chunk, #vals);),
        }
    }

    /// The value of one input element.
    pub fn read(self, elem: &Ident) -> TokenStream {
        match self {
            Access::Slice => quote!(*#elem),
            Access::Cell => quote!(#elem.get()),
        }
    }

    /// Writes `value` to one output element.
    pub fn write(self, elem: &Ident, value: &Ident) -> TokenStream {
        match self {
            Access::Slice => quote!(*#elem = #value;),
            Access::Cell => quote!(#elem.set(#value);),
        }
    }

    /// The `EntryCall` method that fetches `stream` for this loop.
    pub fn fetch(self, stream: &Stream) -> TokenStream {
        match self {
            Access::Slice if stream.is_output() => quote!(output_slice),
            Access::Slice => quote!(input_slice),
            Access::Cell if stream.is_output() => quote!(output),
            Access::Cell => quote!(input),
        }
    }
}
