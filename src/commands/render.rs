//! Replies as platform-neutral rich text. Handlers produce [`Rendered`]; the Discord adapter
//! turns it into an embed, the Telegram adapter into escaped HTML. Mentions stay structured so
//! each platform writes them its own way.

use std::fmt::Write;

use fluent_templates::fluent_bundle::FluentValue;

use crate::domain::UserId;
use crate::i18n::{self, Lang};

/// A piece of text with its formatting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Bold(String),
    Italic(String),
    Code(String),
    /// A member; `name` is what to show where the platform cannot mention.
    Member {
        id: UserId,
        name: Option<String>,
    },
    Link {
        url: String,
        label: String,
    },
}

/// One line of a reply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line(pub Vec<Span>);

impl Line {
    pub fn text(s: impl Into<String>) -> Self {
        Line(vec![Span::Text(s.into())])
    }
    pub fn bold(s: impl Into<String>) -> Self {
        Line(vec![Span::Bold(s.into())])
    }
    pub fn push(mut self, span: Span) -> Self {
        self.0.push(span);
        self
    }
    /// The line as plain text (names instead of mentions), for logs and tests.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for span in &self.0 {
            match span {
                Span::Text(t) | Span::Bold(t) | Span::Italic(t) | Span::Code(t) => s.push_str(t),
                Span::Member { id, name } => match name {
                    Some(n) => s.push_str(n),
                    None => {
                        let _ = write!(s, "#{id}");
                    }
                },
                Span::Link { url, label } if label == url => s.push_str(url),
                Span::Link { url, label } => {
                    let _ = write!(s, "{label} ({url})");
                }
            }
        }
        s
    }
}

/// How a reply should look (Discord embed colour; Telegram ignores it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Info,
    Success,
    Warning,
    Error,
}

/// A file sent with a reply (CSV export, digest chart).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// A titled group of lines (an embed field on Discord, a bold heading on Telegram).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<Line>,
}

/// A reply ready for an adapter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub title: Option<String>,
    pub lines: Vec<Line>,
    pub sections: Vec<Section>,
    pub footer: Option<String>,
    pub tone: Tone,
    /// Only the caller should see it.
    pub private: bool,
    /// Right-to-left language (adapters may align accordingly).
    pub rtl: bool,
    pub attachment: Option<Attachment>,
}

impl Rendered {
    pub fn new(lang: Lang) -> Self {
        Self { rtl: lang.is_rtl(), ..Self::default() }
    }

    pub fn line(mut self, line: Line) -> Self {
        self.lines.push(line);
        self
    }

    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    pub fn tone(mut self, tone: Tone) -> Self {
        self.tone = tone;
        self
    }

    pub fn private(mut self, private: bool) -> Self {
        self.private = private;
        self
    }

    pub fn section(mut self, title: impl Into<String>, lines: Vec<Line>) -> Self {
        self.sections.push(Section { title: title.into(), lines });
        self
    }

    /// Everything as plain text, for logs, tests and the terminal.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        if let Some(t) = &self.title {
            let _ = writeln!(out, "{t}");
        }
        for l in &self.lines {
            let _ = writeln!(out, "{}", l.plain());
        }
        for s in &self.sections {
            let _ = writeln!(out, "\n{}", s.title);
            for l in &s.lines {
                let _ = writeln!(out, "{}", l.plain());
            }
        }
        if let Some(f) = &self.footer {
            let _ = writeln!(out, "\n{f}");
        }
        out
    }

    /// A one-line reply in a tone.
    pub fn message(lang: Lang, tone: Tone, line: Line) -> Self {
        Self::new(lang).tone(tone).line(line)
    }
}

/// A message argument: a plain value, or a span (a mention, a link) kept structured.
pub enum Arg {
    Value(FluentValue<'static>),
    Span(Span),
}

impl Arg {
    pub fn text(s: impl Into<String>) -> Self {
        Arg::Value(i18n::s(s))
    }
    pub fn num(n: i64) -> Self {
        Arg::Value(i18n::n(n))
    }
    pub fn member(id: UserId, name: Option<String>) -> Self {
        Arg::Span(Span::Member { id, name })
    }
}

const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// The message `id` as a line, with span arguments placed where the translation puts them.
pub fn line(lang: Lang, id: &str, args: Vec<(&str, Arg)>) -> Line {
    let mut spans_by_index = Vec::new();
    let mut fluent_args = Vec::with_capacity(args.len());
    for (name, arg) in args {
        match arg {
            Arg::Value(v) => fluent_args.push((name, v)),
            Arg::Span(span) => {
                let marker = format!("{MARK_OPEN}{}{MARK_CLOSE}", spans_by_index.len());
                spans_by_index.push(Some(span));
                fluent_args.push((name, i18n::s(marker)));
            }
        }
    }
    let text = i18n::tr(lang, id, &fluent_args);
    let mut spans = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(MARK_OPEN) {
        let Some(len) = rest[start..].find(MARK_CLOSE) else { break };
        let index: Option<usize> = rest[start + MARK_OPEN.len_utf8()..start + len].parse().ok();
        if start > 0 {
            spans.push(Span::Text(rest[..start].to_string()));
        }
        if let Some(span) = index.and_then(|i| spans_by_index.get_mut(i)).and_then(Option::take) {
            spans.push(span);
        }
        rest = &rest[start + len + MARK_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        spans.push(Span::Text(rest.to_string()));
    }
    Line(spans)
}

/// The message `id` as plain text.
pub fn text(lang: Lang, id: &str, args: Vec<(&str, Arg)>) -> String {
    line(lang, id, args).plain()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_arguments_land_where_the_translation_puts_them() {
        let l = line(
            Lang::En,
            "thanks-recorded",
            vec![("receiver", Arg::member(42, Some("Dana".into()))), ("kind", Arg::text("support"))],
        );
        assert_eq!(l.0[0], Span::Text("Thanks recorded: you thanked ".into()));
        assert_eq!(l.0[1], Span::Member { id: 42, name: Some("Dana".into()) });
        assert_eq!(l.plain(), "Thanks recorded: you thanked Dana for support.");
        // Hebrew keeps the mention a span, inside the isolates Fluent adds.
        let he = line(
            Lang::He,
            "thanks-recorded",
            vec![("receiver", Arg::member(42, None)), ("kind", Arg::text("support"))],
        );
        assert!(he.0.contains(&Span::Member { id: 42, name: None }), "{he:?}");
        assert!(he.plain().contains("\u{2068}#42\u{2069}"), "{:?}", he.plain());
    }
}
