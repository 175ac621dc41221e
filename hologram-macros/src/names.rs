//! Names of the generated parameters that the user did not write: outputs and the executor.

use proc_macro2::Span;
use syn::Ident;

/// Picks `wanted`, or `wanted_`, `wanted__`, ... when a user parameter already has that name.
pub fn fresh(wanted: &str, taken: &[String]) -> Ident {
    let mut name = wanted.to_owned();
    while taken.contains(&name) {
        name.push('_');
    }
    Ident::new(&name, Span::call_site())
}

/// Output parameter names: `out` for one output, `out0`, `out1`, ... for several.
pub fn outputs(count: usize, taken: &[String]) -> Vec<Ident> {
    if count == 1 {
        return vec![fresh("out", taken)];
    }
    (0..count)
        .map(|i| fresh(&format!("out{i}"), taken))
        .collect()
}
