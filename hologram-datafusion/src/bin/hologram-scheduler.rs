//! `hologram-scheduler`: an Apache Ballista scheduler whose sessions know every kernel in
//! `HOLOGRAM_KERNEL_PATH` (and the stdlib) as SQL functions named `hg_<kernel>`.
//!
//! ```text
//! HOLOGRAM_KERNEL_PATH=target/kernel-libs hologram-scheduler --port 50050
//! ```

use hologram_datafusion::{Options, cluster, functions};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args = match cluster::SchedulerArgs::parse(std::env::args().skip(1)) {
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
            eprintln!("hologram-scheduler: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "hologram-scheduler on {}:{} with {} SQL functions: {}",
        args.bind_host,
        args.port,
        functions.names().len(),
        functions.names().join(", ")
    );
    for s in functions.skipped() {
        println!("not served: {s}");
    }
    match cluster::run_scheduler(&args, functions).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hologram-scheduler: {e}");
            ExitCode::FAILURE
        }
    }
}
