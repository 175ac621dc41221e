//! The element types of ABI version 2 across a library boundary: the `user-kernels` cdylib's
//! `dequant` (`i8` in, `f16` out) and `mask_count` (`bool` in, `u64` out), and a C library
//! (`tests/c/new_types.c`) over `i8, i16, u16, u64, bool, bf16`, each against a scalar loop
//! bit for bit, on contiguous and strided streams and across the split of a long
//! reduction. A version-1 table that uses a version-2 type code is refused.

mod common;

use hologram::half::{bf16, f16};
use hologram::{AnyView, AnyViewMut, ElemType, Error, Registry, Scalar, View, ViewMut};
use proptest::prelude::*;

/// `n` pseudo-random 64-bit values from a splitmix64 stream.
fn bits(n: usize, seed: u64) -> Vec<u64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        })
        .collect()
}

fn registry() -> Registry {
    let mut reg = Registry::new();
    reg.load_library(common::user_kernels())
        .expect("load user-kernels");
    reg.load_library(common::c_library("tests/c/new_types.c"))
        .expect("load the C library of the new types");
    reg
}

/// Lengths around the lane size and past the 16,384-element block of a split reduction.
fn length() -> impl Strategy<Value = usize> {
    prop_oneof![4 => 0..100usize, 1 => 16_000..50_000usize]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn loaded_kernels_of_the_new_types_match_scalar_loops(len in length(), seed in any::<u64>()) {
        let reg = registry();
        let r = bits(len, seed);

        // Rust cdylib: i8 -> f16.
        let q: Vec<i8> = r.iter().map(|&v| v as i8).collect();
        let scale = 0.0625f32;
        let mut out = vec![f16::ZERO; len];
        reg.get("dequant").unwrap()
            .run_slices(&[scale.into()], &[(&q).into()], &mut [(&mut out).into()]).unwrap();
        let want: Vec<u16> = q.iter().map(|&v| f16::from_f32(scale * f32::from(v)).to_bits()).collect();
        prop_assert_eq!(out.iter().map(|h| h.to_bits()).collect::<Vec<_>>(), want);

        // Rust cdylib: a bool reduction, split into blocks when long.
        let m: Vec<bool> = r.iter().map(|&v| v & 4 != 0).collect();
        let trues = m.iter().filter(|&&b| b).count() as u64;
        let got = reg.get("mask_count").unwrap().reduce_slices(&[], &[(&m).into()]).unwrap();
        prop_assert_eq!(got, Scalar::U64(trues));
        let c_got = reg.get("c_mask_count").unwrap().reduce_slices(&[], &[(&m).into()]).unwrap();
        prop_assert_eq!(c_got, Scalar::U64(trues));

        // C: i16 uniform, i8 and u16 inputs, i16 output; on reversed views too.
        let a: Vec<i8> = r.iter().map(|&v| (v >> 8) as i8).collect();
        let b: Vec<u16> = r.iter().map(|&v| (v >> 16) as u16).collect();
        let k = -1234i16;
        let want: Vec<i16> = a.iter().zip(&b)
            .map(|(&a, &b)| (k as u16).wrapping_add(a as u16).wrapping_add(b) as i16)
            .collect();
        let mix = reg.get("c_mix").unwrap();
        let mut out = vec![0i16; len];
        mix.run_slices(&[k.into()], &[(&a).into(), (&b).into()], &mut [(&mut out).into()]).unwrap();
        prop_assert_eq!(&out, &want);
        if len > 0 {
            let mut rev = vec![0i16; len];
            mix.run_arrays(
                &[k.into()],
                &[
                    AnyView::from(View::strided(&a, len - 1, &[len], &[-1]).unwrap()),
                    AnyView::from(View::strided(&b, len - 1, &[len], &[-1]).unwrap()),
                ],
                &mut [AnyViewMut::from(ViewMut::strided(&mut rev, len - 1, &[len], &[-1]).unwrap())],
            ).unwrap();
            prop_assert_eq!(&rev, &want);
        }

        // C: f32 -> bool, and bf16 -> f32 over every pattern, NaNs included.
        let x: Vec<f32> = r.iter().map(|&v| (v >> 40) as f32 - 8_388_608.0).collect();
        let mut positive = vec![false; len];
        reg.get("c_is_positive").unwrap()
            .run_slices(&[], &[(&x).into()], &mut [(&mut positive).into()]).unwrap();
        prop_assert_eq!(positive, x.iter().map(|&v| v > 0.0).collect::<Vec<_>>());
        let h: Vec<bf16> = r.iter().map(|&v| bf16::from_bits(v as u16)).collect();
        let mut wide = vec![0.0f32; len];
        reg.get("c_widen_bf16").unwrap()
            .run_slices(&[], &[(&h).into()], &mut [(&mut wide).into()]).unwrap();
        prop_assert_eq!(
            wide.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            h.iter().map(|v| v.to_f32().to_bits()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn descriptors_of_loaded_kernels_carry_the_new_type_codes() {
    let reg = registry();
    let d = *reg.get("c_mix").unwrap().descriptor();
    assert_eq!(d.uniforms(), &[ElemType::I16]);
    assert_eq!(d.inputs(), &[ElemType::I8, ElemType::U16]);
    assert_eq!(d.outputs(), &[ElemType::I16]);
    let d = *reg.get("c_widen_bf16").unwrap().descriptor();
    assert_eq!(d.inputs(), &[ElemType::BF16]);
    let d = *reg.get("c_mask_count").unwrap().descriptor();
    assert_eq!(
        (d.inputs(), d.outputs()),
        (&[ElemType::Bool][..], &[ElemType::U64][..])
    );
    let k = reg.get("c_mask_count").unwrap().kernel();
    assert_eq!(k.identity(), Some(Scalar::U64(0)));
    let d = *reg.get("dequant").unwrap().descriptor();
    assert_eq!(d.outputs(), &[ElemType::F16]);
}

#[test]
fn a_version_1_table_with_a_version_2_type_code_is_refused_whole() {
    let mut reg = Registry::new();
    let err = reg
        .load_library(common::c_library("tests/c/v1_new_type.c"))
        .expect_err("code 7 is not a version-1 type");
    let Error::MalformedDescriptor { field, reason, .. } = &err else {
        panic!("expected MalformedDescriptor, got {err}");
    };
    assert_eq!(*field, "input_types");
    assert!(reason.contains("entry 0 is 7"), "{reason}");
    assert!(
        !reason.contains("8 i16"),
        "lists the version-1 codes only: {reason}"
    );
    assert!(reg.names().is_empty());
}
