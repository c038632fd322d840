//! Resolved joins → the writer. The resolver credits an invite to its listed inviter unless
//! its code is registered as a member's personal link or a campaign's; the bot creates those
//! links, so a join credited to the bot itself means the code was not registered yet (the
//! store could not be read when the guild became available). Such a join is credited by the
//! store's record of the link, or else left `unknown` — never to the bot.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedReceiver;

use super::ops::invite_url;
use super::shared::{Shared, uid};
use crate::domain::{Attribution, Word};
use crate::engine::attribution::discord::ResolvedJoin;
use crate::store::StoreError;

/// Writes every resolved join, each followed by what waited for it (a leave).
pub async fn forward(shared: Arc<Shared>, mut joins: UnboundedReceiver<ResolvedJoin>) {
    while let Some(mut j) = joins.recv().await {
        let bot = uid(shared.bot_id());
        if j.join.attribution.inviter == Some(bot) {
            j.join.attribution = match owner(&shared, &j).await {
                Ok(a) => a,
                Err(e) => {
                    crate::telemetry::log_error_chain("could not look up who owns a bot-made invite", &e);
                    Attribution::unknown()
                }
            };
        }
        let a = &j.join.attribution;
        shared.app.metrics.attribution(a.source.word(), a.confidence.word());
        shared.app.metrics.event("member_joined");
        tracing::info!(
            community = %j.community,
            member = j.join.user,
            source = a.source.word(),
            confidence = a.confidence.word(),
            inviter = a.inviter,
            "join attributed"
        );
        if let Err(e) = shared.app.ingest.submit(j.envelope()) {
            crate::telemetry::log_error_chain("a join could not be queued", &e);
        }
        shared.order.join_written(&shared, &j.community, j.join.user);
    }
}

/// Who a bot-made invite really belongs to, from the store.
async fn owner(shared: &Shared, j: &ResolvedJoin) -> Result<Attribution, StoreError> {
    let a = &j.join.attribution;
    let Some(code) = a.invite.clone() else { return Ok(Attribution::unknown()) };
    let community = shared.app.community_id(&j.community).await?;
    let link = invite_url(&code);
    let store = &shared.app.store;
    if let Some(user) = store.personal_invite_owner(community, &link).await? {
        return Ok(Attribution::referral(user, Some(code), a.confidence));
    }
    if let Some(c) = store.campaign_by_invite(community, &link).await? {
        return Ok(Attribution { confidence: a.confidence, ..Attribution::campaign(c.name, c.paid, Some(code)) });
    }
    tracing::warn!(%code, "a join came through a bot-made invite nobody owns; recorded as unknown");
    Ok(Attribution { invite: Some(code), ..Attribution::unknown() })
}
