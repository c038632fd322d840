## Errors and refusals

error-managers-only = Sorry, /{ $command } is for community managers.
error-unavailable = snowball can't reach its database right now. Please try again in a minute.
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

thanks-recorded = Thanks recorded: { $receiver } gave you { $kind }.
