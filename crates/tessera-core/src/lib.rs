//! Tessera's headless core: parse, normalise and verify learner credentials.
//!
//! No Tauri, no SQLite, no file or network I/O: callers hand in bytes and a clock
//! ([`verify::Env`]) and get back an [`model::Examined`] record, or a
//! [`verify::CoreError`] when the input could not be examined at all.

pub mod contexts;
pub mod di;
pub mod did;
pub mod edc;
pub mod jose;
pub mod jsonld;
pub mod model;
pub mod net;
pub mod normalize;
pub mod ob2;
pub mod pathway;
pub mod present;
pub mod qr;
pub mod registry;
pub mod sdjwt;
pub mod share_qr;
pub mod share_sheet;
pub mod status;
pub mod vcjwt;
pub mod verify;

pub use model::{Check, CheckResult, Critical, Examined, Facts, Format, Status, Verdict};
pub use verify::{examine, CoreError, Env};
