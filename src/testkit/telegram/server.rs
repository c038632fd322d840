//! The HTTP side: routing `/bot{token}/{method}`, reading parameters, recording, answering.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::Shared;
use super::api::{self, ApiErr, Params};
use super::records::{ApiCall, CallError, UploadedFile};

/// Telegram accepts uploads up to 50 MB; leave room for the multipart framing.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

pub(crate) async fn serve(shared: Arc<Shared>, listener: TcpListener, signal: oneshot::Receiver<()>) {
    let app = Router::new()
        .route("/{bot}/{method}", any(handle))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(shared);
    let stopped = async {
        let _ = signal.await;
    };
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(stopped).await {
        tracing::warn!(error = %e, "fake Telegram server stopped with an error");
    }
}

async fn not_found() -> Response {
    answer(Err(ApiErr { code: 404, description: "Not Found".to_owned(), parameters: None }))
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let params = match read_params(query, request).await {
        Ok(params) => params,
        Err(e) => return answer(Err(e)),
    };
    let token_ok = shared.read(|st| bot.strip_prefix("bot") == Some(st.config.token.as_str()));
    let result = if token_ok { api::call(&shared, &method, &params).await } else { Err(ApiErr::unauthorized()) };
    let recorded = match &result {
        Ok(Value::Array(updates)) if method.eq_ignore_ascii_case("getUpdates") => {
            Ok(updates.iter().map(|u| u["update_id"].clone()).collect::<Vec<_>>().into())
        }
        Ok(v) => Ok(v.clone()),
        Err(e) => Err(CallError { code: e.code, description: e.description.clone() }),
    };
    shared.write(|st| {
        let seq = st.next_call_seq;
        st.next_call_seq += 1;
        st.calls.push(ApiCall {
            seq,
            method,
            params: Value::Object(params.map),
            files: params.files,
            response: recorded,
        });
    });
    answer(result)
}

fn answer(result: Result<Value, ApiErr>) -> Response {
    match result {
        Ok(v) => (StatusCode::OK, axum::Json(json!({ "ok": true, "result": v }))).into_response(),
        Err(e) => {
            let mut body = json!({ "ok": false, "error_code": e.code, "description": e.description });
            if let Some(parameters) = e.parameters {
                body["parameters"] = parameters;
            }
            let status = StatusCode::from_u16(e.code).unwrap_or(StatusCode::BAD_REQUEST);
            (status, axum::Json(body)).into_response()
        }
    }
}

fn form_pairs(map: &mut Map<String, Value>, raw: &[u8]) {
    for (k, v) in url::form_urlencoded::parse(raw) {
        map.insert(k.into_owned(), Value::String(v.into_owned()));
    }
}

async fn read_params(query: Option<String>, request: Request) -> Result<Params, ApiErr> {
    let mut map = Map::new();
    let mut files = Vec::new();
    if let Some(query) = query {
        form_pairs(&mut map, query.as_bytes());
    }
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let unreadable = |e: String| ApiErr::bad_request(format!("can't read the request: {e}"));
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| unreadable(e.body_text()))?;
        while let Some(field) = multipart.next_field().await.map_err(|e| unreadable(e.body_text()))? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|e| unreadable(e.body_text()))?;
            if file_name.is_some() {
                files.push(UploadedFile { field: name, file_name, content_type, bytes: bytes.to_vec() });
            } else {
                map.insert(name, Value::String(String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        return Ok(Params { map, files });
    }
    let body = Bytes::from_request(request, &()).await.map_err(|e| unreadable(e.body_text()))?;
    if body.is_empty() {
        return Ok(Params { map, files });
    }
    if content_type.starts_with("application/json") {
        match serde_json::from_slice(&body) {
            Ok(Value::Object(obj)) => map.extend(obj),
            _ => return Err(ApiErr::bad_request("can't parse JSON object")),
        }
    } else {
        form_pairs(&mut map, &body);
    }
    Ok(Params { map, files })
}
