//! The database key: 32 secret bytes, zeroed when dropped, never printed.

use rand::rngs::OsRng;
use rand::RngCore;
use zeroize::Zeroizing;

/// The wallet database's 256-bit key, given to SQLCipher as a raw key.
///
/// The bytes live in [`Zeroizing`] memory (wiped on drop). `Debug` prints `DbKey(..)`, there is
/// no `Display`, and the store never reads any keyring: the caller (see the `tessera-keys`
/// crate) decides where the key comes from and hands it over as this value.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    /// Takes ownership of 32 key bytes. Zeroize the caller's own copy if it has one.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        DbKey(Zeroizing::new(bytes))
    }

    /// A fresh key from the operating system's random number generator.
    ///
    /// # Panics
    /// Only if the operating system cannot supply random bytes at all, in which case no key
    /// could be made safely anyway.
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(bytes.as_mut());
        DbKey(bytes)
    }

    /// The secret bytes. Keep the borrow short and do not copy them into unprotected memory.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// `x'<64 hex>'`, the SQLCipher raw-key literal, in zeroizing memory.
    pub(crate) fn sqlcipher_pragma(&self) -> Zeroizing<String> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = Zeroizing::new(String::with_capacity(20 + 64));
        s.push_str("PRAGMA key = \"x'");
        for b in self.0.iter() {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        s.push_str("'\";");
        s
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_bytes() {
        let k = DbKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{k:?}"), "DbKey(..)");
        assert_eq!(format!("{:#?}", k), "DbKey(..)");
    }

    #[test]
    fn random_keys_differ() {
        assert_ne!(DbKey::random().expose(), DbKey::random().expose());
    }

    #[test]
    fn pragma_shape() {
        let k = DbKey::from_bytes([0x0f; 32]);
        let p = k.sqlcipher_pragma();
        assert_eq!(
            p.as_str(),
            format!("PRAGMA key = \"x'{}'\";", "0f".repeat(32))
        );
    }
}
