//! Why a first request to the cluster failed, in the user's terms: a credential plugin that
//! failed (with its stderr and exit status), credentials the server rejected, a client
//! certificate that cannot be used, a TLS failure with its reason (unknown authority, wrong
//! name, expired), or a server that cannot be reached. Reads the error chains of kube, hyper
//! and rustls; builds no clients and sends no requests.

use std::error::Error as StdError;

use kube::client::AuthError;
use rustls::CertificateError;

/// What went wrong, before it is given a context and a server to name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// The exec credential plugin failed or could not be run.
    Plugin(String),
    /// The server answered 401.
    Rejected,
    /// The client certificate or key cannot be loaded or was refused by the server.
    ClientCertificate(String),
    /// The TLS handshake failed for a reason about the server's certificate.
    Tls(String),
    /// The server answered, with an error that waiting will not fix (403, 404, …).
    Refused(String),
    /// Anything else: the server may come back (refused, timed out, DNS, 5xx).
    Unreachable(String),
}

/// The user's exec credential plugin, as the kubeconfig names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plugin {
    pub command: String,
    /// It runs with the terminal (`interactiveMode: Always`): its stderr went there, not into
    /// the error.
    pub interactive: bool,
}

/// The most specific error of `T` in `e`'s chain, looking inside `io::Error`s, whose
/// `source()` skips the error they wrap.
fn find<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        if let Some(inner) = err
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            && let Some(found) = find::<T>(inner)
        {
            return Some(found);
        }
        cur = err.source();
    }
    None
}

/// The last non-empty lines of a plugin's stderr, on one line.
fn stderr_summary(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let tail = &lines[lines.len().saturating_sub(3)..];
    crate::sanitize::sanitize(&tail.join(" / ")).into_owned()
}

/// Reads an `AuthError` as what the user must know, naming the plugin as the kubeconfig does
/// (kube's own rendering of the command includes its environment, which may hold secrets).
fn plugin_failure(err: &AuthError, plugin: Option<&Plugin>) -> Option<String> {
    let name = plugin.map_or_else(
        || "the credential plugin".to_string(),
        |p| format!("`{}`", p.command),
    );
    match err {
        AuthError::AuthExecRun { out, .. } => {
            let status = out
                .status
                .code()
                .map_or_else(|| out.status.to_string(), |c| format!("exit status {c}"));
            let stderr = stderr_summary(&out.stderr);
            let said = if plugin.is_some_and(|p| p.interactive) {
                " (its messages, if any, are above)".to_string()
            } else if stderr.is_empty() {
                " and printed nothing on stderr".to_string()
            } else {
                format!(": {stderr}")
            };
            Some(format!(
                "credential plugin {name} failed with {status}{said}"
            ))
        }
        AuthError::AuthExecStart(e) => Some(format!("cannot run credential plugin {name}: {e}")),
        AuthError::AuthExecParse(e) => Some(format!(
            "credential plugin {name} printed no valid ExecCredential: {e}"
        )),
        AuthError::ExecPluginFailed => Some(format!(
            "credential plugin {name} returned an ExecCredential without a status"
        )),
        AuthError::AuthExec(text) => Some(format!("credential plugin {name}: {text}")),
        AuthError::ReadTokenFile(e, path) => {
            Some(format!("cannot read token file {}: {e}", path.display()))
        }
        _ => None,
    }
}

fn certificate_reason(err: &CertificateError) -> String {
    match err {
        CertificateError::UnknownIssuer => "the server's certificate is signed by an unknown \
            authority (check certificate-authority in the kubeconfig)"
            .into(),
        CertificateError::NotValidForName => {
            "the server's certificate is not valid for the server's name".into()
        }
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => format!(
            "the server's certificate is not valid for the name {} (it is valid for: {})",
            expected.to_str(),
            presented.join(", ")
        ),
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "the server's certificate has expired".into()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "the server's certificate is not valid yet (check the clock)".into()
        }
        CertificateError::Revoked => "the server's certificate was revoked".into(),
        // An authority of the same name that did not sign this certificate.
        CertificateError::BadSignature => "the server's certificate was not signed by the \
            certificate authority in the kubeconfig (bad signature)"
            .into(),
        other => format!("the server's certificate was refused: {other}"),
    }
}

/// What `err` (from building the client or from its first request) says went wrong.
pub fn cause(err: &(dyn StdError + 'static), plugin: Option<&Plugin>) -> Cause {
    let chain = super::connect::source_chain(err);
    if let Some(kube::Error::Api(status)) = find::<kube::Error>(err) {
        match status.code {
            401 => return Cause::Rejected,
            // Busy, timed out or failing: it may answer later.
            408 | 429 | 500.. => return Cause::Unreachable(chain),
            code => {
                let message = crate::sanitize::sanitize(&status.message).into_owned();
                return Cause::Refused(format!("{code} {}: {message}", status.reason));
            }
        }
    }
    if let Some(auth) = find::<AuthError>(err)
        && let Some(text) = plugin_failure(auth, plugin)
    {
        return Cause::Plugin(text);
    }
    if let Some(config) = find::<kube::config::KubeconfigError>(err)
        && matches!(
            config,
            kube::config::KubeconfigError::LoadClientCertificate(_)
                | kube::config::KubeconfigError::LoadClientKey(_)
        )
    {
        return Cause::ClientCertificate(chain);
    }
    if let Some(tls) = find::<kube::client::RustlsTlsError>(err) {
        use kube::client::RustlsTlsError as E;
        if matches!(
            tls,
            E::InvalidIdentityPem(_)
                | E::MissingPrivateKey
                | E::MissingCertificate
                | E::InvalidPrivateKey(_)
                | E::UnknownPrivateKeyFormat
        ) {
            return Cause::ClientCertificate(tls.to_string());
        }
        return Cause::Tls(tls.to_string());
    }
    match find::<rustls::Error>(err) {
        Some(rustls::Error::InvalidCertificate(cert)) => Cause::Tls(certificate_reason(cert)),
        Some(rustls::Error::AlertReceived(alert)) => {
            use rustls::AlertDescription as A;
            if matches!(
                alert,
                A::BadCertificate
                    | A::UnknownCA
                    | A::CertificateRequired
                    | A::CertificateExpired
                    | A::CertificateRevoked
                    | A::UnsupportedCertificate
                    | A::CertificateUnknown
            ) {
                Cause::ClientCertificate(format!("the server refused it ({alert:?})"))
            } else {
                Cause::Tls(format!("the server ended the handshake ({alert:?})"))
            }
        }
        Some(other) => Cause::Tls(other.to_string()),
        None => Cause::Unreachable(chain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_reasons_name_the_problem() {
        assert!(certificate_reason(&CertificateError::UnknownIssuer).contains("unknown authority"));
        assert!(certificate_reason(&CertificateError::Expired).contains("expired"));
        let name = rustls::pki_types::ServerName::try_from("wrong.example").unwrap();
        let text = certificate_reason(&CertificateError::NotValidForNameContext {
            expected: name.to_owned(),
            presented: vec!["DnsName(\"localhost\")".into()],
        });
        assert!(
            text.contains("not valid for the name wrong.example"),
            "{text}"
        );
    }

    #[test]
    fn api_answers_are_rejected_refused_or_worth_retrying() {
        let api = |code: u16| {
            kube::Error::Api(
                kube::core::Status::failure("no", "Forbidden")
                    .with_code(code)
                    .boxed(),
            )
        };
        assert_eq!(cause(&api(401), None), Cause::Rejected);
        assert_eq!(
            cause(&api(403), None),
            Cause::Refused("403 Forbidden: no".into())
        );
        assert!(matches!(cause(&api(503), None), Cause::Unreachable(_)));
        assert!(matches!(cause(&api(429), None), Cause::Unreachable(_)));
    }

    #[test]
    fn a_wrapped_rustls_error_is_found_inside_io_errors() {
        let io = std::io::Error::other(rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer,
        ));
        let outer = std::io::Error::other(io);
        assert!(matches!(
            cause(&outer, None),
            Cause::Tls(text) if text.contains("unknown authority")
        ));
    }

    #[test]
    fn plugin_stderr_is_summarised_on_one_inert_line() {
        let text = stderr_summary(b"one\n\ntwo\nthree\n\x1b]0;x\x07four\n");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.starts_with("two / three / "), "{text}");
    }
}
