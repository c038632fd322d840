//! Building a [`Digest`] from the facts of a period and of the period before (pure).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::*;
use crate::domain::{Confidence, Origin, Role, Source, Stage, Ts, UserId, ValueKind, Word};
use crate::engine::funnel::{ActivityCounts, conversions, percent};
use crate::engine::impact::community_sourced;

/// Joins of a period with the same attribution and quality.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinGroup {
    pub source: Source,
    pub confidence: Confidence,
    pub suspect: bool,
    pub self_invite: bool,
    pub rejoin: bool,
    pub count: i64,
}

/// Value of a period with the same roles, kind and origin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowFact {
    pub from: Role,
    pub to: Role,
    pub kind: ValueKind,
    pub origin: Origin,
    pub weight: i64,
    pub exchanges: i64,
}

/// A sale in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleFact {
    pub user: UserId,
    pub at: Ts,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub source: Source,
    pub inviter: Option<UserId>,
    pub influenced: bool,
    /// The member's first sale ever (a new customer).
    pub first: bool,
}

/// What the store knows of one period, as of its end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodFacts {
    pub from: Ts,
    pub to: Ts,
    pub members_at_end: i64,
    pub joins: Vec<JoinGroup>,
    pub leaves: i64,
    pub messages: i64,
    pub active_members: i64,
    /// Members counted by the funnel at each stage at the end.
    pub stages_at_end: Vec<(Stage, i64)>,
    pub staff_excluded: bool,
    /// Promotions of funnel-counted members in the period, oldest first.
    pub moves: Vec<Move>,
    /// Most validated referrals in the period first.
    pub referrers: Vec<TopReferrer>,
    /// Most value given in the period first.
    pub helpers: Vec<TopHelper>,
    pub flows: Vec<FlowFact>,
    pub professionals: Vec<ProfessionalRow>,
    pub activity: ActivityCounts,
    /// At-risk members past newcomer, furthest stage first.
    pub at_risk: Vec<AtRiskMember>,
    pub sales: Vec<SaleFact>,
    /// For each referrer of a new customer: the chain above them (inviter first).
    pub chains: BTreeMap<UserId, Vec<UserId>>,
    /// Names of the referrers and chain members.
    pub names: BTreeMap<UserId, Option<String>>,
}

/// What the digest says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestHeader {
    pub community: String,
    pub community_name: Option<String>,
    pub period: super::DigestPeriod,
    pub timezone: String,
    pub as_of: Ts,
    pub complete: bool,
}

/// How many rows the lists keep.
pub const TOP: usize = 5;
pub const AT_RISK_LISTED: usize = 10;

/// Assembles the digest of `cur` compared with `prev`.
pub fn assemble(header: DigestHeader, cur: &PeriodFacts, prev: &PeriodFacts) -> Digest {
    let joins = |f: &PeriodFacts| f.joins.iter().map(|j| j.count).sum::<i64>();
    let joins_from = |f: &PeriodFacts, s: Source| f.joins.iter().filter(|j| j.source == s).map(|j| j.count).sum();
    let growth = Growth {
        joins: Delta::new(joins(cur), joins(prev)),
        leaves: Delta::new(cur.leaves, prev.leaves),
        net: Delta::new(joins(cur) - cur.leaves, joins(prev) - prev.leaves),
        by_source: Source::ALL
            .iter()
            .map(|&source| SourceJoins { source, joins: Delta::new(joins_from(cur, source), joins_from(prev, source)) })
            .collect(),
    };
    let exchanges = |f: &PeriodFacts| f.flows.iter().map(|x| x.exchanges).sum::<i64>();
    let quiet = growth.joins.value == 0
        && cur.leaves == 0
        && cur.messages == 0
        && exchanges(cur) == 0
        && cur.moves.is_empty()
        && cur.sales.is_empty();
    let (from, to) = (cur.from, cur.to);
    Digest {
        schema: DIGEST_SCHEMA,
        community: header.community,
        community_name: header.community_name,
        period: header.period.to_string(),
        previous_period: header.period.previous().to_string(),
        from,
        to,
        timezone: header.timezone,
        as_of: header.as_of,
        complete: header.complete,
        quiet,
        members: Delta::new(cur.members_at_end, prev.members_at_end),
        growth,
        activity: ActivitySummary {
            messages: Delta::new(cur.messages, prev.messages),
            active_members: Delta::new(cur.active_members, prev.active_members),
        },
        funnel: funnel(cur, prev),
        moves: cur.moves.clone(),
        top_referrers: cur.referrers.iter().take(TOP).cloned().collect(),
        top_helpers: cur.helpers.iter().take(TOP).cloned().collect(),
        value: value(cur, prev),
        professionals: cur.professionals.clone(),
        at_risk: AtRiskSection {
            at_risk: cur.activity.at_risk,
            dormant: cur.activity.dormant,
            members: cur.at_risk.iter().take(AT_RISK_LISTED).cloned().collect(),
        },
        impact: impact(cur, prev),
        data_quality: data_quality(cur),
    }
}

fn funnel(cur: &PeriodFacts, prev: &PeriodFacts) -> FunnelSection {
    let entered = |f: &PeriodFacts, s: Stage| f.moves.iter().filter(|m| m.to == s).count() as i64;
    let at = |s: Stage| cur.stages_at_end.iter().filter(|(x, _)| *x == s).map(|(_, n)| n).sum::<i64>();
    FunnelSection {
        staff_excluded: cur.staff_excluded,
        stages: Stage::ALL
            .iter()
            .map(|&stage| FunnelStage {
                stage,
                members: at(stage),
                entered: Delta::new(entered(cur, stage), entered(prev, stage)),
            })
            .collect(),
        conversions: conversions(&cur.stages_at_end),
    }
}

const ROLES: [Role; 3] = [Role::Manager, Role::Professional, Role::Member];

fn value(cur: &PeriodFacts, prev: &PeriodFacts) -> ValueSection {
    let total = |f: &PeriodFacts| (f.flows.iter().map(|x| x.weight).sum(), f.flows.iter().map(|x| x.exchanges).sum());
    let (w, n) = total(cur);
    let (pw, pn) = total(prev);
    let edge = |f: &PeriodFacts, from: Role, to: Role| {
        f.flows
            .iter()
            .filter(|x| x.from == from && x.to == to)
            .fold((0, 0), |(w, n), x| (w + x.weight, n + x.exchanges))
    };
    let mut edges = Vec::new();
    for from in ROLES {
        for to in ROLES {
            let (w, n) = edge(cur, from, to);
            let (pw, _) = edge(prev, from, to);
            edges.push(Edge { from, to, weight: Delta::new(w, pw), exchanges: n });
        }
    }
    let mut flows: BTreeMap<(Role, Role, ValueKind), (i64, i64)> = BTreeMap::new();
    for x in &cur.flows {
        let e = flows.entry((x.from, x.to, x.kind)).or_default();
        e.0 += x.weight;
        e.1 += x.exchanges;
    }
    let by_origin = Origin::ALL
        .iter()
        .map(|&origin| {
            let (weight, exchanges) = cur
                .flows
                .iter()
                .filter(|x| x.origin == origin)
                .fold((0, 0), |(w, n), x| (w + x.weight, n + x.exchanges));
            OriginTotal { origin, weight, exchanges }
        })
        .collect();
    ValueSection {
        weight: Delta::new(w, pw),
        exchanges: Delta::new(n, pn),
        edges,
        flows: flows
            .into_iter()
            .map(|((from, to, kind), (weight, exchanges))| Flow { from, to, kind, weight, exchanges })
            .collect(),
        by_origin,
    }
}

/// Sums amounts per currency (sales without an amount add nothing; without a currency, `XXX`).
fn revenue<'a>(sales: impl Iterator<Item = &'a SaleFact>) -> Vec<Money> {
    let mut by: BTreeMap<String, i64> = BTreeMap::new();
    for s in sales {
        if let Some(amount) = s.amount_minor {
            *by.entry(s.currency.clone().unwrap_or_else(|| "XXX".into())).or_default() += amount;
        }
    }
    by.into_iter().map(|(currency, amount_minor)| Money { currency, amount_minor }).collect()
}

fn impact(cur: &PeriodFacts, prev: &PeriodFacts) -> ImpactSection {
    let new = |f: &PeriodFacts| f.sales.iter().filter(|s| s.first).count() as i64;
    let firsts: Vec<&SaleFact> = cur.sales.iter().filter(|s| s.first).collect();
    let by_source = Source::ALL
        .iter()
        .filter_map(|&source| {
            let customers = firsts.iter().filter(|s| s.source == source).count() as i64;
            let revenue = revenue(cur.sales.iter().filter(|s| s.source == source));
            (customers > 0 || !revenue.is_empty()).then_some(ImpactSource { source, customers, revenue })
        })
        .collect();
    let influenced = firsts.iter().filter(|s| s.influenced).count() as i64;
    let sourced = firsts.iter().filter(|s| community_sourced(s.source, s.influenced)).count() as i64;
    let mut credit: BTreeMap<UserId, (i64, i64)> = BTreeMap::new();
    for s in &firsts {
        if let Some(inviter) = s.inviter {
            credit.entry(inviter).or_default().0 += 1;
            for above in cur.chains.get(&inviter).into_iter().flatten() {
                credit.entry(*above).or_default().1 += 1;
            }
        }
    }
    let mut snowball: Vec<ChainCredit> = credit
        .into_iter()
        .map(|(user, (direct, chain))| ChainCredit {
            user,
            name: cur.names.get(&user).cloned().flatten(),
            direct,
            chain,
        })
        .collect();
    snowball.sort_by(|a, b| (b.direct + b.chain, b.direct, a.user).cmp(&(a.direct + a.chain, a.direct, b.user)));
    snowball.truncate(TOP);
    ImpactSection {
        new_customers: Delta::new(new(cur), new(prev)),
        sales: cur.sales.len() as i64,
        revenue: revenue(cur.sales.iter()),
        by_source,
        influenced,
        community_sourced: sourced,
        community_share_percent: percent(sourced, firsts.len() as i64),
        snowball,
    }
}

fn data_quality(cur: &PeriodFacts) -> DataQuality {
    let sum = |f: &dyn Fn(&JoinGroup) -> bool| cur.joins.iter().filter(|j| f(j)).map(|j| j.count).sum::<i64>();
    DataQuality {
        joins: sum(&|_| true),
        exact: sum(&|j| j.confidence == Confidence::Exact),
        inferred: sum(&|j| j.confidence == Confidence::Inferred),
        ambiguous: sum(&|j| j.confidence == Confidence::Ambiguous),
        unknown: sum(&|j| j.confidence == Confidence::Unknown),
        suspect: sum(&|j| j.suspect),
        self_invites: sum(&|j| j.self_invite),
        rejoins: sum(&|j| j.rejoin),
    }
}
