//! The identifiers of generated code that stand for a kernel's streams. Each is built from
//! the stream's kind and index and from what it stands for, its role, so that one identifier
//! means one thing: `__hg_in0` is input 0's whole stream, `__hg_in0_chunk` one chunk of it,
//! `__hg_in0_elem` one element; `__hg_out0_vals` is a chunk of output 0 computed but not yet
//! stored, `__hg_out0_result` one result.

use quote::format_ident;
use syn::Ident;

/// Which parameter list a stream belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A value that is the same for every element.
    Uniform,
    /// A stream the element function reads.
    Input,
    /// A stream the element function's results are written to.
    Output,
    /// The element's index (`#[index]`): not a stream, a position in the call's order.
    Index,
}

/// What an identifier of a stream stands for.
#[derive(Clone, Copy)]
pub enum Role {
    /// The whole stream (a slice, or cells), or a uniform's value: the parameter of a loop,
    /// the local of an entry point.
    Param,
    /// The stream's full chunks of `LANES` elements.
    Chunks,
    /// The stream's elements past its last full chunk.
    Rest,
    /// One chunk of the stream.
    Chunk,
    /// One output chunk's values, computed into an array before they are stored.
    Vals,
    /// One element, by reference.
    Elem,
    /// One result of the element function, bound before it is written to an output.
    Result,
    /// A stack buffer of `GATHER` elements that one piece of a strided stream is read into
    /// or computed in.
    Buf,
    /// One piece of a stream: a slice of at most `GATHER` elements.
    Piece,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Uniform => "uniform",
            Kind::Input => "in",
            Kind::Output => "out",
            Kind::Index => "index",
        }
    }
}

impl Role {
    fn suffix(self) -> &'static str {
        match self {
            Role::Param => "",
            Role::Chunks => "_chunks",
            Role::Rest => "_rest",
            Role::Chunk => "_chunk",
            Role::Vals => "_vals",
            Role::Elem => "_elem",
            Role::Result => "_result",
            Role::Buf => "_buf",
            Role::Piece => "_piece",
        }
    }
}

/// The identifier of stream `index` of `kind` in `role`, e.g. `__hg_in0_chunk`. The `__hg_`
/// prefix keeps it apart from the user's names, which generated loops never use.
pub fn ident(kind: Kind, index: usize, role: Role) -> Ident {
    format_ident!("__hg_{}{}{}", kind.prefix(), index, role.suffix())
}
