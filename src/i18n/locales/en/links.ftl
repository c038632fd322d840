## /invite and /campaign

invite-link = Your personal invite link: { $link }
invite-counts = Joined through it: { $validated } stayed, { $pending } still new, { $left } left.
campaign-created = Campaign { $name } ({ $kind }) is ready: { $link }
campaign-exists = Campaign { $name } ({ $kind }) already exists: { $link }
campaign-none = No campaigns yet. Create one with /campaign create <name> [paid].
campaign-list-title = Campaigns
campaign-line = { $name } ({ $kind }): { $link }
campaign-kind-paid = paid
campaign-kind-organic = organic

## /digest

digest-posted = The digest for { $period } was posted.
error-no-digest-channel = No digest channel is set. A manager can set one with /settings digest_channel.

## Telegram

error-private-failed = I couldn't send you that privately. Open a chat with me, press Start, then run the command again.
private-sent = I sent you the answer in a private message.
setup-tg-admin = snowball is an administrator of this group
setup-tg-admin-fix = Make snowball an administrator: it needs that to see joins and the invite links people used.
setup-tg-invite = snowball can create invite links
setup-tg-invite-fix = Give snowball the "Invite users via link" right, so /invite and /campaign can create links.
error-missing-permission = snowball can't do that here: it lacks a permission ({ $permission }). A manager can run /setup to see what to change.
