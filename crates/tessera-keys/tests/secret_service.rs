//! Against a REAL Secret Service: this test starts its own private D-Bus session bus and
//! gnome-keyring-daemon (in a temporary HOME, so no real keyring is touched), stores keys for
//! two wallets, reads them back, deletes them, and stops both daemons at the end, also when it
//! fails (Drop guard). Missing daemons are a failure naming the Debian package, never a skip.
//! Own test binary: it points this process's DBUS_SESSION_BUS_ADDRESS at the private bus.
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use keyring_core::api::CredentialStoreApi;
use tessera_keys::{
    delete_from_keyring, keyring_account, keyring_available, load_from_keyring, store_in_keyring,
    DbKey, KeyError, KEYRING_SERVICE,
};

fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/sbin")])
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

fn require(program: &str, debian_package: &str) -> PathBuf {
    find_in_path(program).unwrap_or_else(|| {
        panic!(
            "`{program}` is not installed: this test needs a real Secret Service. \
             Install the Debian package `{debian_package}` \
             (apt-get install -y gnome-keyring dbus-x11)"
        )
    })
}

/// Stops the daemons and keeps their logs for failure messages.
struct Daemons {
    dir: tempfile::TempDir,
    children: Vec<(&'static str, Child)>,
}

impl Daemons {
    fn log(&self, name: &str) -> String {
        fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }

    fn logs(&self) -> String {
        format!(
            "--- dbus-daemon stderr ---\n{}\n--- gnome-keyring-daemon stdout ---\n{}\n\
             --- gnome-keyring-daemon stderr ---\n{}",
            self.log("dbus.err"),
            self.log("keyring.out"),
            self.log("keyring.err")
        )
    }
}

impl Drop for Daemons {
    fn drop(&mut self) {
        // gnome-keyring first, then the bus it sits on.
        for (_, child) in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn log_file(dir: &Path, name: &str) -> fs::File {
    fs::File::create(dir.join(name)).unwrap()
}

fn start_daemons() -> Daemons {
    let dbus_daemon = require("dbus-daemon", "dbus-daemon (pulled in by dbus-x11)");
    let gnome_keyring = require("gnome-keyring-daemon", "gnome-keyring");

    let dir = tempfile::tempdir().unwrap();
    let mut daemons = Daemons {
        dir,
        children: Vec::new(),
    };
    let root = daemons.dir.path().to_path_buf();
    for sub in ["home", "data", "config", "cache", "run", "bus"] {
        fs::create_dir_all(root.join(sub)).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(root.join("run"), fs::Permissions::from_mode(0o700)).unwrap();
    }

    // A private session bus with no service activation, so nothing can start a keyring in the
    // real HOME behind our back.
    let conf = root.join("bus.conf");
    fs::write(
        &conf,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
            root.join("bus").display()
        ),
    )
    .unwrap();
    let mut bus = Command::new(&dbus_daemon)
        .arg(format!("--config-file={}", conf.display()))
        .args(["--nofork", "--print-address=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log_file(&root, "dbus.err"))
        .spawn()
        .expect("starting dbus-daemon");
    let stdout = bus.stdout.take().unwrap();
    daemons.children.push(("dbus-daemon", bus));
    let mut address = String::new();
    BufReader::new(stdout).read_line(&mut address).unwrap();
    let address = address.trim().to_string();
    assert!(
        address.starts_with("unix:"),
        "dbus-daemon printed no address\n{}",
        daemons.logs()
    );

    let mut keyring = Command::new(&gnome_keyring)
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .env("XDG_RUNTIME_DIR", root.join("run"))
        .stdin(Stdio::piped())
        .stdout(log_file(&root, "keyring.out"))
        .stderr(log_file(&root, "keyring.err"))
        .spawn()
        .expect("starting gnome-keyring-daemon");
    {
        // --unlock reads the login keyring password from stdin until EOF.
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"tessera-test-password").unwrap();
    }
    daemons.children.push(("gnome-keyring-daemon", keyring));

    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
    daemons
}

#[test]
fn keys_for_two_wallets_round_trip_through_gnome_keyring() {
    let daemons = start_daemons();

    // Wait for the Secret Service to appear on the bus.
    let started = Instant::now();
    loop {
        match keyring_available() {
            Ok(()) => break,
            Err(e) if started.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!(
                "the Secret Service never became available: {e}\n{}",
                daemons.logs()
            ),
        }
    }
    eprintln!("Secret Service up after {:?}", started.elapsed());

    let id_a = format!("w-test-a-{}", std::process::id());
    let id_b = format!("w-test-b-{}", std::process::id());
    let key_a = DbKey::random();
    let key_b = DbKey::random();

    assert!(matches!(
        load_from_keyring(&id_a),
        Err(KeyError::NotInKeyring { .. })
    ));
    store_in_keyring(&id_a, &key_a).unwrap_or_else(|e| panic!("{e}\n{}", daemons.logs()));
    store_in_keyring(&id_b, &key_b).unwrap_or_else(|e| panic!("{e}\n{}", daemons.logs()));

    let got_a = load_from_keyring(&id_a).unwrap();
    let got_b = load_from_keyring(&id_b).unwrap();
    assert_eq!(got_a.expose(), key_a.expose());
    assert_eq!(got_b.expose(), key_b.expose());
    assert_ne!(got_a.expose(), got_b.expose(), "two wallets, two keys");

    // One entry per wallet, named service "Tessera", account "wallet-<id>".
    let store = zbus_secret_service_keyring_store::Store::new().unwrap();
    for id in [&id_a, &id_b] {
        let account = keyring_account(id);
        let found = store
            .search(&HashMap::from([
                ("service", KEYRING_SERVICE),
                ("username", account.as_str()),
            ]))
            .unwrap();
        assert_eq!(found.len(), 1, "entries for {account}");
    }

    // Storing again replaces the key; it does not add a second entry.
    let key_a2 = DbKey::random();
    store_in_keyring(&id_a, &key_a2).unwrap();
    assert_eq!(load_from_keyring(&id_a).unwrap().expose(), key_a2.expose());
    assert_eq!(load_from_keyring(&id_b).unwrap().expose(), key_b.expose());

    assert!(delete_from_keyring(&id_a).unwrap());
    assert!(matches!(
        load_from_keyring(&id_a),
        Err(KeyError::NotInKeyring { .. })
    ));
    assert_eq!(load_from_keyring(&id_b).unwrap().expose(), key_b.expose());
    assert!(delete_from_keyring(&id_b).unwrap());
    assert!(!delete_from_keyring(&id_b).unwrap());
    assert!(matches!(
        load_from_keyring(&id_b),
        Err(KeyError::NotInKeyring { .. })
    ));
    drop(daemons);
}
