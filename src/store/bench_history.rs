//! Bulk seeding of a long community history for `snowball-bench`'s digest at the size
//! (1M members, 10M events of history): ingesting that through the writer would take hours, and
//! the digest reads only the projections, so they are written directly, in bulk, with the store's
//! own row writers (the rows are exactly what the ingest would have written). Nothing here is used
//! by the bot.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{
    CommunityId, CustomerRow, JoinRow, MemberRow, MessageRow, Store, StoreError, TransitionRow, ValueRow, customers,
    joins, members, messages, transitions, value,
};
use crate::domain::{Attribution, Confidence, JoinQuality, Origin, Role, Source, Stage, UserId, ValueKind};
use crate::engine::funnel::StageReason;

/// Seeded members' ids start here (far above the demo generator's small ids).
pub const FIRST_SEEDED_USER: UserId = 1_000_000_000;
/// Seeded messages' ids start here.
const FIRST_SEEDED_MESSAGE: i64 = 1_000_000_000_000;
/// Rows written per transaction.
const BLOCK: i64 = 20_000;

/// What to seed: `members` who joined evenly over `[from, until)` (Unix ms) and `rows` rows of
/// their activity over the same span — messages 70 %, value exchanges 25 %, funnel moves 5 % —
/// each kind written in time order, as a live community writes them.
#[derive(Clone, Copy, Debug)]
pub struct History {
    pub members: i64,
    pub rows: i64,
    pub from: i64,
    pub until: i64,
    pub seed: u64,
}

/// How many rows of each kind were written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Seeded {
    pub members: i64,
    pub joins: i64,
    pub messages: i64,
    pub value_exchanges: i64,
    pub transitions: i64,
}

impl History {
    fn span(&self) -> i64 {
        (self.until - self.from).max(1)
    }

    /// The `k`-th of `n` instants spread evenly over the span.
    fn at(&self, k: i64, n: i64) -> i64 {
        self.from + (i128::from(self.span()) * i128::from(k) / i128::from(n.max(1))) as i64
    }

    /// A member who had joined by `at`.
    fn someone(&self, rng: &mut ChaCha8Rng, at: i64) -> UserId {
        let joined = (i128::from(at - self.from) * i128::from(self.members) / i128::from(self.span())) as i64;
        FIRST_SEEDED_USER + rng.random_range(0..joined.clamp(1, self.members.max(1)))
    }
}

impl Store {
    /// Writes `history` into `community` (see [`History`]); deterministic for a seed.
    pub async fn bench_seed_history(&self, community: CommunityId, h: &History) -> Result<Seeded, StoreError> {
        let mut rng = ChaCha8Rng::seed_from_u64(h.seed);
        let mut out = Seeded::default();
        for block in (0..h.members).step_by(BLOCK as usize) {
            let (ms, js): (Vec<MemberRow>, Vec<JoinRow>) =
                (block..(block + BLOCK).min(h.members)).map(|i| member(community, h, i, &mut rng)).unzip();
            let mut tx = self.pool().await?.begin().await?;
            members::upsert(&mut tx, &ms.iter().collect::<Vec<_>>()).await?;
            joins::insert(&mut tx, &js).await?;
            tx.commit().await?;
            out.members += ms.len() as i64;
            out.joins += js.len() as i64;
        }

        let n = h.rows * 70 / 100;
        for block in (0..n).step_by(BLOCK as usize) {
            let rows: Vec<MessageRow> = (block..(block + BLOCK).min(n))
                .map(|k| {
                    let at = h.at(k, n);
                    MessageRow {
                        community,
                        message_id: FIRST_SEEDED_MESSAGE + k,
                        author: h.someone(&mut rng, at),
                        at,
                        question: rng.random_bool(0.1),
                        deleted: false,
                    }
                })
                .collect();
            let mut tx = self.pool().await?.begin().await?;
            messages::upsert(&mut tx, &rows.iter().collect::<Vec<_>>()).await?;
            tx.commit().await?;
            out.messages += rows.len() as i64;
        }

        let n = h.rows * 25 / 100;
        for block in (0..n).step_by(BLOCK as usize) {
            let rows: Vec<ValueRow> = (block..(block + BLOCK).min(n))
                .map(|k| {
                    let at = h.at(k, n);
                    let (giver, receiver) = (h.someone(&mut rng, at), h.someone(&mut rng, at));
                    ValueRow {
                        id: None,
                        community,
                        event_id: 0,
                        at,
                        actor: receiver,
                        giver,
                        receiver,
                        giver_role: Role::Member,
                        receiver_role: Role::Member,
                        kind: ValueKind::Support,
                        weight: 1,
                        origin: Origin::Thanks,
                        message_id: None,
                        note: None,
                        withdrawn_at: None,
                    }
                })
                .collect();
            let mut tx = self.pool().await?.begin().await?;
            value::insert(&mut tx, &rows.iter().collect::<Vec<_>>()).await?;
            tx.commit().await?;
            out.value_exchanges += rows.len() as i64;
        }

        let n = h.rows - out.messages - out.value_exchanges;
        for block in (0..n).step_by(BLOCK as usize) {
            let rows: Vec<TransitionRow> = (block..(block + BLOCK).min(n))
                .map(|k| {
                    let at = h.at(k, n);
                    TransitionRow {
                        community,
                        user: h.someone(&mut rng, at),
                        at,
                        from: Stage::Newcomer,
                        to: Stage::Engaged,
                        reason: StageReason::Messages { messages: 5, days: 14 },
                    }
                })
                .collect();
            let mut tx = self.pool().await?.begin().await?;
            transitions::insert(&mut tx, &rows).await?;
            tx.commit().await?;
            out.transitions += rows.len() as i64;
        }
        Ok(out)
    }
}

impl Store {
    /// Gives members `first..first + count` (already seeded) what a live community's members
    /// have besides exchanges: their join, two stage changes each, and a sale for one in twenty;
    /// members joined one second apart from `from` (Unix ms). The commands bench reads these
    /// per member (`/me`), and a per-member read that walks the community shows only when the
    /// community has them.
    pub async fn bench_seed_member_histories(
        &self,
        community: CommunityId,
        first: UserId,
        count: i64,
        from: i64,
    ) -> Result<(), StoreError> {
        for block in (0..count).step_by(BLOCK as usize) {
            let range = block..(block + BLOCK).min(count);
            let at = |i: i64| from + i * 1_000;
            let js: Vec<JoinRow> = range
                .clone()
                .map(|i| JoinRow {
                    community,
                    event_id: 0,
                    user: first + i,
                    at: at(i),
                    attribution: Attribution::unknown(),
                    quality: JoinQuality::default(),
                    left_at: None,
                })
                .collect();
            let moves = |i: i64, from_stage, to, days: i64| TransitionRow {
                community,
                user: first + i,
                at: at(i) + days * 86_400_000,
                from: from_stage,
                to,
                reason: StageReason::Messages { messages: 5, days: 14 },
            };
            let ts: Vec<TransitionRow> = range
                .clone()
                .flat_map(|i| {
                    [moves(i, Stage::Newcomer, Stage::Engaged, 3), moves(i, Stage::Engaged, Stage::Contributor, 30)]
                })
                .collect();
            let cs: Vec<CustomerRow> = range
                .filter(|i| i % 20 == 0)
                .map(|i| CustomerRow {
                    community,
                    event_id: 0,
                    user: first + i,
                    at: at(i) + 40 * 86_400_000,
                    amount_minor: Some(4_990),
                    currency: Some("USD".into()),
                    source: Source::Unknown,
                    inviter: None,
                    campaign: None,
                    influenced: false,
                    marked_by: None,
                })
                .collect();
            let mut tx = self.pool().await?.begin().await?;
            joins::insert(&mut tx, &js).await?;
            transitions::insert(&mut tx, &ts).await?;
            customers::insert(&mut tx, &cs).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// The `i`-th member (joined at the `i`-th instant) and their join: most still newcomers, one in
/// ten gone, active at some point between their join and the end of the history.
fn member(community: CommunityId, h: &History, i: i64, rng: &mut ChaCha8Rng) -> (MemberRow, JoinRow) {
    let user = FIRST_SEEDED_USER + i;
    let joined = h.at(i, h.members);
    let stage = match rng.random_range(0..100) {
        0..70 => Stage::Newcomer,
        70..90 => Stage::Engaged,
        90..97 => Stage::Contributor,
        97..99 => Stage::Customer,
        _ => Stage::Ambassador,
    };
    let left = rng.random_bool(0.1).then(|| rng.random_range(joined..h.until.max(joined + 1)));
    let inviter = (i > 0 && rng.random_bool(0.4)).then(|| FIRST_SEEDED_USER + rng.random_range(0..i));
    let source = if inviter.is_some() { Source::Referral } else { Source::Unknown };
    let confidence = if inviter.is_some() { Confidence::Exact } else { Confidence::Unknown };
    let messages = rng.random_range(0..40);
    let row = MemberRow {
        name: Some(format!("member {i}")),
        first_joined_at: Some(joined),
        joined_at: Some(joined),
        left_at: left,
        join_count: 1,
        source: Some(source),
        confidence: Some(confidence),
        inviter,
        last_active_at: (messages > 0).then(|| rng.random_range(joined..h.until.max(joined + 1))),
        messages,
        early_messages: messages.min(5),
        stage,
        stage_at: (stage != Stage::Newcomer).then_some(joined),
        first_seen_at: Some(joined),
        ..MemberRow::new(community, user)
    };
    let join = JoinRow {
        community,
        event_id: 0,
        user,
        at: joined,
        attribution: Attribution { source, confidence, inviter, ..Attribution::default() },
        quality: JoinQuality::default(),
        left_at: left,
    };
    (row, join)
}
