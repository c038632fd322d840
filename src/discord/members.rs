//! Members: their role in the value triangle from Discord (owner, Administrator or Manage
//! Server, or a configured role → manager; configured roles → professional and customer), and
//! the `MemberSeen` events that record names and roles.

use std::hash::{DefaultHasher, Hash, Hasher};

use serenity::all::{GuildId, Member, Permissions, RoleId, User};

use super::guild_book::Facts;
use super::shared::{Shared, key, uid};
use crate::config::DiscordConfig;
use crate::domain::{Envelope, Event, Role};

/// What Discord says about someone's standing in a guild.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub role: Role,
    pub customer: bool,
}

/// Whether these permissions make someone a manager.
pub fn manages(perms: Permissions) -> bool {
    perms.intersects(Permissions::ADMINISTRATOR | Permissions::MANAGE_GUILD)
}

fn holds(roles: &[RoleId], configured: &[u64]) -> bool {
    roles.iter().any(|r| configured.contains(&r.get()))
}

/// The standing of a member given their guild permissions and roles.
pub fn standing(config: &DiscordConfig, perms: Permissions, roles: &[RoleId]) -> Standing {
    let role = if manages(perms) || holds(roles, &config.manager_roles) {
        Role::Manager
    } else if holds(roles, &config.professional_roles) {
        Role::Professional
    } else {
        Role::Member
    };
    Standing { role, customer: holds(roles, &config.customer_roles) }
}

/// The name snowball shows: the server nickname, else the display name, else the username.
pub fn display_name(user: &User, nick: Option<&str>) -> String {
    nick.map(str::to_string).or_else(|| user.global_name.clone()).unwrap_or_else(|| user.name.clone())
}

/// A `MemberSeen` envelope. Its source id is a hash of what it says, so the same state seen
/// again (every restart lists every member) is a duplicate and changes nothing.
pub fn seen(guild: GuildId, user: &User, nick: Option<&str>, s: Standing, at: crate::domain::Ts) -> Envelope {
    let name = display_name(user, nick);
    let mut h = DefaultHasher::new();
    (&name, user.bot, s.role, s.customer).hash(&mut h);
    Envelope::new(
        key(guild),
        format!("seen:{}:{:016x}", user.id, h.finish()),
        at,
        Event::MemberSeen {
            user: uid(user.id),
            name: Some(name),
            is_bot: user.bot,
            role: Some(s.role),
            customer_role: s.customer,
        },
    )
}

/// Records a member as seen now with their current standing.
pub fn record(shared: &Shared, guild: &Facts, member: &Member) {
    if member.user.id.get() == shared.bot_id() {
        return;
    }
    let perms = guild.guild_permissions(member.user.id, &member.roles);
    let s = standing(&shared.app.config.discord, perms, &member.roles);
    shared.submit(seen(member.guild_id, &member.user, member.nick.as_deref(), s, shared.app.clock.now()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_professionals_and_customers() {
        let config = DiscordConfig {
            manager_roles: vec![10],
            professional_roles: vec![20],
            customer_roles: vec![30],
            ..DiscordConfig::default()
        };
        let r = |ids: &[u64]| ids.iter().map(|i| RoleId::new(*i)).collect::<Vec<_>>();
        let none = Permissions::empty();
        assert_eq!(standing(&config, Permissions::MANAGE_GUILD, &[]).role, Role::Manager);
        assert_eq!(standing(&config, Permissions::ADMINISTRATOR, &[]).role, Role::Manager);
        assert_eq!(standing(&config, none, &r(&[10])).role, Role::Manager);
        assert_eq!(standing(&config, none, &r(&[20, 30])), Standing { role: Role::Professional, customer: true });
        assert_eq!(
            standing(&config, Permissions::SEND_MESSAGES, &[]),
            Standing { role: Role::Member, customer: false }
        );
    }
}
