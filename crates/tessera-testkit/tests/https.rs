//! The loopback HTTPS test server, exercised by a real rustls client (ring provider) whose
//! only trust anchor is the test CA read from the server's CA file.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;
use tessera_testkit::https::TestServer;

fn client_config(roots: RootCertStore, alpn: &[&[u8]]) -> Arc<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Arc::new(config)
}

/// A client that trusts exactly the certificates in the server's CA file.
fn trusting_client(server: &TestServer) -> Arc<ClientConfig> {
    let pem = std::fs::read(server.ca_file()).expect("CA file exists");
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        roots.add(cert.expect("CA file is PEM")).unwrap();
    }
    assert_eq!(roots.len(), 1, "the CA file holds one certificate");
    client_config(roots, &[b"h2", b"http/1.1"])
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    alpn: Option<Vec<u8>>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `raw` (a whole request head) over TLS to the server, with SNI / name check
/// `server_name`, and reads the answer until the server closes.
fn exchange(
    server: &TestServer,
    config: Arc<ClientConfig>,
    server_name: &str,
    raw: &str,
) -> io::Result<Response> {
    let tcp = TcpStream::connect(("127.0.0.1", server.port()))?;
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    let name = ServerName::try_from(server_name.to_owned()).unwrap();
    let conn = ClientConnection::new(config, name).map_err(io::Error::other)?;
    let mut tls = StreamOwned::new(conn, tcp);
    tls.write_all(raw.as_bytes())?;
    tls.flush()?;
    let mut bytes = Vec::new();
    tls.read_to_end(&mut bytes)?;
    let alpn = tls.conn.alpn_protocol().map(|p| p.to_vec());

    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has a head");
    let head = std::str::from_utf8(&bytes[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(parts.next(), Some("HTTP/1.1"));
    let status = parts.next().unwrap().parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_owned(), v.trim().to_owned())
        })
        .collect();
    Ok(Response {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
        alpn,
    })
}

fn get(server: &TestServer, config: &Arc<ClientConfig>, target: &str) -> Response {
    let raw = format!(
        "GET {target} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: keep-alive\r\nAccept: */*\r\n\r\n",
        server.port()
    );
    exchange(server, Arc::clone(config), "localhost", &raw).expect("request succeeds")
}

#[test]
fn serves_routes_to_a_client_that_trusts_only_the_test_ca() {
    let server = TestServer::start();
    let port = server.port();
    assert_eq!(server.origin(), format!("https://localhost:{port}"));
    assert_eq!(server.did_web_host(), format!("localhost%3A{port}"));
    assert_eq!(
        std::fs::read_to_string(server.ca_file()).unwrap(),
        server.ca_pem()
    );
    assert!(server.ca_pem().starts_with("-----BEGIN CERTIFICATE-----"));
    let client = trusting_client(&server);

    // A served path: body, content type, query string ignored; ALPN settles on HTTP/1.1
    // although the client offers h2 first; keep-alive is answered with close.
    let list = br#"{"type":"BitstringStatusListCredential"}"#;
    server.serve("/status/1", "application/vc+ld+json", &list[..]);
    let r = get(&server, &client, "/status/1?cachebust=1");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, list);
    assert_eq!(r.header("content-type"), Some("application/vc+ld+json"));
    assert_eq!(r.header("content-length"), Some(&*list.len().to_string()));
    assert_eq!(r.header("connection"), Some("close"));
    assert_eq!(r.alpn.as_deref(), Some(&b"http/1.1"[..]));

    // Replacing a route.
    server.serve("/status/1", "text/plain", "v2");
    assert_eq!(get(&server, &client, "/status/1").body, b"v2");

    // HEAD: headers only.
    let raw = "HEAD /status/1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let r = exchange(&server, Arc::clone(&client), "localhost", raw).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("2"));
    assert!(r.body.is_empty());

    // Removed and unknown paths: 404.
    server.remove("/status/1");
    let r = get(&server, &client, "/status/1");
    assert_eq!(r.status, 404);
    assert!(r.body.is_empty());
    assert_eq!(get(&server, &client, "/nothing-here").status, 404);

    // Status-only route.
    server.serve_status("/broken", 500);
    assert_eq!(get(&server, &client, "/broken").status, 500);

    // Redirect.
    let target = format!("{}/moved", server.origin());
    server.redirect("/old", &target);
    let r = get(&server, &client, "/old");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some(target.as_str()));

    // The certificate also covers the IP address.
    server.serve("/.well-known/did.json", "application/did+json", "{}");
    let raw = "GET /.well-known/did.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let r = exchange(&server, Arc::clone(&client), "127.0.0.1", raw).unwrap();
    assert_eq!((r.status, r.body.as_slice()), (200, &b"{}"[..]));

    // Malformed request: 400, not recorded, server still fine.
    let r = exchange(
        &server,
        Arc::clone(&client),
        "localhost",
        "NONSENSE\r\n\r\n",
    )
    .unwrap();
    assert_eq!(r.status, 400);

    assert_eq!(
        server.requests(),
        vec![
            "GET /status/1?cachebust=1",
            "GET /status/1",
            "HEAD /status/1",
            "GET /status/1",
            "GET /nothing-here",
            "GET /broken",
            "GET /old",
            "GET /.well-known/did.json",
        ]
    );
    let detailed = server.requests_detailed();
    assert_eq!(detailed[0].method, "GET");
    assert_eq!(detailed[0].target, "/status/1?cachebust=1");
    assert_eq!(
        detailed[0].header("host"),
        Some(&*format!("localhost:{port}"))
    );
    assert_eq!(detailed[0].header("Connection"), Some("keep-alive"));
    assert_eq!(server.connections(), 9);

    let ca_dir = server.ca_file().parent().unwrap().to_owned();
    drop(server);
    assert!(
        !ca_dir.exists(),
        "the CA file's directory is removed on drop"
    );
}

#[test]
fn a_client_without_the_ca_fails_the_handshake_and_the_server_keeps_serving() {
    let server = TestServer::start();
    server.serve("/ok", "text/plain", "still here");

    let untrusting = client_config(RootCertStore::empty(), &[b"http/1.1"]);
    let raw = "GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let err = exchange(&server, untrusting, "localhost", raw)
        .err()
        .expect("handshake must fail without the test CA");
    let tls_err = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>())
        .unwrap_or_else(|| panic!("not a TLS error: {err:?}"));
    assert!(
        matches!(
            tls_err,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
        ),
        "{tls_err:?}"
    );

    // A client that trusts some other CA fails the same way.
    let other = TestServer::start();
    let foreign = trusting_client(&other);
    assert!(exchange(&server, foreign, "localhost", raw).is_err());

    // The server is still up and answers a trusting client; the failed attempts were
    // counted as connections but recorded no request.
    let r = get(&server, &trusting_client(&server), "/ok");
    assert_eq!((r.status, r.body.as_slice()), (200, &b"still here"[..]));
    assert_eq!(server.requests(), vec!["GET /ok"]);
    assert_eq!(server.connections(), 3);
}

#[test]
fn routes_can_change_from_other_threads() {
    let server = Arc::new(TestServer::start());
    let client = trusting_client(&server);
    let writers: Vec<_> = (0..4)
        .map(|i| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                server.serve(&format!("/t/{i}"), "text/plain", i.to_string())
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let readers: Vec<_> = (0..4)
        .map(|i| {
            let server = Arc::clone(&server);
            let client = Arc::clone(&client);
            std::thread::spawn(move || get(&server, &client, &format!("/t/{i}")).body)
        })
        .collect();
    for (i, r) in readers.into_iter().enumerate() {
        assert_eq!(r.join().unwrap(), i.to_string().into_bytes());
    }
    assert_eq!(server.requests().len(), 4);
}
