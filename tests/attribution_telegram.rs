//! The Telegram model: every kind of link, and no link.

use snowball::domain::{Attribution, Confidence, Source};
use snowball::engine::attribution::telegram::{
    ADDED_INVITE, FOLDER_INVITE, JOIN_REQUEST_INVITE, LinkPlan, TelegramJoin, TelegramLink, TelegramLinks,
    admin_link_key, campaign_link_name, personal_link_name,
};

const BOT: i64 = 999;
const ADMIN: i64 = 42;

fn link(url: &str, creator: i64, name: Option<&str>) -> TelegramLink {
    TelegramLink {
        url: url.into(),
        creator,
        name: name.map(String::from),
        creates_join_request: false,
        is_primary: false,
    }
}

fn joined(user: i64, link: Option<TelegramLink>) -> TelegramJoin {
    TelegramJoin { user, link, via_join_request: false, via_chat_folder: false, added_by: None }
}

fn links() -> TelegramLinks {
    let mut l = TelegramLinks::new(BOT);
    // Dana (7) asked for her link: created once, then reused.
    let LinkPlan::Create { name } = l.personal.plan(7) else { panic!("Dana has no link yet") };
    assert_eq!(name, personal_link_name(7));
    l.personal.record(7, "https://t.me/+dana7".into());
    assert_eq!(l.personal.plan(7), LinkPlan::Reuse("https://t.me/+dana7".into()));
    // Campaigns: one the bot made, one on another admin's link.
    l.add_campaign("newsletter", false, Some("https://t.me/+newsletter"));
    l.add_campaign("fb-ads", true, Some(&admin_link_key(ADMIN, Some("Facebook ad"))));
    l
}

#[test]
fn a_personal_link_credits_its_member_exactly() {
    let a = links().attribute(&joined(100, Some(link("https://t.me/+dana7", BOT, Some("sb:u:7")))));
    assert_eq!(a, Attribution::referral(7, Some("https://t.me/+dana7".into()), Confidence::Exact));
}

#[test]
fn a_personal_link_is_recognised_by_its_name_when_the_registry_lost_it() {
    let a = links().attribute(&joined(100, Some(link("https://t.me/+older", BOT, Some("sb:u:8")))));
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Referral, Confidence::Exact, Some(8)));
}

#[test]
fn a_campaign_link_made_by_the_bot() {
    let name = campaign_link_name("newsletter").unwrap();
    let a = links().attribute(&joined(100, Some(link("https://t.me/+newsletter", BOT, Some(&name)))));
    assert_eq!(a, Attribution::campaign("newsletter".into(), false, Some("https://t.me/+newsletter".into())));
    assert_eq!(a.source, Source::CampaignOrganic);
    // Found by name too (e.g. the link was revoked and re-made).
    let a = links().attribute(&joined(101, Some(link("https://t.me/+remade", BOT, Some(&name)))));
    assert_eq!((a.source, a.campaign.as_deref()), (Source::CampaignOrganic, Some("newsletter")));
}

#[test]
fn an_unregistered_campaign_name_says_what_it_knows() {
    let name = campaign_link_name("gone").unwrap();
    let a = links().attribute(&joined(100, Some(link("https://t.me/+gone", BOT, Some(&name)))));
    assert_eq!((a.source, a.confidence, a.campaign.as_deref()), (Source::Unknown, Confidence::Unknown, Some("gone")));
    assert_eq!(a.credited_inviter(), None);
}

#[test]
fn a_link_made_by_another_admin_is_keyed_by_creator_and_name() {
    // The text is cut by Telegram: only creator and name identify it.
    let cut = "https://t.me/+AbCdE...";
    let a = links().attribute(&joined(100, Some(link(cut, ADMIN, Some("Facebook ad")))));
    assert_eq!(a.source, Source::CampaignPaid);
    assert_eq!(a.campaign.as_deref(), Some("fb-ads"));
    assert_eq!(a.invite.as_deref(), Some("tg:42:Facebook ad"));
    // Another name of the same admin, not a campaign: the admin brought them.
    let a = links().attribute(&joined(101, Some(link(cut, ADMIN, Some("friends")))));
    assert_eq!(a, Attribution::referral(ADMIN, Some("tg:42:friends".into()), Confidence::Exact));
    // Without a name.
    let a = links().attribute(&joined(102, Some(link(cut, 43, None))));
    assert_eq!(a, Attribution::referral(43, Some("tg:43:".into()), Confidence::Exact));
}

#[test]
fn the_primary_link_is_the_groups_own() {
    let mut l = link("https://t.me/+primary...", ADMIN, None);
    l.is_primary = true;
    let a = links().attribute(&joined(100, Some(l)));
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Vanity, Confidence::Exact, None));
}

#[test]
fn a_join_request_is_attributed_through_its_link() {
    let mut l = link("https://t.me/+dana7", BOT, Some("sb:u:7"));
    l.creates_join_request = true;
    let j = TelegramJoin { user: 100, link: Some(l), via_join_request: true, via_chat_folder: false, added_by: None };
    let a = links().attribute(&j);
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Referral, Confidence::Exact, Some(7)));
}

#[test]
fn a_join_request_without_a_link_is_unknown() {
    let j = TelegramJoin { user: 100, link: None, via_join_request: true, via_chat_folder: false, added_by: None };
    let a = links().attribute(&j);
    assert_eq!((a.source, a.confidence), (Source::Unknown, Confidence::Unknown));
    assert_eq!(a.invite.as_deref(), Some(JOIN_REQUEST_INVITE));
}

#[test]
fn a_chat_folder_link_is_unknown() {
    let j = TelegramJoin { user: 100, link: None, via_join_request: false, via_chat_folder: true, added_by: None };
    let a = links().attribute(&j);
    assert_eq!((a.source, a.confidence, a.credited_inviter()), (Source::Unknown, Confidence::Unknown, None));
    assert_eq!(a.invite.as_deref(), Some(FOLDER_INVITE));
}

#[test]
fn no_link_is_unknown() {
    assert_eq!(links().attribute(&joined(100, None)), Attribution::unknown());
}

#[test]
fn a_member_joining_through_their_own_link_is_still_attributed() {
    // The quality rules flag the self-invite; attribution reports what happened.
    let a = links().attribute(&joined(7, Some(link("https://t.me/+dana7", BOT, Some("sb:u:7")))));
    assert_eq!(a.inviter, Some(7));
}

#[test]
fn an_unknown_bot_link_is_unknown() {
    let a = links().attribute(&joined(100, Some(link("https://t.me/+mystery", BOT, Some("old link")))));
    assert_eq!((a.source, a.confidence, a.credited_inviter()), (Source::Unknown, Confidence::Unknown, None));
}

#[test]
fn someone_who_adds_a_person_directly_brought_them() {
    let j = TelegramJoin { added_by: Some(7), ..joined(100, None) };
    assert_eq!(links().attribute(&j), Attribution::referral(7, Some(ADDED_INVITE.into()), Confidence::Exact));
    // An approved join request names its approver, who did not bring anyone in.
    let j =
        TelegramJoin { user: 100, link: None, via_join_request: true, via_chat_folder: false, added_by: Some(ADMIN) };
    assert_eq!(links().attribute(&j).source, Source::Unknown);
    // A link says more than who let them in.
    let j =
        TelegramJoin { added_by: Some(ADMIN), ..joined(100, Some(link("https://t.me/+dana7", BOT, Some("sb:u:7")))) };
    assert_eq!(links().attribute(&j).inviter, Some(7));
    // Joining by themself is not being added.
    let j = TelegramJoin { added_by: Some(100), ..joined(100, None) };
    assert_eq!(links().attribute(&j), Attribution::unknown());
}
