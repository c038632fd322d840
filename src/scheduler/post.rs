//! Posting a community's digest for a period: claim it, build it (or take what a crashed
//! holder built), render it in the community's language, post it, mark it posted.

use crate::app::App;
use crate::commands::views;
use crate::commands::{Attachment, PlatformError, PlatformOps, Rendered};
use crate::digest::{Digest, DigestPeriod, build};
use crate::domain::CommunityKey;
use crate::i18n::Lang;
use crate::store::{Claim, CommunityId, StoreError, to_millis};

/// How long another process's unposted claim is respected before it is taken over.
pub const CLAIM_LEASE_MS: i64 = 10 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error("store")]
    Store(#[from] StoreError),
    #[error("the platform refused the digest")]
    Platform(#[from] PlatformError),
    #[error("no digest channel is set (use /settings digest_channel)")]
    NoChannel,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Posted {
    /// Posted now.
    Posted { period: String },
    /// Already posted (or another process is posting it).
    AlreadyDone { period: String },
}

/// A name for this process in claims: host and pid.
pub fn holder_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "snowball".into());
    format!("{host}:{}", std::process::id())
}

/// Posts the digest of `period` once. With `force` (a manager's `/digest now`) it is posted
/// even if it was posted before, and the scheduler's claim is left as it was.
#[tracing::instrument(skip(app, ops), fields(community = %key))]
pub async fn post_digest(
    app: &App,
    ops: &dyn PlatformOps,
    key: &CommunityKey,
    community: CommunityId,
    period: DigestPeriod,
    force: bool,
) -> Result<Posted, PostError> {
    let label = period.to_string();
    let holder = holder_id();
    let now = app.clock.now();
    let settings = app.settings(community).await?;
    let schedule = settings.schedule(&app.config.digest);
    let channel = settings.digest_channel.clone();
    if channel.is_none() && ops.platform() == crate::domain::Platform::Discord {
        return Err(PostError::NoChannel);
    }
    let claim = app.store.claim_digest(community, &label, &holder, to_millis(now), CLAIM_LEASE_MS).await?;
    let (claimed, payload) = match claim {
        Claim::Won { payload } => (true, payload),
        Claim::Lost if force => (false, None),
        Claim::Lost => return Ok(Posted::AlreadyDone { period: label }),
    };
    let digest: Digest = match payload.and_then(|p| serde_json::from_str(&p).ok()) {
        Some(d) => d,
        None => {
            let rules = app.rules_for(community).await?;
            let d = build(&app.store, community, period, &rules, schedule.timezone, now).await?;
            if claimed {
                let json = serde_json::to_string(&d).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                app.store.save_digest_payload(community, &label, &holder, &json).await?;
            }
            d
        }
    };
    let lang = settings.language_or(&app.config);
    let message = with_chart(app, community, &digest, lang, views::digest(lang, &digest)).await;
    if let Err(e) = ops.post(key, channel.as_deref(), message).await {
        app.metrics.digest_failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if claimed {
            // Give the claim back so the next check tries again.
            app.store.release_digest(community, &label, &holder).await?;
        }
        return Err(e.into());
    }
    if claimed {
        app.store.mark_digest_posted(community, &label, &holder, to_millis(app.clock.now())).await?;
    }
    app.metrics.digests_posted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tracing::info!(period = %label, forced = force, "digest posted");
    Ok(Posted::Posted { period: label })
}

/// `message` with the digest's chart attached. A chart that cannot be drawn is logged and left
/// out: the digest is posted without its picture rather than not at all.
pub async fn with_chart(app: &App, community: CommunityId, digest: &Digest, lang: Lang, message: Rendered) -> Rendered {
    match crate::digest::chart(&app.store, community, digest, lang).await {
        Ok(bytes) => Rendered {
            attachment: Some(Attachment { file_name: crate::chart::FILE_NAME.into(), mime: "image/png", bytes }),
            ..message
        },
        Err(e) => {
            crate::telemetry::log_error_chain("the digest chart could not be drawn; the digest goes without it", &e);
            message
        }
    }
}
