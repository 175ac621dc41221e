//! Command-line arguments of `hologram-scheduler` and `hologram-executor`: `--name value`
//! pairs, each with a default.

use std::collections::BTreeMap;

/// Where a scheduler listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchedulerArgs {
    /// Address to bind (`--bind-host`, default `127.0.0.1`).
    pub bind_host: String,
    /// gRPC port (`--port`, default 50050).
    pub port: u16,
}

/// Where an executor listens and which scheduler it serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutorArgs {
    /// Address to bind and to advertise (`--bind-host`, default `127.0.0.1`).
    pub bind_host: String,
    /// Arrow Flight port, for shuffle data and results (`--port`, default 50051).
    pub port: u16,
    /// gRPC port, for tasks (`--grpc-port`, default 50052).
    pub grpc_port: u16,
    /// The scheduler's host (`--scheduler-host`, default `127.0.0.1`).
    pub scheduler_host: String,
    /// The scheduler's port (`--scheduler-port`, default 50050).
    pub scheduler_port: u16,
    /// Tasks run at once (`--concurrent-tasks`, default: the number of cores).
    pub concurrent_tasks: Option<usize>,
}

impl SchedulerArgs {
    /// The usage text.
    pub const USAGE: &'static str = "usage: hologram-scheduler [--bind-host 127.0.0.1] \
        [--port 50050]\nLoads kernel libraries from HOLOGRAM_KERNEL_PATH (and \
        target/kernel-libs) and serves them as SQL functions named hg_<kernel>.";

    /// Parses `--name value` pairs.
    ///
    /// # Errors
    /// An unknown name, a missing value or a bad number, with the usage.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<SchedulerArgs, String> {
        let mut map = pairs(args, &["bind-host", "port"], Self::USAGE)?;
        Ok(SchedulerArgs {
            bind_host: map
                .remove("bind-host")
                .unwrap_or_else(|| "127.0.0.1".into()),
            port: number(&map, "port", 50050, Self::USAGE)?,
        })
    }
}

impl ExecutorArgs {
    /// The usage text.
    pub const USAGE: &'static str = "usage: hologram-executor [--bind-host 127.0.0.1] \
        [--port 50051] [--grpc-port 50052] [--scheduler-host 127.0.0.1] [--scheduler-port \
        50050] [--concurrent-tasks N]\nLoads kernel libraries from HOLOGRAM_KERNEL_PATH (and \
        target/kernel-libs); use the same libraries as the scheduler.";

    /// Parses `--name value` pairs.
    ///
    /// # Errors
    /// An unknown name, a missing value or a bad number, with the usage.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<ExecutorArgs, String> {
        let names = [
            "bind-host",
            "port",
            "grpc-port",
            "scheduler-host",
            "scheduler-port",
            "concurrent-tasks",
        ];
        let mut map = pairs(args, &names, Self::USAGE)?;
        let concurrent_tasks = match map.contains_key("concurrent-tasks") {
            true => Some(number(&map, "concurrent-tasks", 1, Self::USAGE)?),
            false => None,
        };
        Ok(ExecutorArgs {
            port: number(&map, "port", 50051, Self::USAGE)?,
            grpc_port: number(&map, "grpc-port", 50052, Self::USAGE)?,
            scheduler_port: number(&map, "scheduler-port", 50050, Self::USAGE)?,
            concurrent_tasks,
            bind_host: map
                .remove("bind-host")
                .unwrap_or_else(|| "127.0.0.1".into()),
            scheduler_host: map
                .remove("scheduler-host")
                .unwrap_or_else(|| "127.0.0.1".into()),
        })
    }
}

fn pairs(
    args: impl IntoIterator<Item = String>,
    names: &[&str],
    usage: &str,
) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let name = arg
            .strip_prefix("--")
            .filter(|n| names.contains(n))
            .ok_or_else(|| format!("unknown argument {arg:?}\n{usage}"))?;
        let value = args
            .next()
            .ok_or_else(|| format!("--{name} needs a value\n{usage}"))?;
        map.insert(name.to_owned(), value);
    }
    Ok(map)
}

fn number<T: std::str::FromStr>(
    map: &BTreeMap<String, String>,
    name: &str,
    default: T,
    usage: &str,
) -> Result<T, String> {
    match map.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| format!("--{name} {v:?} is not a valid number\n{usage}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn arguments_parse_or_say_why() {
        let s = SchedulerArgs::parse(args("--port 7000")).expect("valid");
        assert_eq!((s.bind_host.as_str(), s.port), ("127.0.0.1", 7000));
        let e = ExecutorArgs::parse(args("--grpc-port 1 --concurrent-tasks 2")).expect("valid");
        assert_eq!(
            (e.port, e.grpc_port, e.concurrent_tasks),
            (50051, 1, Some(2))
        );
        assert!(SchedulerArgs::parse(args("--prot 1")).is_err());
        assert!(SchedulerArgs::parse(args("--port")).is_err());
        assert!(ExecutorArgs::parse(args("--port x")).is_err());
    }
}
