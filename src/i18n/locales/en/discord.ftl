## /setup checks (Discord)

setup-manage-guild = The bot may read this server's invites (Manage Server), so joins can be attributed.
setup-manage-guild-fix = Give the bot's role the Manage Server permission; until then every join is recorded as unknown.
setup-create-invite = The bot may create invite links (for /invite and /campaign).
setup-create-invite-fix = Give the bot's role the Create Invite permission.
setup-digest-channel = A digest channel is set.
setup-digest-channel-fix = Run /settings digest_channel and pick the channel for the weekly digest.
setup-digest-post = The bot may post embeds and files in the digest channel.
setup-digest-post-fix = Allow the bot to View Channel, Send Messages, Embed Links and Attach Files in the digest channel.
setup-intents = The bot receives members and message content (privileged intents).
setup-intents-fix = In the Discord developer portal, enable the Server Members and Message Content intents.

## More option descriptions

opt-export-desc = Get everything snowball keeps about you as a CSV file
opt-command-desc = The command to explain
