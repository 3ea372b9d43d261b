//! VCs secured as JWTs (VC-JWT, the Open Badges 3.0 JWT proof format).

use crate::model::Examined;
use crate::verify::{CoreError, Env};

/// Examines a compact JWT credential.
pub fn examine(_jwt: &str, _env: &Env) -> Result<Examined, CoreError> {
    Err(CoreError::Unsupported {
        what: "a JWT credential".to_owned(),
    })
}
