//! Tessera's one HTTP client ([`HttpsClient`]), used only when the learner has allowed
//! online checks. HTTPS only (redirects included); the system's root certificates plus the
//! extra roots in `TESSERA_CA_FILE` / `--ca-file` (for organisations with their own PKI,
//! and tests with a loopback server). There is no switch for plain HTTP or for skipping
//! certificate checks. Bodies are limited to [`tessera_core::net::MAX_DOCUMENT_BYTES`].

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tessera_core::net::{require_https, FetchError, HttpGet, Resource, MAX_DOCUMENT_BYTES};

/// The environment variable naming a PEM file of extra trusted root certificates.
pub const CA_FILE_ENV: &str = "TESSERA_CA_FILE";

#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("cannot read the certificate file {path}: {source}")]
    CaFileUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the certificate file {path} holds no usable PEM certificate: {reason}")]
    CaFileInvalid { path: PathBuf, reason: String },
    #[error("cannot set up the HTTPS client: {reason}")]
    Setup { reason: String },
}

/// The product's HTTP client.
pub struct HttpsClient {
    client: reqwest::blocking::Client,
}

impl std::fmt::Debug for HttpsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HttpsClient")
    }
}

impl HttpsClient {
    /// A client trusting the system's roots plus those in `ca_file` (or, when `None`, in
    /// `TESSERA_CA_FILE` if set).
    pub fn new(ca_file: Option<&Path>) -> Result<Self, NetError> {
        // reqwest is built without a bundled crypto provider: ring, installed once.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let from_env = std::env::var_os(CA_FILE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let ca = ca_file.map(Path::to_path_buf).or(from_env);
        let mut builder = reqwest::blocking::Client::builder()
            .https_only(true)
            .redirect(reqwest::redirect::Policy::limited(5))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("Tessera/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = ca {
            let pem = std::fs::read(&path).map_err(|source| NetError::CaFileUnreadable {
                path: path.clone(),
                source,
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                NetError::CaFileInvalid {
                    path: path.clone(),
                    reason: e.to_string(),
                }
            })?;
            if certs.is_empty() {
                return Err(NetError::CaFileInvalid {
                    path,
                    reason: "it contains no certificate".to_owned(),
                });
            }
            builder = builder.tls_certs_merge(certs);
        }
        let client = builder.build().map_err(|e| NetError::Setup {
            reason: e.to_string(),
        })?;
        Ok(HttpsClient { client })
    }
}

/// The most specific cause of a reqwest error, for a learner-readable reason.
fn cause(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s = format!("{s}: {inner}");
        src = inner.source();
    }
    s
}

impl HttpGet for HttpsClient {
    fn get(&self, url: &str, what: Resource) -> Result<Vec<u8>, FetchError> {
        require_https(url)?;
        let failed = |reason: String| FetchError::Failed {
            url: url.to_owned(),
            reason,
        };
        let resp = self
            .client
            .get(url)
            .header(reqwest::header::ACCEPT, what.accept())
            .send()
            .map_err(|e| failed(cause(&e)))?;
        let code = resp.status();
        if !code.is_success() {
            return Err(FetchError::Status {
                url: url.to_owned(),
                code: code.as_u16(),
            });
        }
        if resp
            .content_length()
            .is_some_and(|n| n > MAX_DOCUMENT_BYTES as u64)
        {
            return Err(failed(format!(
                "the document is larger than {MAX_DOCUMENT_BYTES} bytes"
            )));
        }
        let mut body = Vec::new();
        resp.take(MAX_DOCUMENT_BYTES as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| failed(e.to_string()))?;
        if body.len() > MAX_DOCUMENT_BYTES {
            return Err(failed(format!(
                "the document is larger than {MAX_DOCUMENT_BYTES} bytes"
            )));
        }
        Ok(body)
    }
}
