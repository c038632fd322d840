//! The `snowball` binary: parses the command line and hands over to [`snowball::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    snowball::cli::main()
}
