//! `wa-emulator`: runs the emulated AWS Well-Architected Tool API until Ctrl-C.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use wa_emulator::Faults;

/// A local, in-memory AWS Well-Architected Tool API (WellArchitected 2020-03-31, rest-json).
///
/// Point an SDK or the AWS CLI at it with `--endpoint-url http://127.0.0.1:8787` (or
/// AWS_ENDPOINT_URL_WELLARCHITECTED) and any credentials: signatures are not checked, but each
/// access key id is an account and each Region has its own workloads (key `test` is account
/// 123456789012). STS AssumeRole is served on POST / (AWS_ENDPOINT_URL_STS).
/// GET /_emulator/stats shows per-operation counters; POST /_emulator/reset clears the state.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// Address to listen on. The emulator has no authentication: keep it on loopback.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,

    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,

    /// Fraction of requests (0.0 to 1.0) answered 429 ThrottlingException.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    throttle_rate: f64,

    /// Fraction of requests (0.0 to 1.0) answered 500 InternalServerException.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    error_rate: f64,

    /// Fraction of requests (0.0 to 1.0) whose connection is closed without an answer.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    drop_rate: f64,

    /// Milliseconds added to every request.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,

    /// Seed of the fault generator, for reproducible runs (random if absent).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{rate} is not between 0.0 and 1.0"))
    }
}

impl Cli {
    fn faults(&self) -> Faults {
        Faults {
            throttle_rate: self.throttle_rate,
            error_rate: self.error_rate,
            latency: Duration::from_millis(self.latency_ms),
            drop_rate: self.drop_rate,
            seed: self.seed.unwrap_or_else(|| fastrand::u64(..)),
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let listener = match tokio::net::TcpListener::bind(SocketAddr::new(cli.host, cli.port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "wa-emulator: cannot listen on {}:{}: {error}",
                cli.host, cli.port
            );
            return ExitCode::FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .unwrap_or(SocketAddr::new(cli.host, cli.port));
    if !cli.host.is_loopback() {
        eprintln!(
            "wa-emulator: warning: {} is not a loopback address; anyone who can reach it can change the state",
            cli.host
        );
    }
    let faults = cli.faults();
    eprintln!("wa-emulator listening on http://{address}");
    if faults.is_active() {
        eprintln!(
            "wa-emulator: faults: throttle {}, error {}, drop {}, latency {} ms, seed {}",
            faults.throttle_rate, faults.error_rate, faults.drop_rate, cli.latency_ms, faults.seed
        );
    }
    wa_emulator::serve_until(listener, faults, async {
        // If Ctrl-C cannot be watched, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
    .await;
    ExitCode::SUCCESS
}
