//! Small localised words shared by the views.

use crate::domain::{Activity, Confidence, Origin, Role, Source, Stage, ValueKind, Word};
use crate::engine::digest::Money;
use crate::engine::funnel::StageReason;
use crate::i18n::{Lang, n, t, tr};

/// `1234567` → `1,234,567`.
pub fn num(v: i64) -> String {
    crate::engine::digest::num(v)
}

/// `+3`, `-2`, `±0`.
pub fn signed(v: i64) -> String {
    match v {
        0 => "±0".into(),
        v if v > 0 => format!("+{}", num(v)),
        v => num(v),
    }
}

pub fn stage(lang: Lang, s: Stage) -> String {
    t(lang, &format!("stage-{}", s.word()))
}

pub fn source(lang: Lang, s: Source) -> String {
    t(lang, &format!("source-{}", s.word().replace('_', "-")))
}

pub fn confidence(lang: Lang, c: Confidence) -> String {
    t(lang, &format!("confidence-{}", c.word()))
}

/// Roles as groups ("members", "professionals", "managers").
pub fn roles(lang: Lang, r: Role) -> String {
    t(lang, &format!("roles-{}", r.word()))
}

pub fn role(lang: Lang, r: Role) -> String {
    t(lang, &format!("role-{}", r.word()))
}

pub fn kind(lang: Lang, k: ValueKind) -> String {
    t(lang, &format!("kind-{}", k.word()))
}

pub fn origin(lang: Lang, o: Origin) -> String {
    t(lang, &format!("origin-{}", o.word()))
}

pub fn activity(lang: Lang, a: Activity) -> String {
    t(lang, &format!("activity-{}", a.word().replace('_', "-")))
}

pub fn money(m: &Money) -> String {
    crate::engine::digest::money(m)
}

pub fn monies(lang: Lang, m: &[Money]) -> String {
    if m.is_empty() { t(lang, "no-amounts") } else { m.iter().map(money).collect::<Vec<_>>().join(", ") }
}

pub fn reason(lang: Lang, r: &StageReason) -> String {
    match *r {
        StageReason::Messages { messages, days } => {
            tr(lang, "reason-messages", &[("messages", n(messages.into())), ("days", n(days.into()))])
        }
        StageReason::GaveValue { exchanges, members, days } => tr(
            lang,
            "reason-gave-value",
            &[("exchanges", n(exchanges.into())), ("members", n(members.into())), ("days", n(days.into()))],
        ),
        StageReason::MarkedCustomer { .. } => t(lang, "reason-marked-customer"),
        StageReason::CustomerRole => t(lang, "reason-customer-role"),
        StageReason::ValidatedReferrals { referrals } => {
            tr(lang, "reason-validated-referrals", &[("referrals", n(referrals.into()))])
        }
        StageReason::CustomerReferrals { referrals } => {
            tr(lang, "reason-customer-referrals", &[("referrals", n(referrals.into()))])
        }
    }
}
