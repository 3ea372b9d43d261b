//! Running the reference implementations in `tests/interop` from Rust tests: where they
//! are, and a check that node and the needed packages are installed (a missing one fails
//! the test with the command that installs it; it never skips).

use std::path::PathBuf;
use std::process::Command;

pub const INSTALL: &str = "run npm ci --prefix tests/interop (from the repository root; needs Node.js 20+ and npm), or bash .ci/setup";

/// `tests/interop` in the repository.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop")
}

/// The path of `script` in `tests/interop`, after checking that node runs and that each
/// of `packages` (paths under `node_modules`, e.g. `@digitalbazaar/vc`) is installed.
pub fn node_script(script: &str, packages: &[&str]) -> PathBuf {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "interop: `node --version` failed ({}): install Node.js 20+, then {INSTALL}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            panic!("interop: node is not installed ({e}): install Node.js 20+, then {INSTALL}")
        }
    }
    for package in packages {
        let p = dir().join("node_modules").join(package);
        assert!(
            p.is_dir(),
            "interop: the reference library {package} is missing ({} not found): {INSTALL}",
            p.display()
        );
    }
    dir().join(script)
}

/// A line on the real stderr (not captured by the test harness), so CI logs show how many
/// reference cases ran.
pub fn report(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Runs `script` in `tests/interop` with `args` and parses its stdout as JSON; a failure
/// panics with the script's stderr.
pub fn node_json(script: &str, packages: &[&str], args: &[&str]) -> serde_json::Value {
    let path = node_script(script, packages);
    let out = Command::new("node")
        .arg(path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("interop: {script} does not start: {e}"));
    assert!(
        out.status.success(),
        "interop: {script} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("interop: {script} printed no JSON ({e})"))
}

/// Runs `tests/interop/bake.py ARGS` (the Python reference bakery `openbadges-bakery`)
/// in the virtual environment `tests/interop/.venv`; a missing venv or a failure panics
/// saying how to set it up.
pub fn bake_py(args: &[&str]) {
    const SETUP: &str = "run `bash .ci/setup` from the repository root (it creates tests/interop/.venv with openbadges-bakery 2.0.0)";
    let python = dir().join(".venv/bin/python");
    assert!(
        python.is_file(),
        "interop: the Python venv with openbadges-bakery is missing ({} not found): {SETUP}",
        python.display()
    );
    let out = Command::new(&python)
        .arg(dir().join("bake.py"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("interop: bake.py does not start ({e}): {SETUP}"));
    assert!(
        out.status.success(),
        "interop: bake.py {args:?} failed: {}\n{SETUP}",
        String::from_utf8_lossy(&out.stderr)
    );
}
