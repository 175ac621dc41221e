//! The options inside `#[kernel(...)]`.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{Expr, Ident, LitStr, Path, Token};

/// Options of one `#[kernel(...)]`.
#[derive(Default)]
pub struct Args {
    /// `name = "..."`: the name the kernel registers and exports under.
    pub name: Option<LitStr>,
    /// `reduce = ...` or `reduce(...)`: the kernel is a reduction.
    pub reduce: Option<Reduce>,
}

/// How a reduction combines its mapped values.
pub enum Reduce {
    /// `reduce = add | mul | min | max`: a built-in combiner with an implied identity.
    Builtin(Builtin),
    /// `reduce = (min, max, add)`: a built-in combiner per component of a tuple result.
    Builtins {
        /// The combiners, in the order of the result's components.
        combiners: Vec<Builtin>,
        /// The list as written, for errors about it.
        list: syn::ExprTuple,
    },
    /// `reduce(combine = path, identity = expr)`.
    Custom {
        /// The `fn(T, T) -> T` that folds two values.
        combine: Path,
        /// The value of an empty reduction, neutral for `combine`.
        identity: Box<Expr>,
    },
}

/// The built-in combiners.
#[derive(Clone, Copy)]
pub enum Builtin {
    Add,
    Mul,
    Min,
    Max,
}

/// Parses the attribute's arguments; an unknown key is an error at that key.
pub fn parse(tokens: TokenStream) -> syn::Result<Args> {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| parse_one(&mut args, &meta));
    parser.parse2(tokens)?;
    Ok(args)
}

fn parse_one(args: &mut Args, meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.path.is_ident("name") {
        if args.name.is_some() {
            return Err(meta.error("duplicate `name` option; give the kernel one name"));
        }
        let name: LitStr = meta.value()?.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "`name` takes a string literal, e.g. `name = \"saxpy\"`",
            )
        })?;
        check_name(&name)?;
        args.name = Some(name);
        return Ok(());
    }
    if meta.path.is_ident("reduce") {
        if args.reduce.is_some() {
            return Err(meta.error("duplicate `reduce` option; give the kernel one combiner"));
        }
        args.reduce = Some(parse_reduce(meta)?);
        return Ok(());
    }
    let key = meta
        .path
        .get_ident()
        .map(|i| format!(" `{i}`"))
        .unwrap_or_default();
    Err(meta.error(format!(
        "unknown kernel option{key}; the options are `name = \"...\"` and `reduce = add | \
         mul | min | max` or `reduce(combine = path, identity = expr)`"
    )))
}

fn check_name(name: &LitStr) -> syn::Result<()> {
    let value = name.value();
    let valid = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':'));
    if valid {
        Ok(())
    } else {
        Err(syn::Error::new_spanned(
            name,
            "a kernel name must be non-empty and use only ASCII letters, digits, `_`, `.`, \
             `-` and `:`",
        ))
    }
}

const REDUCE_FORMS: &str = "write `reduce = add` (or `mul`, `min`, `max`), a tuple of them \
                            such as `reduce = (min, max, add)` for a tuple result, or \
                            `reduce(combine = path, identity = expr)`";

fn parse_reduce(meta: &ParseNestedMeta) -> syn::Result<Reduce> {
    if meta.input.peek(Token![=]) && meta.input.peek2(syn::token::Paren) {
        let list: syn::ExprTuple = meta.value()?.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("`reduce = (...)` takes a list of combiner names; {REDUCE_FORMS}"),
            )
        })?;
        return builtins(list);
    }
    if meta.input.peek(Token![=]) {
        let name: Ident = meta.value()?.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("`reduce =` takes a combiner name; {REDUCE_FORMS}"),
            )
        })?;
        return builtin(&name).map(Reduce::Builtin);
    }
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!("`reduce` needs a combiner; {REDUCE_FORMS}")));
    }
    let mut combine = None;
    let mut identity = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("combine") {
            if combine.is_some() {
                return Err(inner.error("duplicate `combine`; give one combiner"));
            }
            combine = Some(parse_combine(&inner)?);
        } else if inner.path.is_ident("identity") {
            if identity.is_some() {
                return Err(inner.error("duplicate `identity`; give one identity"));
            }
            identity = Some(Box::new(inner.value()?.parse::<Expr>()?));
        } else {
            return Err(inner.error(
                "unknown `reduce` option; `reduce(...)` takes `combine = path` and \
                 `identity = expr`",
            ));
        }
        Ok(())
    })?;
    match (combine, identity) {
        (Some(combine), Some(identity)) => Ok(Reduce::Custom { combine, identity }),
        (None, _) => Err(meta.error(
            "`reduce(...)` needs `combine = path`: the `fn(T, T) -> T` that folds two values",
        )),
        (Some(_), None) => Err(meta.error(
            "`reduce(combine = ...)` needs `identity = expr`: the value of an empty \
             reduction, neutral for the combiner (e.g. `identity = 0.0`)",
        )),
    }
}

/// `(min, max, add)`: one built-in combiner per component; every unknown name is an error.
fn builtins(list: syn::ExprTuple) -> syn::Result<Reduce> {
    let mut combiners = Vec::new();
    let mut errors: Option<syn::Error> = None;
    for elem in &list.elems {
        let found = match elem {
            syn::Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => {
                match p.path.get_ident() {
                    Some(ident) => builtin(ident),
                    None => Err(syn::Error::new_spanned(elem, NOT_A_NAME)),
                }
            }
            other => Err(syn::Error::new_spanned(other, NOT_A_NAME)),
        };
        match found {
            Ok(b) => combiners.push(b),
            Err(e) => match &mut errors {
                Some(first) => first.combine(e),
                None => errors = Some(e),
            },
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    if combiners.is_empty() {
        return Err(syn::Error::new_spanned(
            &list,
            "`reduce = ()` lists no combiner; give one per component of the result, e.g. \
             `reduce = (min, max)`",
        ));
    }
    Ok(Reduce::Builtins { combiners, list })
}

const NOT_A_NAME: &str = "each entry of `reduce = (...)` is a built-in combiner: `add`, `mul`, \
                          `min` or `max`; for a combiner of your own over the whole tuple \
                          write `reduce(combine = path, identity = (..))`";

fn builtin(name: &Ident) -> syn::Result<Builtin> {
    Ok(match name.to_string().as_str() {
        "add" => Builtin::Add,
        "mul" => Builtin::Mul,
        "min" => Builtin::Min,
        "max" => Builtin::Max,
        _ => {
            return Err(syn::Error::new_spanned(
                name,
                format!(
                    "unknown combiner `{name}`; the built-in ones are `add`, `mul`, `min` and \
                     `max`, or write `reduce(combine = path, identity = expr)`"
                ),
            ));
        }
    })
}

fn parse_combine(meta: &ParseNestedMeta) -> syn::Result<Path> {
    let expr: Expr = meta.value()?.parse()?;
    match expr {
        Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => Ok(path.path),
        other => Err(syn::Error::new_spanned(
            other,
            "`combine` takes a path to a function `fn(T, T) -> T`, e.g. `combine = \
             my_combine`; move a closure into a named function",
        )),
    }
}
