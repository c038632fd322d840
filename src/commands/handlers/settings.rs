use crate::commands::handle::{Ctx, Outcome};
use crate::commands::render::{Arg, Line, Rendered, Span, Tone, line};
use crate::i18n::t;
use crate::scheduler::next_due;

/// `/settings` shows the effective settings; `/settings <key> <value>` changes one.
pub async fn settings(ctx: &Ctx<'_>, change: Option<(String, String)>) -> Outcome {
    let mut settings = ctx.app.settings(ctx.community).await?;
    let lang = ctx.lang;
    if let Some((key, value)) = change {
        // On Telegram "here" means this group.
        let value = if key == "digest_channel" && value.eq_ignore_ascii_case("here") {
            ctx.inv.community.external_id.clone()
        } else {
            value
        };
        let mut changed = settings.clone();
        changed.set(&key, &value)?;
        ctx.app.save_settings(ctx.community, changed.clone()).await?;
        tracing::info!(key, "setting changed");
        settings = changed;
        let r = Rendered::message(lang, Tone::Success, line(lang, "settings-changed", vec![("key", Arg::text(key))]));
        return Ok(with_summary(ctx, r, &settings));
    }
    Ok(with_summary(ctx, Rendered::new(lang).title(t(lang, "settings-title")), &settings))
}

fn with_summary(ctx: &Ctx<'_>, r: Rendered, s: &crate::settings::CommunitySettings) -> Rendered {
    let lang = ctx.lang;
    let config = &ctx.app.config;
    let rules = s.rules(&ctx.app.rules);
    let schedule = s.schedule(&config.digest);
    let row = |key: &str, value: String| Line(vec![Span::Code(key.to_string()), Span::Text(format!(": {value}"))]);
    let off_on = |b: bool| t(lang, if b { "settings-on" } else { "settings-off" });
    let next = next_due(&schedule, ctx.app.clock.now()).with_timezone(&schedule.timezone);
    r.section(
        t(lang, "settings-digest"),
        vec![
            row("digest_channel", s.digest_channel.as_ref().map_or_else(|| t(lang, "settings-unset"), |c| c.clone())),
            row("digest_day", format!("{:?}", schedule.weekday).to_lowercase()),
            row("digest_time", schedule.time.format("%H:%M").to_string()),
            row("timezone", schedule.timezone.name().to_string()),
            line(lang, "settings-next", vec![("when", Arg::text(next.format("%Y-%m-%d %H:%M %Z").to_string()))]),
        ],
    )
    .section(
        t(lang, "settings-community"),
        vec![
            row("language", s.language_or(config).to_string()),
            row("leaderboards", off_on(s.leaderboards_on())),
            row("currency", s.currency.clone().unwrap_or_else(|| "USD".into())),
        ],
    )
    .section(
        t(lang, "settings-thresholds"),
        vec![
            row("engaged_messages", rules.funnel.engaged_messages.to_string()),
            row("at_risk_days", rules.funnel.at_risk_days.to_string()),
            row("validation_days", rules.attribution.validation_days.to_string()),
            row("daily_cap", rules.ledger.daily_cap.to_string()),
            row("cooldown_minutes", (rules.ledger.cooldown_secs / 60).to_string()),
            row("thanks_words", rules.ledger.thanks_words.join(", ")),
        ],
    )
    .line(Line::text(t(lang, "settings-how")))
}
