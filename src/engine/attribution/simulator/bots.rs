//! The two algorithms under test, driven through a timeline on simulated time: ours (the
//! [`CommunityResolver`] state machine, exactly as the async resolver drives it) and the
//! common tracker algorithm (fetch on every join, credit the first invite whose uses went up).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::cursor::WorldCursor;
use super::world::{Gateway, Timeline};
use crate::domain::{Attribution, Confidence, Ts, UserId};
use crate::engine::attribution::discord::{
    CommunityResolver, FetchError, IncomingJoin, InviteList, JoinMeta, Millis, ResolverConfig,
};

/// One answer per delivered join.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub answers: Vec<(UserId, Ts, Attribution)>,
    /// Invite-list fetches made.
    pub fetches: u64,
    /// Our resolver only: the simulated time each answer was given and its join's event was
    /// received (parallel to `answers`), and each fetch started, for the benchmark's delays
    /// and fetches per window.
    pub resolved_at: Vec<Millis>,
    pub received_at: Vec<Millis>,
    pub fetch_times: Vec<Millis>,
}

/// Runs our resolver over the timeline.
pub fn run_ours(tl: &Timeline, config: &ResolverConfig) -> Run {
    let mut rng = ChaCha8Rng::seed_from_u64(tl.scenario.seed ^ 0x000a_11ce);
    let mut world = WorldCursor::new(tl);
    let mut run = Run::default();
    let new_machine = || {
        let mut m = CommunityResolver::new(config.clone());
        *m.book_mut() = tl.book.clone();
        m
    };
    let mut machine = Some(new_machine());
    if let Some(m) = &mut machine {
        let list = world.list_at(0);
        run.fetches += 1;
        run.fetch_times.push(0);
        m.set_snapshot(0, list, tl.wall(0));
    }
    let mut stored = machine.as_ref().and_then(|m| m.baseline().cloned());
    let mut fetch: Option<(Millis, Result<InviteList, FetchError>)> = None;
    let mut wake: Option<Millis> = None;
    let mut next = 0usize;
    let mut downs =
        tl.downtimes.iter().flat_map(|&(a, b)| [(a, false), (b, true)]).collect::<Vec<_>>().into_iter().peekable();
    let mut now: Millis = 0;
    loop {
        if let Some(m) = &mut machine {
            let step = m.poll(now);
            record(&mut run, step.resolved, now);
            if step.fetch {
                run.fetches += 1;
                run.fetch_times.push(now);
                let (lo, hi) = tl.scenario.fetch_latency_ms;
                let latency = rng.random_range(lo..=hi.max(lo));
                let serve = now + rng.random_range(0..=latency);
                let result = if rng.random_bool(tl.scenario.p_fetch_error) {
                    Err(FetchError::Failed("simulated 502".into()))
                } else {
                    Ok(world.list_at(serve))
                };
                fetch = Some((now + latency, result));
            }
            wake = step.wake_at;
            if let Some(b) = m.baseline() {
                stored = Some(b.clone());
            }
        }
        let candidates = [
            tl.deliveries.get(next).map(|(t, _)| *t),
            fetch.as_ref().map(|(t, _)| *t),
            wake,
            downs.peek().map(|(t, _)| *t),
        ];
        let Some(t) = candidates.into_iter().flatten().min() else { break };
        now = t.max(now);
        if downs.peek().is_some_and(|(d, _)| *d <= now) {
            let (_, up) = downs.next().expect("peeked");
            if up {
                let mut m = new_machine();
                if let Some(s) = stored.clone() {
                    m.restore(s);
                }
                if tl.scenario.resync_on_start {
                    m.resync(now);
                }
                machine = Some(m);
            } else if let Some(mut m) = machine.take() {
                // A graceful stop: what can be said is said, the rest is unknown.
                record(&mut run, m.shutdown(), now);
                fetch = None;
                wake = None;
            }
            continue;
        }
        if fetch.as_ref().is_some_and(|(t, _)| *t <= now) {
            let (_, result) = fetch.take().expect("checked");
            if let Some(m) = &mut machine {
                let resolved = m.fetched(now, result, tl.wall(now));
                record(&mut run, resolved, now);
            }
            continue;
        }
        if let Some((t, g)) = tl.deliveries.get(next)
            && *t <= now
        {
            next += 1;
            if let Some(m) = &mut machine {
                match g {
                    Gateway::Join { user, at } => {
                        m.join(now, IncomingJoin { user: *user, at: *at, meta: JoinMeta::default() })
                    }
                    Gateway::Created(info) => m.invite_created(now, info.clone()),
                    Gateway::Deleted(code) => m.invite_deleted(now, code),
                }
            }
            continue;
        }
        // A wake-up: poll at the top of the loop.
        wake = None;
    }
    if let Some(m) = &mut machine {
        record(&mut run, m.shutdown(), now);
    }
    run
}

fn record(run: &mut Run, resolved: Vec<crate::engine::attribution::discord::Resolved>, now: Millis) {
    run.resolved_at.extend(std::iter::repeat_n(now, resolved.len()));
    run.received_at.extend(resolved.iter().map(|r| r.received));
    run.answers.extend(resolved.into_iter().map(|r| (r.user, r.at, r.attribution)));
}

/// The common tracker algorithm: on each join, fetch the invites, credit the first one whose
/// uses went up (else the vanity URL if its uses went up, else unknown), and remember the
/// list. Joins are handled one at a time as their events arrive.
pub fn run_naive(tl: &Timeline) -> Run {
    let mut rng = ChaCha8Rng::seed_from_u64(tl.scenario.seed ^ 0x0b0b);
    let mut world = WorldCursor::new(tl);
    let mut run = Run::default();
    let mut cache = world.list_at(0);
    run.fetches += 1;
    let mut busy_until: Millis = 0;
    let mut downs = tl.downtimes.iter().peekable();
    for (t, g) in &tl.deliveries {
        // Back from a downtime: fetch a fresh cache on start, as trackers do.
        while downs.peek().is_some_and(|(_, b)| *b <= *t) {
            let (_, b) = downs.next().expect("peeked");
            let at = (*b).max(busy_until);
            cache = world.list_at(at);
            run.fetches += 1;
            busy_until = at;
        }
        match g {
            Gateway::Created(info) => cache.invites.push(info.clone()),
            Gateway::Deleted(code) => cache.invites.retain(|i| &i.code != code),
            Gateway::Join { user, at } => {
                let (lo, hi) = tl.scenario.fetch_latency_ms;
                let latency = rng.random_range(lo..=hi.max(lo));
                let start = (*t).max(busy_until);
                let serve = start + rng.random_range(0..=latency);
                busy_until = start + latency;
                run.fetches += 1;
                if rng.random_bool(tl.scenario.p_fetch_error) {
                    run.answers.push((*user, *at, Attribution::unknown()));
                    continue;
                }
                let fresh = world.list_at(serve);
                let went_up = fresh
                    .invites
                    .iter()
                    .find(|i| i.uses > cache.invites.iter().find(|c| c.code == i.code).map_or(0, |c| c.uses));
                let answer = match went_up {
                    Some(i) => {
                        let label = tl.book.label(&i.code, i.inviter);
                        label.attribution(Some(i.code.clone()), false)
                    }
                    None => match (&cache.vanity, &fresh.vanity) {
                        (Some(a), Some(b)) if b.uses > a.uses => Attribution::vanity(),
                        _ => Attribution::unknown(),
                    },
                };
                debug_assert!(answer.confidence != Confidence::Ambiguous);
                run.answers.push((*user, *at, answer));
                cache = fresh;
            }
        }
    }
    run
}
