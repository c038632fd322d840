//! Request bodies: JSON, or multipart with a `payload_json` part and `files[n]` parts (how
//! serenity sends attachments).

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart};
use axum::http::{HeaderMap, Request, header};
use serde_json::Value;

/// A file part of a multipart body, before the fake gives it an id.
#[derive(Clone, Debug)]
pub(crate) struct FilePart {
    /// `n` of `files[n]`.
    pub index: Option<u64>,
    pub filename: String,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ParsedBody {
    pub json: Option<Value>,
    pub files: Vec<FilePart>,
    pub multipart: bool,
}

pub(crate) fn is_multipart(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("multipart/"))
}

/// Parses a body as JSON or multipart form data. A body that is neither yields no JSON.
pub(crate) async fn parse(headers: &HeaderMap, bytes: &Bytes) -> ParsedBody {
    if !is_multipart(headers) {
        return ParsedBody { json: serde_json::from_slice(bytes).ok(), ..ParsedBody::default() };
    }
    let mut request = Request::new(Body::from(bytes.clone()));
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        request.headers_mut().insert(header::CONTENT_TYPE, ct.clone());
    }
    let mut parsed = ParsedBody { multipart: true, ..ParsedBody::default() };
    let Ok(mut form) = Multipart::from_request(request, &()).await else { return parsed };
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let Ok(data) = field.bytes().await else { break };
        if name == "payload_json" {
            parsed.json = serde_json::from_slice(&data).ok();
        } else if let Some(filename) = filename {
            let index =
                name.strip_prefix("files[").and_then(|rest| rest.strip_suffix(']')).and_then(|n| n.parse().ok());
            parsed.files.push(FilePart { index, filename, content_type, data: data.to_vec() });
        }
    }
    parsed
}
