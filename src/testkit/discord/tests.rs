//! Every dispatch the fake sends decodes into serenity's gateway event types (not `Unknown`),
//! and the state changes follow Discord's rules. The real-client tests are in
//! `tests/fake_discord.rs`.

use serde_json::{Value, json};
use serenity::model::event::{Event, GatewayEvent};
use tokio::sync::mpsc;

use super::events::{Join, PostMessage};
use super::state::{Outbound, Session};
use super::*;

const GUILD: u64 = 1 << 22;
const CHANNEL: u64 = GUILD + 1;
const OWNER: u64 = 7_001;
const ALICE: u64 = 7_002;

/// A fake with one guild and a pretend gateway session (all intents) that collects frames.
async fn fake_with_session(intents: u64) -> (FakeDiscord, mpsc::UnboundedReceiver<Outbound>) {
    let fake = FakeDiscord::start().await;
    fake.add_guild(
        GuildSpec::new(GUILD, "guild", OWNER)
            .member(MemberSpec::new(UserSpec::new(ALICE, "alice")))
            .role(RoleSpec::new(GUILD + 10, "helper", permissions::KICK_MEMBERS))
            .vanity("cool", 5),
    );
    let (tx, rx) = mpsc::unbounded_channel();
    fake.shared().update(|s| {
        s.sessions.push(Session {
            session_id: "test".into(),
            shard_id: 0,
            shard_total: 1,
            intents,
            seq: 0,
            conn: Some((0, tx)),
            disconnected_at: None,
            ready: true,
            log: Vec::new(),
            heartbeats: 0,
            resumes: 0,
            guilds: vec![GUILD],
        });
        gateway::send_guild_create(s, 0, GUILD);
    });
    (fake, rx)
}

fn decode(text: &str) -> (u64, Event) {
    match serde_json::from_str::<GatewayEvent>(text) {
        Ok(GatewayEvent::Dispatch(seq, event)) => (seq, event),
        Ok(other) => panic!("not a dispatch: {other:?}"),
        Err(e) => panic!("serenity cannot decode {text}: {e}"),
    }
}

fn drain(rx: &mut mpsc::UnboundedReceiver<Outbound>) -> Vec<(u64, Event)> {
    let mut out = Vec::new();
    while let Ok(Outbound::Text(text)) = rx.try_recv() {
        out.push(decode(&text));
    }
    out
}

#[tokio::test]
async fn every_dispatch_decodes_as_a_known_serenity_event() {
    let (fake, mut rx) = fake_with_session(u64::from(u32::MAX) & ((1 << 26) - 1)).await;
    fake.create_invite(GUILD, "abc", Some(ALICE), 2);
    fake.member_join(GUILD, UserSpec::new(7_100, "bob"), Some("abc"));
    fake.member_update(GUILD, 7_100, vec![GUILD + 10], Some("bobby".into()));
    let first = fake.post_message(PostMessage::new(CHANNEL, ALICE, "hello <@7100>"));
    let reply = fake.post_message(PostMessage::new(CHANNEL, 7_100, "thanks!").reply_to(first.id).mention(ALICE));
    fake.react(CHANNEL, reply.id, ALICE, "🙏");
    fake.react(CHANNEL, reply.id, ALICE, "party:123456");
    fake.unreact(CHANNEL, reply.id, ALICE, "🙏");
    fake.delete_message(CHANNEL, first.id);
    fake.member_leave(GUILD, 7_100);
    fake.delete_invite(GUILD, "abc");
    fake.shared().update(|s| {
        s.global_commands.push(json!({
            "id": "55", "name": "who", "type": 1, "description": "",
            "options": [{ "type": 6, "name": "member", "description": "m" }, { "type": 3, "name": "note", "description": "n" }],
        }));
    });
    let handle = fake
        .slash_command(
            SlashCommand::new(GUILD, CHANNEL, ALICE, "who").option("member", OWNER.to_string()).option("note", "hi"),
        )
        .expect("registered");
    assert_eq!(handle.delivered, 1);

    let events = drain(&mut rx);
    let names: Vec<String> = events.iter().map(|(_, e)| e.name().unwrap_or_else(|| "UNKNOWN".into())).collect();
    assert_eq!(
        names,
        [
            "GUILD_CREATE",
            "INVITE_CREATE",
            "GUILD_MEMBER_ADD",
            "GUILD_MEMBER_UPDATE",
            "MESSAGE_CREATE",
            "MESSAGE_CREATE",
            "MESSAGE_REACTION_ADD",
            "MESSAGE_REACTION_ADD",
            "MESSAGE_REACTION_REMOVE",
            "MESSAGE_DELETE",
            "GUILD_MEMBER_REMOVE",
            "INVITE_DELETE",
            "INTERACTION_CREATE",
        ]
    );
    let seqs: Vec<u64> = events.iter().map(|(s, _)| *s).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>(), "sequence numbers count up by one");

    let Event::GuildCreate(guild) = &events[0].1 else { unreachable!() };
    assert_eq!(guild.guild.members.len(), 3, "owner, alice, bot");
    assert!(guild.guild.roles.len() >= 3, "@everyone, helper, bot role");
    let Event::MessageCreate(reply_event) = &events[5].1 else { unreachable!() };
    assert_eq!(reply_event.message.referenced_message.as_ref().map(|m| m.id.get()), Some(first.id));
    assert_eq!(reply_event.message.mentions.iter().map(|u| u.id.get()).collect::<Vec<_>>(), vec![ALICE]);
    let Event::ReactionAdd(reaction) = &events[6].1 else { unreachable!() };
    assert_eq!(reaction.reaction.message_author_id.map(|u| u.get()), Some(7_100));
    let Event::InteractionCreate(interaction) = &events[12].1 else { unreachable!() };
    let command = interaction.interaction.as_command().expect("a command");
    assert_eq!(command.data.name, "who");
    let options = command.data.options();
    assert!(matches!(options[0].value, serenity::all::ResolvedValue::User(u, Some(_)) if u.id.get() == OWNER));
}

#[tokio::test]
async fn ready_hello_and_ack_frames_decode() {
    let fake = FakeDiscord::start().await;
    let config = fake.config().clone();
    let ready = json!({
        "op": 0, "s": 1, "t": "READY",
        "d": {
            "v": 10, "user": payload::current_user(&config), "guilds": [{ "id": "1", "unavailable": true }],
            "session_id": "x", "resume_gateway_url": fake.gateway_url(), "shard": [0, 1],
            "application": { "id": config.bot_id.to_string(), "flags": 0 },
        }
    });
    assert!(matches!(decode(&ready.to_string()).1, Event::Ready(_)));
    let hello: GatewayEvent =
        serde_json::from_value(json!({ "op": 10, "d": { "heartbeat_interval": 41250 }, "s": null, "t": null }))
            .unwrap();
    assert!(matches!(hello, GatewayEvent::Hello(41250)));
    let ack: GatewayEvent = serde_json::from_value(json!({ "op": 11, "d": null, "s": null, "t": null })).unwrap();
    assert!(matches!(ack, GatewayEvent::HeartbeatAck));
}

#[tokio::test]
async fn message_content_is_blanked_without_the_intent_unless_the_bot_is_mentioned() {
    let (fake, mut rx) = fake_with_session(intents::GUILDS | intents::GUILD_MESSAGES).await;
    drain(&mut rx);
    fake.post_message(PostMessage::new(CHANNEL, ALICE, "secret"));
    let bot = fake.bot_user_id();
    fake.post_message(PostMessage::new(CHANNEL, ALICE, format!("hey <@{bot}>")));
    let contents: Vec<String> = drain(&mut rx)
        .into_iter()
        .filter_map(|(_, e)| match e {
            Event::MessageCreate(m) => Some(m.message.content),
            _ => None,
        })
        .collect();
    assert_eq!(contents, vec![String::new(), format!("hey <@{bot}>")]);
}

#[tokio::test]
async fn used_up_invites_are_deleted_and_vanity_uses_count() {
    let (fake, mut rx) = fake_with_session(intents::GUILDS | intents::GUILD_MEMBERS | intents::GUILD_INVITES).await;
    drain(&mut rx);
    fake.create_invite(GUILD, "once", Some(ALICE), 1);
    fake.create_invite(GUILD, "many", Some(OWNER), 0);
    let outcomes = fake.simultaneous_joins(
        GUILD,
        vec![
            Join::new(8_001, Some("once")),
            Join::new(8_002, Some("many")),
            Join::new(8_003, Some("cool")),
            Join::new(8_004, None),
        ],
    );
    assert!(outcomes[0].invite_deleted);
    assert_eq!(outcomes[1].uses_after, Some(1));
    assert_eq!(outcomes[2].uses_after, Some(6), "vanity had 5 uses");
    assert_eq!(outcomes[3].uses_after, None);
    assert!(outcomes.iter().all(|o| o.delivered == 1));
    assert_eq!(fake.invites(GUILD).iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), vec!["many"]);
    assert_eq!(fake.vanity(GUILD), Some(("cool".into(), 6)));
    let names: Vec<String> = drain(&mut rx).into_iter().filter_map(|(_, e)| e.name()).collect();
    assert_eq!(
        names,
        [
            "INVITE_CREATE",
            "INVITE_CREATE",
            "INVITE_DELETE",
            "GUILD_MEMBER_ADD",
            "GUILD_MEMBER_ADD",
            "GUILD_MEMBER_ADD",
            "GUILD_MEMBER_ADD"
        ]
    );
}

#[tokio::test]
async fn events_skip_sessions_without_the_intent_and_offline_shards() {
    let (fake, mut rx) = fake_with_session(intents::GUILDS).await;
    drain(&mut rx);
    let outcome = fake.member_join(GUILD, 9_001, None);
    assert_eq!(outcome.delivered, 0, "no GUILD_MEMBERS intent");
    assert!(drain(&mut rx).is_empty());
    fake.shared().update(|s| s.sessions[0].conn = None); // gone for good (not resumable)
    let other_guild = guild_id_on_shard(0, 1, 5);
    fake.add_guild(GuildSpec::new(other_guild, "later", OWNER));
    assert_eq!(fake.dispatch_raw(Some(other_guild), "CUSTOM", json!({})), 0);
}

#[test]
fn shard_helpers_agree() {
    for total in 1..5 {
        for shard in 0..total {
            for n in 0..3 {
                assert_eq!(shard_for(guild_id_on_shard(shard, total, n), total), shard);
            }
        }
    }
}

#[test]
fn mentions_are_parsed_from_text() {
    assert_eq!(ops::parse_mentions("hi <@1> and <@!22>, not <@x> or <@3"), vec![1, 22]);
}

#[tokio::test]
async fn options_without_definitions_are_typed_from_their_values() {
    // An option the command does not define still goes through, typed from its JSON value.
    let (fake, mut rx) = fake_with_session(intents::GUILDS).await;
    fake.shared().update(|s| s.global_commands.push(json!({ "id": "9", "name": "x", "type": 1, "options": [] })));
    fake.slash_command(SlashCommand::new(GUILD, CHANNEL, ALICE, "x").option("n", 3).option("b", true)).unwrap();
    let (_, event) = drain(&mut rx).pop().unwrap();
    let Event::InteractionCreate(i) = event else { panic!("not an interaction") };
    let data = i.interaction.as_command().unwrap().data.clone();
    let kinds: Vec<Value> = data.options.iter().map(|o| json!(format!("{:?}", o.value.kind()))).collect();
    assert_eq!(kinds, vec![json!("Integer"), json!("Boolean")]);
}
