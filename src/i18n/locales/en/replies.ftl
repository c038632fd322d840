## Errors and refusals

error-managers-only = Sorry, /{ $command } is for community managers.
error-unavailable = snowball can't reach its database right now. Please try again in a minute.
error-queued = The database is slow to answer right now. What you asked is queued and will be recorded as soon as it is back — no need to repeat it.
error-internal = Something went wrong on our side; the managers can find the details in the log.
error-rate-limited = You're going a bit fast. Please wait a few seconds and try again.
error-not-in-community = This command works inside a community (a server or a group), not in a private chat.
error-usage = Usage: { $usage }
error-unknown-command = I don't know the command /{ $command }. Try /help.
error-missing-member = /{ $command } needs a member: mention them or reply to one of their messages.
error-unknown-mention = I don't know @{ $username } yet. Reply to one of their messages instead.
error-bad-choice = "{ $got }" isn't something /{ $command } understands. Choose one of: { $choices }.
error-missing = /{ $command } needs { $what }.
error-unexpected = /{ $command } doesn't take "{ $got }".
error-bad-amount = "{ $got }" isn't an amount. Write it like 49 or 49.90.
error-bad-currency = { $reason }
error-note-too-long = The note can be at most { $max } characters.
error-bad-campaign-name = Campaign names are 1 to { $max } letters, digits, - or _.
error-bad-period = "{ $got }" isn't a period. Use week, month, quarter or an ISO week like 2026-W47.
error-self-thanks = You can't thank yourself — but it's nice that you tried.
error-bot-thanks = Bots don't collect thanks.
error-cooldown = You already thanked { $member } a moment ago. Thanks again in a little while.
error-daily-cap = You've reached today's limit of thanks. It resets tomorrow.
error-unknown-member = I don't have { $member } in this community's records yet.
error-leaderboards-off = Leaderboards are switched off in this community.
error-setting = { $reason }
error-unknown-setting = There is no setting "{ $key }". Settings: { $keys }.

## Confirmations

thanks-recorded = Thanks recorded: you thanked { $receiver } for { $kind }.


## Value kinds

kind-content = content
kind-connections = connections
kind-support = support
kind-stage = a stage
kind-reward = a reward
kind-exposure = exposure

## /help

help-title = snowball commands
help-members = For everyone
help-managers = For managers
help-more = Write /help and a command name for details and an example.
help-usage = Usage: { $usage }
help-example = Example: { $example }

## /settings

settings-title = Community settings
settings-changed = Saved: { $key }.
settings-digest = Weekly digest
settings-community = Community
settings-thresholds = Rules
settings-on = on
settings-off = off
settings-unset = not set
settings-next = Next digest: { $when }
settings-how = Change one with /settings <key> <value>; "reset" restores the default.

## Manager actions

professional-added = { $member } is now a professional.
professional-removed = { $member } is no longer a professional.
customer-marked = { $member } is marked as a customer.
customer-marked-sale = { $member } is marked as a customer: { $amount }.
forgotten = { $member }'s personal data was deleted. Only anonymous totals remain.

## /setup

setup-title = Setup check
setup-all-good = Everything snowball needs is in place.
setup-fix-then-rerun = Fix what is marked ❌, then run /setup again.

## Exports

export-ready = Here is the { $what } export: { $rows } rows. Keep it safe — it holds members' data.
export-mine = Here is everything snowball keeps about you in this community.

## /invite and /campaign

error-bot-permission = I can't do that here: I need the { $permission } permission. A manager can run /setup to see what is missing.
invite-yours = Your personal invite link: { $link }
invite-stats = Through it so far: { $validated } validated, { $pending } still within their first { $days } days, { $left } left early.
invite-how = Share it anywhere — everyone who joins through it is counted for you.
campaign-paid = paid
campaign-organic = organic
campaign-created = Campaign { $name } ({ $kind }) is ready: { $link }
campaign-how = Use this link only in that channel, so every join through it is counted for the campaign.
campaign-exists = There is already a campaign called { $name }: { $link }
campaign-list-title = Campaigns
campaign-none = No campaigns yet. Create one with /campaign create <name> [paid].
campaign-line = { $joins } joins, { $customers } customers

## /member, /funnel, /digest

member-tree = Brought in { $direct } directly, { $size } in all, { $depth } levels deep (generation { $generation } of the community).
funnel-last-7 = last 7 days
funnel-last-30 = last 30 days
funnel-last-90 = last 90 days
digest-posted = The digest for { $period } was posted.
digest-no-channel = No digest channel is set yet. Choose one with /settings digest_channel <channel>.
