//! Shared by the integration tests: SDK clients pointed at an emulator, and bare HTTP requests
//! for what the Well-Architected client cannot send (the emulator's own endpoints, STS).

// Every test crate compiles this module whole and uses a part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::config::retry::RetryConfig;
use aws_sdk_wellarchitected::config::timeout::TimeoutConfig;
use aws_sdk_wellarchitected::config::{BehaviorVersion, Credentials, Region};
use wa_emulator::Emulator;

/// A client with static test credentials (key `test`) in `us-east-1`, pointed at the emulator,
/// making at most `max_attempts` attempts per call with short back-offs.
pub fn client(emulator: &Emulator, max_attempts: u32) -> Client {
    let credentials = Credentials::new("test", "test", None, None, "test");
    client_as(emulator, credentials, "us-east-1", max_attempts)
}

/// Like [`client`], signing with `credentials` for `region`: the emulator's partition (account
/// and Region) follows from both.
pub fn client_as(
    emulator: &Emulator,
    credentials: Credentials,
    region: &str,
    max_attempts: u32,
) -> Client {
    let retry = RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(10));
    let config = aws_sdk_wellarchitected::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(credentials)
        .endpoint_url(emulator.endpoint_url())
        .retry_config(retry)
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(20))
                .build(),
        )
        .build();
    Client::from_conf(config)
}

/// An answer to a bare request.
pub struct RawResponse {
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// The header lines, as sent.
    pub head: String,
    pub body: String,
}

impl RawResponse {
    /// The status code of the status line (0 if it has none).
    pub fn status(&self) -> u16 {
        self.status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0)
    }

    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Sends a bare HTTP/1.1 request with `headers` and `body` to the emulator, on a connection of
/// its own, and reads the whole answer.
pub fn raw_exchange(
    emulator: &Emulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> RawResponse {
    let address = emulator
        .endpoint_url()
        .trim_start_matches("http://")
        .to_owned();
    let mut stream = TcpStream::connect(&address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("sets a timeout");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let (status_line, head) = head.split_once("\r\n").unwrap_or((head, ""));
    RawResponse {
        status_line: status_line.to_owned(),
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// Sends a bare request without a body and returns the status line and the body.
pub fn raw_request(emulator: &Emulator, method: &str, path: &str) -> (String, String) {
    let response = raw_exchange(emulator, method, path, &[], "");
    (response.status_line, response.body)
}
