//! The real serenity 0.12 + poise 0.7 client against the fake Discord: gateway handshake,
//! events, slash commands, messages with embeds and files, raw REST requests, and sharding.

use std::sync::{Arc, Mutex};

use poise::serenity_prelude as serenity;
use serde_json::Value;
use serenity::{
    ChannelId, ClientBuilder, CreateAttachment, CreateEmbed, CreateInvite, CreateMessage, FullEvent, GatewayIntents,
    GuildId, LightMethod, Route, ShardManager, UserId,
};
use snowball::testkit::discord::events::PostMessage;
use snowball::testkit::discord::{
    CallbackKind, FakeDiscord, FakeDiscordConfig, GuildSpec, MemberSpec, SlashCommand, UserSpec, guild_id_on_shard,
    permissions, routes,
};

const OWNER: u64 = 5_000_000_001;
const ALICE: u64 = 5_000_000_002;
const BOB: u64 = 5_000_000_003;

type Error = Box<dyn std::error::Error + Send + Sync>;
type Ctx<'a> = poise::Context<'a, Data, Error>;

/// What the bot saw: (shard id, event) for every event serenity delivered.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<(u32, FullEvent)>>>);

impl Seen {
    fn find<T>(&self, f: impl Fn(u32, &FullEvent) -> Option<T>) -> Option<T> {
        self.0.lock().unwrap().iter().find_map(|(shard, e)| f(*shard, e))
    }
}

struct Data {
    seen: Seen,
}

/// Records every event with the shard that got it (poise's handler is a plain `fn`, so the
/// recorder lives in the user data).
fn record<'a>(
    framework: poise::FrameworkContext<'a, Data, Error>,
    event: &'a FullEvent,
) -> poise::BoxFuture<'a, Result<(), Error>> {
    let shard = framework.serenity_context.shard_id.0;
    framework.user_data.seen.0.lock().unwrap().push((shard, event.clone()));
    Box::pin(async { Ok(()) })
}

/// Answers pong; slow defers and follows up twice; edit edits; private is ephemeral.
#[poise::command(slash_command)]
async fn ping(ctx: Ctx<'_>, #[description = "plain, slow or private"] mode: Option<String>) -> Result<(), Error> {
    match mode.as_deref() {
        Some("slow") => {
            ctx.defer().await?;
            ctx.say("pong, slowly").await?;
            ctx.send(poise::CreateReply::default().embed(CreateEmbed::new().title("latency").description("fake")))
                .await?;
        }
        Some("edit") => {
            let reply = ctx.say("first draft").await?;
            reply.edit(ctx, poise::CreateReply::default().content("final")).await?;
        }
        Some("private") => {
            ctx.send(poise::CreateReply::default().content("psst").ephemeral(true)).await?;
        }
        _ => {
            ctx.say(format!("pong <@{}>", ctx.author().id)).await?;
        }
    }
    Ok(())
}

/// Builds the poise client, starts shards `shards` of `total` in the background.
async fn start_bot(
    fake: &FakeDiscord,
    intents: GatewayIntents,
    register_in: Vec<GuildId>,
    shards: Option<(std::ops::Range<u32>, u32)>,
) -> (Seen, Arc<ShardManager>) {
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
    let seen = Seen::default();
    let recorder = seen.clone();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions { commands: vec![ping()], event_handler: record, ..Default::default() })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                if register_in.is_empty() {
                    poise::builtins::register_globally(ctx, &framework.options().commands).await?;
                } else {
                    for guild in &register_in {
                        poise::builtins::register_in_guild(ctx, &framework.options().commands, *guild).await?;
                    }
                }
                Ok(Data { seen: recorder })
            })
        })
        .build();
    let mut client = ClientBuilder::new_with_http(fake.http(), intents).framework(framework).await.expect("client");
    let manager = client.shard_manager.clone();
    tokio::spawn(async move {
        let result = match shards {
            Some((range, total)) => client.start_shard_range(range, total).await,
            None => client.start().await,
        };
        if let Err(e) = result {
            eprintln!("client stopped: {e}");
        }
    });
    (seen, manager)
}

fn community(guild: u64) -> GuildSpec {
    GuildSpec::new(guild, "community", OWNER)
        .member(MemberSpec::new(UserSpec::new(ALICE, "alice")))
        .vanity("community", 3)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_poise_bot_connects_receives_events_and_answers() {
    let fake = FakeDiscord::start().await;
    let guild = guild_id_on_shard(0, 1, 0);
    let channel = guild + 1;
    fake.add_guild(community(guild));
    let intents = GatewayIntents::non_privileged() | GatewayIntents::GUILD_MEMBERS | GatewayIntents::MESSAGE_CONTENT;
    let (seen, manager) = start_bot(&fake, intents, Vec::new(), None).await;

    // Handshake: one shard, the intents asked for, READY then GUILD_CREATE.
    let ready = fake.wait_until_ready(1).await;
    assert_eq!(ready[0].guilds, vec![guild]);
    let identify = &fake.identifies()[0];
    assert_eq!((identify.shard_id, identify.shard_total, identify.intents), (0, 1, intents.bits()));
    assert!(identify.token_ok);
    let created = fake
        .wait_for("GUILD_CREATE handled", |_| {
            seen.find(|_, e| match e {
                FullEvent::GuildCreate { guild: g, .. } if g.id.get() == guild => Some(g.members.len()),
                _ => None,
            })
        })
        .await;
    assert_eq!(created, 3, "owner, alice and the bot");

    // poise fetched the application info and registered /ping globally.
    let command = fake.wait_for_command("ping").await;
    assert_eq!(command["options"][0]["name"], "mode");
    assert_eq!(fake.request_count(routes::SET_GLOBAL_COMMANDS), 1);
    assert_eq!(fake.request_count(routes::APPLICATION_INFO), 1);

    // An invite is created, then someone joins through it.
    fake.create_invite(guild, "abc123", Some(ALICE), 0);
    let joined = fake.member_join(guild, UserSpec::new(BOB, "bob"), Some("abc123"));
    assert_eq!((joined.uses_after, joined.delivered), (Some(1), 1));
    fake.wait_for("INVITE_CREATE and GUILD_MEMBER_ADD handled", |_| {
        let invite =
            seen.find(|_, e| matches!(e, FullEvent::InviteCreate { data } if data.code == "abc123").then_some(()));
        let member = seen.find(|_, e| match e {
            FullEvent::GuildMemberAddition { new_member } if new_member.user.id.get() == BOB => Some(()),
            _ => None,
        });
        invite.and(member)
    })
    .await;

    // A reply with a mention reaches the bot with its reference.
    let first = fake.post_message(PostMessage::new(channel, ALICE, "welcome!"));
    let reply = fake.post_message(PostMessage::new(channel, BOB, "thanks <@5000000002>").reply_to(first.id));
    fake.react(channel, reply.id, ALICE, "🙏");
    let (referenced, mentions) = fake
        .wait_for("the reply handled", |_| {
            seen.find(|_, e| match e {
                FullEvent::Message { new_message } if new_message.id.get() == reply.id => Some((
                    new_message.referenced_message.as_ref().map(|m| m.id.get()),
                    new_message.mentions.iter().map(|u| u.id.get()).collect::<Vec<_>>(),
                )),
                _ => None,
            })
        })
        .await;
    assert_eq!((referenced, mentions), (Some(first.id), vec![ALICE]));
    let reaction_author = fake
        .wait_for("the reaction handled", |_| {
            seen.find(|_, e| match e {
                FullEvent::ReactionAdd { add_reaction } => Some(add_reaction.message_author_id.map(|u| u.get())),
                _ => None,
            })
        })
        .await;
    assert_eq!(reaction_author, Some(BOB));

    // /ping answered at once.
    let handle = fake.slash_command(SlashCommand::new(guild, channel, ALICE, "ping")).expect("registered");
    let response = fake.await_response(&handle).await;
    assert_eq!(response.kind, CallbackKind::Message);
    assert!(!response.deferred && !response.ephemeral);
    assert_eq!(response.content(), format!("pong <@{ALICE}>"));
    assert!(fake.bot_messages_in(channel).iter().any(|m| m.interaction_id == Some(handle.id)));

    // /ping slow: deferred, then two follow-ups.
    let handle = fake.slash_command(SlashCommand::new(guild, channel, ALICE, "ping").option("mode", "slow")).unwrap();
    let response = fake.await_followups(&handle, 2).await;
    assert!(response.deferred);
    assert_eq!(response.kind, CallbackKind::Deferred);
    assert_eq!(response.content(), "pong, slowly");
    assert_eq!(response.followups[1].embed_titles(), vec!["latency"]);

    // /ping edit: the original response is edited (PATCH …/messages/@original).
    let handle = fake.slash_command(SlashCommand::new(guild, channel, ALICE, "ping").option("mode", "edit")).unwrap();
    let edited =
        fake.wait_for("the edit", |f| f.response(&handle).and_then(|r| r.original).filter(|o| o.edits >= 1)).await;
    assert_eq!(edited.content, "final");
    assert_eq!(fake.messages_in(channel).iter().find(|m| m.id == edited.id).map(|m| m.content.as_str()), Some("final"));

    // /ping private: ephemeral, not visible in the channel.
    let handle =
        fake.slash_command(SlashCommand::new(guild, channel, ALICE, "ping").option("mode", "private")).unwrap();
    let response = fake.await_response(&handle).await;
    assert!(response.ephemeral);
    assert!(!fake.messages_in(channel).iter().any(|m| m.interaction_id == Some(handle.id)));

    // Messages with an embed and with a file, through serenity's own builders.
    let http = fake.http();
    let channel_id = ChannelId::new(channel);
    let sent = channel_id
        .send_message(
            &http,
            CreateMessage::new().content("digest").embed(CreateEmbed::new().title("Week 47").field("joins", "3", true)),
        )
        .await
        .expect("send embed");
    assert_eq!(sent.embeds[0].title.as_deref(), Some("Week 47"));
    let csv = b"member,joins\nalice,1\n".to_vec();
    let sent_file = channel_id
        .send_message(
            &http,
            CreateMessage::new().content("export").add_file(CreateAttachment::bytes(csv.clone(), "joins.csv")),
        )
        .await
        .expect("send file");
    assert_eq!(sent_file.attachments[0].filename, "joins.csv");
    let posted = fake.bot_messages_in(channel);
    let digest = posted.iter().find(|m| m.id == sent.id.get()).unwrap();
    assert_eq!(digest.embed_titles(), vec!["Week 47"]);
    let export = posted.iter().find(|m| m.id == sent_file.id.get()).unwrap();
    assert_eq!((export.attachments[0].filename.as_str(), &export.attachments[0].data), ("joins.csv", &csv));
    assert!(fake.requests(routes::CREATE_MESSAGE).iter().any(|r| r.multipart));

    // Invites and the vanity URL over raw REST.
    let invites = http.get_guild_invites(GuildId::new(guild)).await.expect("invites");
    assert_eq!(invites.len(), 1);
    assert_eq!((invites[0].code.as_str(), invites[0].uses), ("abc123", 1));
    assert_eq!(invites[0].inviter.as_ref().map(|u| u.id.get()), Some(ALICE));
    let raw = http
        .request(serenity::http::Request::new(
            Route::GuildVanityUrl { guild_id: GuildId::new(guild) },
            LightMethod::Get,
        ))
        .await
        .expect("vanity");
    let vanity: Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
    assert_eq!((vanity["code"].as_str(), vanity["uses"].as_u64()), (Some("community"), Some(3)));
    assert_eq!(fake.request_count(routes::GUILD_INVITES), 1);
    assert_eq!(fake.request_count(routes::GUILD_VANITY_URL), 1);

    // The bot creates and deletes an invite; both events reach it.
    let created = channel_id.create_invite(&http, CreateInvite::new().max_uses(5)).await.expect("create invite");
    assert_eq!(fake.invite(&created.code).map(|i| (i.max_uses, i.inviter)), Some((5, Some(fake.bot_user_id()))));
    http.delete_invite(&created.code, None).await.expect("delete invite");
    fake.wait_for("INVITE_DELETE handled", |_| {
        seen.find(|_, e| matches!(e, FullEvent::InviteDelete { data } if data.code == created.code).then_some(()))
    })
    .await;

    // The rest of the REST surface decodes into serenity types.
    let g = http.get_guild(GuildId::new(guild)).await.expect("guild");
    assert_eq!((g.name.as_str(), g.owner_id.get()), ("community", OWNER));
    let m = http.get_member(GuildId::new(guild), UserId::new(BOB)).await.expect("member");
    assert_eq!(m.user.name, "bob");
    assert_eq!(http.get_guild_roles(GuildId::new(guild)).await.expect("roles").len(), 2);
    assert_eq!(http.get_channels(GuildId::new(guild)).await.expect("channels")[0].name, "general");
    assert_eq!(http.get_user(UserId::new(ALICE)).await.expect("user").name, "alice");
    assert!(http.get_current_user().await.expect("me").bot);
    assert_eq!(http.get_bot_gateway().await.expect("gateway").url, fake.gateway_url());
    let dm = UserId::new(ALICE).create_dm_channel(&http).await.expect("dm");
    dm.id.say(&http, "hi alice").await.expect("dm message");
    assert_eq!(fake.dm_channel(ALICE), Some(dm.id.get()));
    assert_eq!(fake.bot_messages_in(dm.id.get())[0].content, "hi alice");

    // Everything so far was a known route.
    assert!(fake.unknown_requests().is_empty(), "unknown: {:?}", fake.unknown_requests());

    // Without MANAGE_GUILD the invite list is refused, like Discord does.
    fake.set_bot_permissions(guild, permissions::EVERYONE_DEFAULT);
    let refused = http.get_guild_invites(GuildId::new(guild)).await.expect_err("missing permissions");
    assert!(refused.to_string().contains("Missing Permissions"), "{refused}");

    // Unknown routes answer 404 and are recorded.
    let bans = http.get_bans(GuildId::new(guild), None, None).await;
    assert!(bans.is_err());
    assert_eq!(fake.unknown_requests()[0].route, format!("GET /guilds/{guild}/bans"));

    manager.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shards_each_get_their_own_guilds() {
    let fake = FakeDiscord::start().await;
    let (guild_a, guild_b) = (guild_id_on_shard(0, 2, 0), guild_id_on_shard(1, 2, 0));
    fake.add_guild(community(guild_a));
    fake.add_guild(community(guild_b));
    let intents = GatewayIntents::GUILDS | GatewayIntents::GUILD_MEMBERS | GatewayIntents::GUILD_INVITES;
    // serenity's range end is inclusive here: 0..1 of 2 starts shards 0 and 1.
    let (seen, manager) =
        start_bot(&fake, intents, vec![GuildId::new(guild_a), GuildId::new(guild_b)], Some((0..1, 2))).await;

    let ready = fake.wait_until_ready(2).await;
    let mut by_shard: Vec<(u32, u32, Vec<u64>)> =
        ready.iter().map(|s| (s.shard_id, s.shard_total, s.guilds.clone())).collect();
    by_shard.sort();
    assert_eq!(by_shard, vec![(0, 2, vec![guild_a]), (1, 2, vec![guild_b])]);
    let mut identified: Vec<(u32, u32)> = fake.identifies().iter().map(|i| (i.shard_id, i.shard_total)).collect();
    identified.sort();
    assert_eq!(identified, vec![(0, 2), (1, 2)]);

    // Guild commands registered in each guild.
    fake.wait_for("guild commands", |f| {
        (!f.registered_commands(Some(guild_a)).is_empty() && !f.registered_commands(Some(guild_b)).is_empty())
            .then_some(())
    })
    .await;

    // A join in guild B is handled by shard 1, a join in guild A by shard 0.
    fake.member_join(guild_b, UserSpec::new(BOB, "bob"), None);
    fake.member_join(guild_a, UserSpec::new(BOB + 1, "carol"), Some("community"));
    let shards = fake
        .wait_for("both joins handled", |_| {
            let on = |user: u64| {
                seen.find(|shard, e| match e {
                    FullEvent::GuildMemberAddition { new_member } if new_member.user.id.get() == user => Some(shard),
                    _ => None,
                })
            };
            Some((on(BOB)?, on(BOB + 1)?))
        })
        .await;
    assert_eq!(shards, (1, 0));
    assert_eq!(fake.vanity(guild_a), Some(("community".into(), 4)));

    // A slash command in guild B is answered through shard 1.
    let handle =
        fake.slash_command(SlashCommand::new(guild_b, guild_b + 1, ALICE, "ping")).expect("registered in guild");
    assert_eq!(fake.await_response(&handle).await.content(), format!("pong <@{ALICE}>"));

    manager.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_resumes_and_replays_missed_events() {
    let fake = FakeDiscord::start().await;
    let guild = guild_id_on_shard(0, 1, 3);
    fake.add_guild(community(guild));
    let intents = GatewayIntents::GUILDS | GatewayIntents::GUILD_MEMBERS;
    let (seen, manager) = start_bot(&fake, intents, vec![GuildId::new(guild)], None).await;
    fake.wait_until_ready(1).await;

    assert!(fake.disconnect_shard(0, 4000));
    // Sent while the shard is away: Discord keeps it for the RESUME.
    let outcome = fake.member_join(guild, UserSpec::new(BOB, "bob"), None);
    assert_eq!(outcome.delivered, 0);
    fake.wait_for("the session resumed", |f| f.shards().iter().any(|s| s.resumes == 1 && s.connected).then_some(()))
        .await;
    fake.wait_for("the missed join handled", |_| {
        seen.find(|_, e| match e {
            FullEvent::GuildMemberAddition { new_member } if new_member.user.id.get() == BOB => Some(()),
            _ => None,
        })
    })
    .await;
    assert_eq!(fake.identifies().len(), 1, "resumed, not re-identified");
    manager.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn privileged_intents_not_enabled_are_refused_with_4014() {
    let config = FakeDiscordConfig { privileged_intents_enabled: 0, ..FakeDiscordConfig::default() };
    let fake = FakeDiscord::start_with(config).await;
    fake.add_guild(community(guild_id_on_shard(0, 1, 0)));
    let intents = GatewayIntents::GUILDS | GatewayIntents::GUILD_MEMBERS;
    let (_seen, manager) = start_bot(&fake, intents, Vec::new(), None).await;
    let refused = fake.wait_for("an identify", |f| f.identifies().first().cloned()).await;
    assert_eq!(refused.refused_with, Some(4014));
    assert!(fake.shards().is_empty(), "no session was opened");
    manager.shutdown_all().await;
}

#[tokio::test]
async fn injected_faults_reach_the_client() {
    let fake = FakeDiscord::start().await;
    let guild = guild_id_on_shard(0, 1, 0);
    fake.add_guild(community(guild));
    let http = fake.http();
    let body =
        serde_json::json!({ "message": "You are being rate limited.", "retry_after": 0.5, "global": false, "code": 0 });
    fake.fail_route(routes::GUILD_INVITES, 429, body, Some(1));
    let limited = http.get_guild_invites(GuildId::new(guild)).await.expect_err("rate limited once");
    assert!(limited.to_string().contains("rate limited"), "{limited}");
    assert!(http.get_guild_invites(GuildId::new(guild)).await.is_ok(), "the fault applied once");
    let statuses: Vec<u16> = fake.requests(routes::GUILD_INVITES).iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 200]);

    // A wrong token is refused like Discord does.
    let wrong =
        serenity::http::HttpBuilder::new("not-the-token").proxy(fake.base_url()).ratelimiter_disabled(true).build();
    assert!(wrong.get_current_user().await.is_err());
    assert_eq!(fake.requests(routes::CURRENT_USER)[0].status, 401);
}
