## Telegram

error-private-failed = לא הצלחתי לשלוח לך את זה בפרטי. פתחו איתי צ'אט, לחצו Start והריצו את הפקודה שוב.
private-sent = שלחתי לך את התשובה בהודעה פרטית.
setup-tg-admin = snowball מנהל בקבוצה הזאת
setup-tg-admin-fix = הפכו את snowball למנהל: בלי זה הוא לא רואה הצטרפויות ואת קישורי ההזמנה שבהם השתמשו.
setup-tg-invite = snowball יכול ליצור קישורי הזמנה
setup-tg-invite-fix = תנו ל-snowball את ההרשאה "הזמנת משתמשים באמצעות קישור", כדי ש-/invite ו-/campaign יוכלו ליצור קישורים.
setup-tg-messages = snowball רואה הודעות רגילות (בשביל תודות ותשובות)
setup-tg-messages-fix = הפכו את snowball למנהל, או כבו את מצב הפרטיות שלו ב־@BotFather (Bot Settings ← Group Privacy ← Turn off); עד אז הוא רואה רק פקודות.

