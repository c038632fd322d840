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
error-bad-currency = "{ $got }" isn't a currency. Write a three-letter code such as USD, EUR or ILS, or a sign such as $, € or ₪.
missing-add-or-remove = add or remove
missing-name = a name
missing-value = a value
missing-key = a setting name
missing-export-kind = what to export (members, joins, value or customers)
missing-amount = an amount
setting-expect-digest-channel = mention a channel, e.g. #admins.
setting-expect-digest-day = a day of the week, e.g. monday.
setting-expect-digest-time = a time of day as HH:MM, e.g. 09:00.
setting-expect-timezone = an IANA time zone such as Asia/Jerusalem, America/New_York or UTC.
setting-expect-language = en or he.
setting-expect-leaderboards = on or off.
setting-expect-currency = a three-letter code such as USD, EUR or ILS, or a sign such as $, € or ₪.
setting-expect-engaged-messages = a whole number from 1 to 1000.
setting-expect-at-risk-days = a whole number of days from 1 to 365.
setting-expect-validation-days = a whole number of days from 1 to 365.
setting-expect-daily-cap = a whole number from 1 to 10000.
setting-expect-cooldown-minutes = a whole number of minutes from 1 to 10080.
setting-expect-thanks-words = 1 to 100 comma-separated words of at most 40 characters.
error-note-too-long = The note can be at most { $max } characters.
error-bad-campaign-name = Campaign names are 1 to { $max } letters, digits, - or _.
error-bad-period = "{ $got }" isn't a period. Use week, month, quarter or an ISO week like 2026-W47.
error-self-thanks = You can't thank yourself — but it's nice that you tried.
error-bot-thanks = Bots don't collect thanks.
error-cooldown = You already thanked { $member } a moment ago. Thanks again in a little while.
error-daily-cap = You've reached today's limit of thanks. It resets tomorrow.
error-unknown-member = I don't have { $member } in this community's records yet.
error-leaderboards-off = Leaderboards are switched off in this community.
error-setting = "{ $value }" isn't a valid { $key }: { $expected }
error-unknown-setting = There is no setting "{ $key }". Settings: { $keys }.

## Confirmations

thanks-recorded = Thanks recorded: you thanked { $receiver } for { $kind }.


## Value kinds

kind-content = content
kind-connections = connections
kind-support = support
kind-stage = stage
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

## Welcome (posted when snowball is added)

welcome-title = Hi! snowball is here
welcome-what = I attribute every new member to the invite that brought them, keep track of who helps whom, follow members from newcomer to customer and ambassador, and post a short digest every week.
welcome-needs = What I need, checked just now:
welcome-next-title = First steps for managers
welcome-next-settings = /settings digest_channel — where the weekly digest goes; /settings timezone and language — when and how it is written.
welcome-next-invite = Ask members to use /invite: everyone gets a personal link, and their referrals are counted.
welcome-next-help = /help lists every command with an example; /setup checks everything again.

## Exports

export-ready = Here is the { $what } export: { $rows ->
    [one] one row
   *[other] { $rows } rows
}. Keep it safe — it holds members' data.
export-kind-members = members
export-kind-joins = joins
export-kind-value = value exchanges
export-kind-customers = customers
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

member-tree = Brought in { $direct } directly and { $size } in all, { $depth ->
    [one] one level deep
   *[other] { $depth } levels deep
}. { $generation ->
    [0] Nobody brought them in: they start a snowball of their own.
   *[other] They are generation { $generation } of someone else's snowball.
}
funnel-last-7 = last 7 days
funnel-last-30 = last 30 days
funnel-last-90 = last 90 days
digest-posted = The digest for { $period } was posted.
digest-no-channel = No digest channel is set yet. Choose one with /settings digest_channel <channel>.
