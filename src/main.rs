//! Thin entry point; everything lives in the library (`kview::run`).

fn main() -> std::process::ExitCode {
    kview::run()
}
