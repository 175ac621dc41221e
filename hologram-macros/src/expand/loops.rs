//! The two loops of an elementwise kernel, one per [`Access`].
//!
//! Each walks the streams in chunks of `LANES` elements and then the remainder. The chunk
//! body has a fixed trip count and no bounds checks, which is what LLVM vectorizes. Both
//! read every input element of a chunk before they store any output element of it.

use super::access::Access;
use super::role::Role;
use super::streams::{Stream, Streams, base_param, index_start, index_step, zip_chain};
use proc_macro2::TokenStream;
use quote::quote;

/// The loop function over `access` memory: `__hg_slice_loop` or `__hg_cell_loop`, taking
/// the index of its first element (with an `#[index]`), the uniforms, the inputs and
/// `outputs` in order.
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
        let (param, method) = (s.ident(Role::Param), access.as_chunks(s));
        let (chunks, rest) = (s.ident(Role::Chunks), s.ident(Role::Rest));
        quote! {
            let (#chunks, #rest) = #param.#method::<{ ::hologram::__private::LANES }>();
        }
    });
    let chunks = Place::new(Role::Chunks, access);
    let (chunks, chunk_pat) = lockstep(streams, outputs, [chunks, chunks], Role::Chunk);
    let chunk_body = chunk(streams, outputs, access);
    let rest = Place::new(Role::Rest, access);
    let (rest, rest_pat) = lockstep(streams, outputs, [rest, rest], Role::Elem);
    let rest_body = element(streams, outputs, [access, access]);
    let (base, start, step) = (
        base_param(streams),
        index_start(streams),
        index_step(streams),
    );
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn #name(#base #(#uniforms,)* #(#stream_params),*) {
            #start
            #(#split)*
            for #chunk_pat in #chunks {
                #chunk_body
            }
            for #rest_pat in #rest {
                #rest_body
                #step
            }
        }
    }
}

/// The body for one chunk of every stream: each input element read where it is, the
/// results computed into an array per output, and the arrays stored to the output chunks
/// last.
///
/// - The stores follow every read of the chunk whatever the pointers, so the cell loop
///   stays exact when an output is the same memory as an input.
/// - LLVM vectorizes the chunk body without having to know that the streams do not alias:
///   the arrays cannot alias anything. Results written straight to the output chunk of
///   the slice loop left `add` scalar, about 4x slower, even with the chunks passed to a
///   function of their own as `&[T; LANES]` and `&mut [T; LANES]`.
/// - A body that does not vectorize (a libm call) reads each input in place, as a plain
///   loop does; only its results pass through the array, a spill and a reload per element
///   across the calls. Copying the inputs into arrays first, as this loop once did, cost
///   such a body two more of each.
fn chunk(streams: &Streams, outputs: &[Stream], access: Access) -> TokenStream {
    let zeroed = outputs.iter().map(|s| {
        let (vals, ty) = (s.ident(Role::Vals), s.ty);
        quote! {
            let mut #vals: [#ty; ::hologram::__private::LANES] =
                [<#ty as ::core::default::Default>::default(); ::hologram::__private::LANES];
        }
    });
    // The arrays are plain memory: walked and written as slices are.
    let places = [
        Place::new(Role::Chunk, access),
        Place::new(Role::Vals, Access::Slice),
    ];
    let (elems, elem_pat) = lockstep(streams, outputs, places, Role::Elem);
    let body = element(streams, outputs, [access, Access::Slice]);
    let step = index_step(streams);
    let stores = outputs
        .iter()
        .map(|s| access.store(s, &s.ident(Role::Chunk), &s.ident(Role::Vals)));
    quote! {
        // Vectorize within the chunk, not across chunks (see `chunk_fence`).
        ::hologram::__private::chunk_fence();
        #(#zeroed)*
        for #elem_pat in #elems {
            #body
            #step
        }
        #(#stores)*
    }
}

/// One element: reads every input's `Elem` as `access[0]` memory, calls the element
/// function, binds its results to each output's `Result` and writes each to the output's
/// `Elem` as `access[1]` memory.
fn element(streams: &Streams, outputs: &[Stream], access: [Access; 2]) -> TokenStream {
    let [input, output] = access;
    let inputs: Vec<_> = streams
        .inputs
        .iter()
        .map(|s| input.read(s, &s.ident(Role::Elem)))
        .collect();
    let call = streams.call(&inputs);
    let results: Vec<_> = outputs.iter().map(|s| s.ident(Role::Result)).collect();
    let writes = outputs
        .iter()
        .map(|s| output.write(s, &s.ident(Role::Elem), &s.ident(Role::Result)));
    if results.len() == 1 {
        quote!(let #(#results)* = #call; #(#writes)*)
    } else {
        quote!(let (#(#results),*) = #call; #(#writes)*)
    }
}

/// What a loop walks for a group of streams: each stream's identifier in `role`, as
/// `access` memory.
#[derive(Clone, Copy)]
struct Place {
    role: Role,
    access: Access,
}

impl Place {
    fn new(role: Role, access: Access) -> Self {
        Place { role, access }
    }
}

/// Walks every input (at `places[0]`) and output (at `places[1]`) in lockstep, binding each
/// stream's item to its identifier in role `item`.
fn lockstep(
    streams: &Streams,
    outputs: &[Stream],
    places: [Place; 2],
    item: Role,
) -> (TokenStream, TokenStream) {
    let [inputs_at, outputs_at] = places;
    let inputs = streams.inputs.iter().map(|s| (s, inputs_at));
    let outputs = outputs.iter().map(|s| (s, outputs_at));
    let items = inputs
        .chain(outputs)
        .map(|(s, place)| {
            let (iterable, method) = (s.ident(place.role), place.access.iter(s));
            let item = s.ident(item);
            (quote!(#iterable.#method()), quote!(#item))
        })
        .collect();
    zip_chain(items)
}
