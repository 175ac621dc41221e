//! Model test of class memory: random sequences of executor operations, checked against a
//! simple model of the class map and of every live buffer's contents.
//!
//! Per run: 1,024 cases of 1 to 64 operations each (`alloc`, `alloc_from`, `free`, `write`,
//! `read`, `read_mut`, `to_vec`, `cells`, and uses of stale and foreign handles) over all six
//! element types, on an executor of 16 classes of 256 bytes, so that out-of-memory and
//! fragmentation are frequent. After every operation the executor's `free_classes()`, every
//! live buffer's address and contents, and the foreign executor's buffers are compared with
//! the model.

use hologram_runtime::{Buffer, Element, Error, Executor};
use proptest::prelude::*;
use proptest::sample::Index;

const CLASSES: usize = 16;
const CLASS_BYTES: usize = 256;
/// Largest buffer the test asks for: a little over four classes.
const MAX_BYTES: usize = 4 * CLASS_BYTES + 100;

/// An element type the test can fill with reproducible, comparable values.
trait TestElement: Element {
    fn make(seed: u64) -> Self;
}

impl TestElement for f32 {
    fn make(seed: u64) -> f32 {
        (seed % 1_000_003) as f32 - 500_000.0
    }
}

impl TestElement for f64 {
    fn make(seed: u64) -> f64 {
        (seed % 1_000_000_007) as f64 * 0.5
    }
}

impl TestElement for i64 {
    fn make(seed: u64) -> i64 {
        seed as i64
    }
}

impl TestElement for i32 {
    fn make(seed: u64) -> i32 {
        (seed >> 32) as i32
    }
}

impl TestElement for u32 {
    fn make(seed: u64) -> u32 {
        (seed >> 16) as u32
    }
}

impl TestElement for u8 {
    fn make(seed: u64) -> u8 {
        (seed >> 56) as u8
    }
}

/// `len` values from a simple generator seeded with `seed`.
fn values<T: TestElement>(seed: u64, len: usize) -> Vec<T> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            T::make(state)
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Ty {
    F32,
    U8,
    F64,
    I64,
    I32,
    U32,
}

#[derive(Clone, Debug)]
enum Op {
    Alloc {
        ty: Ty,
        bytes: usize,
    },
    AllocFrom {
        ty: Ty,
        bytes: usize,
        seed: u64,
    },
    Free(Index),
    Write {
        which: Index,
        seed: u64,
        wrong_len: bool,
    },
    Read(Index),
    ReadMut {
        which: Index,
        seed: u64,
    },
    UseStale(Index),
    UseForeign(Index),
}

fn op() -> impl Strategy<Value = Op> {
    let ty = || {
        prop_oneof![
            Just(Ty::F32),
            Just(Ty::U8),
            Just(Ty::F64),
            Just(Ty::I64),
            Just(Ty::I32),
            Just(Ty::U32)
        ]
    };
    prop_oneof![
        3 => (ty(), 0..=MAX_BYTES).prop_map(|(ty, bytes)| Op::Alloc { ty, bytes }),
        2 => (ty(), 0..=MAX_BYTES, any::<u64>())
            .prop_map(|(ty, bytes, seed)| Op::AllocFrom { ty, bytes, seed }),
        3 => any::<Index>().prop_map(Op::Free),
        2 => (any::<Index>(), any::<u64>(), prop::bool::weighted(0.2))
            .prop_map(|(which, seed, wrong_len)| Op::Write { which, seed, wrong_len }),
        1 => any::<Index>().prop_map(Op::Read),
        1 => (any::<Index>(), any::<u64>()).prop_map(|(which, seed)| Op::ReadMut { which, seed }),
        1 => any::<Index>().prop_map(Op::UseStale),
        1 => any::<Index>().prop_map(Op::UseForeign),
    ]
}

/// A handle of any of the tested types, with the contents the model expects of it.
#[derive(Clone, Debug)]
enum Data {
    F32(Buffer<f32>, Vec<f32>),
    U8(Buffer<u8>, Vec<u8>),
    F64(Buffer<f64>, Vec<f64>),
    I64(Buffer<i64>, Vec<i64>),
    I32(Buffer<i32>, Vec<i32>),
    U32(Buffer<u32>, Vec<u32>),
}

/// Calls `$body` with `$buf` and `$data` bound to the typed handle and contents of a `Data`.
macro_rules! with_data {
    ($data_enum:expr, |$buf:ident, $data:ident| $body:expr) => {
        match $data_enum {
            Data::F32($buf, $data) => $body,
            Data::U8($buf, $data) => $body,
            Data::F64($buf, $data) => $body,
            Data::I64($buf, $data) => $body,
            Data::I32($buf, $data) => $body,
            Data::U32($buf, $data) => $body,
        }
    };
}

/// A live buffer of the model: its classes and expected contents.
#[derive(Clone, Debug)]
struct Live {
    first: usize,
    classes: usize,
    data: Data,
}

struct Model {
    exec: Executor,
    other: Executor,
    /// Live buffers of `other`, to use as foreign handles on `exec`.
    others: Vec<Data>,
    base: usize,
    used: [bool; CLASSES],
    live: Vec<Live>,
    stale: Vec<Data>,
}

impl Model {
    fn new() -> Model {
        let mut exec = Executor::with_classes(CLASSES, CLASS_BYTES).unwrap();
        let probe = exec.alloc::<u8>(0).unwrap();
        let base = exec.read(probe).unwrap().as_ptr() as usize;
        exec.free(probe).unwrap();
        let mut other = Executor::with_classes(CLASSES, CLASS_BYTES).unwrap();
        let others = vec![
            Data::F32(other.alloc_from(&[1.0, 2.0]).unwrap(), vec![1.0, 2.0]),
            Data::U8(other.alloc(300).unwrap(), vec![0; 300]),
        ];
        let freed = other.alloc::<i64>(3).unwrap();
        other.free(freed).unwrap();
        let mut model = Model {
            exec,
            other,
            others,
            base,
            used: [false; CLASSES],
            live: vec![],
            stale: vec![],
        };
        model.others.push(Data::I64(freed, vec![0; 3]));
        model
    }

    fn first_fit(&self, classes: usize) -> Option<usize> {
        (0..CLASSES.saturating_sub(classes - 1))
            .find(|&first| self.used[first..first + classes].iter().all(|u| !u))
    }

    fn largest_free_run(&self) -> usize {
        self.used
            .split(|&u| u)
            .map(<[bool]>::len)
            .max()
            .unwrap_or(0)
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Alloc { ty, bytes } => self.alloc_any(ty, bytes, None),
            Op::AllocFrom { ty, bytes, seed } => self.alloc_any(ty, bytes, Some(seed)),
            Op::Free(i) => self.free(i),
            Op::Write {
                which,
                seed,
                wrong_len,
            } => self.write(which, seed, wrong_len),
            Op::Read(i) => self.read(i),
            Op::ReadMut { which, seed } => self.read_mut(which, seed),
            Op::UseStale(i) => self.use_stale(i),
            Op::UseForeign(i) => self.use_foreign(i),
        }
        self.check();
    }

    /// Allocates about `bytes` bytes of `ty`: zeroed, or with `alloc_from` when a seed is
    /// given.
    fn alloc_any(&mut self, ty: Ty, bytes: usize, seed: Option<u64>) {
        match ty {
            Ty::F32 => self.alloc(bytes / 4, seed, Data::F32),
            Ty::U8 => self.alloc(bytes, seed, Data::U8),
            Ty::F64 => self.alloc(bytes / 8, seed, Data::F64),
            Ty::I64 => self.alloc(bytes / 8, seed, Data::I64),
            Ty::I32 => self.alloc(bytes / 4, seed, Data::I32),
            Ty::U32 => self.alloc(bytes / 4, seed, Data::U32),
        }
    }

    fn alloc<T: TestElement>(
        &mut self,
        len: usize,
        seed: Option<u64>,
        wrap: fn(Buffer<T>, Vec<T>) -> Data,
    ) {
        let bytes = len * size_of::<T>();
        let classes = bytes.div_ceil(CLASS_BYTES).max(1);
        let free = self.used.iter().filter(|u| !**u).count();
        let contents = seed.map_or_else(|| vec![T::default(); len], |seed| values(seed, len));
        let result = match seed {
            Some(_) => self.exec.alloc_from(&contents),
            None => self.exec.alloc::<T>(len),
        };
        match (self.first_fit(classes), result) {
            (Some(first), Ok(buf)) => {
                let at = self.exec.read(buf).unwrap().as_ptr() as usize;
                assert_eq!(at, self.base + first * CLASS_BYTES, "first fit");
                assert_eq!(buf.len(), len);
                self.used[first..first + classes].fill(true);
                let data = wrap(buf, contents);
                self.live.push(Live {
                    first,
                    classes,
                    data,
                });
            }
            (None, Err(err)) => assert_eq!(
                err,
                Error::OutOfClassMemory {
                    requested_bytes: bytes,
                    classes_needed: classes,
                    free_classes: free,
                    largest_free_run: self.largest_free_run(),
                    class_bytes: CLASS_BYTES,
                    class_count: CLASSES,
                }
            ),
            (fit, got) => panic!("model fit {fit:?}, executor gave {got:?}"),
        }
    }

    fn free(&mut self, i: Index) {
        if self.live.is_empty() {
            return;
        }
        let live = self.live.swap_remove(i.index(self.live.len()));
        with_data!(&live.data, |buf, _data| self.exec.free(*buf).unwrap());
        self.used[live.first..live.first + live.classes].fill(false);
        self.stale.push(live.data);
    }

    fn write(&mut self, which: Index, seed: u64, wrong_len: bool) {
        if self.live.is_empty() {
            return;
        }
        let n = self.live.len();
        let exec = &mut self.exec;
        with_data!(&mut self.live[which.index(n)].data, |buf, data| {
            let len = if wrong_len { buf.len() + 1 } else { buf.len() };
            let new = values(seed, len);
            match exec.write(*buf, &new) {
                Ok(()) if !wrong_len => *data = new,
                Err(Error::WrongDataLength { found, expected }) if wrong_len => {
                    assert_eq!((found, expected), (len, buf.len()))
                }
                other => panic!("write of {len} into {buf:?}: {other:?}"),
            }
        });
    }

    fn read(&mut self, i: Index) {
        if self.live.is_empty() {
            return;
        }
        let n = self.live.len();
        let exec = &mut self.exec;
        with_data!(&self.live[i.index(n)].data, |buf, data| {
            assert_eq!(&exec.to_vec(*buf).unwrap(), data);
            exec.read_mut(*buf).unwrap().copy_from_slice(data);
            let cells = exec.cells();
            let (a, b) = (cells.get(*buf).unwrap(), cells.get(*buf).unwrap());
            for (a, b) in a.iter().zip(b) {
                b.set(a.get());
            }
        });
    }

    /// Overwrites a live buffer in place through `read_mut`.
    fn read_mut(&mut self, which: Index, seed: u64) {
        if self.live.is_empty() {
            return;
        }
        let n = self.live.len();
        let exec = &mut self.exec;
        with_data!(&mut self.live[which.index(n)].data, |buf, data| {
            let new = values(seed, buf.len());
            let slice = exec.read_mut(*buf).unwrap();
            assert_eq!(slice.len(), data.len());
            slice.copy_from_slice(&new);
            *data = new;
        });
    }

    fn use_stale(&mut self, i: Index) {
        if self.stale.is_empty() {
            return;
        }
        let data = &self.stale[i.index(self.stale.len())];
        with_data!(data, |buf, _data| {
            expect_stale(self.exec.read(*buf).map(drop));
            expect_stale(self.exec.to_vec(*buf).map(drop));
            expect_stale(self.exec.read_mut(*buf).map(drop));
            expect_stale(self.exec.write(*buf, &vec![Default::default(); buf.len()]));
            expect_stale(self.exec.cells().get(*buf).map(drop));
            expect_stale(self.exec.free(*buf));
        });
    }

    fn use_foreign(&mut self, i: Index) {
        let (exec, other) = (&mut self.exec, &mut self.other);
        let theirs = &self.others[i.index(self.others.len())];
        with_data!(theirs, |buf, _data| foreign_everywhere(exec, other, *buf));
        if !self.live.is_empty() {
            let n = self.live.len();
            with_data!(&self.live[i.index(n)].data, |buf, _data| {
                foreign_everywhere(other, exec, *buf)
            });
        }
    }

    /// Everything the model knows, compared with the executor.
    fn check(&self) {
        let free = self.used.iter().filter(|u| !**u).count();
        assert_eq!(self.exec.free_classes(), free);
        let mut ranges: Vec<(usize, usize)> = vec![];
        for live in &self.live {
            with_data!(&live.data, |buf, data| {
                let got = self.exec.read(*buf).unwrap();
                assert_eq!(got, &data[..]);
                let start = got.as_ptr() as usize;
                ranges.push((start, start + live.classes * CLASS_BYTES));
                assert!(size_of_val(got) <= live.classes * CLASS_BYTES);
                assert_eq!(start % 64, 0);
            });
        }
        ranges.sort_unstable();
        for pair in ranges.windows(2) {
            assert!(pair[0].1 <= pair[1].0, "live buffers overlap: {ranges:x?}");
        }
        for theirs in &self.others[..2] {
            with_data!(theirs, |buf, data| assert_eq!(
                self.other.read(*buf).unwrap(),
                &data[..]
            ));
        }
    }
}

fn expect_stale(result: Result<(), Error>) {
    assert!(
        matches!(result, Err(Error::StaleBuffer { .. })),
        "expected StaleBuffer, got {result:?}"
    );
}

/// Uses `buf`, which belongs to `owner`, on `exec` in every way: each must be refused.
fn foreign_everywhere<T: Element>(exec: &mut Executor, owner: &Executor, buf: Buffer<T>) {
    let ids = (owner.id(), exec.id());
    let expect = |result: Result<(), Error>| match result {
        Err(Error::ForeignBuffer { owner, this, .. }) => assert_eq!((owner, this), ids),
        other => panic!("expected ForeignBuffer, got {other:?}"),
    };
    expect(exec.read(buf).map(drop));
    expect(exec.to_vec(buf).map(drop));
    expect(exec.read_mut(buf).map(drop));
    expect(exec.write(buf, &vec![T::default(); buf.len()]));
    expect(exec.cells().get(buf).map(drop));
    expect(exec.free(buf));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn class_memory_matches_its_model(ops in prop::collection::vec(op(), 1..=64)) {
        let mut model = Model::new();
        for op in ops {
            model.apply(op);
        }
        for live in std::mem::take(&mut model.live) {
            with_data!(&live.data, |buf, _data| model.exec.free(*buf).unwrap());
        }
        prop_assert_eq!(model.exec.free_classes(), CLASSES);
    }
}
