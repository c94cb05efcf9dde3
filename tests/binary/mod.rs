//! Runs the `sourcecheck` binary of this build, for the tests of the CLI
//! and of `batch` (not in `support/`: the fuzz targets include that file,
//! and they have no binary to run).

use std::process::{Command, Output, Stdio};

/// `sourcecheck ARGS…` with `stdin` on standard input (none: closed).
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sourcecheck"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}
