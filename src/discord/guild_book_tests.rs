use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

const GUILD: u64 = 1_000;
const BOT: u64 = 7;
const OWNER: u64 = 9;

fn role(id: u64, perms: u64) -> Value {
    json!({ "id": id.to_string(), "guild_id": GUILD.to_string(), "name": format!("role {id}"), "color": 0,
        "hoist": false, "icon": null, "unicode_emoji": null, "position": 0, "permissions": perms.to_string(),
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "managed": false, "mentionable": false, "flags": 0, "tags": {} })
}

/// An overwrite: (for a role? else the bot, target role index, allow, deny).
type Overwrite = (bool, u64, u64, u64);

fn channel(id: u64, kind: u8, position: u16, overwrites: &[Overwrite]) -> Value {
    let overwrites: Vec<Value> = overwrites
        .iter()
        .map(|(for_role, target, allow, deny)| {
            let (kind, id) = if *for_role { (0, GUILD + target) } else { (1, BOT) };
            json!({ "id": id.to_string(), "type": kind, "allow": allow.to_string(), "deny": deny.to_string() })
        })
        .collect();
    json!({ "id": id.to_string(), "type": kind, "guild_id": GUILD.to_string(), "name": format!("channel {id}"),
        "position": position, "permission_overwrites": overwrites, "parent_id": null, "nsfw": false, "flags": 0 })
}

/// A guild with `roles` (index 0 is @everyone, whose id is the guild's), `channels`, and the bot
/// holding `bot_roles` (indices into `roles`).
fn guild(roles: &[u64], channels: &[Value], bot_roles: &[u64], system: Option<u64>, owner: u64) -> Guild {
    let roles: Vec<Value> = roles.iter().enumerate().map(|(i, p)| role(GUILD + i as u64, *p)).collect();
    let bot_roles: Vec<String> = bot_roles.iter().map(|i| (GUILD + i).to_string()).collect();
    let bot = json!({ "user": { "id": BOT.to_string(), "username": "snowball", "discriminator": "0", "bot": true },
        "roles": bot_roles, "joined_at": "2026-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
        "flags": 0 });
    let mut g = crate::bench::memory::guild_json(GUILD, owner);
    g["roles"] = roles.into();
    g["channels"] = channels.into();
    g["members"] = json!([bot]);
    g["system_channel_id"] = system.map(|s| s.to_string()).into();
    serde_json::from_value(g).expect("a valid guild")
}

fn perms() -> impl Strategy<Value = u64> {
    // The low bits hold every permission the bot checks; Administrator (bit 3) comes up often.
    any::<u64>().prop_map(|p| p & 0x3_FFFF_FFFF)
}

fn overwrite() -> impl Strategy<Value = Overwrite> {
    (any::<bool>(), 0u64..4, perms(), perms())
}

proptest! {
    /// The compact facts compute the same permissions as serenity's own `Guild` did.
    #[test]
    fn permissions_match_serenitys(
        roles in prop::collection::vec(perms(), 1..5),
        bot_roles in prop::collection::vec(1u64..5, 0..3),
        overwrites in prop::collection::vec(prop::collection::vec(overwrite(), 0..4), 1..4),
        owner_is_bot in prop::bool::weighted(0.1),
    ) {
        let channels: Vec<Value> =
            overwrites.iter().enumerate().map(|(i, o)| channel(100 + i as u64, 0, i as u16, o)).collect();
        let g = guild(&roles, &channels, &bot_roles, None, if owner_is_bot { BOT } else { OWNER });
        let facts = Facts::of(&g, UserId::new(BOT));
        let me = &g.members[&UserId::new(BOT)];
        for c in g.channels.values() {
            let (guild_perms, in_channel) = facts.bot_permissions(UserId::new(BOT), Some(c.id));
            prop_assert_eq!(in_channel, Some(g.user_permissions_in(c, me)));
            prop_assert_eq!(guild_perms, g.member_permissions(me));
        }
    }
}

fn send() -> Permissions {
    Permissions::SEND_MESSAGES
}

#[test]
fn the_system_channel_first_then_the_first_text_channel_by_position() {
    let everyone = (Permissions::VIEW_CHANNEL | send()).bits();
    let deny_send = [(true, 0, 0, send().bits())];
    let channels = [
        channel(200, 0, 2, &[]),
        channel(201, 0, 1, &[]),
        channel(202, 2, 0, &[]), // voice
        channel(203, 0, 0, &deny_send),
    ];
    let bot = UserId::new(BOT);
    let with_system = Facts::of(&guild(&[everyone], &channels, &[], Some(200), OWNER), bot);
    assert_eq!(with_system.channel_allowing(bot, send()), Some(ChannelId::new(200)));
    let without = Facts::of(&guild(&[everyone], &channels, &[], None, OWNER), bot);
    assert_eq!(without.channel_allowing(bot, send()), Some(ChannelId::new(201)));
    let barred = Facts::of(&guild(&[everyone], &channels, &[], Some(203), OWNER), bot);
    assert_eq!(barred.channel_allowing(bot, send()), Some(ChannelId::new(201)));
    // Without View Channel nothing else counts.
    let blind = Facts::of(&guild(&[send().bits()], &channels, &[], None, OWNER), bot);
    assert_eq!(blind.channel_allowing(bot, send()), None);
}

#[test]
fn events_keep_the_book_current() {
    let bot = UserId::new(BOT);
    let book = GuildBook::default();
    let id = GuildId::new(GUILD);
    let g = guild(
        &[Permissions::VIEW_CHANNEL.bits(), Permissions::MANAGE_GUILD.bits()],
        &[channel(300, 0, 0, &[])],
        &[],
        None,
        OWNER,
    );
    assert!(book.created(&g, bot), "a guild READY did not list is new");
    assert!(!book.created(&g, bot), "the same guild again (after an outage) is not");
    assert_eq!(book.with(id, |f| f.bot_permissions(bot, None).0), Some(Permissions::VIEW_CHANNEL));

    // The bot is given role 1, which then gains Send Messages.
    book.member_updated(id, bot, &[RoleId::new(GUILD + 1)], bot);
    book.member_updated(id, UserId::new(55), &[], bot);
    assert!(book.with(id, |f| f.bot_permissions(bot, None).0.contains(Permissions::MANAGE_GUILD)).unwrap_or(false));
    let mut r: Role = serde_json::from_value(role(GUILD + 1, (Permissions::MANAGE_GUILD | send()).bits())).unwrap();
    book.role_set(&r);
    assert_eq!(book.with(id, |f| f.channel_allowing(bot, send())), Some(Some(ChannelId::new(300))));
    r.id = RoleId::new(GUILD + 2);
    book.role_set(&r);
    book.role_deleted(id, RoleId::new(GUILD + 1));
    assert_eq!(book.with(id, |f| f.channel_allowing(bot, send())), Some(None));

    // A new channel where the bot is allowed by a member overwrite; then deleted.
    let c: GuildChannel = serde_json::from_value(channel(301, 0, 5, &[(false, 0, send().bits(), 0)])).unwrap();
    book.channel_set(&c);
    assert_eq!(book.with(id, |f| f.channel_allowing(bot, send())), Some(Some(ChannelId::new(301))));
    book.channel_deleted(id, c.id);
    assert_eq!(book.with(id, |f| f.channel_allowing(bot, send())), Some(None));

    // The guild changes hands; then the bot leaves.
    let mut partial: PartialGuild = serde_json::from_value(serde_json::to_value(&g).unwrap()).unwrap();
    partial.owner_id = bot;
    partial.vanity_url_code = Some("snow".into());
    book.updated(&partial);
    assert_eq!(book.with(id, |f| (f.owner(), f.has_vanity())), Some((bot, true)));
    assert_eq!(book.with(id, |f| f.bot_permissions(bot, None).0), Some(Permissions::all()));
    book.removed(id);
    assert!(book.is_empty());
    // READY lists the guild: its GUILD_CREATE is not an addition.
    let ready: serenity::Ready = serde_json::from_value(json!({
        "v": 10, "user": { "id": BOT.to_string(), "username": "snowball", "discriminator": "0", "bot": true },
        "guilds": [{ "id": GUILD.to_string(), "unavailable": true }], "session_id": "s",
        "resume_gateway_url": "ws://127.0.0.1:1", "application": { "id": "1", "flags": 0 } }))
    .expect("a valid READY");
    assert!(!book.observe(&FullEvent::Ready { data_about_bot: ready }, bot));
    assert!(!book.observe(&FullEvent::GuildCreate { guild: g.clone(), is_new: Some(true) }, bot));
    assert_eq!(book.len(), 1);
}
