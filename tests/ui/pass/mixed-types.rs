use hologram::{ElemType, Executor, kernel};

/// Mixes u8 and i64 inputs with an f64 uniform into a u32 output.
#[kernel]
pub fn mix(#[uniform] scale: f64, small: u8, big: i64) -> u32 {
    (f64::from(small) * scale) as u32 + big as u32
}

/// Widens an i32 stream and an f32 stream, two outputs of different types.
#[kernel]
pub fn widen(#[uniform] bias: i32, i: i32, f: f32) -> (i64, f64) {
    (i64::from(i + bias), f64::from(f))
}

fn main() {
    let small = [1u8, 2, 3, 255];
    let big = [10i64, 20, 30, 40];
    let mut out = [0u32; 4];
    mix::slices(2.0, &small, &big, &mut out).unwrap();
    assert_eq!(out, [12, 24, 36, 550]);

    let d = mix::KERNEL.descriptor();
    assert_eq!(d.uniforms(), &[ElemType::F64]);
    assert_eq!(d.inputs(), &[ElemType::U8, ElemType::I64]);
    assert_eq!(d.outputs(), &[ElemType::U32]);

    let mut exec = Executor::new();
    let ib = exec.alloc_from(&[1i32, -2, 3]).unwrap();
    let fb = exec.alloc_from(&[0.5f32, 1.5, -2.5]).unwrap();
    let wide_i = exec.alloc::<i64>(3).unwrap();
    let wide_f = exec.alloc::<f64>(3).unwrap();
    widen::run(&mut exec, 100, ib, fb, wide_i, wide_f).unwrap();
    assert_eq!(exec.read(wide_i).unwrap(), &[101, 98, 103]);
    assert_eq!(exec.read(wide_f).unwrap(), &[0.5, 1.5, -2.5]);

    let d = widen::KERNEL.descriptor();
    assert_eq!(d.uniforms(), &[ElemType::I32]);
    assert_eq!(d.inputs(), &[ElemType::I32, ElemType::F32]);
    assert_eq!(d.outputs(), &[ElemType::I64, ElemType::F64]);
}
