//! Reactions, deletions and role changes become value and roles in the store.

use serde_json::json;
use snowball::domain::{Origin, Role};
use snowball::store::{Backend, Store, ValueRow};
use snowball::testkit::discord::{PostMessage, RoleSpec, UserSpec};

use super::harness::{ALICE, BOB, Bot, CAROL, U, guild_spec, text_of};

async fn exchanges(bot: &Bot, what: &str, check: impl Fn(&[ValueRow]) -> bool) -> Vec<ValueRow> {
    let community = bot.community().await;
    bot.until(what, async |s: &Store| s.value_exchanges(community).await.ok().filter(|v| check(v))).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_and_deletions_give_and_withdraw_value() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let post = bot.fake.post_message(PostMessage::new(bot.channel, UserSpec::new(ALICE, "alice"), "A guide to X"));
    bot.fake.react(bot.channel, post.id, BOB, "🙏");
    let v = exchanges(&bot, "the reaction credited", |v| !v.is_empty()).await;
    assert_eq!((v[0].giver, v[0].receiver, v[0].origin), (ALICE as i64, BOB as i64, Origin::Reaction));

    bot.fake.unreact(bot.channel, post.id, BOB, "🙏");
    exchanges(&bot, "the reaction withdrawn", |v| v.len() == 1 && v[0].withdrawn_at.is_some()).await;

    let thanks = bot
        .fake
        .post_message(PostMessage::new(bot.channel, UserSpec::new(CAROL, "carol"), "thanks a lot!").reply_to(post.id));
    exchanges(&bot, "the thanks credited", |v| {
        v.iter().any(|x| x.origin == Origin::Thanks && x.withdrawn_at.is_none())
    })
    .await;
    bot.fake.delete_message(bot.channel, thanks.id);
    exchanges(&bot, "the thanks withdrawn with its message", |v| {
        v.iter().filter(|x| x.origin == Origin::Thanks).all(|x| x.withdrawn_at.is_some())
    })
    .await;
    bot.stop().await;
}

/// A configured manager role makes its holder a manager, in the store and for commands.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_manager_role_is_a_manager() {
    const MODS: u64 = 7_900_000_001;
    let spec = guild_spec().role(RoleSpec::new(MODS, "mods", 0));
    let bot = Bot::start_with(spec, Backend::Sqlite, |_| {}, |c| c.discord.manager_roles = vec![MODS]).await.unwrap();
    let community = bot.community().await;
    let refused = bot.run(CAROL, "funnel", &[]).await;
    assert!(text_of(&refused).contains("for community managers"), "{}", text_of(&refused));

    bot.fake.member_update(bot.guild, CAROL, vec![MODS], Some("Carol (mod)".into()));
    let row = bot
        .until("Carol's new role", async |s: &Store| {
            s.member(community, CAROL as i64).await.ok().flatten().filter(|m| m.platform_role == Role::Manager)
        })
        .await;
    assert_eq!(row.name.as_deref(), Some("Carol (mod)"));
    let funnel = bot.run(CAROL, "funnel", &[("period", json!("week"))]).await;
    assert!(!text_of(&funnel).contains("for community managers"), "{}", text_of(&funnel));
    bot.stop().await;
}

/// Thanks written into an edit credits once (the fake has no edit helper: a raw MESSAGE_UPDATE
/// as Discord sends it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thanks_added_in_an_edit_credits_once() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |_| {}).await.unwrap();
    let answer = bot.fake.post_message(PostMessage::new(bot.channel, UserSpec::new(ALICE, "alice"), "Try the beta."));
    let reply = bot
        .fake
        .post_message(PostMessage::new(bot.channel, UserSpec::new(BOB, "bob"), "ok, will do").reply_to(answer.id));
    let edit = |content: &str, at: &str| {
        json!({
            "id": reply.id.to_string(),
            "channel_id": bot.channel.to_string(),
            "guild_id": bot.guild.to_string(),
            "author": { "id": BOB.to_string(), "username": "bob", "discriminator": "0", "global_name": null,
                        "avatar": null, "bot": false },
            "content": content,
            "timestamp": "2026-11-28T10:00:00.000000+00:00",
            "edited_timestamp": at,
            "mentions": [],
            "type": 19,
            "message_reference": { "message_id": answer.id.to_string(), "channel_id": bot.channel.to_string() },
            "referenced_message": null,
        })
    };
    bot.fake.dispatch_raw(
        Some(bot.guild),
        "MESSAGE_UPDATE",
        edit("ok, will do — thanks, it worked!", "2026-11-28T10:01:00.000000+00:00"),
    );
    bot.fake.dispatch_raw(
        Some(bot.guild),
        "MESSAGE_UPDATE",
        edit("thanks!! it worked", "2026-11-28T10:02:00.000000+00:00"),
    );
    let v = exchanges(&bot, "the edit credited", |v| !v.is_empty()).await;
    assert_eq!((v[0].giver, v[0].receiver, v[0].origin), (ALICE as i64, BOB as i64, Origin::Thanks));
    // The second edit is ingested after the first (one writer, in order); still one exchange.
    let community = bot.community().await;
    bot.until("both edits logged", async |s: &Store| {
        let mut edits = 0;
        s.for_each_event(community, |e| {
            edits += usize::from(e.event.kind() == "message_edited");
            Ok(())
        })
        .await
        .ok()?;
        (edits == 2).then_some(())
    })
    .await;
    assert_eq!(bot.store.value_exchanges(community).await.unwrap().len(), 1);
    bot.stop().await;
}

/// A member who leaves while their join is still in the resolver's window: the leave is
/// written after the join, so they are recorded as gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leave_during_the_join_window_is_written_after_the_join() {
    let bot = Bot::start(guild_spec(), Backend::Sqlite, |fake| {
        fake.create_invite(guild_spec().id, "alice1", Some(ALICE), 0);
    })
    .await
    .unwrap();
    let community = bot.community().await;
    bot.fake.member_join(bot.guild, UserSpec::new(U[0], "u0"), Some("alice1"));
    bot.fake.member_leave(bot.guild, U[0]);
    let join = bot
        .until("the join closed by the leave", async |s: &Store| {
            s.joins_of(community, U[0] as i64).await.ok()?.into_iter().find(|j| j.left_at.is_some())
        })
        .await;
    assert_eq!(join.attribution.inviter, Some(ALICE as i64));
    let member = bot.store.member(community, U[0] as i64).await.unwrap().unwrap();
    assert!(!member.present(), "{member:?}");
    bot.stop().await;
}
