## שגיאות וסירובים

error-managers-only = מצטערים, ‎/{ $command } מיועדת למנהלי הקהילה.
error-unavailable = ‏snowball לא מצליח להגיע למסד הנתונים כרגע. נסו שוב בעוד דקה.
error-queued = מסד הנתונים איטי כרגע. מה שביקשתם נשמר בתור וירשם ברגע שהוא יחזור — אין צורך לחזור על הפקודה.
error-internal = משהו השתבש אצלנו; המנהלים ימצאו את הפרטים ביומן.
error-rate-limited = קצת מהר מדי. חכו כמה שניות ונסו שוב.
error-not-in-community = הפקודה הזו עובדת בתוך קהילה (שרת או קבוצה), לא בצ'אט פרטי.
error-usage = שימוש: { $usage }
error-unknown-command = אני לא מכיר את הפקודה ‎/{ $command }. נסו ‎/help.
error-missing-member = ‏‎/{ $command } צריכה חבר/ה: תייגו אותם או השיבו לאחת ההודעות שלהם.
error-unknown-mention = אני עוד לא מכיר את ‎@{ $username }. השיבו לאחת ההודעות שלהם במקום.
error-bad-choice = ‏"{ $got }" זה לא משהו ש־‎/{ $command } מבינה. בחרו אחת מהאפשרויות: { $choices }.
error-missing = ‏‎/{ $command } צריכה { $what }.
error-unexpected = ‏‎/{ $command } לא מקבלת "{ $got }".
error-bad-amount = ‏"{ $got }" אינו סכום. כתבו למשל 49 או 49.90.
error-bad-currency = { $reason }
error-note-too-long = ההערה יכולה להיות באורך של עד { $max } תווים.
error-bad-campaign-name = שם קמפיין הוא 1 עד { $max } אותיות באנגלית, ספרות, - או _.
error-bad-period = ‏"{ $got }" אינה תקופה. השתמשו ב־week,‏ month,‏ quarter או שבוע ISO כמו 2026-W47.
error-self-thanks = אי אפשר להודות לעצמך — אבל יפה שניסית.
error-bot-thanks = בוטים לא אוספים תודות.
error-cooldown = כבר הודית ל־{ $member } לפני רגע. אפשר להודות שוב בעוד קצת.
error-daily-cap = הגעת למגבלת התודות היומית. היא מתאפסת מחר.
error-unknown-member = אין לי עדיין את { $member } ברשומות של הקהילה.
error-leaderboards-off = טבלאות המובילים כבויות בקהילה הזו.
error-setting = { $reason }
error-unknown-setting = אין הגדרה בשם "{ $key }". ההגדרות: { $keys }.

## אישורים

thanks-recorded = התודה נרשמה: הודית ל־{ $receiver } על { $kind }.


## סוגי ערך

kind-content = תוכן
kind-connections = קשרים
kind-support = תמיכה
kind-stage = במה
kind-reward = תגמול
kind-exposure = חשיפה

## /help

help-title = הפקודות של snowball
help-members = לכולם
help-managers = למנהלים
help-more = כתבו ‎/help ושם של פקודה כדי לקבל פרטים ודוגמה.
help-usage = שימוש: { $usage }
help-example = דוגמה: { $example }

## /settings

settings-title = הגדרות הקהילה
settings-changed = נשמר: { $key }.
settings-digest = הסיכום השבועי
settings-community = קהילה
settings-thresholds = כללים
settings-on = מופעל
settings-off = כבוי
settings-unset = לא הוגדר
settings-next = הסיכום הבא: { $when }
settings-how = לשינוי: ‎/settings <הגדרה> <ערך>; ‏"reset" מחזיר לברירת המחדל.

## פעולות מנהלים

professional-added = { $member } מוגדר/ת עכשיו כאיש/אשת מקצוע.
professional-removed = { $member } כבר לא מוגדר/ת כאיש/אשת מקצוע.
customer-marked = { $member } סומן/ה כלקוח/ה.
customer-marked-sale = { $member } סומן/ה כלקוח/ה: { $amount }.
forgotten = המידע האישי של { $member } נמחק. נשארו רק סיכומים אנונימיים.

## /setup

setup-title = בדיקת הגדרה
setup-all-good = כל מה ש־snowball צריך נמצא במקום.
setup-fix-then-rerun = תקנו את מה שמסומן ב־❌ והריצו שוב ‎/setup.

## ייצוא

export-ready = הנה הייצוא של { $what }: { $rows } שורות. שמרו עליו — יש בו מידע על חברים.
export-mine = הנה כל מה ש־snowball שומר עליך בקהילה הזו.

## ‏/invite ו־/campaign

error-bot-permission = אני לא יכול לעשות את זה כאן: אני צריך את ההרשאה { $permission }. מנהל/ת יכולים להריץ ‎/setup ולראות מה חסר.
invite-yours = קישור ההזמנה האישי שלך: { $link }
invite-stats = עד עכשיו דרכו: { $validated } מאומתים, { $pending } עדיין ב־{ $days } הימים הראשונים, { $left } עזבו מוקדם.
invite-how = שתפו אותו בכל מקום — כל מי שמצטרף דרכו נספר לזכותכם.
campaign-paid = ממומן
campaign-organic = אורגני
campaign-created = הקמפיין { $name } ({ $kind }) מוכן: { $link }
campaign-how = השתמשו בקישור הזה רק בערוץ ההוא, כדי שכל הצטרפות דרכו תיספר לקמפיין.
campaign-exists = כבר יש קמפיין בשם { $name }: { $link }
campaign-list-title = קמפיינים
campaign-none = עדיין אין קמפיינים. צרו אחד עם ‎/campaign create <name> [paid].
campaign-line = { $joins } הצטרפויות, { $customers } לקוחות

## ‏/member, ‏/funnel, ‏/digest

member-tree = הביא/ה { $direct } ישירות, { $size } בסך הכול, לעומק { $depth } רמות (דור { $generation } בקהילה).
funnel-last-7 = 7 הימים האחרונים
funnel-last-30 = 30 הימים האחרונים
funnel-last-90 = 90 הימים האחרונים
digest-posted = הסיכום של { $period } פורסם.
digest-no-channel = עדיין לא נבחר ערוץ לסיכום. בחרו אחד עם ‎/settings digest_channel <channel>.
