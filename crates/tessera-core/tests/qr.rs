//! Importing a credential from an image holding a QR code (decoded in Rust).

use chrono::{DateTime, Utc};
use tessera_core::{examine, CoreError, Env, Verdict};
use tessera_testkit::TestIssuer;

fn now() -> Env<'static> {
    Env::at(
        DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
    )
}

/// A PNG of `text` as a QR code: `scale` pixels a module, a 4-module quiet zone, and
/// `rgba` to write colour with an alpha channel (as screenshots are).
fn qr_png(text: &str, scale: usize, rgba: bool) -> Vec<u8> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::L)
        .expect("fits one code");
    let n = code.width();
    let colors = code.to_colors();
    let size = (n + 8) * scale;
    let channels = if rgba { 4 } else { 1 };
    let mut pixels = vec![255u8; size * size * channels];
    for y in 0..n {
        for x in 0..n {
            if colors[y * n + x] == qrcode::Color::Dark {
                for dy in 0..scale {
                    for dx in 0..scale {
                        let px = ((y + 4) * scale + dy) * size + (x + 4) * scale + dx;
                        for c in 0..channels.min(3) {
                            pixels[px * channels + c] = 0;
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, size as u32, size as u32);
        enc.set_color(if rgba {
            png::ColorType::Rgba
        } else {
            png::ColorType::Grayscale
        });
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&pixels).unwrap();
    }
    out
}

#[test]
fn a_qr_code_image_imports_the_credential_it_holds() {
    let issuer = TestIssuer::from_seed(71);
    let credential = serde_json::to_string(&issuer.issue_fixture("ob3-minimal.json")).unwrap();
    for (scale, rgba) in [(3, false), (5, true)] {
        let png = qr_png(&credential, scale, rgba);
        let x = examine(&png, &now()).unwrap();
        assert_eq!(x.verdict, Verdict::Valid, "{:?}", x.checks);
        assert_eq!(x.facts.title, "Team Facilitation");
    }
    // A tampered credential in a QR code is refused like any other.
    let tampered = credential.replacen("Team Facilitation", "Team Facilitatiom", 1);
    let x = examine(&qr_png(&tampered, 3, false), &now()).unwrap();
    assert_eq!(x.verdict, Verdict::Invalid);
}

#[test]
fn images_without_a_code_and_broken_images_are_clear_errors() {
    let blank = qr_png("x", 1, false);
    // Erase the code: an all-white picture of the same size.
    let mut white = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut white, 40, 40);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[255u8; 1600]).unwrap();
    }
    let e = examine(&white, &now()).unwrap_err();
    assert!(
        e.to_string()
            .contains("neither a baked badge nor a QR code"),
        "{e}"
    );
    for cut in [8, 20, 40, blank.len() / 2, blank.len() - 5] {
        let e = examine(&blank[..cut], &now()).unwrap_err();
        assert!(matches!(e, CoreError::Unrecognised { .. }), "{cut}: {e:?}");
    }
}
