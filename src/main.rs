//! The `rel04` binary: parse, run, exit. Everything else lives in the library.

fn main() -> std::process::ExitCode {
    rel04::run(std::env::args_os())
}
