//! Smoke test of arrays (replaced by the property tests).
use hologram::{View, ViewMut, stdlib};
use ndarray::{Array1, Array2, s};

#[test]
fn smoke() {
    let x = Array2::<f32>::from_shape_fn((5, 7), |(i, j)| (i * 10 + j) as f32);
    let bias = Array1::<f32>::from_shape_fn(7, |j| j as f32 * 100.0);
    let mut y = Array2::<f32>::zeros((5, 7));
    stdlib::add::arrays(&x, &bias, &mut y).unwrap();
    assert_eq!(y, &x + &bias);
    let mut z = Array2::<f32>::zeros((7, 5));
    stdlib::add::arrays(x.t(), x.t(), z.view_mut()).unwrap();
    assert_eq!(z, &x.t() + &x.t());
    let mut w = Array2::<f32>::zeros((5, 7));
    stdlib::add::arrays(
        x.slice(s![..;-1, ..]),
        &x,
        w.view_mut().reversed_axes().reversed_axes(),
    )
    .unwrap();
    assert_eq!(w, &x.slice(s![..;-1, ..]) + &x);
    let total = stdlib::sum::arrays(x.t()).unwrap();
    assert_eq!(total, x.sum());
    let mut rows = Array1::<f32>::zeros(5);
    stdlib::sum::along(1, &x, &mut rows).unwrap();
    assert_eq!(rows, x.sum_axis(ndarray::Axis(1)));
    let mut cols = Array1::<f32>::zeros(7);
    stdlib::sum::along(0, &x, &mut cols).unwrap();
    assert_eq!(cols, x.sum_axis(ndarray::Axis(0)));
    let err = stdlib::sum::along(2, &x, &mut cols).unwrap_err();
    println!("{err}");
    let err = stdlib::add::arrays(&x, &Array1::<f32>::zeros(3), &mut y).unwrap_err();
    println!("{err}");
    let v: Vec<f32> = (0..1000).map(|i| i as f32).collect();
    let big = View::strided(&v, 999, &[1000], &[-1]).unwrap();
    assert_eq!(
        stdlib::sum::arrays(big).unwrap(),
        stdlib::sum::slices(&v.iter().rev().copied().collect::<Vec<_>>()).unwrap()
    );
    let mut out = vec![0f32; 1000];
    stdlib::relu::arrays(big, ViewMut::from(&mut out)).unwrap();
    assert_eq!(out[0], 999.0);
}

#[test]
fn by_name_smoke() {
    use hologram::{AnyView, AnyViewMut, Registry};
    let reg = Registry::with_stdlib();
    let x = Array2::<f32>::from_shape_fn((5, 300), |(i, j)| (i * 1000 + j) as f32 * 0.5);
    let bias = Array1::<f32>::from_shape_fn(300, |j| j as f32);
    let mut y = Array2::<f32>::zeros((5, 300));
    reg.get("add")
        .unwrap()
        .run_arrays(&[], &[(&x).into(), (&bias).into()], &mut [(&mut y).into()])
        .unwrap();
    assert_eq!(y, &x + &bias);
    let mut z = Array2::<f32>::zeros((300, 5));
    reg.get("add")
        .unwrap()
        .run_arrays(
            &[],
            &[x.t().into(), x.t().into()],
            &mut [AnyViewMut::from(z.view_mut())],
        )
        .unwrap();
    assert_eq!(z, &x.t() + &x.t());
    let total = reg
        .get("sum")
        .unwrap()
        .reduce_arrays(&[], &[AnyView::from(x.t())])
        .unwrap();
    assert_eq!(total.as_f32(), Some(stdlib::sum::arrays(x.t()).unwrap()));
    let mut cols = Array1::<f32>::zeros(300);
    reg.get("sum")
        .unwrap()
        .reduce_along(0, &[], &[(&x).into()], (&mut cols).into())
        .unwrap();
    let mut cols2 = Array1::<f32>::zeros(300);
    stdlib::sum::along(0, &x, &mut cols2).unwrap();
    assert_eq!(cols, cols2);
    let mut p = Array2::<f32>::zeros((300, 5));
    reg.get("softmax")
        .unwrap()
        .run_along(0, &[], &[x.t().into()], &mut [(&mut p).into()])
        .unwrap();
    let mut p2 = Array2::<f32>::zeros((300, 5));
    stdlib::softmax::along(0, x.t(), &mut p2).unwrap();
    assert_eq!(p, p2);
}
