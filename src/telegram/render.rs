//! [`Rendered`] replies as Telegram HTML (`parse_mode = HTML`), every inserted value escaped.

use crate::commands::{Line, Rendered, Span};

/// Telegram's limit for one message.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// Escapes text for Telegram HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn line(l: &Line) -> String {
    let mut out = String::new();
    for span in &l.0 {
        match span {
            Span::Text(t) => out.push_str(&escape(t)),
            Span::Bold(t) => out.push_str(&format!("<b>{}</b>", escape(t))),
            Span::Italic(t) => out.push_str(&format!("<i>{}</i>", escape(t))),
            Span::Code(t) => out.push_str(&format!("<code>{}</code>", escape(t))),
            Span::Member { id, name } => {
                let label = name.clone().unwrap_or_else(|| id.to_string());
                out.push_str(&format!("<a href=\"tg://user?id={id}\">{}</a>", escape(&label)));
            }
            Span::Link { url, label } => {
                out.push_str(&format!("<a href=\"{}\">{}</a>", escape(url), escape(label)));
            }
        }
    }
    out
}

/// The reply as one HTML message, cut at Telegram's limit on a line boundary.
pub fn html(r: &Rendered) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &r.title {
        parts.push(format!("<b>{}</b>", escape(t)));
    }
    parts.extend(r.lines.iter().map(line));
    for s in &r.sections {
        parts.push(String::new());
        parts.push(format!("<b>{}</b>", escape(&s.title)));
        parts.extend(s.lines.iter().map(line));
    }
    if let Some(f) = &r.footer {
        parts.push(String::new());
        parts.push(format!("<i>{}</i>", escape(f)));
    }
    let mut out = String::new();
    for p in parts {
        if out.chars().count() + p.chars().count() + 2 > MAX_MESSAGE_CHARS {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn escapes_every_inserted_value() {
        let r = Rendered::new(Lang::En)
            .title("a <b> & c")
            .line(Line(vec![
                Span::Text("x < y ".into()),
                Span::Member { id: 7, name: Some("<script>".into()) },
                Span::Code("&".into()),
            ]))
            .section("S", vec![Line::bold("**")]);
        let h = html(&r);
        assert_eq!(
            h,
            "<b>a &lt;b&gt; &amp; c</b>\nx &lt; y <a href=\"tg://user?id=7\">&lt;script&gt;</a><code>&amp;</code>\n\n<b>S</b>\n<b>**</b>"
        );
    }

    #[test]
    fn long_replies_are_cut_at_the_limit() {
        let mut r = Rendered::new(Lang::En);
        for _ in 0..500 {
            r = r.line(Line::text("0123456789 0123456789"));
        }
        let h = html(&r);
        assert!(h.chars().count() <= MAX_MESSAGE_CHARS);
        assert!(h.ends_with('…'));
    }
}
