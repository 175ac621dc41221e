//! `arrays` and `along`: a kernel over strided, broadcast, n-dimensional arrays.
//!
//! The runtime checks and broadcasts the shapes and cuts the call into lanes; the code here
//! runs the loops `slices` runs on each lane, directly when a lane is contiguous, else on
//! pieces of `GATHER` elements read into stack buffers and written back.

use super::role::Role;
use super::streams::{Reduction, Stream, Streams, base_arg, base_ident, base_param};
use crate::ast::Kernel;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

/// The lifetime of every view of one call.
fn lifetime() -> TokenStream {
    quote!('__hg_a)
}

/// Parameter names the user did not write, fresh against the user's.
fn fresh(kernel: &Kernel, wanted: &str) -> syn::Ident {
    let taken: Vec<String> = kernel
        .params
        .iter()
        .filter_map(|p| p.ident.map(syn::Ident::to_string))
        .collect();
    names::fresh(wanted, &taken)
}

/// The user's parameters with inputs as `impl Into<View<T>>`.
fn view_params(kernel: &Kernel, streams: &Streams) -> Vec<TokenStream> {
    let a = lifetime();
    streams.ordered_params(
        kernel,
        |ty| quote!(impl ::core::convert::Into<::hologram::View<#a, #ty>>),
    )
}

fn view_mut(ty: &Type) -> TokenStream {
    let a = lifetime();
    quote!(impl ::core::convert::Into<::hologram::ViewMut<#a, #ty>>)
}

/// The array names of a call, for errors: inputs, then `outputs`.
fn labels(streams: &Streams, outputs: &[&syn::Ident]) -> TokenStream {
    let names = streams
        .inputs
        .iter()
        .map(|s| s.name.to_string())
        .chain(outputs.iter().map(|o| o.to_string()));
    quote!(&[#(#names),*])
}

/// `name::arrays` of an elementwise kernel, and the lane loop it runs.
pub fn elementwise(kernel: &Kernel, streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let name = kernel.name();
    let a = lifetime();
    let params = view_params(kernel, streams);
    let output_params = outputs.iter().map(|s| {
        let (name, ty) = (&s.name, view_mut(s.ty));
        quote!(#name: #ty)
    });
    let inputs: Vec<_> = streams.inputs.iter().map(|s| &s.name).collect();
    let outs: Vec<_> = outputs.iter().map(|s| &s.name).collect();
    let labels = labels(streams, &outs);
    let uniforms = streams.uniforms.iter().map(|s| &s.name);
    let doc = format!(
        "Runs `{ident}` over arrays of any shape and strides: `out[i] = {ident}(.., x[i], ..)` \
         for every index `i` of the output.\n\n\
         Uniforms are passed as values; each input and output as anything that converts into \
         `hologram::View` or `ViewMut` (slices, `Vec`s, ndarray arrays and views). Inputs \
         broadcast to the output's shape under numpy's rules; outputs must all have that \
         shape. Contiguous arrays run the loop of `slices`; others are read and written in \
         pieces on the stack. No allocation.\n\n\
         # Errors\n\
         `Error::ShapeMismatch` when an input does not broadcast to the output's shape or \
         the outputs' shapes differ, `Error::TooManyDimensions` above `hologram::MAX_RANK` \
         dimensions. Nothing is written then.",
        ident = kernel.ident()
    );
    let lane_loop = lane_loop(streams, outputs);
    // With an `#[index]`, the runs come in row-major order with their flat index.
    let (driver, for_each, run_base) = if streams.index {
        (
            quote!(for_each_run_indexed),
            quote!(for_each_indexed),
            quote!(__hg_run_index,),
        )
    } else {
        (quote!(for_each_run), quote!(for_each), TokenStream::new())
    };
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn arrays<#a>(#(#params,)* #(#output_params),*) -> ::hologram::__private::Result<()> {
            ::hologram::__private::#driver(
                #name,
                #labels,
                ::hologram::__private::DEFAULT_THREADS,
                ((#(::core::convert::Into::into(#inputs),)*), (#(::core::convert::Into::into(#outs),)*)),
                &|__hg_runs| {
                    ::hologram::__private::dispatch(
                        #[inline(always)]
                        || __hg_runs.#for_each(
                            #[inline(always)]
                            |#run_base ((#(#inputs,)*), (#(#outs,)*))| {
                                __hg_lane_loop(#run_base #(#uniforms,)* #(#inputs,)* #(#outs),*)
                            },
                        ),
                    )
                },
            )
        }

        #lane_loop
    }
}

/// `__hg_lane_loop`: the slice loop on contiguous lanes, else on pieces of `GATHER`
/// elements: inputs read into stack buffers (or borrowed, when contiguous), outputs computed
/// into stack buffers and written back (or in place, when contiguous).
fn lane_loop(streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let a = lifetime();
    let uniform_params = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let input_params = streams.inputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), s.ty);
        quote!(#param: ::hologram::__private::Lane<#a, #ty>)
    });
    let output_params = outputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), s.ty);
        quote!(mut #param: ::hologram::__private::LaneMut<#a, #ty>)
    });
    let uniforms: Vec<_> = streams
        .uniforms
        .iter()
        .map(|s| s.ident(Role::Param))
        .collect();
    let ins: Vec<_> = streams
        .inputs
        .iter()
        .map(|s| s.ident(Role::Param))
        .collect();
    let outs: Vec<_> = outputs.iter().map(|s| s.ident(Role::Param)).collect();
    let in_pieces: Vec<_> = streams
        .inputs
        .iter()
        .map(|s| s.ident(Role::Piece))
        .collect();
    let out_pieces: Vec<_> = outputs.iter().map(|s| s.ident(Role::Piece)).collect();
    let contiguous_ins = ins
        .iter()
        .map(|p| quote!(::hologram::__private::Gather::contiguous(&#p)));
    let contiguous_outs = outs.iter().map(|p| quote!(#p.contiguous()));
    // The buffers are made once per lane, not once per piece: zeroing them is a `memset` of
    // `GATHER` elements each.
    let buffers = streams.inputs.iter().chain(outputs).map(|s| {
        let (buf, ty) = (s.ident(Role::Buf), s.ty);
        quote! {
            let mut #buf: [#ty; ::hologram::__private::GATHER] =
                [<#ty as ::core::default::Default>::default(); ::hologram::__private::GATHER];
        }
    });
    let read = streams.inputs.iter().map(|s| {
        let (param, buf, piece) = (s.ident(Role::Param), s.ident(Role::Buf), s.ident(Role::Piece));
        quote! {
            let #piece = ::hologram::__private::Gather::piece(&#param, __hg_start, __hg_len, &mut #buf);
        }
    });
    // A contiguous output lane is computed in place; any other into its buffer, then written.
    let compute = outputs.iter().map(|s| {
        let (param, buf, piece) = (
            s.ident(Role::Param),
            s.ident(Role::Buf),
            s.ident(Role::Piece),
        );
        quote! {
            let #piece = #param.piece_mut(__hg_start, &mut #buf);
        }
    });
    let write = outputs.iter().map(|s| {
        let (param, buf) = (s.ident(Role::Param), s.ident(Role::Buf));
        quote!(#param.write_back(__hg_start, &#buf);)
    });
    // Every lane of a run has the same length; an elementwise kernel has an output.
    let first_out = &outs[0];
    let base_param = base_param(streams);
    let base_ident = base_ident();
    let base = base_arg(streams, quote!(#base_ident));
    let piece_base = base_arg(streams, quote!(#base_ident.wrapping_add(__hg_start as u64)));
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_lane_loop<#a>(
            #base_param
            #(#uniform_params,)*
            #(#input_params,)*
            #(#output_params),*
        ) {
            if let (#(::core::option::Option::Some(#ins),)* #(::core::option::Option::Some(#outs),)*) =
                (#(#contiguous_ins,)* #(#contiguous_outs,)*)
            {
                return __hg_slice_loop(#base #(#uniforms,)* #(#ins,)* #(#outs),*);
            }
            let __hg_len = #first_out.len();
            #(#buffers)*
            let mut __hg_start = 0;
            while __hg_start < __hg_len {
                #(#read)*
                #(#compute)*
                __hg_slice_loop(#piece_base #(#uniforms,)* #(#in_pieces,)* #(#out_pieces),*);
                #(#write)*
                __hg_start += ::hologram::__private::GATHER;
            }
        }
    }
}

/// `name::arrays` and `name::along` of a reduction, and the fold over gathered streams
/// they share.
pub fn reduce(kernel: &Kernel, streams: &Streams, reduction: &Reduction) -> TokenStream {
    let result = &reduction.ty();
    let name = kernel.name();
    let a = lifetime();
    let params = view_params(kernel, streams);
    let inputs: Vec<_> = streams.inputs.iter().map(|s| &s.name).collect();
    let uniforms: Vec<_> = streams.uniforms.iter().map(|s| &s.name).collect();
    let ident = kernel.ident();
    let labels = labels(streams, &[]);
    let arrays_doc = format!(
        "Reduces arrays of any shape and strides with `{ident}`: every index of the inputs' \
         broadcast shape, in row-major (logical) order, folded in the order documented in \
         `hologram::fold`, so a strided or broadcast array gives the same bits as a \
         contiguous copy of it. Empty arrays give the identity.\n\n\
         # Errors\n\
         `Error::ShapeMismatch` when the inputs do not broadcast together, \
         `Error::TooManyDimensions` above `hologram::MAX_RANK` dimensions."
    );
    let axis = fresh(kernel, "axis");
    let taken: Vec<String> = kernel
        .params
        .iter()
        .filter_map(|p| p.ident.map(syn::Ident::to_string))
        .chain([axis.to_string()])
        .collect();
    let outs = if reduction.tuple {
        names::outputs(reduction.components.len().max(2), &taken)
            .into_iter()
            .take(reduction.components.len())
            .collect()
    } else {
        vec![names::fresh("out", &taken)]
    };
    let along_labels = along_labels(streams, &outs);
    let out_params = outs.iter().zip(&reduction.components).map(|(o, ty)| {
        let ty = view_mut(ty);
        quote!(#o: #ty)
    });
    let out_values = if reduction.tuple {
        quote!((#(::core::convert::Into::into(#outs),)*))
    } else {
        quote!(#(::core::convert::Into::into(#outs))*)
    };
    let out = outs
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let index_doc = if streams.index {
        " The `#[index]` of an element is its position along the lane."
    } else {
        ""
    };
    let along_doc = format!(
        "Reduces every lane along `{axis}` with `{ident}`, writing one value per lane (to \
         one output per component of the result): {out} each have the inputs' broadcast \
         shape without `{axis}` (or with `{axis}` of extent 1). Each lane folds as `arrays` \
         folds a contiguous copy of it, so the result does not depend on strides or \
         threads.{index_doc}\n\n\
         # Errors\n\
         `Error::AxisOutOfRange` when `{axis}` is not below the inputs' dimensions, \
         `Error::ShapeMismatch` when the inputs do not broadcast together or an output has \
         another shape, `Error::TooManyDimensions`. Nothing is written then."
    );
    let fold = fold_gathered(streams, result);
    let base = base_arg(streams, quote!(0));
    quote! {
        #[doc = #arrays_doc]
        #[allow(clippy::too_many_arguments)]
        pub fn arrays<#a>(#(#params),*) -> ::hologram::__private::Result<#result> {
            let (#(#inputs,)*) = ::hologram::__private::flat_streams(
                #name,
                #labels,
                (#(::core::convert::Into::into(#inputs),)*),
            )?;
            ::core::result::Result::Ok(__hg_fold_gathered(
                ::hologram::__private::DEFAULT_THREADS,
                #base
                #(#uniforms,)*
                #(#inputs),*
            ))
        }

        #[doc = #along_doc]
        #[allow(clippy::too_many_arguments)]
        pub fn along<#a>(#axis: usize, #(#params,)* #(#out_params),*) -> ::hologram::__private::Result<()> {
            ::hologram::__private::for_each_lane_value(
                #name,
                #along_labels,
                #axis,
                ::hologram::__private::DEFAULT_THREADS,
                (#(::core::convert::Into::into(#inputs),)*),
                #out_values,
                &|(#(#inputs,)*)| {
                    __hg_fold_gathered(
                        ::hologram::__private::ENTRY_THREADS,
                        #base
                        #(#uniforms,)*
                        #(#inputs),*
                    )
                },
            )
        }

        #fold
    }
}

/// `__hg_fold_gathered`: `__hg_fold` on streams that are all contiguous, else the same
/// block tree with every block read in pieces (`__hg_gathered_block`).
fn fold_gathered(streams: &Streams, result: &TokenStream) -> TokenStream {
    let a = lifetime();
    let base_param = base_param(streams);
    let base_ident = base_ident();
    let base = base_arg(streams, quote!(#base_ident));
    let block_base = base_arg(
        streams,
        quote!(#base_ident.wrapping_add(__hg_range.start as u64)),
    );
    let uniform_params = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let input_params = streams.inputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), s.ty);
        quote!(#param: impl ::hologram::__private::Gather<#a, #ty>)
    });
    let uniforms: Vec<_> = streams
        .uniforms
        .iter()
        .map(|s| s.ident(Role::Param))
        .collect();
    let ins: Vec<_> = streams
        .inputs
        .iter()
        .map(|s| s.ident(Role::Param))
        .collect();
    let contiguous = ins
        .iter()
        .map(|p| quote!(::hologram::__private::Gather::contiguous(&#p)));
    let first = &ins[0];
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn __hg_fold_gathered<#a>(
            __hg_threads: usize,
            #base_param
            #(#uniform_params,)*
            #(#input_params),*
        ) -> #result {
            if let (#(::core::option::Option::Some(#ins),)*) = (#(#contiguous,)*) {
                return __hg_fold(__hg_threads, #base #(#uniforms,)* #(#ins),*);
            }
            let __hg_len = ::hologram::__private::Gather::len(&#first);
            if __hg_len == 0 {
                return __hg_empty();
            }
            ::hologram::__private::fold_blocks(
                0..__hg_len,
                __hg_threads,
                &|__hg_range: ::core::ops::Range<usize>| {
                    ::hologram::__private::dispatch(
                        #[inline(always)]
                        || __hg_gathered_block(__hg_range.clone(), #block_base #(#uniforms,)* #(&#ins),*),
                    )
                },
                &__hg_combine,
            )
        }
    }
}

fn along_labels(streams: &Streams, outs: &[syn::Ident]) -> TokenStream {
    labels(streams, &outs.iter().collect::<Vec<_>>())
}
