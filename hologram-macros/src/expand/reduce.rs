//! `slices`, `run` and the entry-point body of a reduction. The block loop they share is
//! generated in `loops`; the folding order is the runtime's (`hologram::fold`).

use super::descriptor::{Fetch, entry_impl_with, fetch};
use super::lengths::check_lengths;
use super::reduce_block::{Tail, reduce_block};
use super::role::Role;
use super::streams::{Reduction, Streams, base_arg, base_ident, base_param};
use crate::args::{Builtin, Reduce};
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Path, Type};

/// The functions of a reduction that folds to `reduction`'s result.
pub fn expand(kernel: &Kernel, streams: &Streams, reduction: &Reduction) -> TokenStream {
    let result = reduction.ty();
    let combiner = combiner(reduction, &result);
    let fold = fold_fn(streams, &result);
    let tail = match reduction.reduce {
        Reduce::Builtin(_) | Reduce::Builtins { .. } => Tail::Direct,
        Reduce::Custom { .. } => Tail::Padded,
    };
    let block = reduce_block(streams, reduction, tail);
    let slices = slices_fn(kernel, streams, &result);
    let run = run_fn(kernel, streams, &result);
    let entry = entry_fn(streams, reduction);
    let arrays = super::arrays::reduce(kernel, streams, reduction);
    quote!(#combiner #fold #block #slices #run #arrays #entry)
}

/// `__hg_combine`, `__hg_identity` and `__hg_empty`: the combiner, its identity inside the
/// lanes, and the value of an empty reduction. The last two are `const fn`s, so that the
/// entry body's `IDENTITY` (C ABI version 2) is a constant: an identity is a constant
/// expression. A tuple of built-in combiners combines component by component.
fn combiner(reduction: &Reduction, result: &TokenStream) -> TokenStream {
    let (combine, identity, empty, scope) = match reduction.reduce {
        Reduce::Builtin(which) => {
            let builtin = builtin_of(reduction.components.first().copied());
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
        Reduce::Builtins { combiners, .. } => {
            let (mut combine, mut identity, mut empty) = (Vec::new(), Vec::new(), Vec::new());
            for (k, (which, ty)) in combiners.iter().zip(&reduction.components).enumerate() {
                let builtin = builtin_of(Some(*ty));
                let (function, id) = builtin_items(*which);
                let k = syn::Index::from(k);
                combine.push(quote!(#builtin::#function(a.#k, b.#k)));
                identity.push(quote!(#builtin::#id));
                empty.push(match which {
                    Builtin::Add => quote!(#builtin::ADD_EMPTY),
                    _ => quote!(#builtin::#id),
                });
            }
            (
                quote!((#(#combine,)*)),
                quote!((#(#identity,)*)),
                quote!((#(#empty,)*)),
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

/// `<ty as Builtin>`: the built-in combiners of one element type.
fn builtin_of(ty: Option<&Type>) -> TokenStream {
    quote!(<#ty as ::hologram::__private::Builtin>)
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
fn fold_fn(streams: &Streams, result: &TokenStream) -> TokenStream {
    let params = params(streams);
    let base = base_param(streams);
    let base_ident = base_ident();
    let block_base = base_arg(
        streams,
        quote!(#base_ident.wrapping_add(__hg_range.start as u64)),
    );
    let uniforms = streams.uniforms.iter().map(|s| s.ident(Role::Param));
    let ranged = streams.inputs.iter().map(|s| {
        let param = s.ident(Role::Param);
        quote!(&#param[__hg_range.clone()])
    });
    // `valid` guarantees an input stream.
    let first = streams.inputs.first().map(|s| s.ident(Role::Param));
    quote! {
        #[allow(clippy::too_many_arguments)]
        fn __hg_fold(__hg_threads: usize, #base #params) -> #result {
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
                        || __hg_block(#block_base #(#uniforms,)* #(#ranged),*),
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

fn slices_fn(kernel: &Kernel, streams: &Streams, result: &TokenStream) -> TokenStream {
    let base = base_arg(streams, quote!(0));
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
                #base
                #(#args),*
            ))
        }
    }
}

fn run_fn(kernel: &Kernel, streams: &Streams, result: &TokenStream) -> TokenStream {
    let base = base_arg(streams, quote!(0));
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
            ::core::result::Result::Ok(__hg_fold(__hg_threads, #base #(#args),*))
        }
    }
}

/// The entry point's body: the inputs as plain slices (a reduction writes no stream), the
/// result through the result pointer (one slot per component); and the identities and
/// combiner that the runtime puts in the kernel's descriptor, so that hosts can split the
/// reduction by name across threads.
fn entry_fn(streams: &Streams, reduction: &Reduction) -> TokenStream {
    let result = reduction.ty();
    let uniforms = fetch(&streams.uniforms, Fetch::Uniform);
    let inputs = fetch(&streams.inputs, Fetch::ReduceInput);
    let lanes = fetch(&streams.inputs, Fetch::Lane);
    let base = base_arg(streams, quote!(__hg_call.first_index()));
    let args: Vec<_> = streams
        .uniforms
        .iter()
        .chain(&streams.inputs)
        .map(|s| s.ident(Role::Param))
        .collect();
    let identities = reduction.components.iter().enumerate().map(|(k, ty)| {
        let value = if reduction.tuple {
            let k = syn::Index::from(k);
            quote!(__hg_empty().#k)
        } else {
            quote!(__hg_empty())
        };
        quote!(::hologram::__private::raw_bits::<#ty>(#value))
    });
    let reduction = quote! {
        const IDENTITY: ::core::option::Option<&'static [u64]> =
            ::core::option::Option::Some(&[#(#identities),*]);

        #[inline]
        fn combine(
            a: &[::hologram::__private::Scalar],
            b: &[::hologram::__private::Scalar],
            out: &mut [::hologram::__private::Scalar],
        ) -> bool {
            ::hologram::__private::combine_scalars::<#result>(a, b, out, __hg_combine)
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
                    #base
                    #(#args),*
                ));
            }
            #(#inputs)*
            __hg_call.set_result::<#result>(__hg_fold(
                ::hologram::__private::ENTRY_THREADS,
                #base
                #(#args),*
            ))
        },
        &reduction,
    )
}
