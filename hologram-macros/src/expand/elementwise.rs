//! `slices`, `run` and the entry-point body of an elementwise kernel. The loops they call
//! are generated in `loops`.
//!
//! Generated code contains no `unsafe`: crates under `#![forbid(unsafe_code)]` can define
//! kernels.

use super::access::Access;
use super::descriptor::{Fetch, entry_impl, fetch};
use super::lengths::check_lengths;
use super::loops::loop_fn;
use super::role::Role;
use super::streams::{Stream, Streams, base_arg};
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::quote;

/// The functions of an elementwise kernel that writes `outputs`.
pub fn expand(kernel: &Kernel, streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let slices = slices_fn(kernel, streams, outputs);
    let run = run_fn(kernel, streams, outputs);
    let entry = entry_fn(streams, outputs);
    let slice_loop = loop_fn(streams, outputs, Access::Slice);
    let cell_loop = loop_fn(streams, outputs, Access::Cell);
    let arrays = super::arrays::elementwise(kernel, streams, outputs);
    let in_place = super::in_place::expand(kernel, streams, outputs);
    quote!(#slices #run #arrays #in_place #entry #slice_loop #cell_loop)
}

fn slices_fn(kernel: &Kernel, streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let params = streams.ordered_params(kernel, |ty| quote!(&[#ty]));
    let output_params = outputs.iter().map(|s| {
        let (name, ty) = (&s.name, s.ty);
        quote!(#name: &mut [#ty])
    });
    let lengths = check_lengths(kernel, streams);
    let pieces = pieces(streams, outputs, Access::Slice);
    let doc = format!(
        "Runs `{ident}` over slices: `out[i] = {ident}(.., x[i], ..)` for every `i`.\n\n\
         Uniforms are passed as values, each input as a slice, each output as a mutable \
         slice, in declaration order.\n\n\
         # Errors\n\
         `Error::LengthMismatch` when the slices differ in length; nothing is written then.",
        ident = kernel.ident()
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn slices(#(#params,)* #(#output_params),*) -> ::hologram::__private::Result<()> {
            #lengths
            ::hologram::__private::for_each_piece(
                ::hologram::__private::DEFAULT_THREADS,
                #pieces
            );
            ::core::result::Result::Ok(())
        }
    }
}

fn run_fn(kernel: &Kernel, streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let name = kernel.name();
    let exec = &streams.exec;
    let params = streams.ordered_params(kernel, |ty| quote!(::hologram::Buffer<#ty>));
    let output_params = outputs.iter().map(|s| {
        let (name, ty) = (&s.name, s.ty);
        quote!(#name: ::hologram::Buffer<#ty>)
    });
    let distinct = (outputs.len() > 1).then(|| {
        let ids = outputs.iter().map(|s| {
            let (label, name) = (s.name.to_string(), &s.name);
            quote!((#label, #name.id()))
        });
        quote!(::hologram::__private::check_distinct_outputs(#name, &[#(#ids),*])?;)
    });
    let views = streams.inputs.iter().chain(outputs).map(|s| {
        let name = &s.name;
        quote!(let #name = __hg_view.get(#name)?;)
    });
    let lengths = check_lengths(kernel, streams);
    let pieces = pieces(streams, outputs, Access::Cell);
    let doc = format!(
        "Runs `{}` over buffers in class memory, without allocating.\n\n\
         An output may be the same buffer as an input of its type (in place); two outputs \
         may not be the same buffer.\n\n\
         # Errors\n\
         `Error::StaleBuffer` or `Error::ForeignBuffer` for a handle this executor cannot \
         use, `Error::AliasedOutputs` for two outputs in one buffer, \
         `Error::LengthMismatch` for buffers of different lengths. Nothing is written then.",
        kernel.ident()
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn run(
            #exec: &mut ::hologram::Executor,
            #(#params,)*
            #(#output_params),*
        ) -> ::hologram::__private::Result<()> {
            #distinct
            let __hg_threads = ::hologram::__private::executor_threads(#exec);
            let __hg_view = #exec.cells();
            #(#views)*
            #lengths
            ::hologram::__private::for_each_cell_piece(__hg_threads, #pieces);
            ::core::result::Result::Ok(())
        }
    }
}

/// The entry point's body. When no output shares memory with another stream, it runs the
/// slice loop of `slices`; an in-place call runs the cell loop.
fn entry_fn(streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let uniforms = fetch(&streams.uniforms, Fetch::Uniform);
    let slice = entry_branch(streams, outputs, Access::Slice);
    let cell = entry_branch(streams, outputs, Access::Cell);
    let lane_inputs = fetch(&streams.inputs, Fetch::Lane);
    let lane_outputs = fetch(outputs, Fetch::Lane);
    let lane_args = streams
        .uniforms
        .iter()
        .chain(&streams.inputs)
        .chain(outputs)
        .map(|s| s.ident(Role::Param));
    let base = base_arg(streams, quote!(__hg_call.first_index()));
    entry_impl(&quote! {
        #(#uniforms)*
        // Streams with strides (ABI version 2) run the lane loop of `arrays`; streams in
        // memory of their own run the loop of `slices`; in-place calls need the cell loop.
        // All give the element function's results.
        if __hg_call.strided() {
            #(#lane_inputs)*
            #(#lane_outputs)*
            ::hologram::__private::dispatch(
                #[inline(always)]
                || __hg_lane_loop(#base #(#lane_args),*),
            );
        } else if __hg_call.streams_disjoint() {
            #slice
        } else {
            #cell
        }
        ::core::result::Result::Ok(())
    })
}

/// Fetches the streams as `access` memory and runs the loop over it.
fn entry_branch(streams: &Streams, outputs: &[Stream], access: Access) -> TokenStream {
    let inputs = fetch(&streams.inputs, Fetch::Stream(access));
    let outputs_fetched = fetch(outputs, Fetch::Stream(access));
    let args = streams
        .uniforms
        .iter()
        .chain(&streams.inputs)
        .chain(outputs)
        .map(|s| s.ident(Role::Param));
    let loop_fn = access.loop_fn();
    let base = base_arg(streams, quote!(__hg_call.first_index()));
    quote! {
        #(#inputs)*
        #(#outputs_fetched)*
        ::hologram::__private::dispatch(
            #[inline(always)]
            || #loop_fn(#base #(#args),*),
        );
    }
}

/// The streams of a call as a tuple `((inputs..,), (outputs..,))` and the body that runs
/// the loop over `access` memory on a piece of them through the runtime's SIMD dispatch:
/// the arguments of `for_each_piece` and `for_each_cell_piece`. Streams go by their public
/// names; the uniforms are captured by the body.
fn pieces(streams: &Streams, outputs: &[Stream], access: Access) -> TokenStream {
    let inputs: Vec<_> = streams.inputs.iter().map(|s| &s.name).collect();
    let outputs: Vec<_> = outputs.iter().map(|s| &s.name).collect();
    let uniforms = streams.uniforms.iter().map(|s| &s.name);
    let loop_fn = access.loop_fn();
    // With an `#[index]`, the index of the first element rides along and is cut with the
    // streams.
    let (index, index_pat, base) = if streams.index {
        (
            quote!(::hologram::__private::IndexBase(0),),
            quote!(__hg_index,),
            quote!(__hg_index.0,),
        )
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    quote! {
        ((#(#inputs,)*), (#(#outputs,)*), #index),
        &|((#(#inputs,)*), (#(#outputs,)*), #index_pat)| {
            ::hologram::__private::dispatch(
                #[inline(always)]
                || #loop_fn(#base #(#uniforms,)* #(#inputs,)* #(#outputs),*),
            )
        }
    }
}
