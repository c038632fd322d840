//! Reading a message's text once, at ingest: does it thank someone, does it ask something?
//!
//! Matching is Unicode-aware: the text is split into words with the Unicode word-boundary rules
//! (so Hebrew, emoji and punctuation split correctly), compared case-insensitively as whole words
//! or whole phrases. Hebrew words also match with one attached prefix letter (ו, ה, ב, ל, ש, כ, מ
//! — "ותודה" is "and thanks"). A word list entry with no letters or digits (an emoji such as 🙏)
//! matches anywhere in the text, skin tones and variation selectors included. "no thanks" and
//! "לא תודה" are not thanks.

use unicode_segmentation::UnicodeSegmentation;

use crate::config::LedgerConfig;
use crate::domain::MessageSignals;

/// Reads the signals of a message's text with the community's word list.
pub fn read_signals(text: &str, rules: &LedgerConfig) -> MessageSignals {
    MessageSignals { thanks: is_thanks(text, &rules.thanks_words), question: is_question(text) }
}

/// Whether the text thanks someone, by the given words and phrases.
pub fn is_thanks(text: &str, words: &[String]) -> bool {
    let tokens = tokens(text);
    words.iter().any(|w| {
        let phrase = tokens_of_phrase(w);
        if phrase.is_empty() {
            // Symbols only (an emoji): anywhere in the text.
            let needle = strip_emoji_modifiers(w.trim());
            return !needle.is_empty() && strip_emoji_modifiers(text).contains(&needle);
        }
        find_phrase(&tokens, &phrase)
    })
}

/// Words that open a question when they start a message.
const QUESTION_OPENERS: &[&str] = &[
    "how",
    "what",
    "why",
    "where",
    "when",
    "who",
    "which",
    "whom",
    "whose",
    "anyone",
    "anybody",
    "איך",
    "מה",
    "למה",
    "מדוע",
    "מתי",
    "איפה",
    "היכן",
    "מי",
    "האם",
    "כמה",
    "מישהו",
    "אפשר",
];

/// Whether the text asks something: a question mark anywhere, or a question word first.
pub fn is_question(text: &str) -> bool {
    if text.contains(['?', '？', '؟']) {
        return true;
    }
    tokens(text).first().is_some_and(|first| QUESTION_OPENERS.contains(&first.as_str()))
}

/// The lower-cased words of a text (letters or digits; punctuation, spaces and symbols dropped).
fn tokens(text: &str) -> Vec<String> {
    text.unicode_words().map(str::to_lowercase).collect()
}

fn tokens_of_phrase(phrase: &str) -> Vec<String> {
    tokens(phrase)
}

const NEGATIONS: &[&str] = &["no", "not", "לא"];

/// Whether `phrase` occurs as consecutive words of `tokens` (and is not negated).
fn find_phrase(tokens: &[String], phrase: &[String]) -> bool {
    if tokens.len() < phrase.len() {
        return false;
    }
    (0..=tokens.len() - phrase.len()).any(|start| {
        let matches = phrase.iter().enumerate().all(|(k, word)| {
            let token = &tokens[start + k];
            // Only the first word of a phrase may carry a Hebrew prefix letter.
            token == word || (k == 0 && hebrew_prefixed(token, word))
        });
        let negated = start > 0 && NEGATIONS.contains(&tokens[start - 1].as_str());
        matches && !negated
    })
}

/// Prefix letters Hebrew attaches to a word: and, the, in, to, that, as, from.
const HEBREW_PREFIXES: &[char] = &['ו', 'ה', 'ב', 'ל', 'ש', 'כ', 'מ'];

fn is_hebrew(c: char) -> bool {
    ('\u{05D0}'..='\u{05EA}').contains(&c)
}

fn hebrew_prefixed(token: &str, word: &str) -> bool {
    if !word.chars().next().is_some_and(is_hebrew) {
        return false;
    }
    let mut chars = token.chars();
    match chars.next() {
        Some(p) if HEBREW_PREFIXES.contains(&p) => chars.as_str() == word,
        _ => false,
    }
}

/// Drops emoji modifiers (skin tones, variation selectors, zero-width joiners) so that 🙏🏽 is 🙏
/// and ❤️ is ❤.
pub fn strip_emoji_modifiers(s: &str) -> String {
    s.chars().filter(|c| !matches!(*c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thanks(text: &str) -> bool {
        is_thanks(text, &LedgerConfig::default().thanks_words)
    }

    #[test]
    fn english_thanks_as_whole_words() {
        for t in ["Thanks!", "thank you so much", "THX", "ty @dana", "Really appreciate it", "ok, tysm."] {
            assert!(thanks(t), "{t}");
        }
        for t in ["thankless job", "type this", "tyler is here", "thank", "you thank"] {
            assert!(!thanks(t), "{t}");
        }
    }

    #[test]
    fn hebrew_thanks_with_prefixes_and_phrases() {
        for t in ["תודה!", "תודה רבה על העזרה", "ותודה לכולם", "תנקס אחי", "מעריכה מאוד"]
        {
            assert!(thanks(t), "{t}");
        }
        assert!(!is_thanks("תודות", &["תודה".to_string()]));
        assert!(!is_thanks("התודהה", &["תודה".to_string()]));
    }

    #[test]
    fn emoji_match_anywhere_with_modifiers() {
        assert!(thanks("🙏"));
        assert!(thanks("great answer🙏🏽"));
        assert!(!thanks("👍"));
    }

    #[test]
    fn negated_thanks_is_not_thanks() {
        assert!(!thanks("no thanks"));
        assert!(!thanks("No, thanks."));
        assert!(!thanks("לא תודה"));
        assert!(thanks("no problem, thanks"));
    }

    #[test]
    fn word_lists_are_configurable() {
        let words = vec!["merci".to_string(), "danke schön".to_string()];
        assert!(is_thanks("Merci beaucoup", &words));
        assert!(is_thanks("danke schön!", &words));
        assert!(!is_thanks("thanks", &words));
    }

    #[test]
    fn questions() {
        for t in ["How do I deploy this", "anyone tried X?", "is it down?", "איך עושים את זה", "מישהו יודע", "why"]
        {
            assert!(is_question(t), "{t}");
        }
        for t in ["I deployed it.", "thanks!", "שלום לכולם", "somehow it works"] {
            assert!(!is_question(t), "{t}");
        }
    }
}
