fn main() {
    // SQLCipher's sqlite3_* symbols must not be exported from the app binary, or
    // WebKit/libsoup bind to them instead of the system SQLite (tauri-notes.md).
    println!("cargo:rustc-link-arg-bins=-Wl,--exclude-libs,ALL");
    tauri_build::build()
}
