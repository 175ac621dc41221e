//! What the macro emits when the kernel is invalid: the errors, plus the function as written
//! with the helper attributes stripped, so that code calling the function does not add a
//! cascade of unrelated errors.

use crate::ast::{is_index_attr, is_uniform_attr};
use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{FnArg, ItemFn};

/// The errors as `compile_error!`s, followed by the original item without `#[uniform]` and `#[index]`.
pub fn expand(error: syn::Error, input: TokenStream) -> TokenStream {
    let mut tokens = error.to_compile_error();
    match syn::parse2::<ItemFn>(input.clone()) {
        Ok(mut item) => {
            strip_helpers(&mut item);
            item.to_tokens(&mut tokens);
        }
        Err(_) => tokens.extend(input),
    }
    tokens
}

/// Removes every `#[uniform]` and `#[index]` from the parameters of `item`.
pub fn strip_helpers(item: &mut ItemFn) {
    for arg in &mut item.sig.inputs {
        let attrs = match arg {
            FnArg::Receiver(receiver) => &mut receiver.attrs,
            FnArg::Typed(typed) => &mut typed.attrs,
        };
        attrs.retain(|attr| !is_uniform_attr(attr) && !is_index_attr(attr));
    }
}
