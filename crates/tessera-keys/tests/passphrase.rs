use std::time::Instant;

use tessera_keys::{
    passphrase_strength, unwrap_with_passphrase, wrap_with_passphrase, DbKey, KdfParams, KeyError,
    WrappedKey,
};

const PASS: &str = "orchard lantern 42 quietly";

fn wrapped(key: &DbKey) -> WrappedKey {
    wrap_with_passphrase(key, PASS, KdfParams::testing()).unwrap()
}

#[test]
fn round_trip() {
    let key = DbKey::random();
    let w = wrapped(&key);
    let back = unwrap_with_passphrase(&w, PASS).unwrap();
    assert_eq!(back.expose(), key.expose());
    // Fresh salt and nonce each time.
    let w2 = wrapped(&key);
    assert_ne!(w.salt, w2.salt);
    assert_ne!(w.nonce, w2.nonce);
    assert_ne!(w.ciphertext, w2.ciphertext);
}

#[test]
fn round_trip_through_json_and_params_read_back() {
    let key = DbKey::random();
    let params = KdfParams {
        memory_kib: 2048,
        iterations: 2,
        parallelism: 2,
    };
    let w = wrap_with_passphrase(&key, PASS, params).unwrap();
    let text = w.to_json();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["kdf"], "argon2id");
    assert_eq!(v["m"], 2048);
    assert_eq!(v["t"], 2);
    assert_eq!(v["p"], 2);
    assert_eq!(v["cipher"], "xchacha20poly1305");
    assert_eq!(v["version"], 1);
    for field in ["salt", "nonce", "ciphertext"] {
        assert!(v[field].is_string(), "{field}");
    }
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "kdf",
            "m",
            "t",
            "p",
            "salt",
            "cipher",
            "nonce",
            "ciphertext",
            "version"
        ]
    );
    let read = WrappedKey::from_json(&text).unwrap();
    assert_eq!(read, w);
    assert_eq!(read.kdf_params(), params);
    let back = unwrap_with_passphrase(&read, PASS).unwrap();
    assert_eq!(back.expose(), key.expose());
    // Nothing secret in the JSON.
    assert!(!text.contains(&hex::encode(key.expose())));
    assert!(!text.contains(PASS));
}

#[test]
fn wrong_passphrase() {
    let key = DbKey::random();
    let w = wrapped(&key);
    for wrong in [
        "orchard lantern 42 quietly ",
        "Orchard lantern 42 quietly",
        "x",
    ] {
        assert!(matches!(
            unwrap_with_passphrase(&w, wrong),
            Err(KeyError::WrongPassphrase)
        ));
    }
}

#[test]
fn tampering_is_refused() {
    use base64::engine::general_purpose::STANDARD as B64;
    use base64::Engine;

    let key = DbKey::random();
    let w = wrapped(&key);
    let flip = |b64: &str, i: usize| {
        let mut b = B64.decode(b64).unwrap();
        b[i] ^= 0x01;
        B64.encode(b)
    };
    let mut cases = Vec::new();
    for i in [0, 17, 31, 32, 47] {
        let mut t = w.clone();
        t.ciphertext = flip(&w.ciphertext, i);
        cases.push(t);
    }
    let mut t = w.clone();
    t.nonce = flip(&w.nonce, 3);
    cases.push(t);
    let mut t = w.clone();
    t.salt = flip(&w.salt, 0);
    cases.push(t);
    let mut t = w.clone();
    t.t += 1;
    cases.push(t);
    let mut t = w.clone();
    t.m += 8;
    cases.push(t);
    for t in &cases {
        assert!(
            matches!(
                unwrap_with_passphrase(t, PASS),
                Err(KeyError::WrongPassphrase)
            ),
            "{t:?}"
        );
    }

    // Structural damage is reported as such.
    let mut t = w.clone();
    t.ciphertext = B64.encode([0u8; 40]);
    assert!(matches!(
        unwrap_with_passphrase(&t, PASS),
        Err(KeyError::InvalidWrappedKey { .. })
    ));
    let mut t = w.clone();
    t.nonce = "not base64!".into();
    assert!(matches!(
        unwrap_with_passphrase(&t, PASS),
        Err(KeyError::InvalidWrappedKey { .. })
    ));
    let mut t = w.clone();
    t.version = 2;
    assert!(matches!(
        unwrap_with_passphrase(&t, PASS),
        Err(KeyError::UnsupportedWrappedKey {
            field: "version",
            ..
        })
    ));
    let mut t = w.clone();
    t.cipher = "aes-256-gcm".into();
    assert!(matches!(
        unwrap_with_passphrase(&t, PASS),
        Err(KeyError::UnsupportedWrappedKey {
            field: "cipher",
            ..
        })
    ));
    // A tampered file cannot ask for absurd amounts of memory.
    let mut t = w.clone();
    t.m = u32::MAX;
    assert!(matches!(
        unwrap_with_passphrase(&t, PASS),
        Err(KeyError::InvalidKdfParams { .. })
    ));
    assert!(matches!(
        WrappedKey::from_json("{\"kdf\": 1}"),
        Err(KeyError::InvalidWrappedKey { .. })
    ));
}

#[test]
fn empty_passphrase_is_refused() {
    let key = DbKey::random();
    for p in ["", "   "] {
        let e = wrap_with_passphrase(&key, p, KdfParams::testing()).unwrap_err();
        assert!(matches!(e, KeyError::EmptyPassphrase));
        assert!(e.to_string().contains("empty"));
    }
    let w = wrapped(&key);
    assert!(matches!(
        unwrap_with_passphrase(&w, ""),
        Err(KeyError::EmptyPassphrase)
    ));
}

#[test]
fn unicode_passphrases_are_normalised() {
    let key = DbKey::random();
    let nfc = "café crème brûlée";
    let nfd = "cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e";
    assert_ne!(nfc, nfd);
    let w = wrap_with_passphrase(&key, nfc, KdfParams::testing()).unwrap();
    assert_eq!(
        unwrap_with_passphrase(&w, nfd).unwrap().expose(),
        key.expose()
    );
}

#[test]
fn debug_output_hides_secrets() {
    let key = DbKey::random();
    let w = wrapped(&key);
    let dbg = format!("{key:?} {w:?}");
    assert!(dbg.contains("DbKey(..)"));
    assert!(!dbg.contains(&w.ciphertext) && !dbg.contains(&w.salt));
    assert!(!dbg.contains(&hex::encode(key.expose())));
}

#[test]
fn default_params_are_owasp_level_and_work() {
    let d = KdfParams::default();
    assert_eq!((d.memory_kib, d.iterations, d.parallelism), (65_536, 3, 1));
    let key = DbKey::random();
    let t = Instant::now();
    let w = wrap_with_passphrase(&key, PASS, d).unwrap();
    let back = unwrap_with_passphrase(&w, PASS).unwrap();
    eprintln!("default Argon2id wrap + unwrap: {:?}", t.elapsed());
    assert_eq!(back.expose(), key.expose());
    assert_eq!((w.m, w.t, w.p), (65_536, 3, 1));
}

#[test]
fn strength_is_exposed() {
    let weak = passphrase_strength("letmein");
    assert_eq!(weak.score, 0);
    assert_eq!(weak.label, "very weak");
    assert!(passphrase_strength(PASS).score >= 3);
}
