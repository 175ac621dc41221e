//! [`LocalCluster`]: a Ballista scheduler and executors, each a separate process on
//! 127.0.0.1, on free ports, stopped when dropped.

use crate::error::Error;
use std::fmt;
use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Which process of a [`LocalCluster`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The scheduler.
    Scheduler,
    /// Executor number `n`, from 0.
    Executor(usize),
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Scheduler => f.write_str("scheduler"),
            Role::Executor(n) => write!(f, "executor {n}"),
        }
    }
}

/// A running process and where its output goes.
struct Process {
    role: Role,
    child: Child,
    log: PathBuf,
}

/// A scheduler and executors, each a separate process listening on 127.0.0.1, killed (and
/// waited for) when this is dropped, on a panic too.
///
/// [`start`](LocalCluster::start) is given a function that makes the command of each role
/// (`hologram-scheduler` and `hologram-executor`, say, with `HOLOGRAM_KERNEL_PATH` set), and
/// appends the ports it picked: `--port P` to the scheduler's; `--port F --grpc-port G
/// --scheduler-port P` to each executor's. Every wait is bounded by `timeout`.
///
/// ```no_run
/// use hologram_datafusion::cluster::{LocalCluster, Role};
/// use std::process::Command;
/// use std::time::Duration;
///
/// let cluster = LocalCluster::start(
///     |role| match role {
///         Role::Scheduler => Command::new("hologram-scheduler"),
///         Role::Executor(_) => Command::new("hologram-executor"),
///     },
///     2,
///     &std::env::temp_dir(),
///     Duration::from_secs(60),
/// )?;
/// println!("scheduler at {}", cluster.url());
/// # Ok::<(), hologram_datafusion::Error>(())
/// ```
pub struct LocalCluster {
    processes: Vec<Process>,
    scheduler_port: u16,
}

impl LocalCluster {
    /// Starts the scheduler, waits until it accepts connections, then starts `executors`
    /// executors and waits until each accepts connections. Each process's output goes to
    /// `<log_dir>/<role>.log`.
    ///
    /// # Errors
    /// [`Error::Spawn`], [`Error::NotReady`], [`Error::Exited`]; every process started so far
    /// is stopped.
    pub fn start(
        make: impl Fn(Role) -> Command,
        executors: usize,
        log_dir: &Path,
        timeout: Duration,
    ) -> Result<LocalCluster, Error> {
        let ports = free_ports(1 + 2 * executors)?;
        let mut cluster = LocalCluster {
            processes: Vec::new(),
            scheduler_port: ports[0],
        };
        let scheduler = cluster.spawn(
            make(Role::Scheduler),
            Role::Scheduler,
            log_dir,
            &["--port".into(), ports[0].to_string()],
        )?;
        cluster.wait_ready(scheduler, ports[0], timeout)?;
        let mut started = Vec::new();
        for n in 0..executors {
            let (flight, grpc) = (ports[1 + 2 * n], ports[2 + 2 * n]);
            let args = [
                "--port".into(),
                flight.to_string(),
                "--grpc-port".into(),
                grpc.to_string(),
                "--scheduler-port".into(),
                ports[0].to_string(),
            ];
            let role = Role::Executor(n);
            started.push((cluster.spawn(make(role), role, log_dir, &args)?, flight));
        }
        for (index, port) in started {
            cluster.wait_ready(index, port, timeout)?;
        }
        Ok(cluster)
    }

    /// The scheduler's URL, for [`remote_context`](super::remote_context):
    /// `df://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("df://127.0.0.1:{}", self.scheduler_port)
    }

    /// The scheduler's port.
    pub fn scheduler_port(&self) -> u16 {
        self.scheduler_port
    }

    /// Whether every process is still running.
    pub fn is_running(&mut self) -> bool {
        self.processes
            .iter_mut()
            .all(|p| matches!(p.child.try_wait(), Ok(None)))
    }

    fn spawn(
        &mut self,
        mut cmd: Command,
        role: Role,
        log_dir: &Path,
        args: &[String],
    ) -> Result<usize, Error> {
        let log = log_dir.join(format!("{}.log", role.to_string().replace(' ', "-")));
        let spawn_error = |source| Error::Spawn {
            process: role.to_string(),
            program: format!("{:?}", cmd.get_program()),
            source,
        };
        let out = File::create(&log).map_err(spawn_error)?;
        let err = out.try_clone().map_err(spawn_error)?;
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err));
        let child = cmd.spawn().map_err(|source| Error::Spawn {
            process: role.to_string(),
            program: format!("{:?}", cmd.get_program()),
            source,
        })?;
        self.processes.push(Process { role, child, log });
        Ok(self.processes.len() - 1)
    }

    /// Waits until process `index` accepts TCP connections on `port`, at most `timeout`.
    fn wait_ready(&mut self, index: usize, port: u16, timeout: Duration) -> Result<(), Error> {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let start = Instant::now();
        let Some(p) = self.processes.get_mut(index) else {
            return Err(Error::internal("waiting for a process never started"));
        };
        loop {
            if let Ok(Some(status)) = p.child.try_wait() {
                return Err(Error::Exited {
                    process: p.role.to_string(),
                    status: status.to_string(),
                    log: tail(&p.log),
                });
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if start.elapsed() > timeout {
                return Err(Error::NotReady {
                    process: p.role.to_string(),
                    port,
                    seconds: timeout.as_secs_f64(),
                    log: tail(&p.log),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for LocalCluster {
    /// Kills every process and waits for it, executors first.
    fn drop(&mut self) {
        for p in self.processes.iter_mut().rev() {
            let _ = p.child.kill();
            let _ = p.child.wait();
        }
    }
}

/// `count` distinct ports that were free a moment ago (each bound to port 0, then released).
fn free_ports(count: usize) -> Result<Vec<u16>, Error> {
    let spawn_error = |source| Error::Spawn {
        process: "cluster".into(),
        program: "a free port on 127.0.0.1".into(),
        source,
    };
    let listeners: Vec<TcpListener> = (0..count)
        .map(|_| TcpListener::bind(("127.0.0.1", 0)))
        .collect::<Result<_, _>>()
        .map_err(spawn_error)?;
    listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<Result<_, _>>()
        .map_err(spawn_error)
}

/// The last lines of a log, for an error message.
fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(20);
    let shown = lines.get(start..).unwrap_or_default().join("\n");
    format!(
        "{} (last lines of {}):\n{shown}",
        lines.len(),
        log.display()
    )
}
