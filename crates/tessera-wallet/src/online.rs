//! Online checks and their cache: the [`Fetch`] a wallet hands the core.
//!
//! With online checks allowed, a document is fetched through the one [`HttpGet`] client
//! the shell gave the wallet and kept in the encrypted store with the time it was fetched;
//! when a fetch fails for a reason that says nothing about the document (no network, a
//! server error), the cached copy is used and the check says so. With online checks off,
//! only the cache is read: its results stand, with their age, and a document never fetched
//! is `unknown`. Nothing else in the wallet touches the network.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tessera_core::net::{require_https, Fetch, FetchError, Fetched, HttpGet, Resource};
use tessera_store::{FetchedDocument, Store};

pub(crate) struct CachedFetch<'a> {
    pub store: &'a Store,
    pub http: Option<&'a dyn HttpGet>,
    pub now: DateTime<Utc>,
    /// Answers within one examination (a document is asked for once).
    memo: RefCell<HashMap<String, Result<Fetched, FetchError>>>,
    /// Documents fetched now, for the caller to keep in the store.
    fresh: RefCell<Vec<FetchedDocument>>,
}

impl<'a> CachedFetch<'a> {
    pub fn new(store: &'a Store, http: Option<&'a dyn HttpGet>, now: DateTime<Utc>) -> Self {
        CachedFetch {
            store,
            http,
            now,
            memo: RefCell::default(),
            fresh: RefCell::default(),
        }
    }

    pub fn into_fresh(self) -> Vec<FetchedDocument> {
        self.fresh.into_inner()
    }

    fn cached(&self, url: &str) -> Option<Fetched> {
        let doc = self.store.fetched(url).ok().flatten()?;
        let at = DateTime::parse_from_rfc3339(&doc.fetched_at)
            .ok()?
            .with_timezone(&Utc);
        Some(Fetched {
            body: doc.body,
            fetched_at: at,
            fresh: false,
            note: None,
        })
    }

    fn lookup(&self, url: &str, what: Resource) -> Result<Fetched, FetchError> {
        require_https(url)?;
        let Some(http) = self.http else {
            return self.cached(url).ok_or_else(|| FetchError::Offline {
                url: url.to_owned(),
            });
        };
        match http.get(url, what) {
            Ok(body) => {
                self.fresh.borrow_mut().push(FetchedDocument {
                    url: url.to_owned(),
                    kind: what.as_str().to_owned(),
                    body: body.clone(),
                    fetched_at: tessera_core::normalize::rfc3339(self.now),
                });
                Ok(Fetched {
                    body,
                    fetched_at: self.now,
                    fresh: true,
                    note: None,
                })
            }
            // The server says the document is not there: that is the answer.
            Err(
                e @ FetchError::Status {
                    code: 404 | 410, ..
                },
            ) => Err(e),
            Err(e) => match self.cached(url) {
                Some(mut f) => {
                    f.note = Some(format!("it could not be fetched just now: {e}"));
                    Ok(f)
                }
                None => Err(e),
            },
        }
    }
}

impl Fetch for CachedFetch<'_> {
    fn fetch(&self, url: &str, what: Resource) -> Result<Fetched, FetchError> {
        if let Some(r) = self.memo.borrow().get(url) {
            return r.clone();
        }
        let r = self.lookup(url, what);
        self.memo.borrow_mut().insert(url.to_owned(), r.clone());
        r
    }
}
