//! The names snowball gives the Telegram invite links it creates, and the registry of
//! members' personal links (one per member, created on request and reused).

use std::collections::HashMap;

use crate::domain::UserId;

/// Telegram limits an invite link's name to 32 characters.
pub const MAX_LINK_NAME: usize = 32;

const PERSONAL: &str = "sb:u:";
const CAMPAIGN: &str = "sb:c:";

/// What a link name made by snowball says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkName {
    /// A member's personal link.
    Personal(UserId),
    /// A campaign's link (the campaign's name, possibly cut to fit).
    Campaign(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkNameError {
    #[error("a campaign name is 1-{max} characters (letters, digits, `-`, `_`, `.`); got `{0}`", max = MAX_LINK_NAME - CAMPAIGN.len())]
    Campaign(String),
}

/// The name of a member's personal link: `sb:u:<user id>` (at most 25 characters).
pub fn personal_link_name(user: UserId) -> String {
    format!("{PERSONAL}{user}")
}

/// The name of a campaign's link: `sb:c:<campaign>`. Campaign names must fit (27 characters)
/// and use a safe alphabet, so the name maps back to exactly one campaign.
pub fn campaign_link_name(campaign: &str) -> Result<String, LinkNameError> {
    let ok = !campaign.is_empty()
        && campaign.len() <= MAX_LINK_NAME - CAMPAIGN.len()
        && campaign.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok { Ok(format!("{CAMPAIGN}{campaign}")) } else { Err(LinkNameError::Campaign(campaign.into())) }
}

/// Reads a link name snowball made (`None` for any other name).
pub fn parse_link_name(name: &str) -> Option<LinkName> {
    if let Some(id) = name.strip_prefix(PERSONAL) {
        return id.parse().ok().map(LinkName::Personal);
    }
    let campaign = name.strip_prefix(CAMPAIGN)?;
    (!campaign.is_empty()).then(|| LinkName::Campaign(campaign.to_string()))
}

/// What to do when a member asks for their link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkPlan {
    /// They have one: give it again.
    Reuse(String),
    /// Create one with this name, then [`PersonalLinks::record`] it.
    Create { name: String },
}

/// Members' personal links in one community (a cache of the `personal_invites` table).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonalLinks {
    by_user: HashMap<UserId, String>,
    by_link: HashMap<String, UserId>,
}

impl PersonalLinks {
    pub fn new() -> Self {
        Self::default()
    }

    /// From stored `(user, link)` pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (UserId, String)>) -> Self {
        let mut links = Self::new();
        for (user, link) in pairs {
            links.record(user, link);
        }
        links
    }

    pub fn plan(&self, user: UserId) -> LinkPlan {
        match self.by_user.get(&user) {
            Some(link) => LinkPlan::Reuse(link.clone()),
            None => LinkPlan::Create { name: personal_link_name(user) },
        }
    }

    /// Records a member's link and returns the one to use: the first one recorded wins, so two
    /// concurrent requests converge on one link.
    pub fn record(&mut self, user: UserId, link: String) -> &str {
        let kept = self.by_user.entry(user).or_insert_with(|| link.clone()).clone();
        self.by_link.insert(kept.clone(), user);
        self.by_user.get(&user).map(String::as_str).unwrap_or_default()
    }

    pub fn link_of(&self, user: UserId) -> Option<&str> {
        self.by_user.get(&user).map(String::as_str)
    }

    pub fn owner(&self, link: &str) -> Option<UserId> {
        self.by_link.get(link).copied()
    }

    pub fn len(&self) -> usize {
        self.by_user.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_user.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_and_parse_back() {
        let n = personal_link_name(-1_001_234_567_890_123_456);
        assert!(n.len() <= MAX_LINK_NAME, "{n}");
        assert_eq!(parse_link_name(&personal_link_name(i64::MIN)), Some(LinkName::Personal(i64::MIN)));
        assert!(personal_link_name(i64::MIN).len() <= MAX_LINK_NAME);
        let c = campaign_link_name("spring-newsletter_2026").unwrap();
        assert!(c.len() <= MAX_LINK_NAME);
        assert_eq!(parse_link_name(&c), Some(LinkName::Campaign("spring-newsletter_2026".into())));
        assert!(campaign_link_name("a name with spaces").is_err());
        assert!(campaign_link_name(&"x".repeat(28)).is_err());
        assert!(campaign_link_name(&"x".repeat(27)).is_ok());
        assert_eq!(parse_link_name("Facebook ad"), None);
        assert_eq!(parse_link_name("sb:u:abc"), None);
    }

    #[test]
    fn one_link_per_member_reused() {
        let mut links = PersonalLinks::new();
        assert_eq!(links.plan(5), LinkPlan::Create { name: "sb:u:5".into() });
        assert_eq!(links.record(5, "https://t.me/+AAA".into()), "https://t.me/+AAA");
        assert_eq!(links.plan(5), LinkPlan::Reuse("https://t.me/+AAA".into()));
        // A concurrent second creation does not replace the first.
        assert_eq!(links.record(5, "https://t.me/+BBB".into()), "https://t.me/+AAA");
        assert_eq!(links.owner("https://t.me/+AAA"), Some(5));
        assert_eq!(links.owner("https://t.me/+BBB"), None);
        assert_eq!(links.len(), 1);
    }
}
