//! Recognising element types in the syntax tree.

use syn::{Type, TypePath};

/// The element types a kernel accepts, as written in Rust.
pub const NAMES: [&str; 6] = ["f32", "f64", "i32", "i64", "u32", "u8"];

/// Whether `ty` is one of the element types, written as a bare primitive name.
pub fn is_element(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => is_element(&group.elem),
        Type::Paren(paren) => is_element(&paren.elem),
        Type::Path(TypePath {
            qself: None, path, ..
        }) => path
            .get_ident()
            .is_some_and(|ident| NAMES.iter().any(|name| ident == name)),
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
        _ => format!("unsupported element type; a kernel element must be one of {list}"),
    }
}
