//! The parts of an X.509 seal certificate a JAdES seal is judged by: the validity window,
//! the subject's name (CN, O, C) and the public key (RSA or P-256).

use chrono::{DateTime, Utc};
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode, Tag, Tagged};
use x509_cert::Certificate;

use crate::jose::PublicKey;

const OID_CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_O: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const OID_C: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");
const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// A parsed seal certificate.
#[derive(Debug, Clone)]
pub(crate) struct SealCert {
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub cn: Option<String>,
    pub o: Option<String>,
    pub c: Option<String>,
    /// The subject public key, or why Tessera cannot use it.
    pub key: Result<PublicKey, String>,
}

impl SealCert {
    /// "<O> (<C>)", falling back to the CN, for the learner.
    pub fn holder(&self) -> String {
        let name = self
            .o
            .as_deref()
            .or(self.cn.as_deref())
            .unwrap_or("an unnamed organisation");
        match &self.c {
            Some(c) => format!("{name} ({c})"),
            None => name.to_owned(),
        }
    }
}

/// Parses a DER X.509 certificate. `Err` names what is wrong with it.
pub(crate) fn parse(der: &[u8]) -> Result<SealCert, String> {
    let cert = Certificate::from_der(der).map_err(|e| format!("not an X.509 certificate: {e}"))?;
    let tbs = &cert.tbs_certificate;
    let time = |t: x509_cert::time::Time| {
        let secs = i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
        DateTime::<Utc>::from_timestamp(secs, 0)
            .ok_or_else(|| "a validity date is out of range".to_owned())
    };
    let not_before = time(tbs.validity.not_before)?;
    let not_after = time(tbs.validity.not_after)?;
    let (mut cn, mut o, mut c) = (None, None, None);
    for rdn in tbs.subject.0.iter() {
        for atv in rdn.0.iter() {
            let slot = if atv.oid == OID_CN {
                &mut cn
            } else if atv.oid == OID_O {
                &mut o
            } else if atv.oid == OID_C {
                &mut c
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = directory_string(atv.value.tag(), atv.value.value());
            }
        }
    }
    let spki = &tbs.subject_public_key_info;
    let raw = spki.subject_public_key.raw_bytes();
    let key = if spki.algorithm.oid == OID_RSA {
        use rsa::pkcs1::DecodeRsaPublicKey;
        rsa::RsaPublicKey::from_pkcs1_der(raw)
            .map(|k| PublicKey::Rsa(Box::new(k)))
            .map_err(|e| format!("its RSA key cannot be read: {e}"))
    } else if spki.algorithm.oid == OID_EC {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if curve == Some(OID_P256) {
            p256::ecdsa::VerifyingKey::from_sec1_bytes(raw)
                .map(PublicKey::P256)
                .map_err(|e| format!("its P-256 key is not a point on the curve: {e}"))
        } else {
            Err(format!(
                "its elliptic-curve key is on the curve {}, and Tessera checks P-256 only",
                curve.map_or_else(|| "(not named)".to_owned(), |c| c.to_string())
            ))
        }
    } else {
        Err(format!(
            "its key type {} is not RSA or P-256",
            spki.algorithm.oid
        ))
    };
    Ok(SealCert {
        not_before,
        not_after,
        cn,
        o,
        c,
        key,
    })
}

/// The text of an X.520 DirectoryString (UTF-8, printable, IA5, teletex, BMP).
fn directory_string(tag: Tag, bytes: &[u8]) -> Option<String> {
    let s = match tag {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        // T.61 is close enough to Latin-1 for names.
        Tag::TeletexString => bytes.iter().map(|&b| char::from(b)).collect(),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => return None,
    };
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}
