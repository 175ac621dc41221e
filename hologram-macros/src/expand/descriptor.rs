//! `DESCRIPTOR` and `KERNEL`: the kernel's signature and entry point as data, and the
//! `EntryBody` impl that the entry point runs.

use super::access::Access;
use super::role::Role;
use super::streams::{Results, Stream, Streams};
use crate::ast::Kernel;
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(kernel: &Kernel, streams: &Streams) -> TokenStream {
    let name = kernel.name();
    let types = |list: &[Stream]| {
        let types = list.iter().map(|s| {
            let ty = s.ty;
            quote!(<#ty as ::hologram::__private::Element>::TYPE)
        });
        quote!(&[#(#types),*])
    };
    let uniforms = types(&streams.uniforms);
    let inputs = types(&streams.inputs);
    let (outputs, kind) = match &streams.results {
        Results::Reduce(reduction) => {
            let types = reduction
                .components
                .iter()
                .map(|ty| quote!(<#ty as ::hologram::__private::Element>::TYPE));
            (quote!(&[#(#types),*]), quote!(Reduce))
        }
        Results::Streams(outputs) => (types(outputs), quote!(Elementwise)),
    };
    quote! {
        /// The kernel's signature: name, kind and element types.
        const DESCRIPTOR: ::hologram::__private::KernelDescriptor = {
            const UNIFORMS: &[::hologram::__private::ElemType] = #uniforms;
            const INPUTS: &[::hologram::__private::ElemType] = #inputs;
            const OUTPUTS: &[::hologram::__private::ElemType] = #outputs;
            ::hologram::__private::descriptor(
                #name,
                ::hologram::__private::KernelKind::#kind,
                UNIFORMS,
                INPUTS,
                OUTPUTS,
            )
        };

        /// The kernel as data: its descriptor and C-ABI entry point, for
        /// `Registry::register` and `export_kernels!`.
        pub const KERNEL: ::hologram::__private::Kernel =
            ::hologram::__private::kernel::<__HgEntry>();
    }
}

/// What an entry point fetches from its `EntryCall`.
#[derive(Clone, Copy)]
pub enum Fetch {
    /// A uniform's value.
    Uniform,
    /// A stream, as the loop over `Access` memory takes it.
    Stream(Access),
    /// An input of a reduction, as a slice: a reduction writes no stream.
    ReduceInput,
    /// A stream of a call with strides, as a `Lane` (inputs) or `LaneMut` (outputs).
    Lane,
}

impl Fetch {
    /// The `EntryCall` method that fetches `stream`.
    fn method(self, stream: &Stream) -> TokenStream {
        match self {
            Fetch::Uniform => quote!(uniform),
            Fetch::Stream(access) => access.fetch(stream),
            Fetch::ReduceInput => quote!(reduce_input),
            Fetch::Lane if stream.is_output() => quote!(output_lane),
            Fetch::Lane => quote!(input_lane),
        }
    }
}

/// `let __hg_in0 = __hg_call.method::<ty>(index)?;` for every stream of `list`, in order:
/// each stream's `Param` identifier, which the loops take.
pub fn fetch(list: &[Stream], what: Fetch) -> Vec<TokenStream> {
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            let (param, ty, method) = (s.ident(Role::Param), s.ty, what.method(s));
            quote!(let #param = __hg_call.#method::<#ty>(#i)?;)
        })
        .collect()
}

/// The body of the kernel's entry point, in safe code: the runtime's generic
/// `entry::<__HgEntry>` is the `extern "C"` function, and every type `body` asks
/// `__hg_call` for is checked against `DESCRIPTOR`. `body` evaluates to the `Result`.
pub fn entry_impl(body: &TokenStream) -> TokenStream {
    entry_impl_with(body, &TokenStream::new())
}

/// [`entry_impl`] with further `items` in the impl: a reduction's `IDENTITY` and `combine`.
pub fn entry_impl_with(body: &TokenStream, items: &TokenStream) -> TokenStream {
    quote! {
        /// The body of the kernel's C entry point.
        struct __HgEntry;

        #[automatically_derived]
        impl ::hologram::__private::EntryBody for __HgEntry {
            const DESCRIPTOR: ::hologram::__private::KernelDescriptor = DESCRIPTOR;

            #items

            #[inline(always)]
            fn run(
                __hg_call: &::hologram::__private::EntryCall<'_>,
            ) -> ::core::result::Result<(), ::hologram::__private::EntryError> {
                #body
            }
        }
    }
}
