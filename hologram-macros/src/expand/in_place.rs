//! `slices_into_{input}`: an elementwise kernel whose first output is written over one of
//! its inputs, on plain mutable slices (`y = a * x + y` with `y: &mut [f32]`).
//!
//! One function per input, named after it, so the call says which input is overwritten. The
//! overwritten input is `impl Overwrite<'_, In, Out>`, implemented only when the input's type
//! `In` is the output's `Out`: a call on an input of another type is a compile error whose
//! message says so. The loop reads the input and writes the output through the same cells,
//! every element of a chunk read before any is stored, as `run` does in place.

use super::access::Access;
use super::lengths::check_lengths_of;
use super::loops::loop_fn;
use super::streams::{Stream, Streams};
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Type;

/// `slices_into_{input}` for every input, and the loops of those whose type is the first
/// output's.
pub fn expand(kernel: &Kernel, streams: &Streams, outputs: &[Stream]) -> TokenStream {
    let Some(first) = outputs.first() else {
        return TokenStream::new();
    };
    let functions = streams.inputs.iter().enumerate().map(|(i, input)| {
        if same_type(input.ty, first.ty) {
            let loop_fn = loop_fn(streams, outputs, Access::InPlace(i));
            let call = function(kernel, streams, outputs, i);
            let arrays = arrays_function(kernel, streams, outputs, i);
            quote!(#call #loop_fn #arrays)
        } else {
            let slices = mismatched(kernel, streams, outputs, i, Form::Slices);
            let arrays = mismatched(kernel, streams, outputs, i, Form::Arrays);
            quote!(#slices #arrays)
        }
    });
    quote!(#(#functions)*)
}

/// Which in-place function: on plain slices or on arrays.
#[derive(Clone, Copy)]
enum Form {
    Slices,
    Arrays,
}

impl Form {
    fn name(self, input: &syn::Ident) -> syn::Ident {
        match self {
            Form::Slices => format_ident!("slices_into_{}", input),
            Form::Arrays => format_ident!("arrays_into_{}", input),
        }
    }
}

/// Whether two element types are the same: `valid` has checked both are element types,
/// written by name or through `core::primitive`, so the last segments decide.
fn same_type(a: &Type, b: &Type) -> bool {
    let last = |t: &Type| match t {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    last(a).is_some() && last(a) == last(b)
}

/// The parameters of `slices_into_{input}`: uniforms and inputs in declaration order (input
/// `i` as the overwritten slice), then the outputs after the first.
fn params(
    kernel: &Kernel,
    streams: &Streams,
    outputs: &[Stream],
    i: usize,
    form: Form,
) -> TokenStream {
    let Some(first) = outputs.first() else {
        return TokenStream::new();
    };
    let a = quote!('__hg_a);
    let mut inputs = streams.inputs.iter().enumerate();
    let mut uniforms = streams.uniforms.iter();
    let mut list = Vec::new();
    for param in kernel.params.iter().filter(|p| !p.is_index()) {
        if param.is_uniform() {
            if let Some(s) = uniforms.next() {
                let (name, ty) = (&s.name, s.ty);
                list.push(quote!(#name: #ty));
            }
        } else if let Some((k, s)) = inputs.next() {
            let (name, ty) = (&s.name, s.ty);
            let out = first.ty;
            list.push(match (form, k == i) {
                (Form::Slices, true) => quote!(
                    #name: impl ::hologram::__private::Overwrite<#a, #ty, #out>
                ),
                (Form::Slices, false) => quote!(#name: &#a [#ty]),
                (Form::Arrays, true) => quote!(
                    #name: impl ::hologram::__private::OverwriteArray<#a, #ty, #out>
                ),
                (Form::Arrays, false) => {
                    quote!(#name: impl ::core::convert::Into<::hologram::View<#a, #ty>>)
                }
            });
        }
    }
    for s in outputs.iter().skip(1) {
        let (name, ty) = (&s.name, s.ty);
        list.push(match form {
            Form::Slices => quote!(#name: &#a mut [#ty]),
            Form::Arrays => quote!(#name: impl ::core::convert::Into<::hologram::ViewMut<#a, #ty>>),
        });
    }
    quote!(#(#list),*)
}

fn doc(kernel: &Kernel, streams: &Streams, outputs: &[Stream], i: usize) -> String {
    let ident = kernel.ident();
    let input = &streams.inputs[i].name;
    let out = &outputs[0].name;
    format!(
        "Runs `{ident}` over slices with its output `{out}` written over the input \
         `{input}`: `{input}[i] = {ident}(.., {input}[i], ..)` for every `i`.\n\n\
         Pass `&mut {input}` (a `&mut [T]`, `&mut Vec<T>` or `&mut [T; N]` of the output's \
         type; another type is a compile error); the other parameters are those of \
         `slices`, without `{out}`. Each element is read before it is written, so the \
         result is what `slices` gives with a separate output.\n\n\
         # Errors\n\
         `Error::LengthMismatch` when the slices differ in length; nothing is written then."
    )
}

fn function(kernel: &Kernel, streams: &Streams, outputs: &[Stream], i: usize) -> TokenStream {
    let name = format_ident!("slices_into_{}", streams.inputs[i].name);
    let params = params(kernel, streams, outputs, i, Form::Slices);
    let doc = doc(kernel, streams, outputs, i);
    let target = &streams.inputs[i].name;
    let lengths = check_lengths_in_place(kernel, streams, outputs);
    let inputs: Vec<_> = streams.inputs.iter().map(|s| &s.name).collect();
    let rest: Vec<_> = outputs.iter().skip(1).map(|s| &s.name).collect();
    let uniforms = streams.uniforms.iter().map(|s| &s.name);
    let loop_fn = Access::InPlace(i).loop_fn();
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
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn #name<'__hg_a>(#params) -> ::hologram::__private::Result<()> {
            let #target: &mut [_] = ::hologram::__private::Overwrite::into_slice(#target);
            #lengths
            ::hologram::__private::for_each_piece(
                ::hologram::__private::DEFAULT_THREADS,
                ((#(#inputs,)*), (#(#rest,)*), #index),
                &|((#(#inputs,)*), (#(#rest,)*), #index_pat)| {
                    // The overwritten input, as cells: read as input `i`, written as the
                    // first output.
                    let #target = ::hologram::__private::Cell::from_mut(#target).as_slice_of_cells();
                    ::hologram::__private::dispatch(
                        #[inline(always)]
                        || #loop_fn(#base #(#uniforms,)* #(#inputs,)* #target, #(#rest),*),
                    )
                },
            );
            ::core::result::Result::Ok(())
        }
    }
}

/// The length check of `slices` over the inputs and the outputs after the first (the first
/// is the overwritten input).
fn check_lengths_in_place(kernel: &Kernel, streams: &Streams, outputs: &[Stream]) -> TokenStream {
    check_lengths_of(kernel, streams, outputs.get(1..).unwrap_or(&[]))
}

/// `slices_into_{input}` for an input of another type than the output: it exists so that a
/// call names the problem. Its overwritten parameter asks for `Overwrite<'_, In, Out>`,
/// which no type implements when `In` is not `Out` (the trait is sealed), so no call
/// compiles, and the compiler's message is the trait's, which says why.
fn mismatched(
    kernel: &Kernel,
    streams: &Streams,
    outputs: &[Stream],
    i: usize,
    form: Form,
) -> TokenStream {
    let name = form.name(&streams.inputs[i].name);
    let params = params(kernel, streams, outputs, i, form);
    let input = &streams.inputs[i];
    let out = &outputs[0];
    let doc = format!(
        "Not callable: `{}` is `{}`, but the output `{}` is `{}`, and an in-place call \
         writes the output over the input, so both must have one type. Call `slices` or \
         `arrays` with a separate output instead.",
        input.name,
        type_text(input.ty),
        out.name,
        type_text(out.ty)
    );
    let all: Vec<_> = streams
        .uniforms
        .iter()
        .chain(&streams.inputs)
        .chain(outputs.iter().skip(1))
        .map(|s| &s.name)
        .collect();
    let unreachable = format!("`{name}` has no caller: its input and output types differ");
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments, unused_variables)]
        pub fn #name<'__hg_a>(#params) -> ::hologram::__private::Result<()> {
            let _ = (#(&#all,)*);
            // No caller: `Overwrite<'_, In, Out>` has no implementation when `In` is not
            // `Out` (it is sealed), so a call is the compile error that explains itself.
            ::core::unreachable!(#unreachable)
        }
    }
}

fn type_text(ty: &Type) -> String {
    quote!(#ty).to_string().replace(' ', "")
}

/// `arrays_into_{input}`: the first output written over input `i`, an array of any shape
/// and strides. The array's two roles go through lanes that are never borrowed as slices,
/// so each piece is read into a buffer before it is computed and written back.
fn arrays_function(
    kernel: &Kernel,
    streams: &Streams,
    outputs: &[Stream],
    i: usize,
) -> TokenStream {
    let target = &streams.inputs[i].name;
    let name = Form::Arrays.name(target);
    let params = params(kernel, streams, outputs, i, Form::Arrays);
    let kernel_name = kernel.name();
    let ident = kernel.ident();
    let out = &outputs[0].name;
    let doc = format!(
        "Runs `{ident}` over arrays of any shape and strides with its output `{out}` \
         written over the input `{target}`, as `arrays` would write it to a separate \
         output.\n\n\
         Pass `{target}` as anything that converts into a `hologram::ViewMut` of the output's \
         type (another type is a compile error); the other inputs broadcast to its shape \
         under numpy's rules. Each piece is read before it is written.\n\n\
         # Errors\n\
         `Error::ShapeMismatch` when an input does not broadcast to `{target}`'s shape or \
         another output has another shape, `Error::TooManyDimensions`. Nothing is written \
         then."
    );
    let (in_side, out_side) = (
        format_ident!("__hg_in_place_in"),
        format_ident!("__hg_in_place_out"),
    );
    let inputs: Vec<_> = streams.inputs.iter().map(|s| &s.name).collect();
    let rest: Vec<_> = outputs.iter().skip(1).map(|s| &s.name).collect();
    let outs: Vec<_> = outputs.iter().map(|s| &s.name).collect();
    let input_values = streams.inputs.iter().enumerate().map(|(k, s)| {
        if k == i {
            quote!(#in_side)
        } else {
            let name = &s.name;
            quote!(::core::convert::Into::into(#name))
        }
    });
    let labels = streams
        .inputs
        .iter()
        .map(|s| s.name.to_string())
        .chain([target.to_string()])
        .chain(outputs.iter().skip(1).map(|s| s.name.to_string()));
    let uniforms = streams.uniforms.iter().map(|s| &s.name);
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
        pub fn #name<'__hg_a>(#params) -> ::hologram::__private::Result<()> {
            let (#in_side, #out_side) = ::hologram::__private::in_place(
                ::hologram::__private::OverwriteArray::into_view_mut(#target),
            );
            ::hologram::__private::#driver(
                #kernel_name,
                &[#(#labels),*],
                ::hologram::__private::DEFAULT_THREADS,
                ((#(#input_values,)*), (#out_side, #(::core::convert::Into::into(#rest),)*)),
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
    }
}
