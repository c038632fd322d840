## Telegram

error-private-failed = I couldn't send you that privately. Open a chat with me, press Start, then run the command again.
private-sent = I sent you the answer in a private message.
setup-tg-admin = snowball is an administrator of this group
setup-tg-admin-fix = Make snowball an administrator: it needs that to see joins and the invite links people used.
setup-tg-invite = snowball can create invite links
setup-tg-invite-fix = Give snowball the "Invite users via link" right, so /invite and /campaign can create links.
setup-tg-messages = snowball sees ordinary messages (for thanks and answers)
setup-tg-messages-fix = Make snowball an administrator, or turn its privacy mode off in @BotFather (Bot Settings → Group Privacy → Turn off); until then it sees only commands.

