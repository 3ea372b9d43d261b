//! An in-memory web for tests of online checks: documents by URL, answered as if fetched
//! at a chosen time (fresh, or from a cache of that age), every request recorded. No
//! sockets; the real HTTPS path is tested with [`crate::https::TestServer`].

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tessera_core::net::{Fetch, FetchError, Fetched, Resource};

#[derive(Default, Clone)]
pub struct Web {
    /// A body, or an HTTP error status.
    pub docs: HashMap<String, Result<Vec<u8>, u16>>,
    /// The time documents are answered as fetched at (the clock of the test).
    pub now: Option<DateTime<Utc>>,
    /// When set: answers come from a cache filled at this time (not fresh).
    pub cached_at: Option<DateTime<Utc>>,
    pub asked: RefCell<Vec<String>>,
}

impl Web {
    pub fn at(now: DateTime<Utc>) -> Web {
        Web {
            now: Some(now),
            ..Web::default()
        }
    }
    pub fn put(&mut self, url: &str, body: impl Into<Vec<u8>>) {
        self.docs.insert(url.to_owned(), Ok(body.into()));
    }
    pub fn put_json(&mut self, url: &str, v: &Value) {
        self.put(url, serde_json::to_vec(v).expect("JSON"));
    }
    pub fn put_status(&mut self, url: &str, code: u16) {
        self.docs.insert(url.to_owned(), Err(code));
    }
    /// The same documents, answered from a cache filled at `at`.
    pub fn cached(&self, at: DateTime<Utc>) -> Web {
        Web {
            docs: self.docs.clone(),
            now: self.now,
            cached_at: Some(at),
            asked: RefCell::default(),
        }
    }
}

impl Fetch for Web {
    fn fetch(&self, url: &str, _what: Resource) -> Result<Fetched, FetchError> {
        self.asked.borrow_mut().push(url.to_owned());
        match self.docs.get(url) {
            Some(Ok(body)) => Ok(Fetched {
                body: body.clone(),
                fetched_at: self.cached_at.or(self.now).unwrap_or_else(Utc::now),
                fresh: self.cached_at.is_none(),
                note: None,
            }),
            Some(Err(code)) => Err(FetchError::Status {
                url: url.to_owned(),
                code: *code,
            }),
            None => Err(FetchError::Status {
                url: url.to_owned(),
                code: 404,
            }),
        }
    }
}
