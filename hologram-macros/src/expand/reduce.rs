//! `slices`, `run` and the entry-point body of a reduction. The block loop they share is
//! generated in `loops`; the folding order is the runtime's (`hologram::fold`).

use super::descriptor::{Fetch, entry_impl_with, fetch};
use super::lengths::check_lengths;
use super::reduce_block::{Tail, reduce_block};
use super::role::Role;
use super::streams::Streams;
use crate::args::{Builtin, Reduce};
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Path, Type};

/// The functions of a reduction that folds with `reduce` into a `result`.
pub fn expand(kernel: &Kernel, reduce: &Reduce, streams: &Streams, result: &Type) -> TokenStream {
    let combiner = combiner(reduce, result);
    let fold = fold_fn(streams, result);
    let tail = match reduce {
        Reduce::Builtin(_) => Tail::Direct,
        Reduce::Custom { .. } => Tail::Padded,
    };
    let block = reduce_block(streams, result, tail);
    let slices = slices_fn(kernel, streams, result);
    let run = run_fn(kernel, streams, result);
    let entry = entry_fn(streams, result);
    let arrays = super::arrays::reduce(kernel, streams, result);
    quote!(#combiner #fold #block #slices #run #arrays #entry)
}

/// `__hg_combine`, `__hg_identity` and `__hg_empty`: the combiner, its identity inside the
/// lanes, and the value of an empty reduction. The last two are `const fn`s, so that the
/// entry body's `IDENTITY` (C ABI version 2) is a constant: an identity is a constant
/// expression.
fn combiner(reduce: &Reduce, result: &Type) -> TokenStream {
    let builtin = quote!(<#result as ::hologram::__private::Builtin>);
    let (combine, identity, empty, scope) = match reduce {
        Reduce::Builtin(which) => {
            let (function, identity) = builtin_items(*which);
            let empty = match which {
                Builtin::Add => quote!(#builtin::ADD_EMPTY),
                _ => quote!(__hg_identity()),
            };
            (
                quote!(#builtin::#function(a, b)),
                quote!(#builtin::#identity),
                empty,
                None,
            )
        }
        Reduce::Custom { combine, identity } => {
            let combine_span = combine.span();
            let combine = from_parent(combine);
            // The user's combiner and identity are written in the parent module's scope.
            let scope = quote! {
                #[allow(unused_imports, clippy::wildcard_imports)]
                use super::*;
            };
            // Coercing to a fn pointer of the exact type makes a wrong signature one error,
            // at the path; LLVM still inlines the call through the known pointer.
            let call = quote_spanned! {combine_span=>
                let __hg_user_combine: fn(#result, #result) -> #result = #combine;
                __hg_user_combine(a, b)
            };
            (
                call,
                quote!(#identity),
                quote!(__hg_identity()),
                Some(scope),
            )
        }
    };
    quote! {
        #scope

        #[inline(always)]
        fn __hg_combine(a: #result, b: #result) -> #result {
            #combine
        }

        #[inline(always)]
        const fn __hg_identity() -> #result {
            #identity
        }

        #[inline(always)]
        const fn __hg_empty() -> #result {
            #empty
        }
    }
}

/// The combiner's function and identity constant in `__private::Builtin`.
fn builtin_items(which: Builtin) -> (TokenStream, TokenStream) {
    match which {
        Builtin::Add => (quote!(add), quote!(ADD_LANE)),
        Builtin::Mul => (quote!(mul), quote!(MUL_IDENTITY)),
        Builtin::Min => (quote!(min), quote!(MIN_IDENTITY)),
        Builtin::Max => (quote!(max), quote!(MAX_IDENTITY)),
    }
}

/// The combiner's path as seen from the generated module: `self::f` becomes `super::f` and
/// `super::f` becomes `super::super::f`; other paths resolve through `use super::*`.
fn from_parent(path: &Path) -> TokenStream {
    match path.segments.first() {
        Some(first) if path.leading_colon.is_none() && first.ident == "self" => {
            let rest = path.segments.iter().skip(1);
            quote!(super #(::#rest)*)
        }
        Some(first) if path.leading_colon.is_none() && first.ident == "super" => {
            quote!(super::#path)
        }
        _ => quote!(#path),
    }
}

/// `__hg_fold`: the whole reduction over slices of equal length, shared by all three paths
/// so that they return the same bits. Each block runs through the runtime's SIMD dispatch;
/// large inputs fold on up to `__hg_threads` threads, in the same tree.
fn fold_fn(streams: &Streams, result: &Type) -> TokenStream {
    let params = params(streams);
    let uniforms = streams.uniforms.iter().map(|s| s.ident(Role::Param));
    let ranged = streams.inputs.iter().map(|s| {
        let param = s.ident(Role::Param);
        quote!(&#param[__hg_range.clone()])
    });
    // `valid` guarantees an input stream.
    let first = streams.inputs.first().map(|s| s.ident(Role::Param));
    quote! {
        #[allow(clippy::too_many_arguments)]
        fn __hg_fold(__hg_threads: usize, #params) -> #result {
            let __hg_len = #first.len();
            if __hg_len == 0 {
                return __hg_empty();
            }
            ::hologram::__private::fold_blocks(
                0..__hg_len,
                __hg_threads,
                &|__hg_range: ::core::ops::Range<usize>| {
                    ::hologram::__private::dispatch(
                        #[inline(always)]
                        || __hg_block(#(#uniforms,)* #(#ranged),*),
                    )
                },
                &__hg_combine,
            )
        }
    }
}

/// Uniforms by value, then inputs as slices.
fn params(streams: &Streams) -> TokenStream {
    let uniforms = streams.uniforms.iter().map(|s| {
        let (value, ty) = (s.ident(Role::Param), s.ty);
        quote!(#value: #ty)
    });
    let inputs = streams.inputs.iter().map(|s| {
        let (param, ty) = (s.ident(Role::Param), s.ty);
        quote!(#param: &[#ty])
    });
    quote!(#(#uniforms,)* #(#inputs),*)
}

fn slices_fn(kernel: &Kernel, streams: &Streams, result: &Type) -> TokenStream {
    let params = streams.ordered_params(kernel, |ty| quote!(&[#ty]));
    let lengths = check_lengths(kernel, streams);
    let args = streams
        .uniforms
        .iter()
        .chain(&streams.inputs)
        .map(|s| &s.name);
    let doc = format!(
        "Reduces slices with `{ident}`: maps every index `i` to `{ident}(.., x[i], ..)` and \
         folds the values in the order documented in `hologram::fold`. Empty slices give \
         the identity.\n\n\
         # Errors\n\
         `Error::LengthMismatch` when the slices differ in length.",
        ident = kernel.ident()
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn slices(#(#params),*) -> ::hologram::__private::Result<#result> {
            #lengths
            ::core::result::Result::Ok(__hg_fold(
                ::hologram::__private::DEFAULT_THREADS,
                #(#args),*
            ))
        }
    }
}

fn run_fn(kernel: &Kernel, streams: &Streams, result: &Type) -> TokenStream {
    let exec = &streams.exec;
    let params = streams.ordered_params(kernel, |ty| quote!(::hologram::Buffer<#ty>));
    let views = streams.inputs.iter().map(|s| {
        let name = &s.name;
        quote!(let #name = #exec.read(#name)?;)
    });
    let lengths = check_lengths(kernel, streams);
    let args = streams
        .uniforms
        .iter()
        .chain(&streams.inputs)
        .map(|s| &s.name);
    let doc = format!(
        "Reduces buffers in class memory with `{}`, without allocating; the same bits as \
         `slices` on the same values.\n\n\
         # Errors\n\
         `Error::StaleBuffer` or `Error::ForeignBuffer` for a handle this executor cannot \
         use, `Error::LengthMismatch` for buffers of different lengths.",
        kernel.ident()
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn run(
            #exec: &::hologram::Executor,
            #(#params),*
        ) -> ::hologram::__private::Result<#result> {
            let __hg_threads = ::hologram::__private::executor_threads(#exec);
            #(#views)*
            #lengths
            ::core::result::Result::Ok(__hg_fold(__hg_threads, #(#args),*))
        }
    }
}

/// The entry point's body: the inputs as plain slices (a reduction writes no stream), the
/// result through the result pointer; and the identity and combiner that the runtime puts in
/// the kernel's descriptor, so that hosts can split the reduction by name across threads.
fn entry_fn(streams: &Streams, result: &Type) -> TokenStream {
    let uniforms = fetch(&streams.uniforms, Fetch::Uniform);
    let inputs = fetch(&streams.inputs, Fetch::ReduceInput);
    let lanes = fetch(&streams.inputs, Fetch::Lane);
    let args: Vec<_> = streams
        .uniforms
        .iter()
        .chain(&streams.inputs)
        .map(|s| s.ident(Role::Param))
        .collect();
    let reduction = quote! {
        const IDENTITY: ::core::option::Option<::hologram::__private::RawScalar> =
            ::core::option::Option::Some(::hologram::__private::raw_scalar::<#result>(
                __hg_empty(),
            ));

        #[inline]
        fn combine(
            a: ::hologram::__private::Scalar,
            b: ::hologram::__private::Scalar,
        ) -> ::core::option::Option<::hologram::__private::Scalar> {
            ::hologram::__private::combine_scalars::<#result>(a, b, __hg_combine)
        }
    };
    entry_impl_with(
        &quote! {
            #(#uniforms)*
            // Streams with strides (ABI version 2) are read in pieces, in the same order.
            if __hg_call.strided() {
                #(#lanes)*
                return __hg_call.set_result::<#result>(__hg_fold_gathered(
                    ::hologram::__private::ENTRY_THREADS,
                    #(#args),*
                ));
            }
            #(#inputs)*
            __hg_call.set_result::<#result>(__hg_fold(
                ::hologram::__private::ENTRY_THREADS,
                #(#args),*
            ))
        },
        &reduction,
    )
}
