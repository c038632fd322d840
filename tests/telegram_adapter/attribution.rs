//! Scenario 1: exact, campaign and unknown attributions from `chat_member` updates.

use snowball::domain::{Confidence, Source};
use snowball::testkit::telegram::{CommandScope, Join, LinkRef};

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_links_attribute_joins_exactly_campaigns_by_name_and_the_rest_as_unknown() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;

    // Alice asks for her link: created once (named sb:u:200), and the same link the next time.
    let ask = fake.user_message(CHAT, &alice(), "/invite");
    let reply = bot.reply_to(ask).await;
    let links = fake.created_links();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].name.as_deref(), Some("sb:u:200"));
    let alices = links[0].invite_link.clone();
    assert!(plain(&reply).contains(&alices), "{reply:?}");
    let again = fake.user_message(CHAT, &alice(), "/invite");
    let reply = bot.reply_to(again).await;
    assert!(plain(&reply).contains(&alices), "{reply:?}");
    assert_eq!(fake.created_links().len(), 1, "the link is reused, not made again");

    // The owner makes a campaign link.
    let ask = fake.user_message(CHAT, &owner(), "/campaign create newsletter");
    let reply = bot.reply_to(ask).await;
    let campaign = fake.created_links().into_iter().find(|l| l.name.as_deref() == Some("sb:c:newsletter"));
    let campaign = campaign.expect("a campaign link").invite_link;
    assert!(plain(&reply).contains(&campaign), "{reply:?}");

    let (dan, eve, finn, gil) =
        (newcomer(300, "Dan"), newcomer(301, "Eve"), newcomer(302, "Finn"), newcomer(303, "Gil"));
    fake.member_joined(CHAT, &dan, Join::via_link(LinkRef::created(&alices)));
    fake.member_joined(CHAT, &eve, Join::via_link(LinkRef::created(&alices)));
    fake.member_joined(CHAT, &finn, Join::via_link(LinkRef::created(&campaign)));
    let last = fake.member_joined(CHAT, &gil, Join::public());
    bot.committed(&last).await;

    for user in [300, 301] {
        let joins = bot.joins_of(user).await;
        assert_eq!(joins.len(), 1, "{joins:?}");
        let a = &joins[0].attribution;
        assert_eq!((a.source, a.confidence, a.inviter), (Source::Referral, Confidence::Exact, Some(200)), "{a:?}");
        assert_eq!(a.invite.as_deref(), Some(alices.as_str()));
    }
    let a = &bot.joins_of(302).await[0].attribution;
    assert_eq!(
        (a.source, a.confidence, a.campaign.as_deref()),
        (Source::CampaignOrganic, Confidence::Exact, Some("newsletter"))
    );
    let a = &bot.joins_of(303).await[0].attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Unknown, Confidence::Unknown, None));
    assert_eq!(bot.member(300).await.inviter, Some(200));

    // What the bot asked Telegram for: the updates it reads, and menus per scope.
    let allowed = fake.allowed_updates().expect("allowed_updates sent");
    for kind in ["message", "edited_message", "chat_member", "my_chat_member", "chat_join_request", "message_reaction"]
    {
        assert!(allowed.iter().any(|a| a == kind), "{kind} missing from {allowed:?}");
    }
    let names = |scope: CommandScope| -> Vec<String> {
        fake.commands(&scope, None).unwrap_or_default().into_iter().map(|c| c.command).collect()
    };
    let members = names(CommandScope::all_group_chats());
    let admins = names(CommandScope::all_chat_administrators());
    assert!(members.contains(&"invite".to_string()) && !members.contains(&"customer".to_string()), "{members:?}");
    assert!(admins.contains(&"customer".to_string()) && admins.contains(&"invite".to_string()), "{admins:?}");
    assert!(fake.commands(&CommandScope::all_group_chats(), Some("he")).is_some());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_join_request_is_attributed_to_its_link_and_a_folder_join_is_unknown() {
    let bot = Running::start(chat_spec()).await;
    let fake = &bot.fake;
    let ask = fake.user_message(CHAT, &bob(), "/invite");
    bot.reply_to(ask).await;
    let bobs = fake.created_links()[0].invite_link.clone();

    let hana = newcomer(310, "Hana");
    fake.join_request(CHAT, &hana, Some(LinkRef::created(&bobs)));
    let approved = fake.approve_join_request(CHAT, 310, &owner());
    let folder = fake.member_joined(CHAT, &newcomer(311, "Ido"), Join::via_chat_folder());
    bot.committed(&approved).await;
    bot.committed(&folder).await;

    let a = &bot.joins_of(310).await[0].attribution;
    assert_eq!((a.source, a.confidence, a.inviter), (Source::Referral, Confidence::Exact, Some(201)));
    let a = &bot.joins_of(311).await[0].attribution;
    assert_eq!((a.source, a.confidence), (Source::Unknown, Confidence::Unknown));
    assert_eq!(a.invite.as_deref(), Some("tg:folder"));
    bot.stop().await;
}
