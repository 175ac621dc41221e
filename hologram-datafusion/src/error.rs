//! [`Error`]: what can go wrong when kernels become SQL functions, one variant per failure.

use datafusion::common::DataFusionError;

/// A failure of `hologram-datafusion`, each with a message that says what to fix.
///
/// Registration returns it directly. Inside a query it reaches the user as a
/// [`DataFusionError`] (`From` below): planning errors as [`DataFusionError::Plan`], a
/// kernel's failure as [`DataFusionError::Execution`], so the message reads as DataFusion's
/// own do and crosses a Ballista cluster as text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A function name is already taken in the session (by a DataFusion built-in such as
    /// `exp`, or another function), and the options do not say to replace it.
    #[error(
        "SQL function `{function}` (kernels {kernels}) would shadow the session's own \
         `{function}`; register with a prefix (Options::default() names it `hg_{function}`), or \
         replace the existing function on purpose with Options::bare().replace_existing()"
    )]
    NameClash {
        /// The SQL name.
        function: String,
        /// The kernels that would have become it, e.g. `` `exp`, `f64::exp` ``.
        kernels: String,
    },

    /// Kernels of one base name are of both kinds, so one SQL function cannot serve them.
    #[error(
        "kernels `{elementwise}` (elementwise) and `{reduce}` (reduce) would both be SQL \
         function `{function}`; rename one of them"
    )]
    KindConflict {
        /// The SQL name.
        function: String,
        /// An elementwise kernel of that name.
        elementwise: String,
        /// A reduction of that name.
        reduce: String,
    },

    /// Two kernels of one base name take the same argument types, so a call cannot choose.
    #[error(
        "kernels `{first}` and `{second}` would both be SQL function `{function}` with the \
         same argument types ({signature}); rename one of them"
    )]
    AmbiguousOverload {
        /// The SQL name.
        function: String,
        /// One kernel.
        first: String,
        /// The other.
        second: String,
        /// Their common argument types.
        signature: String,
    },

    /// No kernel of the function takes arguments of these types (or this many).
    #[error(
        "no kernel of SQL function `{function}` takes ({found}); it takes {signatures}. Cast \
         the arguments (e.g. CAST(x AS DOUBLE))"
    )]
    NoMatchingOverload {
        /// The SQL name.
        function: String,
        /// The argument types of the call.
        found: String,
        /// The signatures it has, uniforms first.
        signatures: String,
    },

    /// A uniform argument (a value that is the same for every row) is not a literal.
    #[error(
        "argument {position} of `{function}` is the uniform `{uniform}` of kernel {kernel}, so \
         it must be a literal (e.g. 2.0), not a column or expression; pass a constant there"
    )]
    UniformNotLiteral {
        /// The SQL name.
        function: String,
        /// 1-based argument position.
        position: usize,
        /// The uniform's element type and index, e.g. `f32 #0`.
        uniform: String,
        /// The kernel's signature.
        kernel: String,
    },

    /// A uniform literal does not fit the kernel's uniform type.
    #[error(
        "argument {position} of `{function}` is a uniform of type {expected}, but {reason}; \
         pass a literal of that type"
    )]
    UniformOutOfRange {
        /// The SQL name.
        function: String,
        /// 1-based argument position.
        position: usize,
        /// The uniform's type.
        expected: hologram_runtime::ElemType,
        /// Why the literal does not fit.
        reason: String,
    },

    /// The kernel failed on the data (it panicked or reported an error).
    #[error("SQL function `{function}` failed: {source}")]
    Kernel {
        /// The SQL name.
        function: String,
        /// What the kernel reported (boxed: the runtime's error is large).
        #[source]
        source: Box<hologram_runtime::Error>,
    },

    /// Loading the kernel libraries for a session, a scheduler or an executor failed.
    #[error("could not load the kernel libraries: {source}")]
    Load {
        /// What the loader reported (boxed: the runtime's error is large).
        #[source]
        source: Box<hologram_runtime::Error>,
    },

    /// A process of a [`LocalCluster`](crate::cluster::LocalCluster) could not be started.
    #[error(
        "cannot start the {process} ({program}): {source}; check that the program exists \
         (build it with `cargo build -p hologram-datafusion --bins`) and that the log \
         directory is writable"
    )]
    Spawn {
        /// Which process.
        process: String,
        /// The program.
        program: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },

    /// A process of a [`LocalCluster`](crate::cluster::LocalCluster) did not accept
    /// connections in time.
    #[error(
        "the {process} did not accept connections on 127.0.0.1:{port} within {seconds} s; \
         see its log, or allow more time. Log: {log}"
    )]
    NotReady {
        /// Which process.
        process: String,
        /// The port it should listen on.
        port: u16,
        /// How long was waited.
        seconds: f64,
        /// The end of its log.
        log: String,
    },

    /// A process of a [`LocalCluster`](crate::cluster::LocalCluster) ended while starting.
    #[error("the {process} exited while starting ({status}); see its log: {log}")]
    Exited {
        /// Which process.
        process: String,
        /// How it ended.
        status: String,
        /// The end of its log.
        log: String,
    },

    /// DataFusion handed a function something its plan rules out: a bug in this crate or in
    /// DataFusion.
    #[error("internal error in hologram-datafusion: {what}; please report it")]
    Internal {
        /// What was found.
        what: String,
    },
}

impl Error {
    pub(crate) fn internal(what: impl Into<String>) -> Error {
        Error::Internal { what: what.into() }
    }
}

impl From<Error> for DataFusionError {
    fn from(e: Error) -> DataFusionError {
        match e {
            Error::Kernel { .. }
            | Error::Load { .. }
            | Error::Spawn { .. }
            | Error::NotReady { .. }
            | Error::Exited { .. } => DataFusionError::Execution(e.to_string()),
            Error::Internal { .. } => DataFusionError::Internal(e.to_string()),
            _ => DataFusionError::Plan(e.to_string()),
        }
    }
}
