//! Writes the kubeconfig that points a client (kubectl, kview) at the simulated cluster:
//! the cluster with its CA inline, a user with a bearer token, and a context using both.

use std::path::Path;

use base64::Engine as _;

pub const CONTEXT: &str = "kview-sim";

pub fn render(url: &str, ca_pem: &str, token: &str) -> String {
    let ca = base64::engine::general_purpose::STANDARD.encode(ca_pem);
    format!(
        "apiVersion: v1
kind: Config
clusters:
- name: {CONTEXT}
  cluster:
    server: {url}
    certificate-authority-data: {ca}
users:
- name: {CONTEXT}-admin
  user:
    token: {token}
contexts:
- name: {CONTEXT}
  context:
    cluster: {CONTEXT}
    user: {CONTEXT}-admin
    namespace: default
current-context: {CONTEXT}
preferences: {{}}
"
    )
}

/// A bearer token nobody else can work out: 128 bits from the operating system's randomness
/// (the standard library's hash keys are drawn from it), never from the world's seed.
pub fn fresh_token() -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut token = String::from("kview-sim-");
    for part in 0u64..2 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(part);
        token.push_str(&format!("{:016x}", hasher.finish()));
    }
    token
}

/// Writes the file privately (it holds a credential).
pub fn write(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    // A leftover temporary file keeps its old permissions when reopened: start afresh.
    let _ = std::fs::remove_file(&tmp);
    {
        use std::io::Write as _;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(contents.as_bytes())?;
    }
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_and_long() {
        let (a, b) = (fresh_token(), fresh_token());
        assert_ne!(a, b);
        let secret = a.strip_prefix("kview-sim-").unwrap();
        assert_eq!(secret.len(), 32);
        assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_even_over_a_leftover_temporary_file() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kubeconfig");
        std::fs::write(path.with_extension("tmp"), "old").unwrap();
        std::fs::set_permissions(
            path.with_extension("tmp"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        write(&path, "token: x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "token: x");
    }
}
