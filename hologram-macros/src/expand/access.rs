//! How an elementwise loop reaches the memory of its streams: plain slices, or cells.

use super::streams::Stream;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
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
    /// Input `i` and output 0 as the same `&[Cell<T>]`, every other stream as in
    /// [`Access::Slice`]. Serves `slices_into_{input}` and `arrays_into_{input}`.
    InPlace(usize),
}

impl Access {
    /// The name of the loop function over this memory.
    pub fn loop_fn(self) -> TokenStream {
        match self {
            Access::Slice => quote!(__hg_slice_loop),
            Access::Cell => quote!(__hg_cell_loop),
            Access::InPlace(i) => {
                let name = format_ident!("__hg_in_place_loop{i}");
                quote!(#name)
            }
        }
    }

    /// Whether `stream` is reached through cells.
    fn cells(self, stream: &Stream) -> bool {
        match self {
            Access::Slice => false,
            Access::Cell => true,
            Access::InPlace(i) => match stream.position() {
                (true, k) => k == i,
                (false, k) => stream.is_output() && k == 0,
            },
        }
    }

    /// The type of `stream`'s parameter in the loop function.
    pub fn param_type(self, stream: &Stream) -> TokenStream {
        let ty = stream.ty;
        if self.cells(stream) {
            quote!(&[::hologram::__private::Cell<#ty>])
        } else if stream.is_output() {
            quote!(&mut [#ty])
        } else {
            quote!(&[#ty])
        }
    }

    /// The method that splits `stream` into full chunks and the rest.
    pub fn as_chunks(self, stream: &Stream) -> TokenStream {
        if stream.is_output() && !self.cells(stream) {
            quote!(as_chunks_mut)
        } else {
            quote!(as_chunks)
        }
    }

    /// The method that walks `stream`'s chunks or elements.
    pub fn iter(self, stream: &Stream) -> TokenStream {
        if stream.is_output() && !self.cells(stream) {
            quote!(iter_mut)
        } else {
            quote!(iter)
        }
    }

    /// Stores the array `vals` to a whole chunk of output `stream`.
    pub fn store(self, stream: &Stream, chunk: &Ident, vals: &Ident) -> TokenStream {
        if self.cells(stream) {
            quote!(::hologram::__private::store(#chunk, #vals);)
        } else {
            quote!(*#chunk = #vals;)
        }
    }

    /// The value of one element of input `stream`.
    pub fn read(self, stream: &Stream, elem: &Ident) -> TokenStream {
        if self.cells(stream) {
            quote!(#elem.get())
        } else {
            quote!(*#elem)
        }
    }

    /// Writes `value` to one element of output `stream`.
    pub fn write(self, stream: &Stream, elem: &Ident, value: &Ident) -> TokenStream {
        if self.cells(stream) {
            quote!(#elem.set(#value);)
        } else {
            quote!(*#elem = #value;)
        }
    }

    /// The `EntryCall` method that fetches `stream` for this loop (entry points run the
    /// slice and cell loops only).
    pub fn fetch(self, stream: &Stream) -> TokenStream {
        match (self.cells(stream), stream.is_output()) {
            (false, true) => quote!(output_slice),
            (false, false) => quote!(input_slice),
            (true, true) => quote!(output),
            (true, false) => quote!(input),
        }
    }
}
