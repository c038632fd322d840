//! What snowball tells the managers when it is added to a server or group: what it does, what
//! it needs, and what is missing — the same checks as `/setup`, posted unasked.

use super::ops::{PlatformOps, SetupCheck};
use super::render::{Line, Rendered, Span, Tone};
use crate::app::App;
use crate::domain::CommunityKey;
use crate::i18n::{Lang, t};

/// The `/setup` report for `checks`.
pub fn setup_report(lang: Lang, checks: &[SetupCheck]) -> Rendered {
    let all_ok = checks.iter().all(|c| c.ok);
    let r = Rendered::new(lang).title(t(lang, "setup-title")).tone(if all_ok { Tone::Success } else { Tone::Warning });
    with_checks(r, lang, checks)
        .line(Line::text(t(lang, if all_ok { "setup-all-good" } else { "setup-fix-then-rerun" })))
}

fn with_checks(mut r: Rendered, lang: Lang, checks: &[SetupCheck]) -> Rendered {
    for c in checks {
        let mark = if c.ok { "✅ " } else { "❌ " };
        r = r.line(Line(vec![Span::Text(mark.into()), Span::Text(t(lang, c.what))]));
        if let (false, Some(fix)) = (c.ok, c.fix) {
            r = r.line(Line(vec![Span::Italic(format!("   {}", t(lang, fix)))]));
        }
    }
    r
}

/// The welcome message: what snowball does, the checks, and the first steps.
pub fn welcome(lang: Lang, checks: &[SetupCheck]) -> Rendered {
    let all_ok = checks.iter().all(|c| c.ok);
    let r = Rendered::new(lang)
        .title(t(lang, "welcome-title"))
        .tone(if all_ok { Tone::Success } else { Tone::Warning })
        .line(Line::text(t(lang, "welcome-what")))
        .line(Line::text(t(lang, "welcome-needs")));
    let r = with_checks(r, lang, checks);
    let r = r.section(
        t(lang, "welcome-next-title"),
        vec![
            Line::text(t(lang, "welcome-next-settings")),
            Line::text(t(lang, "welcome-next-invite")),
            Line::text(t(lang, "welcome-next-help")),
        ],
    );
    r.line(Line::text(t(lang, if all_ok { "setup-all-good" } else { "setup-fix-then-rerun" })))
}

/// Posts the welcome to `channel` (`None` = the platform's default place). Failures are
/// logged, never raised: a welcome that cannot be posted must not stop the bot.
#[tracing::instrument(skip(app, ops), fields(community = %key))]
pub async fn post_welcome(app: &App, ops: &dyn PlatformOps, key: &CommunityKey, channel: Option<&str>) {
    let lang = app.community_language(key).await;
    let checks = ops.setup_checks(key).await;
    let missing = checks.iter().filter(|c| !c.ok).count();
    match ops.post(key, channel, welcome(lang, &checks)).await {
        Ok(()) => tracing::info!(missing, "welcome posted"),
        Err(e) => crate::telemetry::log_error_chain("could not post the welcome message", &e),
    }
}
