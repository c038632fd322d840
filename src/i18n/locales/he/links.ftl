## /invite and /campaign

invite-link = קישור ההזמנה האישי שלך: { $link }
invite-counts = הצטרפו דרכו: { $validated } נשארו, { $pending } עדיין חדשים, { $left } עזבו.
campaign-created = הקמפיין { $name } ({ $kind }) מוכן: { $link }
campaign-exists = הקמפיין { $name } ({ $kind }) כבר קיים: { $link }
campaign-none = עדיין אין קמפיינים. אפשר ליצור אחד עם /campaign create <name> [paid].
campaign-list-title = קמפיינים
campaign-line = { $name } ({ $kind }): { $link }
campaign-kind-paid = ממומן
campaign-kind-organic = אורגני

## /digest

digest-posted = הסיכום של { $period } פורסם.
error-no-digest-channel = לא הוגדר ערוץ לסיכום. מנהל יכול להגדיר אותו עם /settings digest_channel.

## Telegram

error-private-failed = לא הצלחתי לשלוח לך את זה בפרטי. פתחו איתי צ'אט, לחצו Start והריצו את הפקודה שוב.
private-sent = שלחתי לך את התשובה בהודעה פרטית.
setup-tg-admin = snowball מנהל בקבוצה הזאת
setup-tg-admin-fix = הפכו את snowball למנהל: בלי זה הוא לא רואה הצטרפויות ואת קישורי ההזמנה שבהם השתמשו.
setup-tg-invite = snowball יכול ליצור קישורי הזמנה
setup-tg-invite-fix = תנו ל-snowball את ההרשאה "הזמנת משתמשים באמצעות קישור", כדי ש-/invite ו-/campaign יוכלו ליצור קישורים.
error-missing-permission = snowball לא יכול לעשות את זה כאן: חסרה לו הרשאה ({ $permission }). מנהל יכול להריץ /setup כדי לראות מה לשנות.
