//! Reading serenity's errors: the HTTP status and Discord's JSON error code, and what they mean
//! for snowball (a missing permission is a manager's to fix; anything else is retried or logged).

use serenity::all::{Error, HttpError};

use crate::commands::PlatformError;

/// The HTTP status and Discord error code of a failed REST call, if it got an answer.
pub fn status(e: &Error) -> Option<(u16, isize)> {
    match e {
        Error::Http(HttpError::UnsuccessfulRequest(r)) => Some((r.status_code.as_u16(), r.error.code)),
        _ => None,
    }
}

/// Discord refused for lack of a permission or access (403, codes 50001/50013).
pub fn is_forbidden(e: &Error) -> bool {
    matches!(status(e), Some((403, _)) | Some((_, 50001 | 50013)))
}

/// A REST failure as a [`PlatformError`]; `permission` names what the bot lacks if refused.
pub fn platform_error(e: Error, permission: &str) -> PlatformError {
    match status(&e) {
        _ if is_forbidden(&e) => PlatformError::MissingPermission(permission.to_string()),
        Some((status, code)) if status < 500 && status != 429 => {
            PlatformError::Refused(format!("HTTP {status}, Discord code {code}"))
        }
        _ => PlatformError::Unreachable(Box::new(e)),
    }
}
