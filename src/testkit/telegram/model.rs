//! The test-facing description of the fake world: users, chats, admins, invite links and joins.

/// The user id Telegram shows as `from` on messages of anonymous group admins.
pub const GROUP_ANONYMOUS_BOT_ID: i64 = 1087968824;

/// A Telegram user as the fake renders it (`User` object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUser {
    pub id: i64,
    pub is_bot: bool,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl FakeUser {
    /// A human user with only a first name.
    pub fn new(id: i64, first_name: impl Into<String>) -> Self {
        Self { id, is_bot: false, first_name: first_name.into(), last_name: None, username: None, language_code: None }
    }

    /// A bot user (`is_bot: true`) with a username.
    pub fn bot(id: i64, first_name: impl Into<String>, username: impl Into<String>) -> Self {
        Self { is_bot: true, username: Some(username.into()), ..Self::new(id, first_name) }
    }

    /// `GroupAnonymousBot`, the `from` of messages sent by anonymous admins.
    pub fn group_anonymous_bot() -> Self {
        Self::bot(GROUP_ANONYMOUS_BOT_ID, "Group", "GroupAnonymousBot")
    }

    pub fn with_username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    pub fn with_last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = Some(last_name.into());
        self
    }

    pub fn with_language(mut self, code: impl Into<String>) -> Self {
        self.language_code = Some(code.into());
        self
    }
}

/// What kind of group a fake chat is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    /// A basic group (`"type":"group"`).
    Group,
    /// A supergroup without topics.
    Supergroup,
    /// A supergroup with topics (`"is_forum":true`).
    Forum,
}

impl ChatKind {
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            ChatKind::Group => "group",
            ChatKind::Supergroup | ChatKind::Forum => "supergroup",
        }
    }
}

/// An owner or administrator of a fake chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminSpec {
    pub user: FakeUser,
    /// `status: "creator"` instead of `"administrator"`.
    pub is_owner: bool,
    /// Posts as the group (`GroupAnonymousBot` + `sender_chat`).
    pub is_anonymous: bool,
    pub custom_title: Option<String>,
}

impl AdminSpec {
    pub fn owner(user: FakeUser) -> Self {
        Self { user, is_owner: true, is_anonymous: false, custom_title: None }
    }

    pub fn admin(user: FakeUser) -> Self {
        Self { user, is_owner: false, is_anonymous: false, custom_title: None }
    }

    pub fn anonymous(mut self) -> Self {
        self.is_anonymous = true;
        self
    }

    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.custom_title = Some(title.into());
        self
    }
}

/// A chat to create with [`super::FakeTelegram::add_chat`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSpec {
    /// Group ids are negative; supergroups usually look like `-100xxxxxxxxxx`.
    pub id: i64,
    pub title: String,
    pub kind: ChatKind,
    /// A public chat has a username.
    pub username: Option<String>,
    pub admins: Vec<AdminSpec>,
    /// The bot is an administrator (with every right). When false it is a plain member.
    pub bot_is_admin: bool,
    /// Members present before the test starts (admins are members too; no need to list them).
    pub members: Vec<FakeUser>,
    /// Joins and leaves also produce a `new_chat_members`/`left_chat_member` service message,
    /// as in groups that do not hide them.
    pub join_service_messages: bool,
}

impl ChatSpec {
    pub fn new(id: i64, title: impl Into<String>, kind: ChatKind) -> Self {
        Self {
            id,
            title: title.into(),
            kind,
            username: None,
            admins: Vec::new(),
            bot_is_admin: true,
            members: Vec::new(),
            join_service_messages: true,
        }
    }

    pub fn group(id: i64, title: impl Into<String>) -> Self {
        Self::new(id, title, ChatKind::Group)
    }

    pub fn supergroup(id: i64, title: impl Into<String>) -> Self {
        Self::new(id, title, ChatKind::Supergroup)
    }

    pub fn forum(id: i64, title: impl Into<String>) -> Self {
        Self::new(id, title, ChatKind::Forum)
    }

    pub fn admin(mut self, admin: AdminSpec) -> Self {
        self.admins.push(admin);
        self
    }

    pub fn member(mut self, user: FakeUser) -> Self {
        self.members.push(user);
        self
    }

    pub fn bot_is_admin(mut self, yes: bool) -> Self {
        self.bot_is_admin = yes;
        self
    }

    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    pub fn join_service_messages(mut self, yes: bool) -> Self {
        self.join_service_messages = yes;
        self
    }
}

/// An invite link that a join or join request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRef {
    /// A link this bot created with `createChatInviteLink`, by its full URL. The update carries
    /// the full link text and the link's current name, flags and creator (the bot).
    Created(String),
    /// A link made by another administrator (or the chat's primary link): Telegram cuts its text.
    Foreign(ForeignLink),
}

/// A link made by someone other than the bot. Its cut text (`https://t.me/+AbCdEf...`) is derived
/// deterministically from the creator, name and flags, so the same link always looks the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignLink {
    pub creator: FakeUser,
    pub name: Option<String>,
    pub is_primary: bool,
    pub creates_join_request: bool,
}

impl ForeignLink {
    pub fn new(creator: FakeUser) -> Self {
        Self { creator, name: None, is_primary: false, creates_join_request: false }
    }

    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    pub fn primary(mut self) -> Self {
        self.is_primary = true;
        self
    }

    pub fn with_join_request(mut self) -> Self {
        self.creates_join_request = true;
        self
    }
}

impl LinkRef {
    pub fn created(url: impl Into<String>) -> Self {
        LinkRef::Created(url.into())
    }

    pub fn foreign(link: ForeignLink) -> Self {
        LinkRef::Foreign(link)
    }
}

/// How a member joined, for [`super::FakeTelegram::member_joined`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Join {
    /// The link used; `None` for public joins, adds and chat-folder joins.
    pub link: Option<LinkRef>,
    pub via_join_request: bool,
    pub via_chat_folder_invite_link: bool,
    /// The `from` of the `chat_member` update: the adder, or the admin who approved the request.
    /// `None` means the user themself.
    pub by: Option<FakeUser>,
}

impl Join {
    /// Joined a public chat by its username or search: no link.
    pub fn public() -> Self {
        Self::default()
    }

    /// Joined through an invite link.
    pub fn via_link(link: LinkRef) -> Self {
        Self { link: Some(link), ..Self::default() }
    }

    /// Joined through a chat folder invite link (no `invite_link` in the update).
    pub fn via_chat_folder() -> Self {
        Self { via_chat_folder_invite_link: true, ..Self::default() }
    }

    /// Added directly by another member or admin.
    pub fn added_by(adder: FakeUser) -> Self {
        Self { by: Some(adder), ..Self::default() }
    }

    /// A join request approved by `approver`. Per the Bot API, `via_join_request` is set only for
    /// a direct request without an invite link; a request made through a link carries the link.
    pub fn approved(link: Option<LinkRef>, approver: FakeUser) -> Self {
        let via_join_request = link.is_none();
        Self { link, via_join_request, by: Some(approver), ..Self::default() }
    }
}

/// Who sends a pushed message or reaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    User(FakeUser),
    /// An anonymous admin: `from` is `GroupAnonymousBot`, `sender_chat` is the chat itself.
    AnonymousAdmin,
}

impl From<FakeUser> for Sender {
    fn from(user: FakeUser) -> Self {
        Sender::User(user)
    }
}

impl From<&FakeUser> for Sender {
    fn from(user: &FakeUser) -> Self {
        Sender::User(user.clone())
    }
}

/// The bot's own membership in a chat (for `my_chat_member` updates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BotStatus {
    Administrator,
    Member,
    Left,
    Kicked,
}

/// A `BotCommandScope`, normalised so that `{"type":"chat","chat_id":-100}` given as JSON number
/// or string compare equal. `kind` is the Bot API `type` (`default`, `all_private_chats`,
/// `all_group_chats`, `all_chat_administrators`, `chat`, `chat_administrators`, `chat_member`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommandScope {
    pub kind: String,
    pub chat_id: Option<i64>,
    pub user_id: Option<i64>,
}

impl CommandScope {
    pub fn default_scope() -> Self {
        Self::of("default")
    }

    pub fn all_group_chats() -> Self {
        Self::of("all_group_chats")
    }

    pub fn all_chat_administrators() -> Self {
        Self::of("all_chat_administrators")
    }

    pub fn chat(chat_id: i64) -> Self {
        Self { chat_id: Some(chat_id), ..Self::of("chat") }
    }

    pub fn chat_administrators(chat_id: i64) -> Self {
        Self { chat_id: Some(chat_id), ..Self::of("chat_administrators") }
    }

    pub fn chat_member(chat_id: i64, user_id: i64) -> Self {
        Self { chat_id: Some(chat_id), user_id: Some(user_id), ..Self::of("chat_member") }
    }

    fn of(kind: &str) -> Self {
        Self { kind: kind.to_owned(), chat_id: None, user_id: None }
    }
}

/// What a push created: the update ids the bot will see (none when Telegram would not deliver
/// it, see [`super::DroppedUpdate`]) and the message id when a message was created.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pushed {
    pub update_ids: Vec<i64>,
    pub message_id: Option<i32>,
    pub callback_query_id: Option<String>,
}

impl Pushed {
    /// The last update id created. Panics when the push created none (the update was gated).
    pub fn update_id(&self) -> i64 {
        *self.update_ids.last().expect("this push created no update (see FakeTelegram::dropped_updates)")
    }

    /// The message id. Panics when the push created no message.
    pub fn message_id(&self) -> i32 {
        self.message_id.expect("this push created no message")
    }
}
