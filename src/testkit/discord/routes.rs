//! Route names as [`RecordedRequest::route`](super::RecordedRequest) spells them, for
//! [`FakeDiscord::requests`](super::FakeDiscord::requests) and
//! [`FakeDiscord::request_count`](super::FakeDiscord::request_count).

pub const GATEWAY: &str = "GET /gateway";
pub const GATEWAY_BOT: &str = "GET /gateway/bot";
pub const CURRENT_USER: &str = "GET /users/@me";
pub const USER: &str = "GET /users/{user_id}";
pub const CREATE_DM: &str = "POST /users/@me/channels";
pub const APPLICATION_INFO: &str = "GET /oauth2/applications/@me";
pub const GUILD: &str = "GET /guilds/{guild_id}";
pub const GUILD_MEMBER: &str = "GET /guilds/{guild_id}/members/{user_id}";
pub const GUILD_MEMBERS: &str = "GET /guilds/{guild_id}/members";
pub const GUILD_ROLES: &str = "GET /guilds/{guild_id}/roles";
pub const GUILD_CHANNELS: &str = "GET /guilds/{guild_id}/channels";
pub const GUILD_INVITES: &str = "GET /guilds/{guild_id}/invites";
pub const GUILD_VANITY_URL: &str = "GET /guilds/{guild_id}/vanity-url";
pub const CHANNEL: &str = "GET /channels/{channel_id}";
pub const CREATE_INVITE: &str = "POST /channels/{channel_id}/invites";
pub const INVITE: &str = "GET /invites/{code}";
pub const DELETE_INVITE: &str = "DELETE /invites/{code}";
pub const CREATE_MESSAGE: &str = "POST /channels/{channel_id}/messages";
pub const GET_MESSAGE: &str = "GET /channels/{channel_id}/messages/{message_id}";
pub const EDIT_MESSAGE: &str = "PATCH /channels/{channel_id}/messages/{message_id}";
pub const DELETE_MESSAGE: &str = "DELETE /channels/{channel_id}/messages/{message_id}";
pub const ADD_OWN_REACTION: &str = "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me";
pub const INTERACTION_CALLBACK: &str = "POST /interactions/{interaction_id}/{token}/callback";
pub const FOLLOWUP: &str = "POST /webhooks/{application_id}/{token}";
pub const GET_ORIGINAL: &str = "GET /webhooks/{application_id}/{token}/messages/@original";
pub const EDIT_ORIGINAL: &str = "PATCH /webhooks/{application_id}/{token}/messages/@original";
pub const DELETE_ORIGINAL: &str = "DELETE /webhooks/{application_id}/{token}/messages/@original";
pub const EDIT_FOLLOWUP: &str = "PATCH /webhooks/{application_id}/{token}/messages/{message_id}";
pub const DELETE_FOLLOWUP: &str = "DELETE /webhooks/{application_id}/{token}/messages/{message_id}";
pub const GLOBAL_COMMANDS: &str = "GET /applications/{application_id}/commands";
pub const SET_GLOBAL_COMMANDS: &str = "PUT /applications/{application_id}/commands";
pub const CREATE_GLOBAL_COMMAND: &str = "POST /applications/{application_id}/commands";
pub const GUILD_COMMANDS: &str = "GET /applications/{application_id}/guilds/{guild_id}/commands";
pub const SET_GUILD_COMMANDS: &str = "PUT /applications/{application_id}/guilds/{guild_id}/commands";
pub const CREATE_GUILD_COMMAND: &str = "POST /applications/{application_id}/guilds/{guild_id}/commands";
