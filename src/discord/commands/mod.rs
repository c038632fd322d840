//! The slash commands, generated from the platform-free catalogue. One action serves them
//! all: read the options into a [`Command`](crate::commands::Command) (a bad option gets an
//! ephemeral explanation and changes nothing), defer when the work may take longer than
//! Discord's 3 seconds, run the shared handler, render the reply as an embed (ephemeral when
//! private, with the CSV file of `/export`).
//!
//! Manager commands carry `default_member_permissions = MANAGE_GUILD`, so Discord hides them
//! from members; the check that counts is ours ([`Invocation::is_manager`]).

mod options;
mod reply;

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{CommandOptionType, CreateCommandOption, Permissions};

pub use reply::message;

use super::events::Error;
use super::ops::DiscordOps;
use super::shared::{Shared, key, uid};
use crate::commands::{Access, CATALOGUE, CommandSpec, Invocation, Rendered, parse_error};
use crate::i18n::{Lang, t};

type Cmd = poise::Command<Arc<Shared>, Error>;
type Param = poise::CommandParameter<Arc<Shared>, Error>;
type Setter = fn(CreateCommandOption) -> CreateCommandOption;

/// Every command of the catalogue as a poise command.
pub fn all() -> Vec<Cmd> {
    CATALOGUE.iter().map(build).collect()
}

fn en(id: &str) -> String {
    let s = t(Lang::En, id);
    // Discord allows at most 100 characters.
    if s.chars().count() > 100 { s.chars().take(99).collect::<String>() + "…" } else { s }
}

fn leaf(name: &str, description: String, parameters: Vec<Param>) -> Cmd {
    Cmd {
        name: name.to_string().into(),
        qualified_name: name.to_string().into(),
        identifying_name: name.to_string().into(),
        source_code_name: name.to_string().into(),
        description: Some(description.into()),
        slash_action: Some(slash),
        parameters,
        guild_only: true,
        ..Default::default()
    }
}

fn build(spec: &'static CommandSpec) -> Cmd {
    let mut c = leaf(spec.name, en(&format!("cmd-{}-desc", spec.name)), Vec::new());
    c.help_text = Some(en(&format!("cmd-{}-help", spec.name)).into());
    if spec.access == Access::Managers {
        c.default_member_permissions = Permissions::MANAGE_GUILD;
    }
    let member = || param("member", "opt-member-desc", true, user);
    match spec.name {
        "professional" => {
            c.subcommands = vec![
                leaf("add", "Give the professional role".into(), vec![member()]),
                leaf("remove", "Take the professional role away".into(), vec![member()]),
            ];
            c.subcommand_required = true;
        }
        "campaign" => {
            c.subcommands = vec![
                leaf(
                    "create",
                    "Create a tracked campaign link".into(),
                    vec![param("name", "opt-name-desc", true, string), param("paid", "opt-paid-desc", false, boolean)],
                ),
                leaf("list", "List the campaigns".into(), Vec::new()),
            ];
            c.subcommand_required = true;
        }
        "digest" => {
            c.subcommands = vec![
                leaf("preview", "This week's digest, only to you".into(), Vec::new()),
                leaf("now", "Post the last complete week's digest to the digest channel".into(), Vec::new()),
            ];
            c.subcommand_required = true;
        }
        name => c.parameters = parameters(name, member),
    }
    c
}

fn parameters(name: &str, member: impl Fn() -> Param) -> Vec<Param> {
    match name {
        "me" => vec![param("export", "opt-export-desc", false, boolean)],
        "leaderboard" => {
            vec![param("board", "opt-board-desc", false, boards), param("period", "opt-window-desc", false, windows)]
        }
        "thanks" => {
            vec![member(), param("kind", "opt-kind-desc", false, kinds), param("note", "opt-note-desc", false, text)]
        }
        "help" => vec![param("command", "opt-command-desc", false, command_names)],
        "member" | "forget" => vec![member()],
        "funnel" => vec![param("period", "opt-period-desc", false, string)],
        "customer" => vec![
            member(),
            param("amount", "opt-amount-desc", false, string),
            param("currency", "opt-currency-desc", false, string),
        ],
        "settings" => {
            vec![param("key", "opt-key-desc", false, setting_keys), param("value", "opt-value-desc", false, string)]
        }
        "export" => vec![param("what", "opt-what-desc", true, export_kinds)],
        _ => Vec::new(),
    }
}

fn param(name: &str, description_id: &str, required: bool, setter: Setter) -> Param {
    Param {
        name: name.to_string().into(),
        name_localizations: Default::default(),
        description: Some(en(description_id).into()),
        description_localizations: Default::default(),
        required,
        channel_types: None,
        choices: Default::default(),
        type_setter: Some(setter),
        autocomplete_callback: None,
        __non_exhaustive: (),
    }
}

fn choices(b: CreateCommandOption, words: &[&str]) -> CreateCommandOption {
    words.iter().fold(b.kind(CommandOptionType::String), |b, w| b.add_string_choice(*w, *w))
}
fn user(b: CreateCommandOption) -> CreateCommandOption {
    b.kind(CommandOptionType::User)
}
fn string(b: CreateCommandOption) -> CreateCommandOption {
    b.kind(CommandOptionType::String).max_length(100)
}
fn text(b: CreateCommandOption) -> CreateCommandOption {
    b.kind(CommandOptionType::String).max_length(crate::commands::parse::MAX_NOTE_CHARS as u16)
}
fn boolean(b: CreateCommandOption) -> CreateCommandOption {
    b.kind(CommandOptionType::Boolean)
}
fn boards(b: CreateCommandOption) -> CreateCommandOption {
    choices(b, &["referrals", "helpers"])
}
fn windows(b: CreateCommandOption) -> CreateCommandOption {
    choices(b, &["week", "month", "all"])
}
fn kinds(b: CreateCommandOption) -> CreateCommandOption {
    choices(b, &["content", "connections", "support", "stage", "reward", "exposure"])
}
fn export_kinds(b: CreateCommandOption) -> CreateCommandOption {
    choices(b, &["members", "joins", "value", "customers"])
}
fn setting_keys(b: CreateCommandOption) -> CreateCommandOption {
    choices(b, crate::settings::KEYS)
}
fn command_names(b: CreateCommandOption) -> CreateCommandOption {
    let names: Vec<&str> = CATALOGUE.iter().map(|c| c.name).collect();
    choices(b, &names)
}

type Ctx<'a> = poise::ApplicationContext<'a, Arc<Shared>, Error>;

fn slash(ctx: Ctx<'_>) -> poise::BoxFuture<'_, Result<(), poise::FrameworkError<'_, Arc<Shared>, Error>>> {
    Box::pin(async move {
        invoke(ctx).await;
        Ok(())
    })
}

/// Runs one slash command; every failure ends as a message to the caller and a log line.
#[tracing::instrument(skip_all, fields(
    community = %ctx.interaction.guild_id.map(|g| key(g).to_string()).unwrap_or_default(),
    member = %ctx.interaction.user.id,
    command = %ctx.interaction.data.name,
))]
async fn invoke(ctx: Ctx<'_>) {
    let shared = ctx.data().clone();
    let i = ctx.interaction;
    let Some(guild) = i.guild_id else {
        let r = Rendered::message(
            Lang::En,
            crate::commands::Tone::Warning,
            crate::commands::render::line(
                Lang::from_locale(Some(&i.locale), Lang::En),
                "error-not-in-community",
                vec![],
            ),
        )
        .private(true);
        send(ctx, &r).await;
        return;
    };
    let root = i.data.name.as_str();
    let leaf = ctx.command().name.as_ref();
    let sub = (leaf != root).then_some(leaf);
    let Some(spec) = crate::commands::catalogue::find(root) else { return };
    let opts = options::read(ctx.args);
    let cmd = match options::command(root, sub, &opts, i.channel_id.get()) {
        Ok(cmd) => cmd,
        Err(e) => {
            tracing::info!(error = %e, "bad options");
            let lang = language(&shared, guild, &i.locale).await;
            shared.app.metrics.command(spec.name, "bad_input", std::time::Duration::ZERO);
            send(ctx, &parse_error(lang, &e)).await;
            return;
        }
    };
    // `/me export` builds a file like `/export` does.
    let slow = spec.slow || matches!(cmd, crate::commands::Command::Me { export: true });
    if slow {
        defer(ctx, spec.private).await;
    }
    let inv = Invocation {
        community: key(guild),
        caller: uid(i.user.id),
        caller_name: Some(
            i.member.as_ref().and_then(|m| m.nick.clone()).unwrap_or_else(|| i.user.display_name().to_string()),
        ),
        is_manager: is_manager(&shared, guild, i),
        locale: preference(&i.locale),
        source_id: format!("cmd:{}", i.id),
    };
    let ops = DiscordOps::new(shared.clone());
    let run = crate::commands::run(&shared.app, &ops, &inv, cmd);
    let rendered = if slow {
        run.await
    } else {
        // Quick work that turns out slow (a busy database) is deferred before Discord's 3
        // seconds run out, instead of failing the interaction.
        tokio::pin!(run);
        tokio::select! {
            r = &mut run => r,
            () = tokio::time::sleep(DEFER_AFTER) => {
                tracing::info!("the command is taking long; deferring");
                defer(ctx, spec.private).await;
                run.await
            }
        }
    };
    send(ctx, &rendered).await;
}

/// A command not marked slow is deferred when it has not answered after this long.
const DEFER_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// "Thinking…": Discord waits up to 15 minutes for the answer (ephemeral for private
/// commands).
async fn defer(ctx: Ctx<'_>, private: bool) {
    let deferred = if private {
        poise::Context::Application(ctx).defer_ephemeral().await
    } else {
        poise::Context::Application(ctx).defer().await
    };
    if let Err(e) = deferred {
        crate::telemetry::log_error_chain("could not defer the interaction", &e);
    }
}

/// Owner, Administrator or Manage Server (as Discord computed it for this interaction), or a
/// configured manager role.
fn is_manager(shared: &Shared, guild: serenity::GuildId, i: &serenity::CommandInteraction) -> bool {
    let Some(member) = &i.member else { return false };
    let perms = member.permissions.unwrap_or_else(Permissions::empty);
    let owner = shared.guilds.with(guild, |g| g.owner() == i.user.id).unwrap_or(false);
    owner
        || super::members::manages(perms)
        || member.roles.iter().any(|r| shared.app.config.discord.manager_roles.contains(&r.get()))
}

/// The language preference a Discord locale expresses. Discord's clients have no Hebrew, so
/// nearly everyone sends an English locale: that says nothing, and the community's language
/// (`/settings language`) decides. Any other language snowball speaks is taken.
fn preference(locale: &str) -> Option<String> {
    let lang = Lang::from_locale(Some(locale), Lang::En);
    (lang != Lang::En).then(|| locale.to_string())
}

/// The caller's language: their Discord locale if it says something, else the community's.
async fn language(shared: &Shared, guild: serenity::GuildId, locale: &str) -> Lang {
    Lang::from_locale(preference(locale).as_deref(), shared.app.community_language(&key(guild)).await)
}

async fn send(ctx: Ctx<'_>, r: &Rendered) {
    if let Err(e) = poise::Context::Application(ctx).send(reply::reply(r)).await {
        crate::telemetry::log_error_chain("could not answer the interaction", &e);
    }
}
