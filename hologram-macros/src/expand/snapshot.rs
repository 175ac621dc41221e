//! Snapshots of what `#[kernel]` generates, so that a change to the generated code shows in
//! review: `tests/expand/{name}.expanded.rs`, pretty-printed. A test fails with the lines
//! that differ; `HOLOGRAM_BLESS=1 cargo test -p hologram-macros` rewrites the files.

use proc_macro2::TokenStream;
use quote::quote;
use std::path::PathBuf;

/// Expands `#[kernel(args)] item` and compares it with the snapshot `name`.
fn check(name: &str, args: TokenStream, item: TokenStream) {
    let tokens = super::kernel(args, item).expect("the kernel is valid");
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses as a file");
    let actual = prettyplease::unparse(&file);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("expand")
        .join(format!("{name}.expanded.rs"));
    if std::env::var_os("HOLOGRAM_BLESS").is_some() {
        std::fs::write(&path, &actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "the expansion of `{name}` differs from {}:\n{}\nrerun with HOLOGRAM_BLESS=1 to accept it",
        path.display(),
        diff(&expected, &actual),
    );
}

/// The lines between the common head and tail of `expected` and `actual`: `-` for the
/// snapshot's, `+` for the expansion's.
fn diff(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut text = format!("@@ from line {} @@\n", head + 1);
    for line in &old[head..old.len() - tail] {
        text.push_str(&format!("-{line}\n"));
    }
    for line in &new[head..new.len() - tail] {
        text.push_str(&format!("+{line}\n"));
    }
    text
}

#[test]
fn saxpy() {
    check(
        "saxpy",
        quote!(),
        quote! {
            pub fn saxpy(#[uniform] a: f32, x: f32, y: f32) -> f32 {
                a * x + y
            }
        },
    );
}

#[test]
fn dot() {
    check(
        "dot",
        quote!(reduce = add),
        quote! {
            pub fn dot(a: f32, b: f32) -> f32 {
                a * b
            }
        },
    );
}

#[test]
fn stats() {
    check(
        "stats",
        quote!(reduce = (min, max, add)),
        quote! {
            pub fn stats(x: f64) -> (f64, f64, u32) {
                (x, x, u32::from(x.is_nan()))
            }
        },
    );
}

#[test]
fn argmax() {
    check(
        "argmax",
        quote!(reduce(
            combine = pick,
            identity = (f32::NEG_INFINITY, i64::MAX)
        )),
        quote! {
            pub fn argmax(x: f32, #[index] i: u64) -> (f32, i64) {
                (x, i.cast_signed())
            }
        },
    );
}
