//! [`Options`]: how kernels are named in SQL, and what happens when a name is taken.

use crate::family::base_name;

/// How [`register_kernels_with`](crate::register_kernels_with) names kernels in SQL.
///
/// A kernel's SQL name is a prefix and its base name (its name after the last `::`, so
/// `f64::exp` is `exp`). The default prefix is `hg_`: `hg_exp`, `hg_dot`, `hg_saxpy`, which
/// never shadow DataFusion's own `exp` or `sum`.
///
/// A name that the session already has (a DataFusion built-in, or any function registered
/// before) is never replaced silently: registration fails with
/// [`Error::NameClash`](crate::Error::NameClash) and registers nothing, unless the options
/// say [`replace_existing`](Options::replace_existing).
///
/// ```
/// use hologram_datafusion::Options;
///
/// assert_eq!(Options::default().function_name("f64::exp"), "hg_exp");
/// assert_eq!(Options::prefixed("k_").function_name("saxpy"), "k_saxpy");
/// assert_eq!(Options::bare().function_name("exp"), "exp");
/// assert!(Options::bare().replace_existing().replaces_existing());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Options {
    prefix: String,
    replace: bool,
}

impl Default for Options {
    /// The prefix `hg_`; clashes are errors.
    fn default() -> Options {
        Options::prefixed("hg_")
    }
}

impl Options {
    /// Names are `prefix` + base name; clashes are errors.
    pub fn prefixed(prefix: impl Into<String>) -> Options {
        Options {
            prefix: prefix.into(),
            replace: false,
        }
    }

    /// Names are the kernels' base names, with no prefix; clashes (`exp`, `sum`, `max`, ...
    /// with the stdlib) are errors unless [`replace_existing`](Self::replace_existing).
    pub fn bare() -> Options {
        Options::prefixed("")
    }

    /// Replace a function the session already has under a kernel's SQL name, on purpose:
    /// with [`bare`](Self::bare), `exp` then runs Hologram's `exp`.
    pub fn replace_existing(self) -> Options {
        Options {
            replace: true,
            ..self
        }
    }

    /// The prefix of every SQL name.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Whether existing functions of the same name are replaced.
    pub fn replaces_existing(&self) -> bool {
        self.replace
    }

    /// The SQL name of the kernel named `kernel`. DataFusion folds unquoted SQL identifiers
    /// to lower case, so keep kernel names and prefixes lower case (Rust's snake case is).
    pub fn function_name(&self, kernel: &str) -> String {
        format!("{}{}", self.prefix, base_name(kernel))
    }
}
