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
error-bad-currency = ‏"{ $got }" אינו מטבע. כתבו קוד בן שלוש אותיות כמו ILS,‏ USD או EUR, או סימן כמו ₪,‏ $ או €.
missing-add-or-remove = add או remove
missing-name = שם
missing-value = ערך
missing-key = שם הגדרה
missing-export-kind = מה לייצא (members,‏ joins,‏ value או customers)
missing-amount = סכום
setting-expect-digest-channel = תייגו ערוץ, למשל ‎#admins.
setting-expect-digest-day = יום בשבוע באנגלית, למשל sunday.
setting-expect-digest-time = שעה בפורמט HH:MM, למשל 09:00.
setting-expect-timezone = אזור זמן של IANA כמו Asia/Jerusalem,‏ America/New_York או UTC.
setting-expect-language = en או he.
setting-expect-leaderboards = on או off.
setting-expect-currency = קוד בן שלוש אותיות כמו ILS,‏ USD או EUR, או סימן כמו ₪,‏ $ או €.
setting-expect-engaged-messages = מספר שלם בין 1 ל־1000.
setting-expect-at-risk-days = מספר ימים שלם בין 1 ל־365.
setting-expect-validation-days = מספר ימים שלם בין 1 ל־365.
setting-expect-daily-cap = מספר שלם בין 1 ל־10000.
setting-expect-cooldown-minutes = מספר דקות שלם בין 1 ל־10080.
setting-expect-thanks-words = בין 1 ל־100 מילים מופרדות בפסיקים, כל אחת עד 40 תווים.
error-note-too-long = ההערה יכולה להיות באורך של עד { $max } תווים.
error-bad-campaign-name = שם קמפיין הוא 1 עד { $max } אותיות באנגלית, ספרות, - או _.
error-bad-period = ‏"{ $got }" אינה תקופה. השתמשו ב־week,‏ month,‏ quarter או שבוע ISO כמו 2026-W47.
error-self-thanks = אי אפשר להודות לעצמך — אבל יפה שניסית.
error-bot-thanks = בוטים לא אוספים תודות.
error-cooldown = כבר הודית ל־{ $member } לפני רגע. אפשר להודות שוב בעוד קצת.
error-daily-cap = הגעת למגבלת התודות היומית. היא מתאפסת מחר.
error-unknown-member = אין לי עדיין את { $member } ברשומות של הקהילה.
error-leaderboards-off = טבלאות המובילים כבויות בקהילה הזו.
error-setting = ‏"{ $value }" אינו ערך תקין ל־{ $key }: { $expected }
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

## ברוכים הבאים (נשלח כש־snowball מצטרף)

welcome-title = שלום! snowball כאן
welcome-what = אני מייחס כל חבר/ה חדש/ה להזמנה שהביאה אותם, עוקב אחרי מי עוזר למי, מלווה חברים מהצטרפות ועד לקוח ושגריר, ושולח סיכום קצר בכל שבוע.
welcome-needs = מה שאני צריך, נבדק עכשיו:
welcome-next-title = צעדים ראשונים למנהלים
welcome-next-settings = ‎/settings digest_channel — לאן נשלח הסיכום השבועי; ‎/settings timezone ו־language — מתי ובאיזו שפה.
welcome-next-invite = בקשו מהחברים להשתמש ב־‎/invite: כל אחד מקבל קישור אישי, וההפניות שלו נספרות.
welcome-next-help = ‎/help מציג כל פקודה עם דוגמה; ‎/setup בודק הכול שוב.

## ייצוא

export-ready = הנה הייצוא של { $what }: { $rows ->
    [one] שורה אחת
   *[other] { $rows } שורות
}. שמרו עליו — יש בו מידע על חברים.
export-kind-members = החברים
export-kind-joins = ההצטרפויות
export-kind-value = החלפות הערך
export-kind-customers = הלקוחות
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

member-tree = הביא/ה { $direct } ישירות ו־{ $size } בסך הכול, { $depth ->
    [one] לעומק רמה אחת
   *[other] לעומק { $depth } רמות
}. { $generation ->
    [0] אף אחד לא הביא אותם: הם מתחילים כדור שלג משלהם.
   *[other] הם הדור ה־{ $generation } בכדור השלג של מישהו אחר.
}
funnel-last-7 = 7 הימים האחרונים
funnel-last-30 = 30 הימים האחרונים
funnel-last-90 = 90 הימים האחרונים
digest-posted = הסיכום של { $period } פורסם.
digest-no-channel = עדיין לא נבחר ערוץ לסיכום. בחרו אחד עם ‎/settings digest_channel <channel>.
