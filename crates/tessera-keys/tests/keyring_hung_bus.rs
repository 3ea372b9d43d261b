#![cfg(unix)]
//! A session bus that accepts the connection and then never answers must not hang the wallet:
//! `keyring_available` gives up after its probe timeout. Own test binary: it changes the
//! process environment.

use std::os::unix::net::UnixListener;
use std::time::{Duration, Instant};

use tessera_keys::{keyring_available, KeyError, PROBE_TIMEOUT};

#[test]
fn a_silent_bus_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("silent-bus");
    // Bound and listening, never accepting: connect() succeeds, no byte ever comes back.
    let _listener = UnixListener::bind(&sock).unwrap();
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", sock.display()),
    );

    let t = Instant::now();
    let r = keyring_available();
    let took = t.elapsed();
    eprintln!("keyring_available: {r:?} after {took:?}");
    assert!(
        took < PROBE_TIMEOUT + Duration::from_secs(2),
        "took {took:?}"
    );
    assert!(
        matches!(r, Err(KeyError::KeyringUnavailable { .. })),
        "{r:?}"
    );
}
