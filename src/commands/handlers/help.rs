use crate::commands::catalogue::{Access, CATALOGUE, find};
use crate::commands::render::{Arg, Line, Rendered, Span, line};
use crate::i18n::{Lang, t};

/// `/help` lists the commands; `/help <command>` explains one with an example.
pub fn help(lang: Lang, command: Option<&str>) -> Rendered {
    if let Some(spec) = command.and_then(find) {
        return Rendered::new(lang)
            .title(format!("/{}", spec.name))
            .line(Line::text(t(lang, &format!("cmd-{}-help", spec.name))))
            .line(line(lang, "help-usage", vec![("usage", Arg::text(spec.usage))]))
            .line(line(lang, "help-example", vec![("example", Arg::text(spec.example))]));
    }
    let entry = |c: &crate::commands::CommandSpec| {
        Line(vec![
            Span::Code(format!("/{}", c.name)),
            Span::Text(format!(" — {}", t(lang, &format!("cmd-{}-desc", c.name)))),
        ])
    };
    let mut r = Rendered::new(lang).title(t(lang, "help-title"));
    if let Some(unknown) = command {
        r = r.line(line(lang, "error-unknown-command", vec![("command", Arg::text(unknown))]));
    }
    r.section(t(lang, "help-members"), CATALOGUE.iter().filter(|c| c.access == Access::Everyone).map(entry).collect())
        .section(
            t(lang, "help-managers"),
            CATALOGUE.iter().filter(|c| c.access == Access::Managers).map(entry).collect(),
        )
        .line(Line::text(t(lang, "help-more")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_command_and_explains_one() {
        for lang in [Lang::En, Lang::He] {
            let all = help(lang, None).plain();
            for c in CATALOGUE {
                assert!(all.contains(&format!("/{}", c.name)), "{lang}: {}", c.name);
            }
            let one = help(lang, Some("customer")).plain();
            assert!(one.contains("/customer @dana 49.90 USD"), "{one}");
        }
    }
}
