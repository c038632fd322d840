//! Running a command: permission check, rate limit, the handler, and turning every failure
//! into a short message in the caller's language (the log gets the cause chain).

use std::time::Instant;

use super::ops::{PlatformError, PlatformOps};
use super::parse::ParseError;
use super::render::{Arg, Line, Rendered, Tone, line};
use super::{Access, Command, handlers};
use crate::app::App;
use crate::domain::{CommunityKey, UserId};
use crate::i18n::Lang;
use crate::ingest::IngestError;
use crate::settings::SettingError;
use crate::store::{CommunityId, StoreError};

/// Who runs a command, where, and in which language.
#[derive(Clone, Debug)]
pub struct Invocation {
    pub community: CommunityKey,
    pub caller: UserId,
    pub caller_name: Option<String>,
    /// Decided by the adapter from the platform (owner/admin, Manage Server, anonymous admin)
    /// or a configured manager role.
    pub is_manager: bool,
    /// The caller's locale as the platform reports it (`he`, `en-US`…).
    pub locale: Option<String>,
    /// Unique per invocation (interaction id, update id): makes the events it causes
    /// idempotent.
    pub source_id: String,
}

/// The context a handler works in.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub ops: &'a dyn PlatformOps,
    pub inv: &'a Invocation,
    pub community: CommunityId,
    pub lang: Lang,
}

/// How long a command waits for its event to be committed before it tells the caller that
/// the database is slow or down (the event stays queued and is written when it returns).
pub const RECORD_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

impl Ctx<'_> {
    /// Records `event` as caused by this command (idempotent by the invocation's id) and waits,
    /// at most [`RECORD_WAIT`], until it is committed.
    pub async fn record(&self, event: crate::domain::Event) -> Result<(), CommandError> {
        let env = crate::domain::Envelope::new(
            self.inv.community.clone(),
            self.inv.source_id.clone(),
            self.app.clock.now(),
            event,
        );
        let done = self.app.ingest.submit_acked(env)?;
        match tokio::time::timeout(RECORD_WAIT, done).await {
            Ok(result) => {
                result?;
                Ok(())
            }
            Err(_) => Err(CommandError::Queued),
        }
    }
}

/// Why a command did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A polite refusal or a validation problem, already worded for the user.
    #[error("refused: {}", .0.plain())]
    Refused(Line),
    #[error("store")]
    Store(#[from] StoreError),
    #[error("ingest")]
    Ingest(#[from] IngestError),
    #[error("platform")]
    Platform(#[from] PlatformError),
    #[error("setting")]
    Setting(#[from] SettingError),
    /// The change is queued but the database did not confirm it in time.
    #[error("the database did not confirm the change in time; it stays queued")]
    Queued,
}

pub type Outcome = Result<Rendered, CommandError>;

/// Runs `cmd` for `inv` and returns the reply to show. Never fails: errors become messages.
#[tracing::instrument(skip_all, fields(community = %inv.community, user = inv.caller, command = cmd.name()))]
pub async fn run(app: &App, ops: &dyn PlatformOps, inv: &Invocation, cmd: Command) -> Rendered {
    let started = Instant::now();
    let name = cmd.name();
    let spec = cmd.spec();
    let community = match app.community_id(&inv.community).await.map_err(|e| app.store.observe(e)) {
        Ok(id) => id,
        Err(e) => {
            let lang = Lang::from_locale(inv.locale.as_deref(), Lang::En);
            app.metrics.command(name, "error", started.elapsed());
            return failure(lang, CommandError::Store(e)).private(true);
        }
    };
    let fallback = match app.settings(community).await.map_err(|e| app.store.observe(e)) {
        Ok(s) => s.language_or(&app.config),
        Err(_) => Lang::En,
    };
    let lang = Lang::from_locale(inv.locale.as_deref(), fallback);
    if spec.access == Access::Managers && !inv.is_manager {
        app.metrics.command(name, "refused", started.elapsed());
        tracing::info!("refused: managers only");
        return Rendered::message(
            lang,
            Tone::Warning,
            line(lang, "error-managers-only", vec![("command", Arg::text(name))]),
        )
        .private(true);
    }
    if !app.allow_command(community, inv.caller) {
        app.metrics.command(name, "rate_limited", started.elapsed());
        return Rendered::message(lang, Tone::Warning, line(lang, "error-rate-limited", vec![])).private(true);
    }
    let ctx = Ctx { app, ops, inv, community, lang };
    let result = handlers::dispatch(&ctx, cmd).await.map_err(|e| match e {
        CommandError::Store(e) => CommandError::Store(app.store.observe(e)),
        e => e,
    });
    let (reply, outcome) = match result {
        Ok(r) => (r, "ok"),
        Err(CommandError::Refused(l)) => (Rendered::message(lang, Tone::Warning, l).private(true), "refused"),
        Err(CommandError::Setting(e)) => (setting_error(lang, &e).private(true), "bad_input"),
        Err(CommandError::Platform(PlatformError::MissingPermission(what))) => {
            tracing::warn!(permission = %what, "the bot lacks a permission");
            let l = line(lang, "error-bot-permission", vec![("permission", Arg::text(what))]);
            (Rendered::message(lang, Tone::Warning, l).private(true), "refused")
        }
        Err(e) => (failure(lang, e).private(true), "error"),
    };
    app.metrics.command(name, outcome, started.elapsed());
    let private = reply.private || spec.private;
    reply.private(private)
}

/// The reply for an unexpected failure; the log gets the cause chain.
fn failure(lang: Lang, e: CommandError) -> Rendered {
    crate::telemetry::log_error_chain("command failed", &e);
    let id = match &e {
        CommandError::Store(s) if s.is_transient() => "error-unavailable",
        CommandError::Ingest(IngestError::QueueFull | IngestError::Closed) => "error-unavailable",
        CommandError::Queued => "error-queued",
        _ => "error-internal",
    };
    Rendered::message(lang, Tone::Error, line(lang, id, vec![]))
}

fn setting_error(lang: Lang, e: &SettingError) -> Rendered {
    let l = match e {
        SettingError::UnknownKey(key) => line(
            lang,
            "error-unknown-setting",
            vec![("key", Arg::text(key.clone())), ("keys", Arg::text(crate::settings::KEYS.join(", ")))],
        ),
        // The reason in the error is for logs and the CLI; the member reads what is expected,
        // in their language.
        SettingError::BadValue { key, value, .. } => line(
            lang,
            "error-setting",
            vec![
                ("key", Arg::text(*key)),
                ("value", Arg::text(value.chars().take(60).collect::<String>())),
                ("expected", Arg::text(crate::i18n::t(lang, &format!("setting-expect-{}", key.replace('_', "-"))))),
            ],
        ),
    };
    Rendered::message(lang, Tone::Warning, l)
}

/// The reply to a command that could not be parsed: what was wrong and how to write it.
pub fn parse_error(lang: Lang, e: &ParseError) -> Rendered {
    let text = |s: &str| Arg::text(s.to_string());
    let first = match e {
        ParseError::NotACommand => line(lang, "error-unknown-command", vec![("command", text("?"))]),
        ParseError::UnknownCommand(c) => line(lang, "error-unknown-command", vec![("command", text(c))]),
        ParseError::MissingMember { command } => line(lang, "error-missing-member", vec![("command", text(command))]),
        ParseError::UnknownMention { username, .. } => {
            line(lang, "error-unknown-mention", vec![("username", text(username))])
        }
        ParseError::BadChoice { command, got, choices } => line(
            lang,
            "error-bad-choice",
            vec![("command", text(command)), ("got", text(got)), ("choices", Arg::text(choices.join(", ")))],
        ),
        ParseError::Missing { command, what } => line(
            lang,
            "error-missing",
            vec![("command", text(command)), ("what", Arg::text(crate::i18n::t(lang, &format!("missing-{what}"))))],
        ),
        ParseError::Unexpected { command, got } => {
            line(lang, "error-unexpected", vec![("command", text(command)), ("got", text(got))])
        }
        ParseError::BadAmount { got } => line(lang, "error-bad-amount", vec![("got", text(got))]),
        ParseError::BadCurrency { got } => line(lang, "error-bad-currency", vec![("got", text(got))]),
        ParseError::NoteTooLong { max } => line(lang, "error-note-too-long", vec![("max", Arg::num(*max as i64))]),
        ParseError::BadCampaignName { max } => {
            line(lang, "error-bad-campaign-name", vec![("max", Arg::num(*max as i64))])
        }
        ParseError::BadPeriod { got } => line(lang, "error-bad-period", vec![("got", text(got))]),
    };
    let mut r = Rendered::message(lang, Tone::Warning, first).private(true);
    if let Some(spec) = e.command().and_then(super::catalogue::find) {
        r = r.line(line(lang, "error-usage", vec![("usage", Arg::text(spec.usage))]));
    }
    r
}
