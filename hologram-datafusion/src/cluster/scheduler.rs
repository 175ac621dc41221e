//! [`run_scheduler`]: a Ballista scheduler whose sessions know the kernels.

use super::{SchedulerArgs, scheduler_session_builder};
use crate::register::Functions;
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use std::net::SocketAddr;
use std::sync::Arc;

/// Runs a Ballista scheduler on `args.bind_host:args.port` whose every session has
/// `functions`, until the process ends. What `hologram-scheduler` does.
///
/// # Errors
/// A bad address, or Ballista's error starting or serving.
pub async fn run_scheduler(args: &SchedulerArgs, functions: Functions) -> Result<(), String> {
    let addr: SocketAddr = format!("{}:{}", args.bind_host, args.port)
        .parse()
        .map_err(|e| format!("bad address {}:{}: {e}", args.bind_host, args.port))?;
    let config = SchedulerConfig {
        bind_host: args.bind_host.clone(),
        bind_port: args.port,
        external_host: args.bind_host.clone(),
        override_session_builder: Some(scheduler_session_builder(functions)),
        ..SchedulerConfig::default()
    };
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(|e| format!("cannot set up the scheduler's state: {e}"))?;
    start_server(cluster, addr, Arc::new(config))
        .await
        .map_err(|e| format!("the scheduler stopped: {e}"))
}
