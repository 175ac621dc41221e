//! Recognising element types in the syntax tree.

use syn::{FnArg, ItemFn, ReturnType, Type, TypePath};

/// The element types a kernel accepts, as written in Rust.
pub const NAMES: [&str; 13] = [
    "f32", "f64", "i32", "i64", "u32", "u8", "i8", "i16", "u16", "u64", "bool", "f16", "bf16",
];

/// The primitive ones, which may also be written through `core::primitive`.
const PRIMITIVES: [&str; 11] = [
    "f32", "f64", "i32", "i64", "u32", "u8", "i8", "i16", "u16", "u64", "bool",
];

/// The half-precision ones, from the `half` crate: `f16` and `bf16` (imported), or written as
/// `half::f16` or `hologram::half::f16`.
const HALVES: [&str; 2] = ["f16", "bf16"];

/// Whether `ty` is one of the element types, written as a bare name, through
/// `core::primitive` / `std::primitive`, or (for `f16` and `bf16`) through `half` or
/// `hologram::half`. Type aliases are not element types: the macro sees only tokens, and an
/// alias could name anything.
pub fn is_element(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => is_element(&group.elem),
        Type::Paren(paren) => is_element(&paren.elem),
        Type::Path(TypePath {
            qself: None, path, ..
        }) => {
            let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            let no_arguments = path.segments.iter().all(|s| s.arguments.is_none());
            let known = match names.as_slice() {
                [name] => NAMES.contains(&name.as_str()),
                [krate, name] => krate == "half" && HALVES.contains(&name.as_str()),
                [krate, module, name] => {
                    (matches!(krate.as_str(), "core" | "std")
                        && module == "primitive"
                        && PRIMITIVES.contains(&name.as_str()))
                        || (krate == "hologram"
                            && module == "half"
                            && HALVES.contains(&name.as_str()))
                }
                _ => false,
            };
            no_arguments && known
        }
        _ => false,
    }
}

/// The message for a type that is not an element type.
pub fn unsupported(ty: &Type) -> String {
    let list = NAMES.join(", ");
    match ty {
        Type::Reference(_) | Type::Slice(_) | Type::Array(_) | Type::Ptr(_) => format!(
            "kernel parameters and results are single elements, not references, arrays or \
             slices: write the element type ({list}); the generated `slices` and `run` take \
             the streams"
        ),
        Type::Path(path) => format!(
            "unsupported element type `{}`; a kernel element is one of {list} (f16 and bf16 \
             from the `half` crate, also as `hologram::half::f16`), written by name (the \
             macro cannot see through type aliases)",
            quote::quote!(#path).to_string().replace(' ', "")
        ),
        _ => format!("unsupported element type; a kernel element must be one of {list}"),
    }
}

/// `item` with every `f16` and `bf16` written bare in its signature replaced by the absolute
/// path `::hologram::half::f16` (or `bf16`), with the span of the original. The generated
/// module is a child of the user's module and does not see its imports, so a bare `f16`
/// there would name Rust's unstable primitive; the element function itself is emitted as
/// written.
pub fn resolved(item: &ItemFn) -> ItemFn {
    let mut item = item.clone();
    for input in &mut item.sig.inputs {
        if let FnArg::Typed(typed) = input {
            resolve(&mut typed.ty);
        }
    }
    if let ReturnType::Type(_, ty) = &mut item.sig.output {
        resolve(ty);
    }
    item
}

fn resolve(ty: &mut Type) {
    match ty {
        Type::Group(group) => resolve(&mut group.elem),
        Type::Paren(paren) => resolve(&mut paren.elem),
        Type::Tuple(tuple) => tuple.elems.iter_mut().for_each(resolve),
        Type::Path(TypePath {
            qself: None, path, ..
        }) if path.segments.len() == 1 => {
            let Some(segment) = path.segments.first() else {
                return;
            };
            let name = segment.ident.to_string();
            if path.leading_colon.is_none()
                && segment.arguments.is_none()
                && HALVES.contains(&name.as_str())
            {
                let ident = &segment.ident;
                *ty = syn::parse_quote_spanned!(ident.span()=> ::hologram::half::#ident);
            }
        }
        _ => {}
    }
}
