//! Recognising element types in the syntax tree.

use syn::{Type, TypePath};

/// The element types a kernel accepts, as written in Rust.
pub const NAMES: [&str; 6] = ["f32", "f64", "i32", "i64", "u32", "u8"];

/// Whether `ty` is one of the element types, written as a bare primitive name or through
/// `core::primitive` / `std::primitive`. Type aliases are not element types: the macro sees
/// only tokens, and an alias could name anything.
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
                [krate, module, name] => {
                    matches!(krate.as_str(), "core" | "std")
                        && module == "primitive"
                        && NAMES.contains(&name.as_str())
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
            "unsupported element type `{}`; a kernel element is one of {list}, written by \
             name (the macro cannot see through type aliases)",
            quote::quote!(#path).to_string().replace(' ', "")
        ),
        _ => format!("unsupported element type; a kernel element must be one of {list}"),
    }
}
