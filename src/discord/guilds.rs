//! A guild becomes available (GUILD_CREATE, after every READY): record its name and members,
//! register the codes of personal and campaign invites, snapshot the invites (and keep the
//! snapshot in the store), and record as `unknown` the joins that happened while the bot was
//! away.

use std::sync::Arc;

use serenity::all::{Guild, GuildId};

use super::guild_book::Facts;
use super::members;
use super::shared::{Shared, key, uid};
use crate::domain::{Attribution, Envelope, Event, Join, JoinQuality, Platform};
use crate::engine::attribution::discord::{CodeOwner, FetchError, InviteSource, account_created};
use crate::store::{CommunityId, StoreError, from_millis, to_millis};

/// The invite code of a stored link (`https://discord.gg/abc` → `abc`).
pub fn code_of(link: &str) -> &str {
    link.trim_end_matches('/').rsplit('/').next().unwrap_or(link)
}

/// Everything to do when a guild becomes available. Runs as its own task: nothing here may
/// delay the gateway events that follow.
#[tracing::instrument(skip_all, fields(community = %key(guild.id)))]
pub async fn available(shared: Arc<Shared>, guild: Guild) {
    let Some(community) = community_with_retry(&shared, guild.id).await else {
        resync(&shared, guild.id);
        return;
    };
    if let Err(e) = shared.app.store.set_community_name(community, &guild.name).await {
        crate::telemetry::log_error_chain("could not save the community name", &e);
    }
    if let Err(e) = register_codes(&shared, guild.id, community).await {
        crate::telemetry::log_error_chain("could not load personal and campaign invite codes", &e);
    }
    // When snowball first knew this community (before this GUILD_CREATE's events land).
    let known_since = match shared.app.store.communities_on(Platform::Discord).await {
        Ok(all) => all.into_iter().find(|c| c.id == community).and_then(|c| c.first_event_ms).map(from_millis),
        Err(e) => {
            crate::telemetry::log_error_chain("could not read when snowball first knew the community", &e);
            None
        }
    };
    snapshot(&shared, guild.id, community).await;
    // The roles as this event lists them, beside the members it lists with them.
    let facts = Facts::of(&guild, shared.bot_user());
    for member in guild.members.values() {
        members::record(&shared, &facts, member);
    }
    if let Some(since) = known_since {
        match offline_joins(&shared, &guild, community, since).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(joins = n, "joins while snowball was away recorded as unknown"),
            Err(e) => crate::telemetry::log_error_chain("could not check for joins while away", &e),
        }
    }
    shared.known.insert(guild.id);
}

/// The bot was just added to `guild`: tell its managers what snowball does and what it still
/// needs, in the system channel (or the first channel the bot may post in).
pub async fn welcome(shared: Arc<Shared>, guild: GuildId) {
    let ops = super::ops::DiscordOps::new(shared.clone());
    let Some(channel) = ops.welcome_channel(guild) else {
        tracing::warn!(community = %key(guild), "snowball was added but may post in no channel; run /setup");
        return;
    };
    let channel = channel.to_string();
    crate::commands::onboarding::post_welcome(&shared.app, &ops, &key(guild), Some(&channel)).await;
}

/// The community's id, retried with backoff while the database is unreachable (about a
/// minute; `None` after that or when stopping — joins still work, the resolver takes its first
/// fetch as the baseline, and bot-made links are credited from the store when it answers).
async fn community_with_retry(shared: &Shared, guild: GuildId) -> Option<CommunityId> {
    let mut backoff = std::time::Duration::from_secs(1);
    for attempt in 1..=6 {
        match shared.app.community_id(&key(guild)).await {
            Ok(id) => return Some(id),
            Err(e) => crate::telemetry::log_error_chain(
                &format!("the store is unreachable (attempt {attempt}); the guild's setup waits"),
                &e,
            ),
        }
        tokio::time::sleep(backoff).await;
        backoff *= 2;
        shared.resolver()?;
    }
    None
}

/// Tells the resolver which codes belong to members' personal links and to campaigns.
async fn register_codes(shared: &Shared, guild: GuildId, community: CommunityId) -> Result<(), StoreError> {
    let Some(resolver) = shared.resolver() else { return Ok(()) };
    let k = key(guild);
    for (user, link) in shared.app.store.personal_invites(community).await? {
        resolver.set_code_owner(&k, code_of(&link), Some(CodeOwner::Member(user)));
    }
    for c in shared.app.store.campaigns(community).await? {
        if let Some(link) = &c.invite {
            resolver.set_code_owner(
                &k,
                code_of(link),
                Some(CodeOwner::Campaign { name: c.name.clone(), paid: c.paid }),
            );
        }
    }
    Ok(())
}

/// A fresh baseline of the guild's invites (and the vanity URL), kept in the store too so a
/// restart has something to compare with.
async fn snapshot(shared: &Shared, guild: GuildId, community: CommunityId) {
    let Some(resolver) = shared.resolver() else { return };
    let k = key(guild);
    match resolver_source(shared).fetch(&k).await {
        Ok(list) => {
            resolver.snapshot(&k, list.clone());
            if let Err(e) = shared.app.store.save_invite_snapshot(community, &list, shared.app.clock.now()).await {
                crate::telemetry::log_error_chain("could not save the invite snapshot", &e);
            }
        }
        // Said once in the log by the source; the resolver records joins as unknown.
        Err(FetchError::Forbidden) => resolver.resync(&k),
        Err(e) => {
            tracing::warn!(error = %e, "could not snapshot the invites; the resolver fetches again on the next join");
            resolver.resync(&k);
        }
    }
}

fn resolver_source(shared: &Shared) -> super::invites::HttpInvites {
    super::invites::HttpInvites::new(
        shared.http.clone(),
        shared.guilds.clone(),
        shared.app.metrics.clone(),
        shared.forbidden.clone(),
    )
}

fn resync(shared: &Shared, guild: GuildId) {
    if let Some(r) = shared.resolver() {
        r.resync(&key(guild));
    }
}

/// Members who joined after snowball first knew the community, without a recorded join since:
/// they joined while snowball was offline (or their join was lost in a crash). Their join is recorded as `unknown` — never credited
/// by guess. Returns how many.
async fn offline_joins(
    shared: &Shared,
    guild: &Guild,
    community: CommunityId,
    since: crate::domain::Ts,
) -> Result<usize, StoreError> {
    let bot = shared.bot_id();
    let mut n = 0;
    for m in guild.members.values() {
        let Some(joined) = m.joined_at.map(|t| *t) else { continue };
        if m.user.id.get() == bot || joined <= since {
            continue;
        }
        let row = shared.app.store.member(community, uid(m.user.id)).await?;
        let recorded = row.is_some_and(|r| r.present() && r.joined_at.is_some_and(|j| j >= to_millis(joined)));
        if recorded {
            continue;
        }
        let join = Join {
            user: uid(m.user.id),
            name: Some(members::display_name(&m.user, m.nick.as_deref())),
            is_bot: m.user.bot,
            account_created: Some(account_created(m.user.id.get())),
            attribution: Attribution::unknown(),
            quality: JoinQuality::default(),
        };
        // The same source id the resolver would use: whichever comes first counts.
        let id = format!("join:{}:{}", m.user.id, joined.timestamp_millis());
        shared.submit(Envelope::new(key(guild.id), id, joined, Event::MemberJoined(join)));
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_from_links() {
        assert_eq!(super::code_of("https://discord.gg/abc123"), "abc123");
        assert_eq!(super::code_of("abc123"), "abc123");
    }
}
