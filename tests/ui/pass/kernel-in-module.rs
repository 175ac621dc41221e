use hologram::Executor;

mod ops {
    use hologram::kernel;

    /// x*x + y: public, used from outside the module.
    #[kernel]
    pub fn sq_add(x: u32, y: u32) -> u32 {
        x * x + y
    }

    /// Visible in the crate only.
    #[kernel]
    pub(crate) fn twice(x: u8) -> u8 {
        x.wrapping_mul(2)
    }

    pub mod nested {
        /// A kernel two modules deep, named with the full path of the attribute.
        #[hologram::kernel]
        pub fn negate(x: i64) -> i64 {
            -x
        }
    }
}

fn main() {
    let mut out = [0u32; 3];
    ops::sq_add::slices(&[1, 2, 3], &[10, 20, 30], &mut out).unwrap();
    assert_eq!(out, [11, 24, 39]);
    assert_eq!(ops::sq_add(4, 1), 17);

    let mut bytes = [0u8; 3];
    ops::twice::slices(&[1, 100, 200], &mut bytes).unwrap();
    assert_eq!(bytes, [2, 200, 144]);

    let mut exec = Executor::new();
    let b = exec.alloc_from(&[1i64, -2, 3]).unwrap();
    ops::nested::negate::run(&mut exec, b, b).unwrap();
    assert_eq!(exec.read(b).unwrap(), &[-1, 2, -3]);
    assert_eq!(ops::nested::negate::KERNEL.descriptor().name(), "negate");
}
