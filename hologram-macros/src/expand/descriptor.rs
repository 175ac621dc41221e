//! `DESCRIPTOR` and `KERNEL`: the kernel's signature and entry point as data.

use super::streams::{Stream, Streams};
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
    let (outputs, kind) = match streams.result {
        Some(ty) => (
            quote!(&[<#ty as ::hologram::__private::Element>::TYPE]),
            quote!(Reduce),
        ),
        None => (types(&streams.outputs), quote!(Elementwise)),
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
