//! Message entities: UTF-16 offsets and the entities Telegram's server adds by itself to users'
//! messages (bot commands, @mentions, hashtags, URLs).

use serde_json::{Value, json};

/// Length in UTF-16 code units, the unit of entity offsets.
pub(crate) fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `(offset, length)` in UTF-16 units of the first occurrence of `needle` in `text`.
pub(crate) fn utf16_span(text: &str, needle: &str) -> Option<(usize, usize)> {
    let byte = text.find(needle)?;
    Some((utf16_len(&text[..byte]), utf16_len(needle)))
}

pub(crate) fn entity(kind: &str, offset: usize, length: usize) -> Value {
    json!({ "type": kind, "offset": offset, "length": length })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The entities Telegram detects in plain text: `bot_command` (`/cmd` or `/cmd@bot` after a
/// space or at the start), `mention` (`@name`, 5-32 word characters), `hashtag` and `url`
/// (`http://`/`https://` up to the next space).
pub(crate) fn auto_entities(text: &str) -> Vec<Value> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        let prev = if i == 0 { None } else { Some(chars[i - 1].1) };
        let after_boundary = prev.is_none_or(|p| !is_word(p) && p != '/' && p != '@' && p != '#');
        let word_end = |from: usize| {
            let mut j = from;
            while j < chars.len() && (chars[j].1.is_ascii_alphanumeric() || chars[j].1 == '_') {
                j += 1;
            }
            j
        };
        let mut matched: Option<(&str, usize)> = None;
        match c {
            '/' if prev.is_none_or(char::is_whitespace) => {
                let mut end = word_end(i + 1);
                if end > i + 1 {
                    if end < chars.len() && chars[end].1 == '@' {
                        let bot_end = word_end(end + 1);
                        if bot_end > end + 1 {
                            end = bot_end;
                        }
                    }
                    matched = Some(("bot_command", end));
                }
            }
            '@' if after_boundary => {
                let end = word_end(i + 1);
                if (5..=32).contains(&(end - i - 1)) {
                    matched = Some(("mention", end));
                }
            }
            '#' if after_boundary => {
                let mut end = i + 1;
                while end < chars.len() && is_word(chars[end].1) {
                    end += 1;
                }
                if end > i + 1 && !chars[i + 1..end].iter().all(|(_, c)| c.is_ascii_digit()) {
                    matched = Some(("hashtag", end));
                }
            }
            'h' if after_boundary && (text[byte..].starts_with("http://") || text[byte..].starts_with("https://")) => {
                let mut end = i;
                while end < chars.len() && !chars[end].1.is_whitespace() {
                    end += 1;
                }
                matched = Some(("url", end));
            }
            _ => {}
        }
        if let Some((kind, end)) = matched {
            let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
            found.push(entity(kind, utf16_len(&text[..byte]), utf16_len(&text[byte..end_byte])));
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Sort entities as Telegram lists them: by offset, the longer (outer) one first.
pub(crate) fn sort(entities: &mut [Value]) {
    entities.sort_by_key(|e| (e["offset"].as_u64().unwrap_or(0), std::cmp::Reverse(e["length"].as_u64().unwrap_or(0))));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, u64, u64)> {
        auto_entities(text)
            .into_iter()
            .map(|e| {
                (e["type"].as_str().unwrap().to_owned(), e["offset"].as_u64().unwrap(), e["length"].as_u64().unwrap())
            })
            .collect()
    }

    #[test]
    fn detects_commands_mentions_hashtags_and_urls_in_utf16_units() {
        assert_eq!(kinds("/start@snowball_bot now"), vec![("bot_command".into(), 0, 19)]);
        assert_eq!(kinds("thanks @alice_w!"), vec![("mention".into(), 7, 8)]);
        assert_eq!(kinds("🎉 @alice_w"), vec![("mention".into(), 3, 8)]);
        assert_eq!(kinds("see https://x.io/a #tips #123"), vec![("url".into(), 4, 14), ("hashtag".into(), 19, 5)]);
        assert_eq!(kinds("mail me@example.com or a/b"), vec![]);
        assert_eq!(kinds("@bob is short"), vec![]);
    }
}
