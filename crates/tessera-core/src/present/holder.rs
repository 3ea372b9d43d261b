//! The holder's side of an SD-JWT presentation: which disclosures the chosen paths need,
//! what the recipient will see, and the Key Binding JWT.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::Request;
use super::{Disclosure, HolderKey, KeyAlg, PresentError, Presentation, PresentationFormat};
use crate::jose::{self, CompactJws, PublicKey};
use crate::sdjwt::{decode_disclosure, digest_of};

/// As deep as the SD-JWT reader goes (`sdjwt::MAX_DEPTH`).
const MAX_DEPTH: usize = 64;

fn unreadable(reason: impl Into<String>) -> PresentError {
    PresentError::Unreadable {
        reason: reason.into(),
    }
}

/// One disclosure the holder has.
struct Item<'a> {
    raw: &'a str,
    digest: String,
    name: Option<String>,
    value: Value,
}

/// The SD-JWT the holder has, split and decoded.
struct Held<'a> {
    jwt: &'a str,
    payload: Map<String, Value>,
    items: Vec<Item<'a>>,
}

fn parse(text: &str) -> Result<Held<'_>, PresentError> {
    let text = text.trim_start_matches('\u{feff}').trim();
    let mut parts: Vec<&str> = text.split('~').collect();
    if parts.len() < 2 {
        return Err(unreadable(
            "there is no '~' after the issuer-signed JWT, so it is not an SD-JWT",
        ));
    }
    let jwt = parts.remove(0);
    // The last part is empty, or a Key Binding JWT of an earlier presentation (dropped).
    parts.pop();
    let jws = CompactJws::parse(jwt)
        .map_err(|e| unreadable(format!("its issuer-signed JWT cannot be read: {e}")))?;
    let Value::Object(payload) = jws.payload else {
        return Err(unreadable(
            "the payload of its issuer-signed JWT is not a JSON object",
        ));
    };
    match payload.get("_sd_alg") {
        None => {}
        Some(Value::String(s)) if s == "sha-256" => {}
        Some(other) => {
            let name = other
                .as_str()
                .map(str::to_owned)
                .unwrap_or(other.to_string());
            return Err(PresentError::Unsupported {
                what: format!(
                    "the digest algorithm \"{name}\" (_sd_alg) of an SD-JWT (Tessera uses sha-256)"
                ),
            });
        }
    }
    let mut items = Vec::with_capacity(parts.len());
    for (i, raw) in parts.into_iter().enumerate() {
        let (name, value) = decode_disclosure(raw)
            .map_err(|why| unreadable(format!("disclosure {} {why}", i + 1)))?;
        items.push(Item {
            raw,
            digest: digest_of(raw),
            name,
            value,
        });
    }
    Ok(Held {
        jwt,
        payload,
        items,
    })
}

/// Where a claim path sits.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// Always visible (no disclosure on the way).
    Visible,
    /// It is the claim of this node's disclosure.
    Disclosed(usize),
    /// Inside the value of this node's disclosure, not disclosable on its own.
    Inside(usize),
}

/// A selectively disclosable claim.
struct Node {
    path: String,
    item: usize,
    /// The node of the disclosure this one sits in.
    parent: Option<usize>,
}

/// Rebuilds the claims from the payload and (some of) the disclosures, the way the
/// SD-JWT reader does (`sdjwt::Rebuild`), recording where each path sits.
struct Walker<'h, 'a> {
    items: &'h [Item<'a>],
    by_digest: HashMap<&'h str, usize>,
    seen: HashSet<String>,
    /// Only these disclosures (None: all).
    allowed: Option<&'h HashSet<usize>>,
    nodes: Vec<Node>,
    places: HashMap<String, Place>,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

impl<'h, 'a> Walker<'h, 'a> {
    fn new(items: &'h [Item<'a>], allowed: Option<&'h HashSet<usize>>) -> Self {
        let mut by_digest = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            by_digest.entry(item.digest.as_str()).or_insert(i);
        }
        Walker {
            items,
            by_digest,
            seen: HashSet::new(),
            allowed,
            nodes: Vec::new(),
            places: HashMap::new(),
        }
    }

    fn place(&mut self, path: &str, enclosing: Option<usize>) {
        let p = match enclosing {
            Some(n) => Place::Inside(n),
            None => Place::Visible,
        };
        self.places.entry(path.to_owned()).or_insert(p);
    }

    /// The disclosure a digest refers to, once, if it is one to use.
    fn take(&mut self, digest: &str) -> Option<usize> {
        if !self.seen.insert(digest.to_owned()) {
            return None;
        }
        let i = *self.by_digest.get(digest)?;
        match self.allowed {
            Some(allowed) if !allowed.contains(&i) => None,
            _ => Some(i),
        }
    }

    fn disclosed(&mut self, path: String, item: usize, enclosing: Option<usize>) -> usize {
        let n = self.nodes.len();
        self.nodes.push(Node {
            path: path.clone(),
            item,
            parent: enclosing,
        });
        self.places.insert(path, Place::Disclosed(n));
        n
    }

    fn value(
        &mut self,
        v: &Value,
        path: &str,
        enclosing: Option<usize>,
        depth: usize,
    ) -> Result<Value, PresentError> {
        if depth > MAX_DEPTH {
            return Err(unreadable(format!(
                "its claims are nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(match v {
            Value::Object(o) => self.object(o, path, enclosing, depth)?,
            Value::Array(a) => self.array(a, path, enclosing, depth)?,
            other => other.clone(),
        })
    }

    fn object(
        &mut self,
        o: &Map<String, Value>,
        path: &str,
        enclosing: Option<usize>,
        depth: usize,
    ) -> Result<Value, PresentError> {
        let mut out = Map::new();
        for (k, v) in o {
            if k == "_sd" || k == "_sd_alg" {
                continue;
            }
            let p = join(path, k);
            self.place(&p, enclosing);
            let rebuilt = self.value(v, &p, enclosing, depth + 1)?;
            out.insert(k.clone(), rebuilt);
        }
        let digests: Vec<&str> = match o.get("_sd") {
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        for digest in digests {
            let Some(i) = self.take(digest) else { continue };
            let items = self.items;
            let item = &items[i];
            let Some(name) = &item.name else { continue };
            if out.contains_key(name) {
                continue;
            }
            let p = join(path, name);
            let n = self.disclosed(p.clone(), i, enclosing);
            let rebuilt = self.value(&item.value, &p, Some(n), depth + 1)?;
            out.insert(name.clone(), rebuilt);
        }
        Ok(Value::Object(out))
    }

    fn array(
        &mut self,
        a: &[Value],
        path: &str,
        enclosing: Option<usize>,
        depth: usize,
    ) -> Result<Value, PresentError> {
        let mut out = Vec::with_capacity(a.len());
        for element in a {
            let placeholder = match element {
                Value::Object(o) if o.len() == 1 => o.get("..."),
                _ => None,
            };
            let Some(placeholder) = placeholder else {
                let p = join(path, &out.len().to_string());
                self.place(&p, enclosing);
                out.push(self.value(element, &p, enclosing, depth + 1)?);
                continue;
            };
            let Some(digest) = placeholder.as_str() else {
                continue;
            };
            let Some(i) = self.take(digest) else { continue };
            let items = self.items;
            let item = &items[i];
            if item.name.is_some() {
                continue;
            }
            let p = join(path, &out.len().to_string());
            let n = self.disclosed(p.clone(), i, enclosing);
            out.push(self.value(&item.value, &p, Some(n), depth + 1)?);
        }
        Ok(Value::Array(out))
    }
}

/// The holder's whole claim set, and where each path sits.
struct Tree {
    claims: Value,
    nodes: Vec<Node>,
    places: HashMap<String, Place>,
}

fn tree(held: &Held<'_>) -> Result<Tree, PresentError> {
    let mut w = Walker::new(&held.items, None);
    let claims = w.object(&held.payload, "", None, 0)?;
    Ok(Tree {
        claims,
        nodes: w.nodes,
        places: w.places,
    })
}

impl Tree {
    /// The nodes the paths need (each with the nodes it sits in).
    fn select(&self, disclose: &[String]) -> Result<BTreeSet<usize>, PresentError> {
        let mut chosen = BTreeSet::new();
        for path in disclose {
            match self.places.get(path.as_str()) {
                Some(Place::Visible) => {}
                Some(Place::Inside(n)) => {
                    return Err(PresentError::OnlyWhole {
                        path: path.clone(),
                        whole: self.nodes[*n].path.clone(),
                    })
                }
                Some(Place::Disclosed(n)) => {
                    let mut at = Some(*n);
                    while let Some(n) = at {
                        if !chosen.insert(n) {
                            break;
                        }
                        at = self.nodes[n].parent;
                    }
                }
                None => return Err(PresentError::PathNotFound { path: path.clone() }),
            }
        }
        Ok(chosen)
    }

    /// The holder key the credential is bound to: `cnf.jwk` among the always-visible claims.
    fn holder_key(&self) -> Result<Option<(PublicKey, KeyAlg)>, PresentError> {
        match self.places.get("cnf") {
            None => return Ok(None),
            Some(Place::Visible) => {}
            Some(_) => {
                return Err(PresentError::Unsupported {
                    what: "a credential whose holder key (cnf) is selectively disclosable"
                        .to_owned(),
                })
            }
        }
        let cnf = &self.claims["cnf"];
        let Some(jwk) = cnf.get("jwk") else {
            return Err(PresentError::Unsupported {
                what: "a holder key that is not given as a JWK (cnf.jwk)".to_owned(),
            });
        };
        let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or("?");
        let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or("");
        let key = PublicKey::from_jwk(jwk).map_err(|e| match (kty, crv) {
            ("OKP", "Ed25519") | ("EC", "P-256") => {
                unreadable(format!("the holder key in the credential (cnf.jwk): {e}"))
            }
            _ => PresentError::Unsupported {
                what: format!("a holder key of type {kty} {crv}")
                    .trim_end()
                    .to_owned(),
            },
        })?;
        match KeyAlg::of(&key) {
            Some(alg) => Ok(Some((key, alg))),
            None => Err(PresentError::Unsupported {
                what: format!("a holder key of type {}", key.kind()),
            }),
        }
    }
}

/// Which holder key an SD-JWT credential is bound to (`cnf.jwk`: OKP Ed25519 or EC
/// P-256); `None` when it has no `cnf`.
pub fn holder_alg(sd_jwt: &str) -> Result<Option<KeyAlg>, PresentError> {
    let held = parse(sd_jwt)?;
    Ok(tree(&held)?.holder_key()?.map(|(_, alg)| alg))
}

/// The selection for `disclose`: the disclosures to include (in the holder's order) and
/// what the recipient will see.
fn choose(
    held: &Held<'_>,
    disclose: &[String],
) -> Result<(Tree, Vec<usize>, Disclosure), PresentError> {
    let full = tree(held)?;
    let chosen = full.select(disclose)?;
    let items: HashSet<usize> = chosen.iter().map(|n| full.nodes[*n].item).collect();
    let mut w = Walker::new(&held.items, Some(&items));
    let revealed = w.object(&held.payload, "", None, 0)?;
    let (mut paths, mut withheld) = (Vec::new(), Vec::new());
    for (n, node) in full.nodes.iter().enumerate() {
        if chosen.contains(&n) {
            paths.push(node.path.clone());
        } else {
            withheld.push(node.path.clone());
        }
    }
    paths.sort_by(|a, b| path_order(a, b));
    withheld.sort_by(|a, b| path_order(a, b));
    let mut order: Vec<usize> = items.into_iter().collect();
    order.sort_unstable();
    Ok((
        full,
        order,
        Disclosure {
            revealed,
            paths,
            withheld,
        },
    ))
}

/// Paths in reading order: by name, with array indexes as numbers (`a.2` before `a.10`).
fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |p: &str| -> Vec<(u8, u64, String)> {
        p.split('.')
            .map(|s| match s.parse::<u64>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, s.to_owned()),
            })
            .collect()
    };
    key(a).cmp(&key(b))
}

/// Every selectively disclosable path of an SD-JWT the holder has, in reading order (what
/// "disclose everything" means, e.g. for a learner who chooses all).
pub fn disclosable_paths(sd_jwt: &str) -> Result<Vec<String>, PresentError> {
    let held = parse(sd_jwt)?;
    let mut paths: Vec<String> = tree(&held)?.nodes.into_iter().map(|n| n.path).collect();
    paths.sort_by(|a, b| path_order(a, b));
    Ok(paths)
}

/// What the recipient will see for these paths, without signing anything (for the app's
/// preview and the share log).
pub fn preview_sd_jwt(sd_jwt: &str, disclose: &[String]) -> Result<Disclosure, PresentError> {
    let held = parse(sd_jwt)?;
    Ok(choose(&held, disclose)?.2)
}

/// An SD-JWT presentation revealing `disclose`, with a Key Binding JWT signed by `key`
/// (the key of the credential's `cnf.jwk`) for `req`.
pub fn sd_jwt(
    sd_jwt: &str,
    disclose: &[String],
    key: HolderKey<'_>,
    req: &Request,
) -> Result<Presentation, PresentError> {
    req.check()?;
    let held = parse(sd_jwt)?;
    let (full, order, disclosure) = choose(&held, disclose)?;
    let Some((bound, alg)) = full.holder_key()? else {
        return Err(PresentError::NotBound);
    };
    if bound != key.public() {
        return Err(PresentError::KeyMismatch {
            bound: alg,
            given: key.alg(),
        });
    }
    let mut text = String::with_capacity(held.jwt.len() + 1);
    text.push_str(held.jwt);
    text.push('~');
    for i in order {
        text.push_str(held.items[i].raw);
        text.push('~');
    }
    let kb = key_binding_jwt(&text, key, req)?;
    text.push_str(&kb);
    Ok(Presentation {
        text,
        format: PresentationFormat::SdJwt,
        disclosed: vec![disclosure],
    })
}

/// `base64url(SHA-256(presented))`: the `sd_hash` of an SD-JWT as presented (up to and
/// including its last `~`).
pub(crate) fn sd_hash(presented: &str) -> String {
    jose::b64url(&Sha256::digest(presented.as_bytes()))
}

/// The Key Binding JWT for `presented` (`<issuer-jwt>~<d1>~...~<dn>~`, exactly as it will
/// be shared): `{"alg", "typ": "kb+jwt"}` and `{"iat", "aud", "nonce", "sd_hash", "exp"}`
/// signed with `key`. [`sd_jwt`] uses it; it is public for verifiers' tests.
pub fn key_binding_jwt(
    presented: &str,
    key: HolderKey<'_>,
    req: &Request,
) -> Result<String, PresentError> {
    req.check()?;
    if !presented.ends_with('~') || presented.split('~').count() < 2 {
        return Err(unreadable(
            "an SD-JWT to bind must end with '~' (the Key Binding JWT comes after it)",
        ));
    }
    let header = json!({"alg": key.alg().jws_alg(), "typ": "kb+jwt"});
    let payload = json!({
        "iat": req.issued_at.timestamp(),
        "aud": req.audience,
        "nonce": req.nonce,
        "sd_hash": sd_hash(presented),
        "exp": req.expires_at.timestamp(),
    });
    let input = format!(
        "{}.{}",
        jose::b64url(header.to_string().as_bytes()),
        jose::b64url(payload.to_string().as_bytes())
    );
    let signature = key.sign(input.as_bytes());
    Ok(format!("{input}.{}", jose::b64url(&signature)))
}
