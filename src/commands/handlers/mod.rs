//! One handler per command. Each returns data ([`Rendered`]) and never talks to a platform
//! except through [`PlatformOps`](super::ops::PlatformOps).

mod digest;
mod export;
mod help;
mod invites;
mod manage;
mod settings;
mod thanks;
mod views;

use super::Command;
use super::handle::{Ctx, Outcome};
use super::render::Line;

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
        Command::Me { export: false } => views::me(ctx).await,
        Command::Member { member } => views::member(ctx, member).await,
        Command::Leaderboard { board, period } => views::leaderboard(ctx, board, period).await,
        Command::Funnel { period } => views::funnel(ctx, period).await,
        Command::Invite => invites::invite(ctx).await,
        Command::CampaignCreate { name, paid } => invites::create(ctx, name, paid).await,
        Command::CampaignList => invites::list(ctx).await,
        Command::DigestPreview => digest::preview(ctx).await,
        Command::DigestNow => digest::post_now(ctx).await,
    }
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
