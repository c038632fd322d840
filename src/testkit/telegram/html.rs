//! Telegram's `parse_mode=HTML`: the supported tags, the four named entities plus numeric ones,
//! and the errors Telegram answers for malformed markup (an unescaped `<`, an unknown tag, a
//! missing or crossed end tag). A stray `&` that starts no entity stays a literal `&`, as in
//! Telegram. Output: the plain text and its entities with UTF-16 offsets.

use serde_json::{Value, json};

use super::entities::entity;

#[derive(Debug)]
pub(crate) struct Parsed {
    pub text: String,
    pub entities: Vec<Value>,
}

struct Open {
    tag: String,
    start: usize,
    /// Opening order, to list nested entities of the same span outer first.
    seq: usize,
    /// The entity to emit on close (`None`: a tag that makes none, e.g. `<a>` without `href`).
    entity: Option<Value>,
}

/// Parse Telegram HTML. `user` renders a `User` for `tg://user?id=` links (text mentions).
pub(crate) fn parse(input: &str, user: impl Fn(i64) -> Option<Value>) -> Result<Parsed, String> {
    let mut text = String::with_capacity(input.len());
    let mut pos16 = 0usize;
    let mut stack: Vec<Open> = Vec::new();
    let mut entities: Vec<(usize, Value)> = Vec::new();
    let mut opened = 0usize;
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < input.len() {
        let c = input[i..].chars().next().unwrap_or('\0');
        if c == '<' {
            let close = input[i..].find('>').map(|p| i + p);
            if bytes.get(i + 1) == Some(&b'/') {
                let Some(close) = close else { return Err(format!("Unclosed end tag at byte offset {i}")) };
                let name = input[i + 2..close].trim().to_ascii_lowercase();
                let Some(open) = stack.pop() else { return Err(format!("Unexpected end tag at byte offset {i}")) };
                if open.tag != name {
                    return Err(format!(
                        "Unmatched end tag at byte offset {i}, expected \"</{}>\", found \"</{name}>\"",
                        open.tag
                    ));
                }
                if let Some(mut e) = open.entity {
                    let in_pre = stack.last().is_some_and(|p| p.tag == "pre" && p.start == open.start);
                    if name == "code" && in_pre {
                        // <pre><code class="language-x"> gives the pre its language; no code entity.
                        if let (Some(lang), Some(pre)) = (e.get("language").cloned(), stack.last_mut())
                            && let Some(pre_entity) = pre.entity.as_mut()
                        {
                            pre_entity["language"] = lang;
                        }
                    } else if pos16 > open.start {
                        e["offset"] = json!(open.start);
                        e["length"] = json!(pos16 - open.start);
                        entities.push((open.seq, e));
                    }
                }
                i = close + 1;
                continue;
            }
            let Some(close) = close else { return Err(format!("Unclosed start tag at byte offset {i}")) };
            let (name, attrs) = split_tag(&input[i + 1..close]);
            let entity = open_entity(&name, &attrs, &stack, &user).map_err(|e| format!("{e} at byte offset {i}"))?;
            stack.push(Open { tag: name, start: pos16, seq: opened, entity });
            opened += 1;
            i = close + 1;
            continue;
        }
        if c == '&'
            && let Some((decoded, used)) = decode_entity(&input[i..])
        {
            text.push(decoded);
            pos16 += decoded.len_utf16();
            i += used;
            continue;
        }
        text.push(c);
        pos16 += c.len_utf16();
        i += c.len_utf8();
    }
    if let Some(open) = stack.pop() {
        return Err(format!("Can't find end tag corresponding to start tag \"{}\"", open.tag));
    }
    entities.sort_by_key(|(seq, e)| {
        (e["offset"].as_u64().unwrap_or(0), std::cmp::Reverse(e["length"].as_u64().unwrap_or(0)), *seq)
    });
    Ok(Parsed { text, entities: entities.into_iter().map(|(_, e)| e).collect() })
}

fn open_entity(
    name: &str,
    attrs: &[(String, String)],
    stack: &[Open],
    user: &impl Fn(i64) -> Option<Value>,
) -> Result<Option<Value>, String> {
    let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let simple = |kind: &str| Ok(Some(entity(kind, 0, 0)));
    match name {
        "b" | "strong" => simple("bold"),
        "i" | "em" => simple("italic"),
        "u" | "ins" => simple("underline"),
        "s" | "strike" | "del" => simple("strikethrough"),
        "tg-spoiler" => simple("spoiler"),
        "span" if attr("class") == Some("tg-spoiler") => simple("spoiler"),
        "span" => Err("Tag \"span\" must have class \"tg-spoiler\"".to_owned()),
        "code" => {
            let mut e = entity("code", 0, 0);
            if stack.last().is_some_and(|p| p.tag == "pre")
                && let Some(lang) = attr("class").and_then(|c| c.strip_prefix("language-"))
            {
                e["language"] = json!(lang);
            }
            Ok(Some(e))
        }
        "pre" => simple("pre"),
        "blockquote" => simple(if attr("expandable").is_some() { "expandable_blockquote" } else { "blockquote" }),
        "tg-emoji" => match attr("emoji-id") {
            Some(id) => {
                let mut e = entity("custom_emoji", 0, 0);
                e["custom_emoji_id"] = json!(id);
                Ok(Some(e))
            }
            None => Err("Tag \"tg-emoji\" must have attribute \"emoji-id\"".to_owned()),
        },
        "a" => {
            let Some(href) = attr("href") else { return Ok(None) };
            if let Some(id) = href.strip_prefix("tg://user?id=").and_then(|id| id.parse::<i64>().ok()) {
                return Ok(user(id).map(|u| {
                    let mut e = entity("text_mention", 0, 0);
                    e["user"] = u;
                    e
                }));
            }
            if url::Url::parse(href).is_err() {
                return Err(format!("Wrong HTTP URL \"{href}\""));
            }
            let mut e = entity("text_link", 0, 0);
            e["url"] = json!(href);
            Ok(Some(e))
        }
        other => Err(format!("Unsupported start tag \"{other}\"")),
    }
}

/// `name attr="v" attr2='v' attr3=v flag` → lowercase name and attributes.
fn split_tag(inner: &str) -> (String, Vec<(String, String)>) {
    let inner = inner.trim().trim_end_matches('/');
    let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode_all(v);
            rest = remaining.trim_start();
        }
        if !key.is_empty() {
            attrs.push((key, value));
        }
    }
    (name, attrs)
}

fn decode_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if let Some((c, used)) = s[i..].starts_with('&').then(|| decode_entity(&s[i..])).flatten() {
            out.push(c);
            i += used;
        } else {
            let c = s[i..].chars().next().unwrap_or('\0');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `&lt;` `&gt;` `&amp;` `&quot;` `&#NN;` `&#xHH;` at the start of `s` → (char, bytes used).
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.find(';')?;
    if end > 12 {
        return None;
    }
    let body = &s[1..end];
    let c = match body {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let num = body.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> (String, Vec<Value>) {
        let p = parse(input, |_| None).unwrap_or_else(|e| panic!("{input}: {e}"));
        (p.text, p.entities)
    }

    #[test]
    fn plain_text_and_entities() {
        let (text, entities) = ok("<b>Weekly</b> digest: &lt;3 &amp; <i>more</i> 🎉 <a href=\"https://x.io\">link</a>");
        assert_eq!(text, "Weekly digest: <3 & more 🎉 link");
        assert_eq!(entities[0], json!({"type":"bold","offset":0,"length":6}));
        assert_eq!(entities[1], json!({"type":"italic","offset":20,"length":4}));
        // the emoji is two UTF-16 units
        assert_eq!(entities[2], json!({"type":"text_link","offset":28,"length":4,"url":"https://x.io"}));
    }

    #[test]
    fn pre_with_language_and_nested_tags() {
        let (text, entities) = ok("<pre><code class=\"language-rust\">fn x()</code></pre><b><i>bi</i></b>");
        assert_eq!(text, "fn x()bi");
        assert_eq!(entities[0], json!({"type":"pre","offset":0,"length":6,"language":"rust"}));
        assert_eq!(entities[1], json!({"type":"bold","offset":6,"length":2}));
        assert_eq!(entities[2], json!({"type":"italic","offset":6,"length":2}));
    }

    #[test]
    fn stray_ampersand_is_literal_but_stray_angle_bracket_is_an_error() {
        assert_eq!(ok("Q&A &nbsp; 1 > 0").0, "Q&A &nbsp; 1 > 0");
        assert!(parse("1 < 2", |_| None).unwrap_err().starts_with("Unclosed start tag"));
        assert!(parse("a <br> b", |_| None).unwrap_err().starts_with("Unsupported start tag \"br\""));
        assert!(parse("<b>x</i>", |_| None).unwrap_err().starts_with("Unmatched end tag"));
        assert!(parse("<b>x", |_| None).unwrap_err().starts_with("Can't find end tag"));
        assert!(parse("x</b>", |_| None).unwrap_err().starts_with("Unexpected end tag"));
    }
}
