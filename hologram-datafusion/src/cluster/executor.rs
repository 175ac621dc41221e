//! [`run_executor`]: a Ballista executor whose function registry has the kernels.

use super::{ExecutorArgs, executor_function_registry};
use crate::register::Functions;
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use std::sync::Arc;

/// Runs a Ballista executor that serves the scheduler of `args` and resolves `functions` in
/// the plans it runs, until the process ends. What `hologram-executor` does.
///
/// # Errors
/// A name clash in `functions`, or Ballista's error starting or serving.
pub async fn run_executor(args: &ExecutorArgs, functions: &Functions) -> Result<(), String> {
    let registry = executor_function_registry(functions).map_err(|e| e.to_string())?;
    let defaults = ExecutorProcessConfig::default();
    let config = ExecutorProcessConfig {
        bind_host: args.bind_host.clone(),
        external_host: Some(args.bind_host.clone()),
        port: args.port,
        grpc_port: args.grpc_port,
        scheduler_host: args.scheduler_host.clone(),
        scheduler_port: args.scheduler_port,
        vcores: args.concurrent_tasks.unwrap_or(defaults.vcores),
        override_function_registry: Some(Arc::new(registry)),
        ..defaults
    };
    start_executor_process(Arc::new(config))
        .await
        .map_err(|e| format!("the executor stopped: {e}"))
}
