//! A loopback HTTPS server for tests of Tessera's online checks (did:web documents,
//! status lists, hosted Open Badges 2.0 assertions).
//!
//! It speaks real TLS (rustls with the ring provider) with a certificate signed by a
//! certificate authority made fresh for each server, so a client under test trusts it
//! only when it is handed the CA (in the product: the `TESSERA_CA_FILE` variable pointing
//! at [`TestServer::ca_file`]). The server is HTTPS only: there is no plain-HTTP mode.
//!
//! HTTP support is deliberately minimal: HTTP/1.1 (ALPN `http/1.1` only, so HTTP/2-capable
//! clients fall back), one request per connection (every answer carries
//! `Connection: close`), GET and HEAD, request bodies ignored.
//!
//! ```no_run
//! use tessera_testkit::https::TestServer;
//!
//! let server = TestServer::start();
//! server.serve("/.well-known/did.json", "application/did+json", r#"{"id":"did:web:x"}"#);
//! let did = format!("did:web:{}", server.did_web_host());
//! std::env::set_var("TESSERA_CA_FILE", server.ca_file());
//! # let _ = did;
//! ```

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a connection may sit idle (handshake, request, writes) before it is dropped.
const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head (request line and headers) accepted; larger ones get a 400.
const MAX_HEAD: usize = 64 * 1024;
/// Name of the CA file inside the server's temporary directory.
const CA_FILE_NAME: &str = "tessera-test-ca.pem";

/// One request as received by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target as sent: path plus query string, e.g. `/status/1?x=y`.
    pub target: String,
    /// The headers in the order received, names as sent (not lower-cased).
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target without its query string.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

#[derive(Clone)]
enum Route {
    Body {
        content_type: String,
        body: Arc<Vec<u8>>,
    },
    Status(u16),
    Redirect(String),
}

struct State {
    routes: Mutex<HashMap<String, Route>>,
    requests: Mutex<Vec<Request>>,
    connections: AtomicUsize,
    stopping: AtomicBool,
}

/// Locks a mutex, ignoring poisoning (a panicking test thread must not take the server down).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A loopback HTTPS server with its own test CA. See the module documentation.
///
/// Dropping it stops the accept loop and removes the CA file's temporary directory.
pub struct TestServer {
    port: u16,
    ca_pem: String,
    ca_file: PathBuf,
    state: Arc<State>,
    accept_thread: Option<JoinHandle<()>>,
    // Removed on drop; declared last so it outlives everything else.
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("origin", &self.origin())
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// Starts on 127.0.0.1 with an ephemeral port, in background thread(s). A fresh test CA
    /// ("Tessera Test CA") signs a server certificate for DNS name `localhost` and IP
    /// 127.0.0.1.
    ///
    /// Panics if the certificates, the listener or the CA file cannot be made (a test
    /// environment problem, not something a test should handle).
    pub fn start() -> TestServer {
        let (ca_pem, chain, key) = make_certificates();

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("test server certificate is usable");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let config = Arc::new(config);

        let dir = tempfile::Builder::new()
            .prefix("tessera-test-ca-")
            .tempdir()
            .expect("temporary directory for the test CA");
        let ca_file = dir.path().join(CA_FILE_NAME);
        std::fs::write(&ca_file, &ca_pem).expect("write the test CA file");

        let listener = TcpListener::bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0))
            .expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("listener address").port();

        let state = Arc::new(State {
            routes: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
        });

        let accept_state = Arc::clone(&state);
        let accept_thread = std::thread::Builder::new()
            .name(format!("tessera-https-accept-{port}"))
            .spawn(move || accept_loop(listener, config, accept_state))
            .expect("spawn the accept thread");

        TestServer {
            port,
            ca_pem,
            ca_file,
            state,
            accept_thread: Some(accept_thread),
            _dir: dir,
        }
    }

    /// `https://localhost:PORT`
    pub fn origin(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// The port the server listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The did:web host part for this server, `localhost%3APORT`, so that
    /// `did:web:localhost%3APORT` resolves to `https://localhost:PORT/.well-known/did.json`.
    pub fn did_web_host(&self) -> String {
        format!("localhost%3A{}", self.port)
    }

    /// The test CA certificate in PEM.
    pub fn ca_pem(&self) -> String {
        self.ca_pem.clone()
    }

    /// Path to a PEM file holding the test CA certificate (in a temporary directory owned
    /// by the server and removed when it is dropped).
    pub fn ca_file(&self) -> PathBuf {
        self.ca_file.clone()
    }

    /// Serves `body` at `path` (exact match on the path; the query string is ignored) with
    /// status 200 and the given content type. Replaces an earlier route for the same path.
    ///
    /// Panics if `path` does not start with `/` or contains a `?`.
    pub fn serve(&self, path: &str, content_type: &str, body: impl Into<Vec<u8>>) {
        self.set_route(
            path,
            Route::Body {
                content_type: content_type.to_owned(),
                body: Arc::new(body.into()),
            },
        );
    }

    /// Answers `path` with the given status code and an empty body (e.g. 404, 500).
    ///
    /// Panics if `code` is not in 200..=599.
    pub fn serve_status(&self, path: &str, code: u16) {
        assert!(
            (200..=599).contains(&code),
            "serve_status: {code} is not a final status code a test server should send"
        );
        self.set_route(path, Route::Status(code));
    }

    /// Answers `path` with 302 Found and a `Location: location` header.
    pub fn redirect(&self, path: &str, location: &str) {
        assert!(
            !location.contains(['\r', '\n']),
            "redirect: the location must not contain a line break"
        );
        self.set_route(path, Route::Redirect(location.to_owned()));
    }

    /// Removes a route: afterwards the path answers 404.
    pub fn remove(&self, path: &str) {
        lock(&self.state.routes).remove(path);
    }

    /// Every request received so far, in order, as `METHOD /path?query` strings.
    pub fn requests(&self) -> Vec<String> {
        lock(&self.state.requests)
            .iter()
            .map(|r| format!("{} {}", r.method, r.target))
            .collect()
    }

    /// Every request received so far, in order, with its headers.
    pub fn requests_detailed(&self) -> Vec<Request> {
        lock(&self.state.requests).clone()
    }

    /// Number of TCP connections accepted for TLS (failed handshakes included).
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    fn set_route(&self, path: &str, route: Route) {
        assert!(
            path.starts_with('/') && !path.contains(['?', '#']),
            "route path must start with '/' and have no query or fragment: {path:?}"
        );
        if let Route::Body { content_type, .. } = &route {
            assert!(
                !content_type.contains(['\r', '\n']),
                "content type must not contain a line break"
            );
        }
        lock(&self.state.routes).insert(path.to_owned(), route);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.state.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop with one connection. Join only if that worked, so a failed
        // wake-up cannot hang the drop.
        let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), self.port);
        let woke = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok();
        if let Some(handle) = self.accept_thread.take() {
            if woke {
                let _ = handle.join();
            }
        }
        // Connection threads finish on their own (their reads and writes time out).
        // `self._dir` (the CA file's directory) is removed when the field is dropped.
    }
}

/// Makes the CA and the server certificate. Returns the CA PEM, the server chain (leaf,
/// CA) and the leaf's private key.
fn make_certificates() -> (String, Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
    let now = time::OffsetDateTime::now_utc();
    let not_before = now - time::Duration::days(1);
    let not_after = now + time::Duration::days(365);

    let ca_key = KeyPair::generate().expect("generate the test CA key");
    let mut ca_params = CertificateParams::default();
    let mut ca_dn = DistinguishedName::new();
    ca_dn.push(DnType::CommonName, "Tessera Test CA");
    ca_dn.push(DnType::OrganizationName, "Tessera tests");
    ca_params.distinguished_name = ca_dn;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca_params.not_before = not_before;
    ca_params.not_after = not_after;
    let ca_cert = ca_params
        .self_signed(&ca_key)
        .expect("self-sign the test CA");

    let leaf_key = KeyPair::generate().expect("generate the server key");
    let mut leaf_params = CertificateParams::default();
    let mut leaf_dn = DistinguishedName::new();
    leaf_dn.push(DnType::CommonName, "localhost");
    leaf_params.distinguished_name = leaf_dn;
    leaf_params.subject_alt_names = vec![
        SanType::DnsName("localhost".try_into().expect("localhost is a DNS name")),
        SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)),
    ];
    leaf_params.is_ca = IsCa::ExplicitNoCa;
    leaf_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.not_before = not_before;
    leaf_params.not_after = not_after;
    let leaf_cert = leaf_params
        .signed_by(&leaf_key, &ca_cert, &ca_key)
        .expect("sign the server certificate");

    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let chain = vec![leaf_cert.der().clone(), ca_cert.der().clone()];
    (ca_cert.pem(), chain, key)
}

fn accept_loop(listener: TcpListener, config: Arc<ServerConfig>, state: Arc<State>) {
    loop {
        let accepted = listener.accept();
        if state.stopping.load(Ordering::SeqCst) {
            return;
        }
        let tcp = match accepted {
            Ok((tcp, _)) => tcp,
            Err(_) => {
                // E.g. out of file descriptors: back off instead of spinning.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        state.connections.fetch_add(1, Ordering::SeqCst);
        let config = Arc::clone(&config);
        let conn_state = Arc::clone(&state);
        // If the thread cannot be spawned the closure (and the socket) is dropped.
        let _ = std::thread::Builder::new()
            .name("tessera-https-conn".to_owned())
            .spawn(move || {
                let _ = handle_connection(tcp, config, &conn_state);
            });
    }
}

fn handle_connection(tcp: TcpStream, config: Arc<ServerConfig>, state: &State) -> io::Result<()> {
    tcp.set_read_timeout(Some(IO_TIMEOUT))?;
    tcp.set_write_timeout(Some(IO_TIMEOUT))?;
    tcp.set_nodelay(true)?;
    let conn = ServerConnection::new(config).map_err(io::Error::other)?;
    let mut tls = StreamOwned::new(conn, tcp);

    // Handshake first: a client that does not trust the CA ends here (rustls sends or
    // receives the alert) and the thread simply returns.
    while tls.conn.is_handshaking() {
        tls.conn.complete_io(&mut tls.sock)?;
    }

    let response = match read_head(&mut tls)? {
        None => return Ok(()), // closed before sending anything
        Some(Err(())) => Response::empty(400),
        Some(Ok(head)) => match parse_head(&head) {
            None => Response::empty(400),
            Some(request) => {
                let response = respond(state, &request);
                // Record before answering, so a client that has its answer sees its
                // request in `requests()`.
                lock(&state.requests).push(request);
                response
            }
        },
    };

    response.write_to(&mut tls)?;
    tls.flush()?;
    tls.conn.send_close_notify();
    tls.flush()?;
    // Half-close, then drain briefly, so the client reads the whole answer before the
    // socket closes (closing with unread input would reset the connection).
    let _ = tls.sock.shutdown(Shutdown::Write);
    let _ = tls.sock.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 4096];
    let mut drained = 0usize;
    while let Ok(n) = tls.sock.read(&mut sink) {
        drained += n;
        if n == 0 || drained > MAX_HEAD {
            break;
        }
    }
    Ok(())
}

/// Reads the request head up to and including CRLFCRLF. `Ok(None)`: the client closed
/// without sending anything; `Ok(Some(Err(())))`: malformed (too large, or cut short).
#[allow(clippy::type_complexity)]
fn read_head(stream: &mut impl Read) -> io::Result<Option<Result<Vec<u8>, ()>>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // A TLS close without close_notify is reported as UnexpectedEof.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => 0,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(if buf.is_empty() { None } else { Some(Err(())) });
        }
        let scan_from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&buf[scan_from..], b"\r\n\r\n") {
            buf.truncate(scan_from + end + 4);
            return Ok(Some(Ok(buf)));
        }
        if buf.len() > MAX_HEAD {
            return Ok(Some(Err(())));
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses a request head; `None` when malformed.
fn parse_head(head: &[u8]) -> Option<Request> {
    let text = std::str::from_utf8(head).ok()?;
    let text = text.strip_suffix("\r\n\r\n")?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next()?;
    let mut parts = request_line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || method.is_empty()
        || !method.bytes().all(is_token_byte)
        || !target.starts_with('/')
        || target.bytes().any(|b| b.is_ascii_control() || b == b' ')
        || !matches!(version, "HTTP/1.0" | "HTTP/1.1")
    {
        return None;
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return None; // also rejects obsolete line folding (leading whitespace)
        }
        let value = value.trim_matches([' ', '\t']);
        if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
            return None;
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    Some(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

struct Response {
    code: u16,
    content_type: String,
    extra_headers: Vec<(&'static str, String)>,
    body: Arc<Vec<u8>>,
    head_only: bool,
}

impl Response {
    fn empty(code: u16) -> Response {
        Response {
            code,
            content_type: "text/plain; charset=utf-8".to_owned(),
            extra_headers: Vec::new(),
            body: Arc::new(Vec::new()),
            head_only: false,
        }
    }

    fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
            self.code,
            reason(self.code),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.extra_headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !self.head_only {
            out.write_all(&self.body)?;
        }
        Ok(())
    }
}

fn respond(state: &State, request: &Request) -> Response {
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut r = Response::empty(405);
            r.extra_headers.push(("Allow", "GET, HEAD".to_owned()));
            return r;
        }
    };
    let route = lock(&state.routes).get(request.path()).cloned();
    let mut response = match route {
        None => Response::empty(404),
        Some(Route::Status(code)) => Response::empty(code),
        Some(Route::Redirect(location)) => {
            let mut r = Response::empty(302);
            r.extra_headers.push(("Location", location));
            r
        }
        Some(Route::Body { content_type, body }) => Response {
            code: 200,
            content_type,
            extra_headers: Vec::new(),
            body,
            head_only: false,
        },
    };
    response.head_only = head_only;
    response
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_request_head() {
        let r = parse_head(b"GET /a?b=c HTTP/1.1\r\nHost: localhost\r\nX-Y:  z \r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a?b=c");
        assert_eq!(r.path(), "/a");
        assert_eq!(r.header("host"), Some("localhost"));
        assert_eq!(r.header("x-y"), Some("z"));
    }

    #[test]
    fn rejects_malformed_heads() {
        for head in [
            &b"GET /a HTTP/1.1\r\nno colon\r\n\r\n"[..],
            b"GET /a\r\n\r\n",
            b"GET a HTTP/1.1\r\n\r\n",
            b"GET /a HTTP/2\r\n\r\n",
            b"GET /a HTTP/1.1 extra\r\n\r\n",
            b"G(T /a HTTP/1.1\r\n\r\n",
            b"GET /a HTTP/1.1\r\n folded: x\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
            b"\r\n\r\n",
        ] {
            assert!(
                parse_head(head).is_none(),
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn reads_a_head_split_across_reads() {
        struct Chunks(Vec<&'static [u8]>);
        impl Read for Chunks {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Ok(0);
                }
                let c = self.0.remove(0);
                buf[..c.len()].copy_from_slice(c);
                Ok(c.len())
            }
        }
        let mut r = Chunks(vec![b"GET / HTTP/1.1\r", b"\n\r", b"\nbody"]);
        let head = read_head(&mut r).unwrap().unwrap().unwrap();
        assert_eq!(head, b"GET / HTTP/1.1\r\n\r\n");
        assert_eq!(read_head(&mut Chunks(vec![])).unwrap(), None);
        assert_eq!(
            read_head(&mut Chunks(vec![b"GET /"])).unwrap(),
            Some(Err(()))
        );
    }
}
