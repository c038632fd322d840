//! The teloxide `Bot`: token, API URL, HTTP client, and keeping the token out of logs.

use std::net::IpAddr;

use anyhow::Context;
use teloxide::Bot;

/// A bot for `api_url` (Telegram's, a local Bot API server, or a test's fake). Loopback URLs
/// bypass any configured HTTP proxy.
pub fn build(token: &str, api_url: &str) -> anyhow::Result<Bot> {
    let url = url::Url::parse(api_url)
        .with_context(|| format!("telegram.api_url `{api_url}` is not a URL like https://api.telegram.org"))?;
    let loopback = url.host_str().is_some_and(|h| {
        h == "localhost" || h.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    });
    let mut client = teloxide::net::default_reqwest_settings();
    if loopback {
        client = client.no_proxy();
    }
    let client = client.build().context("building the HTTP client for Telegram")?;
    Ok(Bot::with_client(token, client).set_api_url(url))
}

/// `text` with every bot token (`<digits>:<secret>` after `bot`, as in Bot API URLs) replaced,
/// for errors that quote a request URL.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("bot") {
        let (before, after) = rest.split_at(pos + 3);
        out.push_str(before);
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let tail = &after[digits..];
        if digits > 0 && tail.starts_with(':') {
            let secret = tail[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').count();
            out.push_str("<token>");
            rest = &tail[1 + secret..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// An error's message and causes, tokens redacted.
pub fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    redact(&chain)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_never_reach_the_log() {
        let text =
            "error sending request for url (http://127.0.0.1:5/bot1234567890:AAFake-Token_x/GetUpdates): refused";
        assert_eq!(
            super::redact(text),
            "error sending request for url (http://127.0.0.1:5/bot<token>/GetUpdates): refused"
        );
        assert_eq!(super::redact("a robot said bot: hi"), "a robot said bot: hi");
    }
}
