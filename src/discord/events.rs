//! Gateway events → domain events, the attribution resolver and metrics.
//!
//! serenity runs every event handler as its own task, and tokio may run a later task first,
//! so two events close together can be handled in the other order than Discord sent them.
//! Conversion and queueing for the single writer happen synchronously at the start of the
//! handler; the pairs whose order matters (a message and its edit or deletion, a join and a
//! quick leave) are put back in order by `order.rs`. Attribution does not depend on
//! order at all (the resolver is order-independent), and ingest is idempotent by source id.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{ConnectionStage, FullEvent, Member};

use super::shared::{Shared, key, uid};
use super::{guilds, members, messages};
use crate::domain::{Envelope, Event};
use crate::engine::attribution::discord::{InviteInfo, JoinMeta, account_created};

pub type Error = anyhow::Error;

/// poise's event handler.
pub fn handle<'a>(
    framework: poise::FrameworkContext<'a, Arc<Shared>, Error>,
    event: &'a FullEvent,
) -> poise::BoxFuture<'a, Result<(), Error>> {
    let shared = framework.user_data.clone();
    on_event(&shared, framework.serenity_context, event);
    Box::pin(async { Ok(()) })
}

fn on_event(shared: &Arc<Shared>, ctx: &serenity::Context, event: &FullEvent) {
    let now = shared.app.clock.now();
    let bot = shared.bot_id();
    let added = shared.guilds.observe(event, shared.bot_user());
    match event {
        FullEvent::Ready { data_about_bot } => {
            shared.app.metrics.set_connected("discord", true);
            tracing::info!(shard = ctx.shard_id.0, guilds = data_about_bot.guilds.len(), "connected to Discord");
            // A new session: events since the last one may be lost. Their guilds re-snapshot
            // on GUILD_CREATE; until then no increment is trusted.
            if let Some(r) = shared.resolver() {
                for g in &data_about_bot.guilds {
                    if shared.known.contains(&g.id) {
                        r.resync(&key(g.id));
                    }
                }
            }
        }
        FullEvent::ShardStageUpdate { event } => {
            let up = matches!(event.new, ConnectionStage::Connected);
            shared.app.metrics.set_connected("discord", up);
            if !up {
                tracing::warn!(shard = event.shard_id.0, stage = ?event.new, "Discord connection is down");
            }
        }
        FullEvent::GuildCreate { guild, .. } => {
            let (shared, guild, new) = (shared.clone(), guild.clone(), added);
            tokio::spawn(async move {
                let id = guild.id;
                guilds::available(shared.clone(), guild).await;
                if new {
                    guilds::welcome(shared, id).await;
                }
            });
        }
        FullEvent::GuildMemberAddition { new_member } => {
            member_added(shared, new_member, now);
        }
        FullEvent::GuildMemberRemoval { guild_id, user, .. } if user.id.get() != bot => {
            let _span = tracing::info_span!("member_left", community = %key(*guild_id), member = %user.id).entered();
            let env = Envelope::new(
                key(*guild_id),
                format!("left:{}:{}", user.id, now.timestamp_millis()),
                now,
                Event::MemberLeft { user: uid(user.id) },
            );
            shared.order.member_left(shared, &key(*guild_id), uid(user.id), env);
        }
        FullEvent::GuildMemberUpdate { event: update, .. } => {
            let perms = shared.guilds.with(update.guild_id, |g| g.guild_permissions(update.user.id, &update.roles));
            if let Some(perms) = perms.filter(|_| update.user.id.get() != bot) {
                let s = members::standing(&shared.app.config.discord, perms, &update.roles);
                shared.submit(members::seen(update.guild_id, &update.user, update.nick.as_deref(), s, now));
            }
        }
        FullEvent::Message { new_message } => {
            if let Some(env) = messages::posted(new_message, bot) {
                let _span =
                    tracing::debug_span!("message", community = %env.community, member = %new_message.author.id)
                        .entered();
                shared.order.message_created(shared, uid(new_message.id), env);
            }
        }
        FullEvent::MessageUpdate { new, event, .. } => {
            if let Some(env) = messages::edited(new.as_ref(), event, bot, now) {
                shared.order.message_changed(shared, uid(event.id), env);
            }
        }
        FullEvent::MessageDelete { deleted_message_id, guild_id: Some(guild), .. } => {
            shared.order.message_changed(shared, uid(*deleted_message_id), deleted(*guild, *deleted_message_id, now));
        }
        FullEvent::MessageDeleteBulk { multiple_deleted_messages_ids, guild_id: Some(guild), .. } => {
            for id in multiple_deleted_messages_ids {
                shared.order.message_changed(shared, uid(*id), deleted(*guild, *id, now));
            }
        }
        FullEvent::ReactionAdd { add_reaction } => {
            if let Some(env) = messages::reaction(add_reaction, true, now) {
                shared.submit(env);
            }
        }
        FullEvent::ReactionRemove { removed_reaction } => {
            if let Some(env) = messages::reaction(removed_reaction, false, now) {
                shared.order.reaction_removed(shared, env);
            }
        }
        FullEvent::InviteCreate { data } => {
            if let (Some(guild), Some(r)) = (data.guild_id, shared.resolver()) {
                let created: crate::domain::Ts = *data.created_at;
                r.invite_created(
                    &key(guild),
                    InviteInfo {
                        code: data.code.clone(),
                        inviter: data.inviter.as_ref().map(|u| uid(u.id)),
                        uses: u32::try_from(data.uses).unwrap_or(u32::MAX),
                        max_uses: u32::from(data.max_uses),
                        expires_at: (data.max_age > 0)
                            .then(|| created + chrono::Duration::seconds(i64::from(data.max_age))),
                        temporary: data.temporary,
                    },
                );
            }
        }
        FullEvent::InviteDelete { data } => {
            if let (Some(guild), Some(r)) = (data.guild_id, shared.resolver()) {
                r.invite_deleted(&key(guild), &data.code);
            }
        }
        _ => {}
    }
}

fn deleted(guild: serenity::GuildId, id: serenity::MessageId, now: crate::domain::Ts) -> Envelope {
    Envelope::new(key(guild), format!("del:{id}"), now, Event::MessageDeleted { message_id: uid(id) })
}

/// A join goes to the resolver, which queues it for the next invite fetch of its window.
fn member_added(shared: &Shared, m: &Member, now: crate::domain::Ts) {
    if m.user.id.get() == shared.bot_id() {
        return;
    }
    let _span = tracing::info_span!("member_joined", community = %key(m.guild_id), member = %m.user.id).entered();
    let Some(r) = shared.resolver() else { return };
    let at = m.joined_at.map_or(now, |t| *t);
    let meta = JoinMeta {
        name: Some(members::display_name(&m.user, m.nick.as_deref())),
        is_bot: m.user.bot,
        account_created: Some(account_created(m.user.id.get())),
    };
    shared.order.join_pending(&key(m.guild_id), uid(m.user.id));
    r.join(&key(m.guild_id), uid(m.user.id), at, meta);
}
