//! A real Secret Service for tests: a private D-Bus session bus and gnome-keyring-daemon,
//! stopped when the guard drops (also when a test fails). Linux only.
#![cfg(target_os = "linux")]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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
pub struct SecretService {
    /// The private session bus address (also set as DBUS_SESSION_BUS_ADDRESS in this process).
    pub address: String,
    dir: tempfile::TempDir,
    children: Vec<(&'static str, Child)>,
}

impl SecretService {
    fn log(&self, name: &str) -> String {
        fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }

    pub fn logs(&self) -> String {
        format!(
            "--- dbus-daemon stderr ---\n{}\n--- gnome-keyring-daemon stdout ---\n{}\n\
             --- gnome-keyring-daemon stderr ---\n{}",
            self.log("dbus.err"),
            self.log("keyring.out"),
            self.log("keyring.err")
        )
    }
}

impl Drop for SecretService {
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

/// Starts a private D-Bus session bus and gnome-keyring-daemon (in a temporary HOME, so no
/// real keyring is touched) and points this process at it. Missing programs panic with the
/// Debian package to install: never a skip.
pub fn start() -> SecretService {
    let dbus_daemon = require("dbus-daemon", "dbus-daemon (pulled in by dbus-x11)");
    let gnome_keyring = require("gnome-keyring-daemon", "gnome-keyring");

    let dir = tempfile::tempdir().unwrap();
    let mut daemons = SecretService {
        address: String::new(),
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
    daemons.address = address;
    daemons
}
