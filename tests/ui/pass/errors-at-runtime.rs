use hologram::{Error, Executor, kernel};

/// x + y.
#[kernel]
pub fn add(x: i32, y: i32) -> i32 {
    x.wrapping_add(y)
}

/// Two outputs, to check that they may not alias.
#[kernel]
pub fn pair(x: i32) -> (i32, i32) {
    (x, -x)
}

fn main() {
    // Mismatched lengths are an error, and nothing is written.
    let mut out = [7; 3];
    let err = add::slices(&[1, 2, 3], &[1, 2], &mut out).unwrap_err();
    assert!(matches!(err, Error::LengthMismatch { .. }), "{err}");
    assert_eq!(out, [7; 3]);

    let err = add::slices(&[1, 2], &[1, 2], &mut out).unwrap_err();
    assert!(matches!(err, Error::LengthMismatch { .. }), "{err}");

    // Two outputs in the same buffer are an error.
    let mut exec = Executor::new();
    let xb = exec.alloc_from(&[1, 2, 3]).unwrap();
    let ob = exec.alloc::<i32>(3).unwrap();
    assert!(pair::run(&mut exec, xb, ob, ob).is_err());

    // Empty streams are fine.
    let mut empty: [i32; 0] = [];
    add::slices(&[], &[], &mut empty).unwrap();
}
