//! `hologram-executor`: an Apache Ballista executor whose function registry has every kernel
//! in `HOLOGRAM_KERNEL_PATH` (and the stdlib) as SQL functions named `hg_<kernel>`. Give it the
//! same libraries as the scheduler.
//!
//! ```text
//! HOLOGRAM_KERNEL_PATH=target/kernel-libs hologram-executor --scheduler-port 50050 --port 50051 --grpc-port 50052
//! ```

use hologram_datafusion::{Options, cluster, functions};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args = match cluster::ExecutorArgs::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let served = cluster::load_kernels().and_then(|r| functions(&r, &Options::default()));
    let functions = match served {
        Ok(f) => f,
        Err(e) => {
            eprintln!("hologram-executor: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "hologram-executor on {}:{} (gRPC {}) for scheduler {}:{}, with {} SQL functions",
        args.bind_host,
        args.port,
        args.grpc_port,
        args.scheduler_host,
        args.scheduler_port,
        functions.names().len()
    );
    match cluster::run_executor(&args, &functions).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hologram-executor: {e}");
            ExitCode::FAILURE
        }
    }
}
