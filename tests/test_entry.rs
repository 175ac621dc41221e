//! The C entry point of a kernel, called the way a host calls it: arity and null checks,
//! messages in the host's buffer, and panics turned into a status code.

use core::ffi::{CStr, c_char, c_void};
use hologram::__private::Gather;
use hologram::abi::{CallArgs, RawElement, RawScalar, STATUS_ERROR, STATUS_OK, STATUS_PANICKED};
use hologram::{Kernel, kernel};

/// Panics on 3, to show that a panic does not cross the C boundary.
#[kernel]
fn fragile(x: i32, #[uniform] bias: i32) -> i32 {
    assert!(x != 3, "fragile got {x}");
    x + bias
}

struct Call {
    len: usize,
    uniforms: Vec<RawScalar>,
    inputs: Vec<*const c_void>,
    outputs: Vec<*mut c_void>,
    capacity: usize,
    /// Byte strides (ABI version 2); `None` passes a null array: contiguous.
    input_strides: Option<Vec<isize>>,
    output_strides: Option<Vec<isize>>,
}

impl Call {
    /// Calls `kernel` and returns its status and message.
    fn run(&self, kernel: &Kernel) -> (i32, String) {
        // Filled with a byte that is not NUL, so that a missing terminator shows.
        let mut message = [0x55u8; 128];
        let capacity = self.capacity.min(message.len());
        let args = CallArgs {
            len: self.len,
            uniforms: self.uniforms.as_ptr(),
            uniform_count: self.uniforms.len(),
            inputs: self.inputs.as_ptr(),
            input_count: self.inputs.len(),
            outputs: self.outputs.as_ptr(),
            output_count: self.outputs.len(),
            result: core::ptr::null_mut(),
            message: message.as_mut_ptr().cast::<c_char>(),
            message_capacity: capacity,
            input_strides: self
                .input_strides
                .as_ref()
                .map_or(core::ptr::null(), |s| s.as_ptr()),
            output_strides: self
                .output_strides
                .as_ref()
                .map_or(core::ptr::null(), |s| s.as_ptr()),
            first_index: 0,
        };
        // SAFETY: the stream pointers the tests pass are valid for `len` i32s or null, the
        // uniforms hold i32s, and the message buffer holds `message_capacity` bytes.
        let status = unsafe { (kernel.entry())(&args) };
        // The entry point NUL-terminates what it writes, within `capacity` bytes; a call that
        // wrote nothing (success, or no buffer) reads as "". Not `CStr::from_ptr`, which
        // would run past the buffer when there is no NUL in it.
        let text = CStr::from_bytes_until_nul(&message[..capacity])
            .map_or_else(|_| String::new(), |s| s.to_string_lossy().into_owned());
        (status, text)
    }
}

fn call(x: &[i32], out: &mut [i32]) -> Call {
    Call {
        len: x.len(),
        uniforms: vec![10i32.into_raw()],
        inputs: vec![x.as_ptr().cast()],
        outputs: vec![out.as_mut_ptr().cast()],
        capacity: 128,
        input_strides: None,
        output_strides: None,
    }
}

#[test]
fn a_good_call_succeeds() {
    let x = [1, 2, 4];
    let mut out = [0; 3];
    let (status, _) = call(&x, &mut out).run(&fragile::KERNEL);
    assert_eq!(status, STATUS_OK);
    assert_eq!(out, [11, 12, 14]);
}

#[test]
fn a_panic_becomes_a_status_and_its_message() {
    let x = [1, 3, 4];
    let mut out = [0; 3];
    let (status, message) = call(&x, &mut out).run(&fragile::KERNEL);
    assert_eq!(status, STATUS_PANICKED);
    assert_eq!(message, "fragile got 3");
    let (status, _) = call(&[5], &mut [0]).run(&fragile::KERNEL);
    assert_eq!(status, STATUS_OK, "the kernel works after a panic");
}

#[test]
fn a_message_is_truncated_to_the_buffer() {
    let x = [3];
    let mut out = [0];
    let mut c = call(&x, &mut out);
    c.capacity = 8;
    let (status, message) = c.run(&fragile::KERNEL);
    assert_eq!(status, STATUS_PANICKED);
    assert_eq!(message, "fragile");
    c.capacity = 0;
    assert_eq!(c.run(&fragile::KERNEL).0, STATUS_PANICKED);
}

#[test]
fn wrong_counts_are_refused() {
    let x = [1];
    let mut out = [0];
    let mut c = call(&x, &mut out);
    c.uniforms.clear();
    let (status, message) = c.run(&fragile::KERNEL);
    assert_eq!(status, STATUS_ERROR);
    assert_eq!(message, "wrong number of uniform values for this kernel");

    let mut c = call(&x, &mut out);
    c.inputs.push(x.as_ptr().cast());
    let (status, message) = c.run(&fragile::KERNEL);
    assert_eq!(status, STATUS_ERROR);
    assert_eq!(message, "wrong number of input streams for this kernel");

    let mut c = call(&x, &mut out);
    c.outputs.clear();
    let (status, message) = c.run(&fragile::KERNEL);
    assert_eq!(status, STATUS_ERROR);
    assert_eq!(message, "wrong number of output streams for this kernel");
}

#[test]
fn null_and_misaligned_streams_are_refused() {
    let x = [1, 2];
    let mut out = [0, 0];
    let mut c = call(&x, &mut out);
    c.inputs[0] = core::ptr::null();
    let (status, message) = c.run(&fragile::KERNEL);
    assert_eq!(
        (status, message.as_str()),
        (STATUS_ERROR, "a stream pointer is null")
    );

    let mut c = call(&x, &mut out);
    c.inputs[0] = x.as_ptr().cast::<u8>().wrapping_add(1).cast();
    let (status, message) = c.run(&fragile::KERNEL);
    assert_eq!(status, STATUS_ERROR);
    assert_eq!(
        message,
        "a stream pointer is not aligned for its element type"
    );
    assert_eq!(out, [0, 0], "nothing written");

    let empty = Call {
        len: 0,
        uniforms: vec![0i32.into_raw()],
        inputs: vec![core::ptr::null()],
        outputs: vec![core::ptr::null_mut()],
        capacity: 128,
        input_strides: None,
        output_strides: None,
    };
    assert_eq!(
        empty.run(&fragile::KERNEL).0,
        STATUS_OK,
        "empty streams may be null"
    );
}

#[test]
fn a_null_argument_block_is_an_error() {
    // SAFETY: a null argument block is part of the contract: the entry point refuses it.
    let status = unsafe { (fragile::KERNEL.entry())(core::ptr::null()) };
    assert_eq!(status, STATUS_ERROR);
}

/// An entry body that asks for its streams in a given way, to check that `EntryCall` hands
/// out plain slices only when that is sound, and each exclusive slice once.
struct Probe<const CASE: u8>;

impl<const CASE: u8> hologram::abi::EntryBody for Probe<CASE> {
    const DESCRIPTOR: hologram::KernelDescriptor = hologram::__private::descriptor(
        "probe",
        hologram::KernelKind::Elementwise,
        &[],
        &[hologram::ElemType::F32],
        &[hologram::ElemType::F32],
    );

    fn run(call: &hologram::abi::EntryCall<'_>) -> Result<(), hologram::abi::EntryError> {
        match CASE {
            // The fast path: disjoint streams as slices.
            0 => {
                let x = call.input_slice::<f32>(0)?;
                let out = call.output_slice::<f32>(0)?;
                for (o, v) in out.iter_mut().zip(x) {
                    *o = v * 2.0;
                }
            }
            // An exclusive slice, twice.
            1 => {
                let _first = call.output_slice::<f32>(0)?;
                call.output_slice::<f32>(0)?;
            }
            // Cells after an exclusive slice.
            2 => {
                let _slice = call.output_slice::<f32>(0)?;
                call.output::<f32>(0)?;
            }
            // An exclusive slice after cells.
            3 => {
                let _cells = call.output::<f32>(0)?;
                call.output_slice::<f32>(0)?;
            }
            // Lanes at the host's strides: out[i] = 2 x[i], in pieces of 2.
            5 => {
                assert!(call.strided());
                let x = call.input_lane::<f32>(0)?;
                let mut out = call.output_lane::<f32>(0)?;
                let mut buf = [0.0f32; 2];
                for start in (0..call.len()).step_by(2) {
                    let n = 2.min(call.len() - start);
                    x.read(start, &mut buf[..n]);
                    let doubled: Vec<f32> = buf[..n].iter().map(|v| v * 2.0).collect();
                    out.write(start, &doubled);
                }
            }
            // An output lane, twice.
            6 => {
                let _first = call.output_lane::<f32>(0)?;
                call.output_lane::<f32>(0)?;
            }
            // Just the output lane.
            7 => {
                call.output_lane::<f32>(0)?;
            }
            // Just the input lane.
            8 => {
                call.input_lane::<f32>(0)?;
            }
            // Slices of an in-place call.
            _ => {
                call.input_slice::<f32>(0)?;
            }
        }
        Ok(())
    }
}

fn probe<const CASE: u8>(x: *const f32, out: *mut f32, len: usize) -> (i32, String) {
    strided_probe::<CASE>(x, out, len, None)
}

/// [`probe`] with byte strides for the input and the output.
fn strided_probe<const CASE: u8>(
    x: *const f32,
    out: *mut f32,
    len: usize,
    strides: Option<(isize, isize)>,
) -> (i32, String) {
    let call = Call {
        len,
        uniforms: Vec::new(),
        inputs: vec![x.cast()],
        outputs: vec![out.cast()],
        capacity: 128,
        input_strides: strides.map(|(s, _)| vec![s]),
        output_strides: strides.map(|(_, s)| vec![s]),
    };
    let kernel: Kernel = hologram::__private::kernel::<Probe<CASE>>();
    call.run(&kernel)
}

#[test]
fn disjoint_streams_are_handed_out_as_slices() {
    let x = [1.0f32, 2.0, 3.0];
    let mut out = [0.0f32; 3];
    let (status, _) = probe::<0>(x.as_ptr(), out.as_mut_ptr(), 3);
    assert_eq!(status, STATUS_OK);
    assert_eq!(out, [2.0, 4.0, 6.0]);
}

#[test]
fn an_exclusive_slice_is_handed_out_once() {
    let x = [1.0f32; 4];
    let mut out = [0.0f32; 4];
    for (status, message) in [
        probe::<1>(x.as_ptr(), out.as_mut_ptr(), 4),
        probe::<2>(x.as_ptr(), out.as_mut_ptr(), 4),
        probe::<3>(x.as_ptr(), out.as_mut_ptr(), 4),
    ] {
        assert_eq!(status, STATUS_ERROR);
        assert!(message.contains("taken"), "{message}");
    }
}

#[test]
fn in_place_calls_get_no_slices() {
    let mut x = [1.0f32; 4];
    let ptr = x.as_mut_ptr();
    let (status, message) = probe::<4>(ptr, ptr, 4);
    assert_eq!(status, STATUS_ERROR);
    assert!(message.contains("shares memory"), "{message}");
    let (status, message) = probe::<0>(ptr, ptr, 4);
    assert_eq!(status, STATUS_ERROR, "{message}");
    assert_eq!(x, [1.0; 4], "nothing written");
}

#[test]
fn strides_equal_to_the_element_size_take_the_contiguous_path() {
    let x = [1, 2, 4];
    let mut out = [0; 3];
    let mut c = call(&x, &mut out);
    (c.input_strides, c.output_strides) = (Some(vec![4]), Some(vec![4]));
    let (status, message) = c.run(&fragile::KERNEL);
    assert_eq!((status, message.as_str()), (STATUS_OK, ""));
    assert_eq!(out, [11, 12, 14]);
}

#[test]
fn a_strided_stream_is_never_read_as_a_contiguous_one() {
    let x = [1.0f32, 9.0, 2.0, 9.0];
    let mut out = [0.0f32; 2];
    let (status, message) = strided_probe::<0>(x.as_ptr(), out.as_mut_ptr(), 2, Some((8, 4)));
    assert_eq!(status, STATUS_ERROR);
    assert!(message.contains("strided"), "{message}");
    assert_eq!(out, [0.0; 2], "nothing written");
    // One element has no stride to speak of: contiguous.
    let (status, _) = strided_probe::<0>(x.as_ptr(), out.as_mut_ptr(), 1, Some((8, 0)));
    assert_eq!(status, STATUS_OK);
    assert_eq!(out, [2.0, 0.0]);
}

#[test]
fn lanes_follow_negative_broadcast_and_spread_strides() {
    let x = [1.0f32, 2.0, 3.0, 4.0, 5.0];
    // Reversed input, every element: 5, 4, 3, 2, 1 into every other output element.
    let mut out = [0.0f32; 9];
    let last = x.as_ptr().wrapping_add(4);
    let (status, message) = strided_probe::<5>(last, out.as_mut_ptr(), 5, Some((-4, 8)));
    assert_eq!((status, message.as_str()), (STATUS_OK, ""));
    assert_eq!(out, [10.0, 0.0, 8.0, 0.0, 6.0, 0.0, 4.0, 0.0, 2.0]);
    // A broadcast input: x[1] for every index.
    let mut out = [0.0f32; 3];
    let (status, _) = strided_probe::<5>(x[1..].as_ptr(), out.as_mut_ptr(), 3, Some((0, 4)));
    assert_eq!(status, STATUS_OK);
    assert_eq!(out, [4.0; 3]);
}

#[test]
fn lanes_refuse_what_the_contract_forbids() {
    let x = [1.0f32; 8];
    let mut out = [0.0f32; 8];
    let (x, o) = (x.as_ptr(), out.as_mut_ptr());
    let cases = [
        (strided_probe::<7>(x, o, 2, Some((4, 0))), "stride is 0"),
        (
            strided_probe::<8>(x, o, 2, Some((6, 4))),
            "multiple of its element",
        ),
        (
            strided_probe::<7>(x, o, 2, Some((4, -2))),
            "multiple of its element",
        ),
        (strided_probe::<6>(x, o, 2, Some((4, 8))), "taken twice"),
        (
            strided_probe::<8>(x.wrapping_byte_add(1), o, 2, Some((4, 4))),
            "aligned",
        ),
    ];
    for ((status, message), want) in cases {
        assert_eq!(status, STATUS_ERROR, "{want}");
        assert!(message.contains(want), "{message} should say {want}");
    }
    assert_eq!(out, [0.0; 8], "nothing written");
}

#[kernel(reduce(combine = picky_max, identity = f32::NEG_INFINITY))]
fn picky(x: f32) -> f32 {
    x
}

/// A combiner that panics on a NaN, to show that a panic in it reaches the host as a status.
fn picky_max(a: f32, b: f32) -> f32 {
    assert!(!a.is_nan() && !b.is_nan(), "picky_max got a NaN");
    a.max(b)
}

/// Calls a kernel's C combiner on two values.
fn combine(kernel: &Kernel, a: RawScalar, b: RawScalar) -> (i32, RawScalar) {
    let f = kernel.combiner().expect("a combiner");
    let mut out = RawScalar { bits: 0 };
    // SAFETY: both values hold the kernel's result type (f32 here), `out` is writable.
    let status = unsafe { f(&a, &b, &mut out) };
    (status, out)
}

#[test]
fn reductions_carry_their_combiner_and_identity() {
    use hologram::{Scalar, stdlib};
    assert_eq!(stdlib::sum::KERNEL.identity(), Some(Scalar::F32(0.0)));
    assert_eq!(
        stdlib::max::KERNEL.identity(),
        Some(Scalar::F32(f32::NEG_INFINITY))
    );
    assert_eq!(
        picky::KERNEL.identity(),
        Some(Scalar::F32(f32::NEG_INFINITY))
    );
    assert_eq!(stdlib::add::KERNEL.identity(), None, "elementwise");
    assert!(
        stdlib::mean::KERNEL.combiner().is_none(),
        "mean has no combiner"
    );
    let (status, out) = combine(&stdlib::sum::KERNEL, 1.5f32.into_raw(), 2.25f32.into_raw());
    assert_eq!(status, STATUS_OK);
    // SAFETY: the combiner wrote an f32.
    assert_eq!(unsafe { out.f32 }, 3.75);
    let (status, out) = combine(&picky::KERNEL, 1.0f32.into_raw(), 2.0f32.into_raw());
    // SAFETY: as above.
    assert_eq!((status, unsafe { out.f32 }), (STATUS_OK, 2.0));
    let (status, _) = combine(&picky::KERNEL, f32::NAN.into_raw(), 2.0f32.into_raw());
    assert_eq!(status, STATUS_PANICKED, "the panic stays on the Rust side");
}
