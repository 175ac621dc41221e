//! `bool` streams from bytes that Rust did not write: [`bools`] and [`bools_mut`].
//!
//! A Rust `bool` is one byte that must be 0 or 1; any other byte read as a `bool` is
//! undefined behaviour. A `&[bool]` from Rust is always valid, and so is what a kernel (Rust,
//! or C keeping the header's contract) writes to a `bool` output. Bytes that come from
//! elsewhere (a C buffer, a numpy or Arrow array, a file, a `&[u8]` of unknown content) are
//! checked here, once, when they become `bool`s: this is the one place a host turns bytes into
//! a `bool` stream, and after it every path (slices, class memory, arrays, calls by name)
//! takes the typed `&[bool]` and trusts it.
//!
//! ```
//! # extern crate hologram_runtime as hologram;
//! let bytes = [1u8, 0, 1];
//! let mask: &[bool] = hologram::bools(&bytes)?;
//! assert_eq!(mask, [true, false, true]);
//! assert!(matches!(
//!     hologram::bools(&[0, 2]),
//!     Err(hologram::Error::InvalidBool { index: 1, byte: 2 })
//! ));
//! // A strided view of bools: check the bytes it is made from.
//! let grid = [1u8, 0, 0, 1];
//! let column = hologram::View::strided(hologram::bools(&grid)?, 0, &[2], &[2])?;
//! assert_eq!(column.get(&[1]), Some(false));
//! # Ok::<(), hologram::Error>(())
//! ```

use crate::error::Error;

/// `bytes` as `bool`s, after checking that every byte is 0 or 1.
///
/// The check is one vectorized pass (an OR of all the bytes); only when it fails is the first
/// bad byte looked for.
///
/// # Errors
/// [`Error::InvalidBool`] with the index and value of the first byte that is not 0 or 1.
pub fn bools(bytes: &[u8]) -> Result<&[bool], Error> {
    check(bytes)?;
    // SAFETY: `bool` has the size and alignment of `u8`, and every byte was just checked to
    // be 0 or 1, the two valid `bool`s; the result borrows `bytes`, so nothing can write them
    // while it lives.
    Ok(unsafe { core::slice::from_raw_parts(bytes.as_ptr().cast::<bool>(), bytes.len()) })
}

/// `bytes` as mutable `bool`s, after checking that every byte is 0 or 1. To write bools into
/// bytes of unknown content (an output), set them to 0 first (`bytes.fill(0)`).
///
/// # Errors
/// [`Error::InvalidBool`] with the index and value of the first byte that is not 0 or 1.
pub fn bools_mut(bytes: &mut [u8]) -> Result<&mut [bool], Error> {
    check(bytes)?;
    // SAFETY: as in `bools`, and the result borrows `bytes` exclusively; only `bool`s (0 or 1)
    // can be written through it, so the bytes stay valid `u8`s and valid `bool`s.
    Ok(unsafe { core::slice::from_raw_parts_mut(bytes.as_mut_ptr().cast::<bool>(), bytes.len()) })
}

fn check(bytes: &[u8]) -> Result<(), Error> {
    if bytes.iter().fold(0u8, |acc, &b| acc | b) <= 1 {
        return Ok(());
    }
    invalid(bytes)
}

#[cold]
#[inline(never)]
fn invalid(bytes: &[u8]) -> Result<(), Error> {
    match bytes.iter().position(|&b| b > 1) {
        Some(index) => Err(Error::InvalidBool {
            index,
            byte: bytes.get(index).copied().unwrap_or(0),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_bytes_become_bools_and_others_are_refused() {
        assert_eq!(bools(&[]).unwrap(), &[] as &[bool]);
        assert_eq!(bools(&[0, 1, 1]).unwrap(), [false, true, true]);
        for bad in 2..=255u8 {
            let mut bytes = vec![1u8; 100];
            bytes[63] = bad;
            assert_eq!(
                bools_mut(&mut bytes).unwrap_err(),
                Error::InvalidBool {
                    index: 63,
                    byte: bad
                }
            );
        }
        let mut bytes = [0u8; 3];
        bools_mut(&mut bytes).unwrap()[2] = true;
        assert_eq!(bytes, [0, 0, 1]);
    }
}
