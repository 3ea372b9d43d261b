//! What the core may ask of the outside world: a document by its `https` address.
//!
//! The core does no I/O. A check that needs a document from the web (a `did:web` DID
//! document, a status list, an Open Badges 2.0 hosted assertion or key) asks the [`Fetch`]
//! it was given in [`crate::Env`]. The shell decides what that means: the network when the
//! learner allowed online checks (through one HTTP client type), the wallet's cache of
//! earlier fetches otherwise, and [`NoNetwork`] (nothing at all) by default. Every answer
//! carries the time it was fetched, so a check made from a cached copy says how old its
//! evidence is.

use chrono::{DateTime, Utc};

/// Largest document the core accepts from the web.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// What kind of document is wanted (the shell picks the `Accept` header and limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    /// A `did:web` DID document.
    DidDocument,
    /// A status list: a Bitstring / StatusList2021 credential or an IETF Token Status List.
    StatusList,
    /// An Open Badges 2.0 hosted assertion, BadgeClass, issuer profile, key or revocation list.
    Ob2Document,
}

impl Resource {
    /// The `Accept` header an HTTP client should send.
    pub fn accept(self) -> &'static str {
        match self {
            Resource::DidDocument => "application/did+json, application/did+ld+json, application/json;q=0.9",
            Resource::StatusList => "application/statuslist+jwt, application/vc+ld+json, application/vc+jwt, application/vc, application/ld+json, application/json;q=0.9",
            Resource::Ob2Document => "application/ld+json, application/json",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::DidDocument => "did-document",
            Resource::StatusList => "status-list",
            Resource::Ob2Document => "ob2-document",
        }
    }
}

/// A document obtained for the core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub body: Vec<u8>,
    /// When it was fetched from the web (for a cached copy: the time of that fetch).
    pub fetched_at: DateTime<Utc>,
    /// Fetched just now (`true`) or taken from the cache (`false`).
    pub fresh: bool,
    /// Why a cached copy was used although online checks are on (the fetch failed).
    pub note: Option<String>,
}

/// Why a document could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Online checks are off and there is no cached copy.
    #[error("online checks are off and {url} has not been fetched before")]
    Offline { url: String },
    /// Only `https` addresses are fetched.
    #[error("{url} is not an https address, and Tessera fetches nothing over plain HTTP")]
    NotHttps { url: String },
    /// The server answered with an HTTP error status.
    #[error("{url} answered HTTP {code}")]
    Status { url: String, code: u16 },
    /// Anything else: DNS, TLS, timeout, too large.
    #[error("could not fetch {url}: {reason}")]
    Failed { url: String, reason: String },
}

impl FetchError {
    /// The sentence a check shows.
    pub fn sentence(&self) -> String {
        match self {
            FetchError::Offline { .. } => "online checks are off".to_owned(),
            e => e.to_string(),
        }
    }
}

/// Where the core gets documents from the web. Implementations must be usable from any
/// thread.
pub trait Fetch {
    fn fetch(&self, url: &str, what: Resource) -> Result<Fetched, FetchError>;
}

/// No network and no cache: every fetch is [`FetchError::Offline`]. The default.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNetwork;

impl Fetch for NoNetwork {
    fn fetch(&self, url: &str, _what: Resource) -> Result<Fetched, FetchError> {
        Err(FetchError::Offline {
            url: url.to_owned(),
        })
    }
}

/// The HTTP client the shell hands to a caching [`Fetch`]: one GET, nothing else. The
/// product's is `tessera-net`'s; tests give one that serves fixtures or fails on any call.
pub trait HttpGet: Sync {
    fn get(&self, url: &str, what: Resource) -> Result<Vec<u8>, FetchError>;
}

/// Straight to the network through `http` when given (no cache), else nothing: for
/// checking a file without a wallet.
pub struct Direct<'a> {
    pub http: Option<&'a dyn HttpGet>,
    pub now: DateTime<Utc>,
}

impl Fetch for Direct<'_> {
    fn fetch(&self, url: &str, what: Resource) -> Result<Fetched, FetchError> {
        require_https(url)?;
        let Some(http) = self.http else {
            return Err(FetchError::Offline {
                url: url.to_owned(),
            });
        };
        http.get(url, what).map(|body| Fetched {
            body,
            fetched_at: self.now,
            fresh: true,
            note: None,
        })
    }
}

/// Only `https://` URLs with a host are fetched.
pub fn require_https(url: &str) -> Result<(), FetchError> {
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| FetchError::NotHttps {
            url: url.to_owned(),
        })?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(FetchError::Failed {
            url: url.to_owned(),
            reason: "the address names no host".to_owned(),
        });
    }
    Ok(())
}

/// "just now", "5 minutes ago", "3 days ago": how old evidence fetched at `then` is at `now`.
pub fn age(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds();
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    match secs {
        s if s < 60 => "just now".to_owned(),
        s if s < 3600 => plural(s / 60, "minute"),
        s if s < 86_400 => plural(s / 3600, "hour"),
        s => plural(s / 86_400, "day"),
    }
}

/// How a check names where its evidence came from: "checked just now" or "last checked 3
/// days ago (online checks are off)".
pub fn provenance(f: &Fetched, now: DateTime<Utc>) -> String {
    if f.fresh {
        "checked just now".to_owned()
    } else {
        let why = f
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_else(|| {
                " (online checks are off; this is the last copy fetched)".to_owned()
            });
        format!("last checked {}{why}", age(f.fetched_at, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ages_read_like_a_person_would_say_them() {
        let now = Utc.with_ymd_and_hms(2026, 5, 10, 12, 0, 0).unwrap();
        let cases = [
            (now, "just now"),
            (now - chrono::Duration::minutes(1), "1 minute ago"),
            (now - chrono::Duration::minutes(59), "59 minutes ago"),
            (now - chrono::Duration::hours(5), "5 hours ago"),
            (now - chrono::Duration::days(1), "1 day ago"),
            (now - chrono::Duration::days(12), "12 days ago"),
        ];
        for (then, want) in cases {
            assert_eq!(age(then, now), want);
        }
    }

    #[test]
    fn only_https_with_a_host_is_fetched() {
        assert!(require_https("https://example.org/x").is_ok());
        for bad in [
            "http://example.org/x",
            "ftp://x",
            "https://",
            "https:///x",
            "example.org",
        ] {
            assert!(require_https(bad).is_err(), "{bad}");
        }
    }
}
