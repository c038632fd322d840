//! [`Rendered`] replies as Discord embeds, text escaped for Discord markdown.

use serenity::all::{Colour, CreateEmbed, CreateEmbedFooter};

use crate::commands::{Line, Rendered, Span, Tone};

/// Discord's limits.
pub const MAX_DESCRIPTION: usize = 4096;
pub const MAX_FIELD_VALUE: usize = 1024;
pub const MAX_FIELDS: usize = 25;
pub const MAX_TITLE: usize = 256;

/// Escapes Discord markdown and neutralises mass mentions.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '(' | ')' | '\\' | '-' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out.replace("@everyone", "@\u{200b}everyone").replace("@here", "@\u{200b}here")
}

pub fn line(l: &Line) -> String {
    let mut out = String::new();
    for span in &l.0 {
        match span {
            Span::Text(t) => out.push_str(&escape(t)),
            Span::Bold(t) => out.push_str(&format!("**{}**", escape(t))),
            Span::Italic(t) => out.push_str(&format!("*{}*", escape(t))),
            Span::Code(t) => out.push_str(&format!("`{}`", t.replace('`', "'"))),
            Span::Member { id, .. } => out.push_str(&format!("<@{id}>")),
            Span::Link { url, label } => out.push_str(&format!("[{}]({url})", escape(label))),
        }
    }
    out
}

fn join_capped(lines: &[Line], max: usize) -> String {
    let mut out = String::new();
    for l in lines {
        let s = line(l);
        if out.chars().count() + s.chars().count() + 1 > max.saturating_sub(1) {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&s);
    }
    out
}

pub fn colour(tone: Tone) -> Colour {
    match tone {
        Tone::Info => Colour::new(0x5865F2),
        Tone::Success => Colour::new(0x57F287),
        Tone::Warning => Colour::new(0xFEE75C),
        Tone::Error => Colour::new(0xED4245),
    }
}

/// The reply as one embed.
pub fn embed(r: &Rendered) -> CreateEmbed {
    let mut e = CreateEmbed::new().colour(colour(r.tone));
    if let Some(t) = &r.title {
        e = e.title(t.chars().take(MAX_TITLE).collect::<String>());
    }
    if !r.lines.is_empty() {
        e = e.description(join_capped(&r.lines, MAX_DESCRIPTION));
    }
    for s in r.sections.iter().take(MAX_FIELDS) {
        let value = join_capped(&s.lines, MAX_FIELD_VALUE);
        e = e.field(
            s.title.chars().take(MAX_TITLE).collect::<String>(),
            if value.is_empty() { "—".into() } else { value },
            false,
        );
    }
    if let Some(f) = &r.footer {
        e = e.footer(CreateEmbedFooter::new(f.chars().take(2048).collect::<String>()));
    }
    // A picture (the digest chart) shows inside the embed, below the text.
    if let Some(a) = r.attachment.as_ref().filter(|a| a.mime.starts_with("image/")) {
        e = e.image(format!("attachment://{}", a.file_name));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_real_and_text_is_escaped() {
        let l =
            Line(vec![Span::Text("*not bold* @everyone ".into()), Span::Member { id: 42, name: Some("Dana".into()) }]);
        assert_eq!(line(&l), "\\*not bold\\* @\u{200b}everyone <@42>");
    }

    #[test]
    fn long_descriptions_fit_discords_limits() {
        let lines: Vec<Line> = (0..1000).map(|i| Line::text(format!("line {i} with some words"))).collect();
        let s = join_capped(&lines, MAX_DESCRIPTION);
        assert!(s.chars().count() <= MAX_DESCRIPTION);
        assert!(s.ends_with('…'));
    }
}
