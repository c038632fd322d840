//! `/leaderboard`: the top rows and the caller's own rank.

use super::words::num;
use crate::commands::render::{Arg, Line, Rendered, line, text};
use crate::domain::Word;
use crate::engine::leaderboard::Leaderboard;
use crate::i18n::{Lang, t};

pub fn leaderboard(lang: Lang, b: &Leaderboard) -> Rendered {
    let board = t(lang, &format!("board-{}", b.board.word()));
    let period = t(lang, &format!("period-{}", b.period.word()));
    let mut r = Rendered::new(lang).title(text(
        lang,
        "leaderboard-title",
        vec![("board", Arg::text(board)), ("period", Arg::text(period))],
    ));
    if b.rows.is_empty() {
        r = r.line(line(lang, "leaderboard-empty", vec![]));
    }
    let unit = format!("leaderboard-unit-{}", b.board.word());
    for row in &b.rows {
        let medal = match row.rank {
            1 => "🥇 ",
            2 => "🥈 ",
            3 => "🥉 ",
            _ => "",
        };
        let mut l = Line::text(format!("{medal}{}. ", row.rank));
        l.0.extend(
            line(
                lang,
                &unit,
                vec![("member", Arg::member(row.user, row.name.clone())), ("score", Arg::num(row.score))],
            )
            .0,
        );
        r = r.line(l);
    }
    r.footer = Some(match &b.viewer {
        Some(v) => {
            text(lang, "leaderboard-you", vec![("rank", Arg::text(num(v.rank.into()))), ("score", Arg::num(v.score))])
        }
        None => t(lang, "leaderboard-you-none"),
    });
    r
}
