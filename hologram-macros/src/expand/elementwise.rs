//! `slices`, `run` and the entry-point body of an elementwise kernel. The loops they call
//! are generated in `loops`.
//!
//! Generated code contains no `unsafe`: crates under `#![forbid(unsafe_code)]` can define
//! kernels.

use super::descriptor::{entry_impl, fetch};
use super::lengths::check_lengths;
use super::loops::{cell_loop, slice_loop};
use super::streams::Streams;
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let slices = slices_fn(kernel, streams);
    let run = run_fn(kernel, streams);
    let entry = entry_fn(streams);
    let slice_loop = slice_loop(streams);
    let cell_loop = cell_loop(streams);
    quote!(#slices #run #entry #slice_loop #cell_loop)
}

fn slices_fn(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let params = streams.ordered_params(kernel, |ty| quote!(&[#ty]));
    let outputs = streams.outputs.iter().map(|s| {
        let (name, ty) = (&s.name, s.ty);
        quote!(#name: &mut [#ty])
    });
    let lengths = check_lengths(kernel, streams);
    let names = |s: &super::streams::Stream| s.name.clone();
    let pieces = pieces(streams, names, quote!(__hg_slice_loop));
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
        pub fn slices(#(#params,)* #(#outputs),*) -> ::hologram::__private::Result<()> {
            #lengths
            ::hologram::__private::for_each_piece(
                ::hologram::__private::DEFAULT_THREADS,
                #pieces
            );
            ::core::result::Result::Ok(())
        }
    }
}

fn run_fn(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let name = kernel.name();
    let exec = &streams.exec;
    let params = streams.ordered_params(kernel, |ty| quote!(::hologram::Buffer<#ty>));
    let outputs = streams.outputs.iter().map(|s| {
        let (name, ty) = (&s.name, s.ty);
        quote!(#name: ::hologram::Buffer<#ty>)
    });
    let distinct = (streams.outputs.len() > 1).then(|| {
        let ids = streams.outputs.iter().map(|s| {
            let (label, name) = (s.name.to_string(), &s.name);
            quote!((#label, #name.id()))
        });
        quote!(::hologram::__private::check_distinct_outputs(#name, &[#(#ids),*])?;)
    });
    let views = streams.all_streams().map(|s| {
        let name = &s.name;
        quote!(let #name = __hg_view.get(#name)?;)
    });
    let lengths = check_lengths(kernel, streams);
    let names = |s: &super::streams::Stream| s.name.clone();
    let pieces = pieces(streams, names, quote!(__hg_cell_loop));
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
            #(#outputs),*
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
fn entry_fn(streams: &Streams) -> TokenStream {
    let uniforms = fetch(&streams.uniforms, "uniform");
    let input_slices = fetch(&streams.inputs, "input_slice");
    let output_slices = fetch(&streams.outputs, "output_slice");
    let inputs = fetch(&streams.inputs, "input");
    let outputs = fetch(&streams.outputs, "output");
    let args: Vec<_> = streams
        .uniforms
        .iter()
        .chain(streams.all_streams())
        .map(|s| &s.local)
        .collect();
    entry_impl(&quote! {
        #(#uniforms)*
        // Streams in memory of their own run the loop of `slices`; in-place calls need the
        // cell loop. Both give the element function's results.
        if __hg_call.streams_disjoint() {
            #(#input_slices)*
            #(#output_slices)*
            ::hologram::__private::dispatch(
                #[inline(always)]
                || __hg_slice_loop(#(#args),*),
            );
        } else {
            #(#inputs)*
            #(#outputs)*
            ::hologram::__private::dispatch(
                #[inline(always)]
                || __hg_cell_loop(#(#args),*),
            );
        }
        ::core::result::Result::Ok(())
    })
}

/// The streams of a call as a tuple `((inputs..,), (outputs..,))` and the body that runs
/// `loop_fn` on a piece of them through the runtime's SIMD dispatch: the arguments of
/// `for_each_piece` and `for_each_cell_piece`. Streams are named by `name`; the uniforms are
/// captured by the body.
fn pieces(
    streams: &Streams,
    name: impl Fn(&super::streams::Stream) -> syn::Ident,
    loop_fn: TokenStream,
) -> TokenStream {
    let inputs: Vec<_> = streams.inputs.iter().map(&name).collect();
    let outputs: Vec<_> = streams.outputs.iter().map(&name).collect();
    let uniforms = streams.uniforms.iter().map(&name);
    let tuple = quote!(((#(#inputs,)*), (#(#outputs,)*)));
    quote! {
        #tuple,
        &|#tuple| {
            ::hologram::__private::dispatch(
                #[inline(always)]
                || #loop_fn(#(#uniforms,)* #(#inputs,)* #(#outputs),*),
            )
        }
    }
}
