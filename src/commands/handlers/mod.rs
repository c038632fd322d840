//! One handler per command. Each returns data ([`Rendered`]) and never talks to a platform
//! except through [`PlatformOps`](super::ops::PlatformOps).

mod digest;
mod export;
mod help;
mod invite;
mod manage;
mod settings;
mod thanks;

use super::Command;
use super::handle::{Ctx, Outcome};
use super::render::{Line, Rendered, Tone, line};

pub(super) async fn dispatch(ctx: &Ctx<'_>, cmd: Command) -> Outcome {
    match cmd {
        Command::Help { command } => Ok(help::help(ctx.lang, command.as_deref())),
        Command::Settings { change } => settings::settings(ctx, change).await,
        Command::Thanks { member, kind, note } => thanks::thanks(ctx, member, kind, note).await,
        Command::Professional { add, member } => manage::professional(ctx, add, member).await,
        Command::Customer { member, sale } => manage::customer(ctx, member, sale).await,
        Command::Forget { member } => manage::forget(ctx, member).await,
        Command::Setup => manage::setup(ctx).await,
        Command::Export { what } => export::export(ctx, what).await,
        Command::Me { export: true } => export::my_data(ctx).await,
        Command::Invite => invite::invite(ctx).await,
        Command::CampaignCreate { name, paid } => invite::create(ctx, name, paid).await,
        Command::CampaignList => invite::list(ctx).await,
        Command::DigestPreview => digest::preview(ctx).await,
        Command::DigestNow => digest::now(ctx).await,
        other => Ok(not_in_this_build(ctx, other.name())),
    }
}

fn not_in_this_build(ctx: &Ctx<'_>, name: &'static str) -> Rendered {
    Rendered::message(
        ctx.lang,
        Tone::Warning,
        line(ctx.lang, "error-not-in-build", vec![("command", super::render::Arg::text(name))]),
    )
}

/// A member as a mention span with their stored name.
pub(super) async fn member_arg(ctx: &Ctx<'_>, user: crate::domain::UserId) -> super::render::Arg {
    let name = ctx.app.store.member(ctx.community, user).await.ok().flatten().and_then(|m| m.name);
    super::render::Arg::member(user, name)
}

#[allow(dead_code)]
pub(super) fn plain(s: impl Into<String>) -> Line {
    Line::text(s)
}
