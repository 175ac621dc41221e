//! The shape and element strides of an array, and numpy's broadcasting rules.

/// The most dimensions an array may have. A view of more (only `ndarray`'s `IxDyn` can make
/// one) is refused by every call with [`Error::TooManyDimensions`](crate::Error::TooManyDimensions).
///
/// Eight keeps a layout on the stack (136 bytes), so that no call allocates.
pub const MAX_RANK: usize = 8;

/// A shape and its strides, in elements; stride 0 repeats one element along a dimension.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Number of dimensions; above [`MAX_RANK`] the layout is unusable and `shape` holds
    /// nothing.
    rank: usize,
    shape: [usize; MAX_RANK],
    strides: [isize; MAX_RANK],
}

impl core::fmt::Debug for Layout {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Layout")
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .finish()
    }
}

impl Layout {
    /// A one-dimensional layout of `len` contiguous elements.
    pub(crate) const fn contiguous(len: usize) -> Layout {
        let mut shape = [1; MAX_RANK];
        let mut strides = [0; MAX_RANK];
        shape[0] = len;
        strides[0] = 1;
        Layout {
            rank: 1,
            shape,
            strides,
        }
    }

    /// The layout of no dimensions: one element.
    pub(crate) const fn scalar() -> Layout {
        Layout {
            rank: 0,
            shape: [1; MAX_RANK],
            strides: [0; MAX_RANK],
        }
    }

    /// The layout of `shape` and `strides` (equal lengths). Above [`MAX_RANK`] dimensions
    /// the layout records only its rank, and every call refuses it: merging dimensions would
    /// change what an axis or a broadcast means.
    pub(crate) fn new(shape: &[usize], strides: &[isize]) -> Layout {
        let mut out = Layout::scalar();
        if shape.len() > MAX_RANK {
            out.rank = shape.len();
            return out;
        }
        for ((o, os), (&n, &s)) in out
            .shape
            .iter_mut()
            .zip(out.strides.iter_mut())
            .zip(shape.iter().zip(strides))
        {
            *o = n;
            *os = s;
        }
        out.rank = shape.len().min(strides.len());
        out
    }

    /// A one-dimensional layout of no elements.
    pub(crate) const fn empty() -> Layout {
        Layout::contiguous(0)
    }

    /// The same elements in the same row-major order, with extent-1 dimensions dropped and
    /// neighbours that walk memory as one merged (so a contiguous array becomes one
    /// dimension).
    pub(crate) fn merged(&self) -> Layout {
        if self.elements() == Some(0) {
            return Layout::empty();
        }
        let mut out = Layout::scalar();
        for (&n, &s) in self.shape().iter().zip(self.strides()) {
            if n == 1 {
                continue;
            }
            let last = out.rank.wrapping_sub(1);
            if let (Some(pn), Some(ps)) = (out.shape.get_mut(last), out.strides.get_mut(last))
                && *ps == s.wrapping_mul(n as isize)
            {
                *pn *= n;
                *ps = s;
                continue;
            }
            if let (Some(pn), Some(ps)) =
                (out.shape.get_mut(out.rank), out.strides.get_mut(out.rank))
            {
                *pn = n;
                *ps = s;
                out.rank += 1;
            }
        }
        out
    }

    /// The layout with a dimension of extent 1 inserted at `axis` (at most the rank).
    pub(crate) fn inserted(&self, axis: usize) -> Layout {
        let mut out = Layout::scalar();
        out.rank = (self.rank + 1).min(MAX_RANK);
        let mut src = 0;
        for d in 0..out.rank {
            let (n, s) = if d == axis {
                (1, 0)
            } else {
                let v = (
                    self.shape.get(src).copied().unwrap_or(1),
                    self.strides.get(src).copied().unwrap_or(0),
                );
                src += 1;
                v
            };
            if let (Some(pn), Some(ps)) = (out.shape.get_mut(d), out.strides.get_mut(d)) {
                *pn = n;
                *ps = s;
            }
        }
        out
    }

    /// The layout without dimension `axis`.
    pub(crate) fn removed(&self, axis: usize) -> Layout {
        let mut out = Layout::scalar();
        for (d, (&n, &s)) in self.shape().iter().zip(self.strides()).enumerate() {
            if d == axis {
                continue;
            }
            if let (Some(pn), Some(ps)) =
                (out.shape.get_mut(out.rank), out.strides.get_mut(out.rank))
            {
                *pn = n;
                *ps = s;
                out.rank += 1;
            }
        }
        out
    }

    /// Number of dimensions.
    pub(crate) fn rank(&self) -> usize {
        self.rank
    }

    /// Whether the rank is usable (at most [`MAX_RANK`]).
    pub(crate) fn fits(&self) -> bool {
        self.rank <= MAX_RANK
    }

    /// The shape (empty when the rank is above [`MAX_RANK`]).
    pub(crate) fn shape(&self) -> &[usize] {
        self.shape.get(..self.rank).unwrap_or(&[])
    }

    /// The strides in elements (empty when the rank is above [`MAX_RANK`]).
    pub(crate) fn strides(&self) -> &[isize] {
        self.strides.get(..self.rank).unwrap_or(&[])
    }

    /// Number of elements (the product of the shape), `None` on overflow.
    pub(crate) fn elements(&self) -> Option<usize> {
        self.shape()
            .iter()
            .try_fold(1usize, |acc, &n| acc.checked_mul(n))
    }

    /// Whether the elements are one contiguous run in row-major order.
    pub(crate) fn is_row_major(&self) -> bool {
        let mut expected = 1isize;
        for (&n, &s) in self.shape().iter().zip(self.strides()).rev() {
            if n != 1 && s != expected {
                return false;
            }
            expected = expected.wrapping_mul(n as isize);
        }
        true
    }
}

/// How `from` broadcasts to `to` under numpy's rules: dimensions are aligned at the end,
/// each of `from`'s must equal `to`'s or be 1 (then its stride becomes 0), and missing
/// leading dimensions repeat. `None` when it does not broadcast.
pub(crate) fn broadcast_to(from: &Layout, to: &[usize]) -> Option<Layout> {
    let (fshape, fstrides) = (from.shape(), from.strides());
    if fshape.len() > to.len() || to.len() > MAX_RANK {
        return None;
    }
    let lead = to.len() - fshape.len();
    let mut out = Layout {
        rank: to.len(),
        shape: [1; MAX_RANK],
        strides: [0; MAX_RANK],
    };
    for (d, &n) in to.iter().enumerate() {
        let stride = match d.checked_sub(lead) {
            None => 0,
            Some(k) => {
                let (fn_, fs) = (*fshape.get(k)?, *fstrides.get(k)?);
                if fn_ == n {
                    if n == 1 { 0 } else { fs }
                } else if fn_ == 1 {
                    0
                } else {
                    return None;
                }
            }
        };
        *out.shape.get_mut(d)? = n;
        *out.strides.get_mut(d)? = stride;
    }
    Some(out)
}

/// The shape that `a` and `b` broadcast to together (numpy's rule), or `None`.
pub(crate) fn broadcast_shapes(
    a: &[usize],
    b: &[usize],
    out: &mut [usize; MAX_RANK],
) -> Option<usize> {
    let rank = a.len().max(b.len());
    if rank > MAX_RANK {
        return None;
    }
    for d in 0..rank {
        let x = d
            .checked_sub(rank - a.len())
            .and_then(|k| a.get(k))
            .copied()
            .unwrap_or(1);
        let y = d
            .checked_sub(rank - b.len())
            .and_then(|k| b.get(k))
            .copied()
            .unwrap_or(1);
        let n = if x == y || y == 1 {
            x
        } else if x == 1 {
            y
        } else {
            return None;
        };
        *out.get_mut(d)? = n;
    }
    Some(rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_follows_numpy() {
        let bias = Layout::new(&[4], &[1]);
        let b = broadcast_to(&bias, &[3, 4]).unwrap();
        assert_eq!(b.shape(), &[3, 4]);
        assert_eq!(b.strides(), &[0, 1]);
        let col = Layout::new(&[3, 1], &[1, 1]);
        let c = broadcast_to(&col, &[3, 4]).unwrap();
        assert_eq!(c.strides(), &[1, 0]);
        assert!(broadcast_to(&Layout::new(&[5], &[1]), &[3, 4]).is_none());
        assert!(broadcast_to(&Layout::new(&[2, 3, 4], &[12, 4, 1]), &[3, 4]).is_none());
        let mut s = [0; MAX_RANK];
        assert_eq!(broadcast_shapes(&[3, 1], &[4], &mut s), Some(2));
        assert_eq!(&s[..2], &[3, 4]);
        assert_eq!(broadcast_shapes(&[3, 2], &[4], &mut s), None);
    }

    #[test]
    fn ranks_above_max_rank_are_unusable() {
        let l = Layout::new(&[1; MAX_RANK], &[1; MAX_RANK]);
        assert!(l.fits());
        let l = Layout::new(&[1; MAX_RANK + 1], &[1; MAX_RANK + 1]);
        assert!(!l.fits());
        assert_eq!(l.rank(), MAX_RANK + 1);
        assert_eq!(l.shape(), &[] as &[usize]);
    }
}
