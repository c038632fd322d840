//! Joins and leaves from `chat_member` updates (service messages are not relied on: groups can
//! hide them), join requests, and the bot's own membership.
//!
//! A join is attributed by the link its update names (`invite_link`), or by the link of the
//! join request it follows, through the Telegram attribution engine: exact for links the bot
//! made and links other admins made, `unknown` when there is no link — never a guess.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{ChatInviteLink, ChatJoinRequest, ChatMemberUpdated};

use super::context::Adapter;
use crate::domain::{CommunityKey, Event, Join, JoinQuality, Role, UserId, Word};
use crate::engine::attribution::telegram::{PersonalLinks, TelegramJoin, TelegramLink, TelegramLinks};
use crate::store::StoreError;

fn link(l: &ChatInviteLink) -> TelegramLink {
    TelegramLink {
        url: l.invite_link.clone(),
        creator: l.creator.id.0 as UserId,
        name: l.name.clone(),
        creates_join_request: l.creates_join_request,
        is_primary: l.is_primary,
    }
}

/// Everything the store knows about a community's links.
async fn links(ad: &Adapter, key: &CommunityKey) -> Result<TelegramLinks, StoreError> {
    let store = &ad.app.store;
    let id = ad.app.community_id(key).await?;
    let mut links = TelegramLinks::new(ad.me.id);
    links.personal = PersonalLinks::from_pairs(store.personal_invites(id).await?);
    for c in store.campaigns(id).await? {
        links.add_campaign(&c.name, c.paid, c.invite.as_deref());
    }
    Ok(links)
}

/// [`links`], retried while the database is unreachable (a join attributed without its links
/// would be recorded as `unknown` for good). The update stays unconfirmed meanwhile, like every
/// update whose events wait for the database; a stop ends the wait and Telegram sends it again.
async fn links_patiently(ad: &Adapter, key: &CommunityKey) -> Result<TelegramLinks, StoreError> {
    let mut wait = Duration::from_millis(200);
    loop {
        match links(ad, key).await.map_err(|e| ad.app.store.observe(e)) {
            Err(e) if e.is_transient() => {
                crate::telemetry::log_error_chain(&format!("reading the invite links; retrying in {wait:?}"), &e);
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = ad.stop.cancelled() => return Err(e),
                }
                wait = (wait * 2).min(Duration::from_secs(30));
            }
            other => return other,
        }
    }
}

#[tracing::instrument(skip_all, fields(update = update.id.0, community = cm.chat.id.0, member = cm.new_chat_member.user.id.0))]
pub async fn on_chat_member(ad: Arc<Adapter>, update: Update, cm: ChatMemberUpdated) -> anyhow::Result<()> {
    let pending = ad.commits.begin(update.id.0);
    let (old, new) = (&cm.old_chat_member.kind, &cm.new_chat_member.kind);
    if old.is_privileged() != new.is_privileged() {
        ad.admins.forget(cm.chat.id);
    }
    let key = CommunityKey::telegram(cm.chat.id.0);
    let user = &cm.new_chat_member.user;
    let id = user.id.0 as UserId;
    let source = format!("upd:{}", update.id.0);
    let event = match (old.is_present(), new.is_present()) {
        (false, true) => {
            let remembered = ad.join_requests.remove(&(cm.chat.id.0, id)).map(|(_, l)| l);
            let join = TelegramJoin {
                user: id,
                link: cm.invite_link.as_ref().map(link).or(remembered),
                via_join_request: cm.via_join_request,
                via_chat_folder: cm.via_chat_folder_invite_link,
                // `from` is whoever made the change: the person, an approver, or an adder.
                added_by: Some(cm.from.id.0 as UserId).filter(|by| *by != id),
            };
            let attribution = links_patiently(&ad, &key).await?.attribute(&join);
            ad.app.metrics.attribution(attribution.source.word(), attribution.confidence.word());
            tracing::info!(source = %attribution.source, confidence = %attribution.confidence, inviter = ?attribution.inviter, "member joined");
            // Joins carry the name: no separate MemberSeen needed.
            let _ = ad.seen_event(cm.chat.id.0, user, update.id.0);
            Event::MemberJoined(Join {
                user: id,
                name: Some(user.full_name()).filter(|n| !n.trim().is_empty()),
                is_bot: user.is_bot,
                account_created: None,
                attribution,
                quality: JoinQuality::default(),
            })
        }
        (true, false) => Event::MemberLeft { user: id },
        (true, true) if old.is_privileged() != new.is_privileged() => {
            let role = if new.is_privileged() { Role::Manager } else { Role::Member };
            tracing::info!(?role, "a member's administrator rights changed");
            ad.role_event(cm.chat.id.0, user, role, update.id.0).1
        }
        _ => {
            pending.skip();
            return Ok(());
        }
    };
    let mut events = ad.admins_on_first_sight(cm.chat.id, update.id.0).await;
    events.push((source, event));
    ad.commit(pending, &key, cm.date, events);
    Ok(())
}

/// A join request: remembered, so the join that follows its approval is attributed to its
/// link even when that update does not name it.
#[tracing::instrument(skip_all, fields(update = update.id.0, community = req.chat.id.0, member = req.from.id.0))]
pub async fn on_join_request(ad: Arc<Adapter>, update: Update, req: ChatJoinRequest) -> anyhow::Result<()> {
    let pending = ad.commits.begin(update.id.0);
    if let Some(l) = &req.invite_link {
        ad.join_requests.insert((req.chat.id.0, req.from.id.0 as UserId), link(l));
    }
    pending.skip();
    Ok(())
}

/// The bot was added, promoted, demoted or removed.
#[tracing::instrument(skip_all, fields(update = update.id.0, community = cm.chat.id.0))]
pub async fn on_my_chat_member(ad: Arc<Adapter>, update: Update, cm: ChatMemberUpdated) -> anyhow::Result<()> {
    let pending = ad.commits.begin(update.id.0);
    ad.admins.forget(cm.chat.id);
    let new = &cm.new_chat_member.kind;
    let old = &cm.old_chat_member.kind;
    // Added to a group, or made an administrator there: tell the managers what snowball does
    // and what is still missing (a channel or a private chat gets nothing).
    let arrived = new.is_present() && (!old.is_present() || (new.is_privileged() && !old.is_privileged()));
    if arrived && (cm.chat.is_group() || cm.chat.is_supergroup()) {
        let (ad, key) = (ad.clone(), CommunityKey::telegram(cm.chat.id.0));
        tokio::spawn(async move {
            crate::commands::onboarding::post_welcome(&ad.app, ad.ops.as_ref(), &key, None).await;
        });
    }
    if new.is_present() && !new.is_privileged() {
        tracing::warn!(
            chat = cm.chat.id.0,
            "snowball is in a group but not an administrator: it cannot see joins or create invite links there (run /setup)"
        );
    } else {
        tracing::info!(
            chat = cm.chat.id.0,
            present = new.is_present(),
            admin = new.is_privileged(),
            "the bot's membership changed"
        );
    }
    pending.skip();
    Ok(())
}
