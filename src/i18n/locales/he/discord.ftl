## בדיקות ‎/setup (דיסקורד)

setup-manage-guild = הבוט רשאי לקרוא את ההזמנות של השרת (Manage Server), כדי לשייך הצטרפויות.
setup-manage-guild-fix = תנו לתפקיד של הבוט את ההרשאה Manage Server; עד אז כל הצטרפות נרשמת כלא ידועה.
setup-create-invite = הבוט רשאי ליצור קישורי הזמנה (ל־‎/invite ול־‎/campaign).
setup-create-invite-fix = תנו לתפקיד של הבוט את ההרשאה Create Invite.
setup-digest-channel = נבחר ערוץ לסיכום.
setup-digest-channel-fix = הריצו ‎/settings digest_channel ובחרו את הערוץ לסיכום השבועי.
setup-digest-post = הבוט רשאי לפרסם הטמעות וקבצים בערוץ הסיכום.
setup-digest-post-fix = אפשרו לבוט View Channel,‏ Send Messages,‏ Embed Links ו־Attach Files בערוץ הסיכום.
setup-intents = הבוט מקבל את רשימת החברים ואת תוכן ההודעות (הרשאות מיוחסות).
setup-intents-fix = בפורטל המפתחים של דיסקורד, הפעילו את Server Members ו־Message Content.

## More option descriptions

opt-export-desc = קבלו את כל מה ש־snowball שומר עליכם כקובץ CSV
opt-command-desc = הפקודה להסבר
