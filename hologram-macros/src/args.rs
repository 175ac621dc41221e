//! The options inside `#[kernel(...)]`.

use proc_macro2::TokenStream;
use syn::LitStr;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;

/// Options of one `#[kernel(...)]`.
#[derive(Default)]
pub struct Args {
    /// `name = "..."`: the name the kernel registers and exports under.
    pub name: Option<LitStr>,
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
    let key = meta
        .path
        .get_ident()
        .map(|i| format!(" `{i}`"))
        .unwrap_or_default();
    Err(meta.error(format!(
        "unknown kernel option{key}; the options are `name = \"...\"`, or none for an \
         elementwise kernel"
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
