//! Kernels on an Apache Ballista cluster: what the client's session, the scheduler and every
//! executor need to know the kernels, since planning and execution both resolve function
//! names.
//!
//! - [`load_kernels`]: the registry a process serves: the stdlib and every library in the
//!   default directories (`HOLOGRAM_KERNEL_PATH`).
//! - [`scheduler_session_builder`]: the scheduler's session builder
//!   (`SchedulerConfig::override_session_builder`).
//! - [`executor_function_registry`]: an executor's function registry
//!   (`ExecutorProcessConfig::override_function_registry`).
//! - [`remote_context`]: a client session connected to a scheduler, with the kernels.
//! - [`run_scheduler`] and [`run_executor`]: the `hologram-scheduler` and `hologram-executor`
//!   binaries; [`LocalCluster`]: a scheduler and executors as separate processes on
//!   127.0.0.1, stopped when dropped.
//!
//! ```no_run
//! use hologram_datafusion::{Options, cluster};
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // With `hologram-scheduler --port 50050` and `hologram-executor --scheduler-port 50050`
//! // running, each with the same HOLOGRAM_KERNEL_PATH:
//! let registry = cluster::load_kernels()?;
//! let ctx = cluster::remote_context("df://127.0.0.1:50050", &registry, &Options::default()).await?;
//! ctx.sql("SELECT hg_exp(1.0)").await?.show().await?;
//! # Ok(())
//! # }
//! ```

mod args;
mod executor;
mod local;
mod scheduler;

pub use args::{ExecutorArgs, SchedulerArgs};
pub use executor::run_executor;
pub use local::{LocalCluster, Role};
pub use scheduler::run_scheduler;

use crate::error::Error;
use crate::options::Options;
use crate::register::Functions;
use ballista::prelude::SessionContextExt;
use ballista_core::extension::SessionConfigExt;
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_core::utils::default_session_builder;
use ballista_scheduler::scheduler_server::SessionBuilder;
use datafusion::execution::context::SessionContext;
use datafusion::prelude::SessionConfig;
use hologram_runtime::Registry;
use std::sync::Arc;

/// The kernels a process serves: [`Registry::with_stdlib`] and every kernel library of
/// [`Registry::load_default_dirs`] (`target/kernel-libs/` under the working directory, then
/// each directory of `HOLOGRAM_KERNEL_PATH`).
///
/// # Errors
/// [`Error::Load`].
pub fn load_kernels() -> Result<Registry, Error> {
    let mut registry = Registry::with_stdlib();
    registry.load_default_dirs().map_err(|source| Error::Load {
        source: Box::new(source),
    })?;
    Ok(registry)
}

/// A Ballista scheduler's session builder that registers `functions` in every session it
/// builds, on top of Ballista's default session.
pub fn scheduler_session_builder(functions: Functions) -> SessionBuilder {
    Arc::new(move |config: SessionConfig| {
        let mut state = default_session_builder(config)?;
        functions.register(&mut state)?;
        Ok(state)
    })
}

/// A Ballista executor's function registry: DataFusion's and Ballista's functions and
/// `functions`.
///
/// # Errors
/// [`Error::NameClash`], or a failure to build Ballista's default session.
pub fn executor_function_registry(
    functions: &Functions,
) -> Result<BallistaFunctionRegistry, Error> {
    let mut state = default_session_builder(SessionConfig::new_with_ballista())
        .map_err(|e| Error::internal(format!("building Ballista's default session: {e}")))?;
    functions.register(&mut state)?;
    Ok(BallistaFunctionRegistry::from(&state))
}

/// A client session connected to the Ballista scheduler at `url` (`df://host:port`), with
/// every kernel of `registry` registered as `options` say.
///
/// # Errors
/// As [`functions`](crate::functions) and [`Functions::register`], or the connection's.
pub async fn remote_context(
    url: &str,
    registry: &Registry,
    options: &Options,
) -> datafusion::error::Result<SessionContext> {
    let ctx = SessionContext::remote(url).await?;
    crate::register_kernels_with(&ctx, registry, options)?;
    Ok(ctx)
}
