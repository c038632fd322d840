//! The Telegram model: exact links. The `chat_member` update names the invite link a person
//! used, so attribution is a lookup, never a guess:
//!
//! | the join came through | attribution |
//! | --- | --- |
//! | a member's personal link (made by the bot, named `sb:u:<id>`) | `referral`, that member, `exact` |
//! | a campaign link (made by the bot, `sb:c:<name>`, or another admin's link registered as a campaign) | `campaign_paid` / `campaign_organic`, `exact` |
//! | the chat's primary link | `vanity`, `exact` |
//! | a link another admin made (text cut by Telegram: keyed by creator and name) | `referral`, its creator, `exact` |
//! | a join request, with the link it was sent through | as that link |
//! | no link, added directly by a member or admin (`from` of the update) | `referral`, the one who added them, `exact` |
//! | a join request without a link, a chat-folder link, or no link | `unknown` |

mod links;

use std::collections::HashMap;

pub use links::{
    LinkName, LinkNameError, LinkPlan, MAX_LINK_NAME, PersonalLinks, campaign_link_name, parse_link_name,
    personal_link_name,
};

use crate::domain::{Attribution, Confidence, UserId};

/// An invite link as an update carries it (`ChatInviteLink`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TelegramLink {
    /// The link; cut (`https://t.me/+AbC...`) when someone other than the bot created it.
    pub url: String,
    pub creator: UserId,
    pub name: Option<String>,
    pub creates_join_request: bool,
    pub is_primary: bool,
}

/// What a `chat_member` update says about how someone joined.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TelegramJoin {
    pub user: UserId,
    /// `invite_link` of the update or, for an approved join request, of the request.
    pub link: Option<TelegramLink>,
    /// `via_join_request`: joined after an admin approved a request.
    pub via_join_request: bool,
    /// `via_chat_folder_invite_link`: joined through a chat-folder link (whose link is not
    /// given).
    pub via_chat_folder: bool,
    /// Someone else put them in the group directly (the update's `from`, when it is not the
    /// person who joined and there is no link or join request).
    pub added_by: Option<UserId>,
}

/// A campaign as attribution needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRef {
    pub name: String,
    pub paid: bool,
}

/// The key of a link another admin made: `tg:<creator>:<name>` (Telegram cuts such links'
/// text, so the text cannot identify them).
pub fn admin_link_key(creator: UserId, name: Option<&str>) -> String {
    format!("tg:{creator}:{}", name.unwrap_or(""))
}

/// Marker `invite` values for joins without a link.
pub const FOLDER_INVITE: &str = "tg:folder";
pub const JOIN_REQUEST_INVITE: &str = "tg:join_request";
/// The marker `invite` of a join where someone added the person directly.
pub const ADDED_INVITE: &str = "tg:added";

/// Everything known about one chat's links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TelegramLinks {
    /// The bot's own user id: links it created carry their full text.
    pub bot: UserId,
    pub personal: PersonalLinks,
    by_link: HashMap<String, CampaignRef>,
    by_name: HashMap<String, CampaignRef>,
    by_admin_key: HashMap<String, CampaignRef>,
}

impl TelegramLinks {
    pub fn new(bot: UserId) -> Self {
        Self { bot, ..Self::default() }
    }

    /// Registers a campaign. `invite` is the link the bot created for it, or the
    /// [`admin_link_key`] of a link another admin made.
    pub fn add_campaign(&mut self, name: &str, paid: bool, invite: Option<&str>) {
        let c = CampaignRef { name: name.to_string(), paid };
        match invite {
            Some(key) if key.starts_with("tg:") => {
                self.by_admin_key.insert(key.to_string(), c.clone());
            }
            Some(link) => {
                self.by_link.insert(link.to_string(), c.clone());
            }
            None => {}
        }
        self.by_name.insert(name.to_string(), c);
    }

    /// The attribution of a join.
    pub fn attribute(&self, join: &TelegramJoin) -> Attribution {
        if let Some(link) = &join.link {
            return self.attribute_link(link);
        }
        if let Some(adder) =
            join.added_by.filter(|a| *a != join.user && !join.via_join_request && !join.via_chat_folder)
        {
            return Attribution::referral(adder, Some(ADDED_INVITE.into()), Confidence::Exact);
        }
        let marker = if join.via_chat_folder {
            Some(FOLDER_INVITE)
        } else if join.via_join_request {
            Some(JOIN_REQUEST_INVITE)
        } else {
            None
        };
        Attribution { invite: marker.map(String::from), ..Attribution::unknown() }
    }

    fn attribute_link(&self, link: &TelegramLink) -> Attribution {
        let campaign = |c: &CampaignRef, invite: String| Attribution::campaign(c.name.clone(), c.paid, Some(invite));
        if link.creator == self.bot {
            // Made by us: the text is whole, and the name is ours.
            if let Some(user) = self.personal.owner(&link.url) {
                return Attribution::referral(user, Some(link.url.clone()), Confidence::Exact);
            }
            if let Some(c) = self.by_link.get(&link.url) {
                return campaign(c, link.url.clone());
            }
            match link.name.as_deref().and_then(parse_link_name) {
                Some(LinkName::Personal(user)) => {
                    return Attribution::referral(user, Some(link.url.clone()), Confidence::Exact);
                }
                Some(LinkName::Campaign(name)) => {
                    if let Some(c) = self.by_name.get(&name) {
                        return campaign(c, link.url.clone());
                    }
                    // A campaign link we no longer know: the campaign is certain, its kind is not.
                    return Attribution {
                        invite: Some(link.url.clone()),
                        campaign: Some(name),
                        ..Attribution::unknown()
                    };
                }
                None => {}
            }
            if link.is_primary {
                return Attribution { invite: Some(link.url.clone()), ..Attribution::vanity() };
            }
            return Attribution { invite: Some(link.url.clone()), ..Attribution::unknown() };
        }
        let key = admin_link_key(link.creator, link.name.as_deref());
        if let Some(c) = self.by_admin_key.get(&key) {
            return campaign(c, key);
        }
        if link.is_primary {
            return Attribution { invite: Some(key), ..Attribution::vanity() };
        }
        // Another admin shared their own link: they brought this person in.
        Attribution::referral(link.creator, Some(key), Confidence::Exact)
    }
}
