//! The committed TypeScript bindings (ui/src/bindings.ts) must be exactly what the Rust
//! commands generate. To regenerate: TESSERA_WRITE_BINDINGS=1 cargo test --test bindings

#[test]
fn committed_bindings_match_the_rust_commands() {
    let generated = tessera_desktop::typescript_bindings().expect("bindings generate");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    if std::env::var_os("TESSERA_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/bindings.ts has drifted from the Rust commands; regenerate it with \
         TESSERA_WRITE_BINDINGS=1 cargo test --test bindings and commit the result"
    );
}
