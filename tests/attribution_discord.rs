//! The Discord model, rule by rule: the diff core, the per-community machine and the async
//! resolver (on tokio's paused clock, with a fake invite source).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{Duration, TimeZone, Utc};
use snowball::domain::{Attribution, CommunityKey, Confidence, Event, Source, Ts};
use snowball::engine::attribution::discord::{
    CodeBook, CodeOwner, CommunityResolver, DiscordResolver, FetchError, IncomingJoin, InviteInfo, InviteList,
    InviteSource, JoinMeta, Observation, ResolverConfig, Snapshot, Vanity, account_created, diff_window,
};

fn t0() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn inv(code: &str, inviter: i64, uses: u32, max_uses: u32) -> InviteInfo {
    InviteInfo::new(code, Some(inviter), uses, max_uses)
}

fn list(invites: &[InviteInfo]) -> InviteList {
    InviteList { invites: invites.to_vec(), vanity: None }
}

fn snap(invites: &[InviteInfo]) -> Snapshot {
    Snapshot::from_list(&list(invites), Some(t0()), true)
}

fn obs(invites: &[InviteInfo]) -> Observation {
    Observation::new(list(invites), t0() + Duration::seconds(2))
}

fn diff(before: &[InviteInfo], after: &[InviteInfo], joins: usize) -> Vec<Attribution> {
    diff_window(&snap(before), &obs(after), &[], &vec![t0() + Duration::seconds(1); joins], &CodeBook::new(), true)
}

#[test]
fn one_join_one_increment_is_exact() {
    let a = diff(&[inv("a", 1, 3, 0), inv("b", 2, 5, 0)], &[inv("a", 1, 4, 0), inv("b", 2, 5, 0)], 1);
    assert_eq!(a, vec![Attribution::referral(1, Some("a".into()), Confidence::Exact)]);
}

#[test]
fn k_joins_on_one_inviters_invites_are_exact() {
    let a = diff(&[inv("a", 1, 0, 0), inv("a2", 1, 0, 0)], &[inv("a", 1, 2, 0), inv("a2", 1, 1, 0)], 3);
    for x in &a {
        assert_eq!((x.source, x.confidence, x.inviter), (Source::Referral, Confidence::Exact, Some(1)));
        assert_eq!(x.invite, None, "two codes: which one is not known");
    }
}

#[test]
fn increments_over_several_inviters_are_ambiguous() {
    let a = diff(&[inv("a", 1, 0, 0), inv("b", 2, 0, 0)], &[inv("a", 1, 1, 0), inv("b", 2, 1, 0)], 2);
    assert_eq!(a, vec![Attribution::ambiguous(vec![1, 2]); 2]);
    assert_eq!(a[0].credited_inviter(), None);
}

#[test]
fn a_join_that_may_have_used_no_invite_is_unknown_with_candidates() {
    // Two joins, one increment: either could be the Discovery join.
    let a = diff(&[inv("a", 1, 0, 0)], &[inv("a", 1, 1, 0)], 2);
    for x in &a {
        assert_eq!((x.confidence, x.source, x.candidates.as_slice()), (Confidence::Unknown, Source::Unknown, &[1][..]));
    }
}

#[test]
fn no_increment_is_unknown() {
    assert_eq!(diff(&[inv("a", 1, 0, 0)], &[inv("a", 1, 0, 0)], 1), vec![Attribution::unknown()]);
}

#[test]
fn a_used_up_single_use_invite_is_inferred_never_exact() {
    let a = diff(&[inv("one", 7, 0, 1), inv("a", 1, 0, 0)], &[inv("a", 1, 0, 0)], 1);
    assert_eq!(a, vec![Attribution::referral(7, Some("one".into()), Confidence::Inferred)]);
    // Without the assumption it is only a candidate (it may have been deleted by hand).
    let strict = diff_window(
        &snap(&[inv("one", 7, 0, 1)]),
        &obs(&[]),
        &[],
        &[t0() + Duration::seconds(1)],
        &CodeBook::new(),
        false,
    );
    assert_eq!((strict[0].confidence, strict[0].candidates.as_slice()), (Confidence::Unknown, &[7][..]));
}

#[test]
fn a_vanished_invite_counts_only_when_its_last_uses_fit() {
    // 5 uses allowed, 2 used: one join cannot have used it up, so it was deleted (or expired):
    // a candidate, never inferred.
    let a = diff(&[inv("five", 7, 2, 5)], &[], 1);
    assert_eq!((a[0].confidence, a[0].candidates.as_slice()), (Confidence::Unknown, &[7][..]));
    // Three joins can have used it up.
    let a = diff(&[inv("five", 7, 2, 5)], &[], 3);
    assert!(a.iter().all(|x| x.confidence == Confidence::Inferred && x.inviter == Some(7)), "{a:?}");
}

#[test]
fn an_invite_that_expired_before_the_join_cannot_explain_it() {
    let mut expiring = inv("exp", 7, 0, 1);
    expiring.expires_at = Some(t0());
    let a = diff_window(&snap(&[expiring]), &obs(&[]), &[], &[t0() + Duration::seconds(30)], &CodeBook::new(), true);
    assert_eq!(a, vec![Attribution::unknown()]);
}

#[test]
fn an_invite_created_in_the_window_counts_from_zero() {
    let a = diff(&[inv("a", 1, 9, 0)], &[inv("a", 1, 9, 0), inv("new", 3, 1, 0)], 1);
    assert_eq!(a, vec![Attribution::referral(3, Some("new".into()), Confidence::Exact)]);
    // Created and used up inside the window: known only from its create event.
    let created = [inv("flash", 4, 0, 1)];
    let a = diff_window(&snap(&[]), &obs(&[]), &created, &[t0() + Duration::seconds(1)], &CodeBook::new(), false);
    assert_eq!((a[0].confidence, a[0].candidates.as_slice()), (Confidence::Unknown, &[4][..]));
}

#[test]
fn vanity_increments_are_vanity() {
    let before = Snapshot { vanity: Some(Vanity { code: "acme".into(), uses: 10 }), ..snap(&[inv("a", 1, 0, 0)]) };
    let after = Observation::new(
        InviteList { invites: vec![inv("a", 1, 0, 0)], vanity: Some(Vanity { code: "acme".into(), uses: 11 }) },
        t0(),
    );
    let a = diff_window(&before, &after, &[], &[t0()], &CodeBook::new(), true);
    assert_eq!((a[0].source, a[0].confidence, a[0].inviter), (Source::Vanity, Confidence::Exact, None));
    // Vanity and a member's invite in one window of two joins: both unknown, the member a candidate.
    let after = Observation::new(
        InviteList { invites: vec![inv("a", 1, 1, 0)], vanity: Some(Vanity { code: "acme".into(), uses: 11 }) },
        t0(),
    );
    let a = diff_window(&before, &after, &[], &[t0(), t0()], &CodeBook::new(), true);
    assert!(a.iter().all(|x| x.confidence == Confidence::Unknown && x.candidates == [1]), "{a:?}");
}

#[test]
fn campaign_and_personal_codes_map_to_their_owner() {
    let mut book = CodeBook::new();
    book.insert("ads", CodeOwner::Campaign { name: "spring".into(), paid: true });
    book.insert("p9", CodeOwner::Member(9));
    let bot = 555;
    let a = diff_window(&snap(&[inv("ads", bot, 0, 0)]), &obs(&[inv("ads", bot, 1, 0)]), &[], &[t0()], &book, true);
    assert_eq!(a, vec![Attribution::campaign("spring".into(), true, Some("ads".into()))]);
    let a = diff_window(&snap(&[inv("p9", bot, 0, 0)]), &obs(&[inv("p9", bot, 1, 0)]), &[], &[t0()], &book, true);
    assert_eq!(a, vec![Attribution::referral(9, Some("p9".into()), Confidence::Exact)]);
}

#[test]
fn a_self_invite_is_still_reported() {
    // Member 1 left and came back through their own invite: attribution says so; the quality
    // rules flag it at ingest.
    let a = diff(&[inv("mine", 1, 0, 0)], &[inv("mine", 1, 1, 0)], 1);
    assert_eq!(a[0].inviter, Some(1));
}

#[test]
fn an_untrusted_baseline_never_gives_exact() {
    let before = Snapshot { trusted: false, ..snap(&[inv("a", 1, 0, 0)]) };
    let a = diff_window(&before, &obs(&[inv("a", 1, 1, 0)]), &[], &[t0()], &CodeBook::new(), true);
    assert_eq!((a[0].confidence, a[0].candidates.as_slice()), (Confidence::Unknown, &[1][..]));
}

#[test]
fn more_increments_than_joins_are_not_trusted() {
    // Two uses, one join: a join was missed; which use is this one's is not known.
    let a = diff(&[inv("a", 1, 0, 0)], &[inv("a", 1, 2, 0)], 1);
    assert_eq!((a[0].confidence, a[0].candidates.as_slice()), (Confidence::Unknown, &[1][..]));
}

#[test]
fn account_age_comes_from_the_snowflake() {
    // Discord's documented example: 175928847299117063 was created 2016-04-30T11:18:25.796Z.
    assert_eq!(
        account_created(175_928_847_299_117_063),
        Utc.with_ymd_and_hms(2016, 4, 30, 11, 18, 25).unwrap() + Duration::milliseconds(796)
    );
}

// ---- the state machine ----------------------------------------------------------------

fn config() -> ResolverConfig {
    ResolverConfig { window_ms: 1_000, settle_ms: 1_000, ..ResolverConfig::default() }
}

fn incoming(user: i64) -> IncomingJoin {
    IncomingJoin { user, at: t0() + Duration::milliseconds(user), meta: JoinMeta::default() }
}

/// Polls until the machine asks for a fetch or goes idle; returns (fetch asked, resolved).
fn run_until(
    m: &mut CommunityResolver,
    now: &mut u64,
    until: u64,
) -> (bool, Vec<snowball::engine::attribution::discord::Resolved>) {
    let mut out = Vec::new();
    loop {
        let step = m.poll(*now);
        out.extend(step.resolved);
        if step.fetch {
            return (true, out);
        }
        match step.wake_at {
            Some(t) if t <= until => *now = t,
            _ => return (false, out),
        }
    }
}

/// Runs the machine for up to four fetches, each looking at most `horizon` ms ahead and
/// answered with `answer` after `latency` ms; returns every join resolved.
fn serve_fetches(
    m: &mut CommunityResolver,
    now: &mut u64,
    horizon: u64,
    latency: u64,
    answer: &InviteList,
) -> Vec<snowball::engine::attribution::discord::Resolved> {
    let mut out = Vec::new();
    for _ in 0..4 {
        let until = *now + horizon;
        let (fetch, r) = run_until(m, now, until);
        out.extend(r);
        if !fetch {
            break;
        }
        *now += latency;
        out.extend(m.fetched(*now, Ok(answer.clone()), t0()));
    }
    out
}

#[test]
fn a_burst_shares_one_fetch() {
    let mut m = CommunityResolver::new(config());
    m.set_snapshot(0, list(&[inv("a", 1, 0, 0)]), t0());
    for u in 0..5 {
        m.join(10 + u * 100, incoming(100 + u as i64));
    }
    let mut now = 500;
    let (fetch, resolved) = run_until(&mut m, &mut now, 10_000);
    assert!(fetch && resolved.is_empty());
    assert_eq!(now, 1_010, "one window after the first join");
    assert!(m.fetched(now + 50, Ok(list(&[inv("a", 1, 5, 0)])), t0()).is_empty());
    now += 50;
    let (fetch, resolved) = run_until(&mut m, &mut now, 10_000);
    assert!(!fetch, "no second fetch");
    assert_eq!(resolved.len(), 5);
    assert!(resolved.iter().all(|r| r.attribution.inviter == Some(1) && r.attribution.confidence == Confidence::Exact));
}

#[test]
fn a_join_the_fetch_already_counted_is_not_pinned_on_another() {
    // Join 1 came through Discovery; join 2 used invite a just before the fetch was served,
    // but its event arrived after the fetch started. The naive reading ("1 join, a +1") would
    // credit 1 to a: wrong.
    let mut m = CommunityResolver::new(config());
    m.set_snapshot(0, list(&[inv("a", 1, 0, 0)]), t0());
    m.join(100, incoming(11));
    let mut now = 100;
    assert!(run_until(&mut m, &mut now, 10_000).0);
    m.join(now + 20, incoming(22));
    let done = now + 40;
    assert!(m.fetched(done, Ok(list(&[inv("a", 1, 1, 0)])), t0()).is_empty());
    now = done;
    assert!(run_until(&mut m, &mut now, 10_000).0, "the late join opens a chained window");
    let resolved = m.fetched(now + 10, Ok(list(&[inv("a", 1, 1, 0)])), t0());
    now += 10;
    let (_, more) = run_until(&mut m, &mut now, 20_000);
    let all: Vec<_> = resolved.into_iter().chain(more).collect();
    assert_eq!(all.len(), 2);
    for r in &all {
        assert_eq!(r.attribution.confidence, Confidence::Unknown, "{r:?}");
        assert_eq!(r.attribution.candidates, vec![1]);
    }
}

/// A bot creates and deletes a single-use invite every 100 ms, `count` times, and nobody joins;
/// each fetch the machine asks for is answered by `answer` (given the time it was asked).
/// Returns the time at the end, the fetches asked for and the most invite events kept.
fn churn(
    m: &mut CommunityResolver,
    count: usize,
    mut answer: impl FnMut(&mut CommunityResolver, u64),
) -> (u64, u32, usize) {
    let (mut now, mut fetches, mut most) = (0, 0, 0);
    for i in 0..count {
        now += 100;
        let code = format!("temp{i}");
        m.invite_created(now, inv(&code, 9, 0, 1));
        m.invite_deleted(now + 1, &code);
        most = most.max(m.invite_events());
        let until = now;
        let (fetch, resolved) = run_until(m, &mut now, until);
        assert!(resolved.is_empty(), "nobody joined");
        if fetch {
            fetches += 1;
            answer(m, now);
        }
    }
    (now, fetches, most)
}

#[test]
fn invite_churn_without_joins_refreshes_the_baseline_and_keeps_few_events() {
    // A bot creates and deletes a single-use invite every 100 ms and nobody joins for 100 s:
    // the events may not pile up, and the baseline they leave still explains the next join.
    let mut m = CommunityResolver::new(config());
    m.set_snapshot(0, list(&[inv("a", 1, 0, 0)]), t0());
    let (mut now, fetches, most) = churn(&mut m, 1_000, |m, now| {
        assert!(m.fetched(now + 20, Ok(list(&[inv("a", 1, 0, 0)])), t0()).is_empty());
    });
    // At most: what a refresh keeps (from 2 s before its fetch to its finalizing 1 s after:
    // ~60 events), 64 more, and those that come while the next refresh settles (1 s: ~20) —
    // bounded by the churn rate, not by how long it lasts.
    assert!(most <= 160, "{most} invite events kept at most");
    // One fetch per 64 new events (and the settling second), not one per event.
    assert!((10..=2_000 / 64).contains(&fetches), "{fetches} refresh fetches for 2,000 invite events");
    // Someone joins through Dana's invite "a" (a refresh may still be due: it is served too).
    now += 5_000;
    m.join(now, incoming(77));
    let resolved = serve_fetches(&mut m, &mut now, 10_000, 20, &list(&[inv("a", 1, 1, 0)]));
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0].attribution, Attribution::referral(1, Some("a".into()), Confidence::Exact));
}

fn resolve_single(events: &[(&str, u64)]) -> Attribution {
    // A single-use invite of member 7 is used by the joiner and vanishes; its delete event and
    // the join event arrive in the given order and times.
    let mut m = CommunityResolver::new(config());
    m.set_snapshot(0, list(&[inv("one", 7, 0, 1)]), t0());
    for (what, at) in events {
        match *what {
            "join" => m.join(*at, incoming(50)),
            _ => m.invite_deleted(*at, "one"),
        }
    }
    let mut now = events.iter().map(|e| e.1).max().unwrap();
    let mut out = serve_fetches(&mut m, &mut now, 60_000, 30, &list(&[]));
    assert_eq!(out.len(), 1);
    out.remove(0).attribution
}

#[test]
fn the_order_of_join_and_delete_events_does_not_matter() {
    let join_first = resolve_single(&[("join", 100), ("delete", 150)]);
    let delete_first = resolve_single(&[("delete", 100), ("join", 150)]);
    assert_eq!(join_first, delete_first);
    assert_eq!(join_first, Attribution::referral(7, Some("one".into()), Confidence::Inferred));
}

#[test]
fn an_invite_deleted_long_before_a_join_does_not_explain_it() {
    let a = resolve_single(&[("delete", 100), ("join", 60_000)]);
    assert_eq!(a, Attribution::unknown());
}

#[test]
fn failed_fetches_are_retried_then_given_up_as_unknown() {
    let mut m = CommunityResolver::new(ResolverConfig { give_up_ms: 5_000, ..config() });
    m.set_snapshot(0, list(&[inv("a", 1, 0, 0)]), t0());
    m.join(10, incoming(5));
    let mut now = 10;
    let mut fetches = 0;
    let mut out = Vec::new();
    while out.is_empty() {
        let (fetch, r) = run_until(&mut m, &mut now, 100_000);
        out.extend(r);
        if fetch {
            fetches += 1;
            out.extend(m.fetched(now, Err(FetchError::Failed("503".into())), t0()));
        } else if out.is_empty() {
            panic!("stuck");
        }
    }
    assert!(fetches >= 2, "retried");
    assert_eq!(out[0].attribution, Attribution::unknown());
    // The next window's increments include that join's use: not trusted.
    m.join(now + 10, incoming(6));
    now += 10;
    assert!(run_until(&mut m, &mut now, 200_000).0);
    m.fetched(now, Ok(list(&[inv("a", 1, 2, 0)])), t0());
    let (_, r) = run_until(&mut m, &mut now, 200_000);
    assert_eq!((r[0].attribution.confidence, r[0].attribution.candidates.as_slice()), (Confidence::Unknown, &[1][..]));
}

#[test]
fn a_retried_fetch_still_resolves_its_joins() {
    let mut m = CommunityResolver::new(config());
    m.set_snapshot(0, list(&[inv("a", 1, 0, 0)]), t0());
    m.join(10, incoming(5));
    let mut now = 10;
    assert!(run_until(&mut m, &mut now, 100_000).0);
    assert!(m.fetched(now, Err(FetchError::Failed("timeout".into())), t0()).is_empty());
    assert!(run_until(&mut m, &mut now, 100_000).0);
    m.fetched(now, Ok(list(&[inv("a", 1, 1, 0)])), t0());
    let (_, r) = run_until(&mut m, &mut now, 100_000);
    assert_eq!(r[0].attribution, Attribution::referral(1, Some("a".into()), Confidence::Exact));
}

#[test]
fn without_manage_server_joins_are_unknown_and_fetches_pause() {
    let mut m = CommunityResolver::new(config());
    m.set_snapshot(0, list(&[inv("a", 1, 0, 0)]), t0());
    m.join(10, incoming(5));
    let mut now = 10;
    assert!(run_until(&mut m, &mut now, 100_000).0);
    let r = m.fetched(now, Err(FetchError::Forbidden), t0());
    assert_eq!(r[0].attribution, Attribution::unknown());
    assert!(m.forbidden(now));
    m.join(now + 5, incoming(6));
    now += 5;
    let until = now + 1_000;
    let (fetch, r) = run_until(&mut m, &mut now, until);
    assert!(!fetch, "no fetch while the permission is missing");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].attribution, Attribution::unknown());
}

#[test]
fn without_manage_server_invite_churn_keeps_few_events_and_asks_once_per_pause() {
    // The bot sees invite events (it may manage channels) but may not list invites: no window
    // ever finalizes, so the events may not pile up, and the paused fetches stay paused.
    let mut m = CommunityResolver::new(ResolverConfig { forbidden_retry_ms: 60_000, ..config() });
    m.set_snapshot(0, list(&[inv("a", 1, 0, 0)]), t0());
    let (mut now, fetches, most) = churn(&mut m, 3_000, |m, now| {
        assert!(m.fetched(now + 20, Err(FetchError::Forbidden), t0()).is_empty());
        assert!(m.forbidden(now + 20));
    });
    assert!(most <= 2 * 64 + 2, "{most} invite events kept at most");
    // 300 s of churn, one refused fetch per minute's pause at most (the first after 64 events).
    assert!((1..=6).contains(&fetches), "{fetches} refused fetches in 300 s");
    // The permission is granted. The first join after the pause is diffed against a baseline
    // from before it (distrusted: joins were missed), so it only names a candidate; its list is
    // the new baseline, and the join after it is exact again.
    now += 60_000;
    m.join(now, incoming(77));
    let resolved = serve_fetches(&mut m, &mut now, 10_000, 20, &list(&[inv("a", 1, 1, 0)]));
    assert_eq!(resolved.len(), 1);
    assert_eq!(
        (resolved[0].attribution.confidence, &resolved[0].attribution.candidates[..]),
        (Confidence::Unknown, &[1][..])
    );
    now += 5_000;
    m.join(now, incoming(78));
    let resolved = serve_fetches(&mut m, &mut now, 10_000, 20, &list(&[inv("a", 1, 2, 0)]));
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0].attribution, Attribution::referral(1, Some("a".into()), Confidence::Exact));
}

// ---- the async resolver -----------------------------------------------------------------

#[derive(Clone, Default)]
struct FakeSource {
    list: Arc<Mutex<InviteList>>,
    fetches: Arc<AtomicU32>,
}

impl InviteSource for FakeSource {
    async fn fetch(&self, _community: &CommunityKey) -> Result<InviteList, FetchError> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        Ok(self.list.lock().unwrap().clone())
    }
}

#[tokio::test(start_paused = true)]
async fn the_resolver_coalesces_a_burst_and_delivers_envelopes() {
    let source = FakeSource::default();
    *source.list.lock().unwrap() = list(&[inv("a", 1, 0, 0), inv("b", 2, 0, 0)]);
    let (resolver, mut rx) = DiscordResolver::new(source.clone(), config());
    let guild = CommunityKey::discord(81_384_788_765_712_384);
    resolver.snapshot(&guild, source.list.lock().unwrap().clone());
    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    // Three people join through Dana's invite within half a second.
    for u in 0..3 {
        *source.list.lock().unwrap() = list(&[inv("a", 1, u + 1, 0), inv("b", 2, 0, 0)]);
        resolver.join(&guild, 100 + i64::from(u), t0() + Duration::milliseconds(i64::from(u)), JoinMeta::default());
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    let mut got = Vec::new();
    for _ in 0..3 {
        got.push(rx.recv().await.expect("a resolved join"));
    }
    assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    for r in &got {
        assert_eq!(r.join.attribution, Attribution::referral(1, Some("a".into()), Confidence::Exact));
        let env = r.envelope();
        assert_eq!(env.community, guild);
        assert!(matches!(env.event, Event::MemberJoined(ref j) if j.user == r.join.user));
        assert_eq!(env.source_id, format!("join:{}:{}", r.join.user, r.at.timestamp_millis()));
    }
    let stats = resolver.stats();
    assert_eq!(stats.exact.load(Ordering::Relaxed), 3);
    assert_eq!(stats.resolved(), 3);
    assert_eq!(stats.fetches.load(Ordering::Relaxed), 1);
    assert!(resolver.baseline(&guild).await.is_some_and(|b| b.invites["a"].uses == 3));
}

#[tokio::test(start_paused = true)]
async fn dropping_the_resolver_flushes_pending_joins() {
    let source = FakeSource::default();
    let (resolver, mut rx) = DiscordResolver::new(source.clone(), config());
    let guild = CommunityKey::discord(1);
    resolver.snapshot(&guild, list(&[]));
    resolver.join(&guild, 5, t0(), JoinMeta::default());
    drop(resolver);
    let r = rx.recv().await.expect("the pending join is not lost");
    assert_eq!(r.join.attribution, Attribution::unknown());
    assert!(rx.recv().await.is_none());
}

#[tokio::test(start_paused = true)]
async fn an_idle_community_parks_and_keeps_its_state() {
    let source = FakeSource::default();
    *source.list.lock().unwrap() = list(&[inv("a", 1, 0, 0), inv("b", 2, 0, 0)]);
    let config = ResolverConfig { park_after_ms: 5_000, ..config() };
    let (resolver, mut rx) = DiscordResolver::new(source.clone(), config);
    let guild = CommunityKey::discord(81_384_788_765_712_384);
    resolver.snapshot(&guild, source.list.lock().unwrap().clone());
    resolver.set_code_owner(&guild, "b", Some(CodeOwner::Campaign { name: "spring".into(), paid: true }));
    resolver.invite_created(&guild, inv("c", 3, 0, 0));
    assert_eq!(resolver.communities(), (0, 1), "a snapshot and a code book need no task");
    assert!(resolver.baseline(&guild).await.is_some_and(|b| b.invites.contains_key("b")));
    // A join wakes it with its baseline and code book: the increment is exact.
    *source.list.lock().unwrap() = list(&[inv("a", 1, 0, 0), inv("b", 2, 1, 0)]);
    resolver.join(&guild, 100, t0(), JoinMeta::default());
    assert_eq!(resolver.communities(), (1, 0), "a join waits in a task");
    let r = rx.recv().await.expect("a resolved join");
    assert_eq!(r.join.attribution.confidence, Confidence::Exact);
    assert_eq!(r.join.attribution.campaign.as_deref(), Some("spring"));
    assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    assert_eq!(resolver.communities(), (1, 0), "running while recent");
    tokio::time::sleep(std::time::Duration::from_millis(6_000)).await;
    assert_eq!(resolver.communities(), (0, 1), "parked when idle: no task");
    // Parked, it still answers and keeps what it learned.
    assert!(resolver.baseline(&guild).await.is_some_and(|b| b.invites["b"].uses == 1));
    resolver.resync(&guild);
    assert_eq!(resolver.communities(), (1, 0), "a resync fetches in a task");
}

#[tokio::test(start_paused = true)]
async fn a_parked_community_with_invite_churn_refreshes_in_a_task_then_parks_again() {
    let source = FakeSource::default();
    *source.list.lock().unwrap() = list(&[inv("a", 1, 0, 0)]);
    let config = ResolverConfig { park_after_ms: 5_000, ..config() };
    let (resolver, _rx) = DiscordResolver::new(source.clone(), config);
    let guild = CommunityKey::discord(81_384_788_765_712_384);
    resolver.snapshot(&guild, source.list.lock().unwrap().clone());
    for i in 0..31 {
        resolver.invite_created(&guild, inv(&format!("t{i}"), 9, 0, 1));
        resolver.invite_deleted(&guild, &format!("t{i}"));
    }
    assert_eq!(resolver.communities(), (0, 1), "62 invite events: still parked, no fetch");
    resolver.invite_created(&guild, inv("t31", 9, 0, 1));
    resolver.invite_deleted(&guild, "t31");
    assert_eq!(resolver.communities(), (1, 0), "the 64th event starts a task to refresh the baseline");
    tokio::time::sleep(std::time::Duration::from_millis(10_000)).await;
    assert_eq!(source.fetches.load(Ordering::SeqCst), 1, "one refresh fetch");
    assert_eq!(resolver.communities(), (0, 1), "parked again once the refresh finalized");
    assert!(resolver.baseline(&guild).await.is_some_and(|b| b.invites.contains_key("a") && b.invites.len() == 1));
}
