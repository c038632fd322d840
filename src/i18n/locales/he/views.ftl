## מילים

stage-newcomer = חדש/ה
stage-engaged = מעורב/ת
stage-contributor = תורם/ת
stage-customer = לקוח/ה
stage-ambassador = שגריר/ה
source-referral = הפניה
source-campaign-organic = קמפיין אורגני
source-campaign-paid = קמפיין ממומן
source-vanity = קישור מותג
source-unknown = לא ידוע
confidence-exact = מדויק
confidence-inferred = מוסק
confidence-ambiguous = לא חד־משמעי
confidence-unknown = לא ידוע
roles-manager = מנהלים
roles-professional = אנשי מקצוע
roles-member = חברים
role-manager = מנהל/ת
role-professional = איש/אשת מקצוע
role-member = חבר/ה
origin-thanks = תודות
origin-reaction = תגובות אימוג'י
origin-reply = תשובות
origin-manual = רישום ידני
activity-active = פעיל/ה
activity-at-risk = בסיכון
activity-dormant = רדום/ה
no-amounts = ללא סכומים
reason-messages = { $messages } הודעות בתוך { $days } ימים מההצטרפות
reason-gave-value = נתן/ה ערך { $exchanges } פעמים ל־{ $members } חברים ב־{ $days } ימים
reason-marked-customer = סומן/ה כלקוח/ה
reason-customer-role = מחזיק/ה בתפקיד לקוח
reason-validated-referrals = { $referrals ->
    [one] הפניה מאומתת אחת
   *[other] { $referrals } הפניות מאומתות
}
reason-customer-referrals = { $referrals ->
    [one] מוזמן/ת אחד/ת הפך/ה ללקוח/ה
   *[other] { $referrals } מוזמנים הפכו ללקוחות
}

## הסיכום

digest-title = סיכום שבועי · { $community }
digest-period = { $unit ->
    [week] שבוע
   *[month] חודש
} { $period }: { $first } – { $last } ({ $tz }), בהשוואה ל־{ $previous }
digest-so-far = עד עכשיו, נכון ל־{ $asof }.
digest-quiet = { $unit ->
    [week] שבוע שקט
   *[month] חודש שקט
}: בלי הצטרפויות, עזיבות, הודעות, ערך או מכירות. { $members } חברים; { $atrisk } בסיכון, { $dormant } רדומים.
digest-growth = צמיחה
digest-members = { $members } חברים ({ $change } { $unit ->
    [week] השבוע
   *[month] החודש
})
digest-joins = { $joins } הצטרפו ({ $unit ->
    [week] בשבוע שעבר
   *[month] בחודש שעבר
} { $prevjoins }) · { $leaves } עזבו ({ $prevleaves }) · נטו { $net }
digest-by-source = לפי מקור: { $list }
digest-activity = { $messages } הודעות מ־{ $members } חברים ({ $unit ->
    [week] בשבוע שעבר
   *[month] בחודש שעבר
} { $prevmessages } מ־{ $prevmembers })
digest-funnel = משפך
digest-funnel-staff-excluded = משפך (בלי הצוות)
digest-entered = { " " }· { $entered } נכנסו ({ $unit ->
    [week] בשבוע שעבר
   *[month] בחודש שעבר
} { $prev })
digest-conversion = המרה: { $list }
digest-moves = מי התקדם ({ $count })
digest-move = { $member }: { $from } ← { $to } ({ $reason })
digest-nobody-moved = אף אחד לא התקדם { $unit ->
    [week] השבוע
   *[month] החודש
}.
digest-more = … ועוד { $count }
digest-top-referrers = המפנים המובילים (הפניות מאומתות)
digest-rank-line = { $rank }. { $member } — { $score }
digest-no-referrals = לא אומתה אף הפניה { $unit ->
    [week] השבוע
   *[month] החודש
}.
digest-top-helpers = העוזרים המובילים (ערך שנתנו)
digest-helper-line = { $rank }. { $member } — { $weight } ל־{ $members ->
    [one] חבר/ה אחד/ת
   *[other] { $members } חברים
}
digest-no-helpers = לא נרשם ערך { $unit ->
    [week] השבוע
   *[month] החודש
}.
digest-value = משולש הערך: { $exchanges ->
    [one] החלפה אחת
   *[other] { $exchanges } החלפות
}, משקל { $weight } ({ $unit ->
    [week] בשבוע שעבר
   *[month] בחודש שעבר
} { $prev })
digest-edge = { $from } ← { $to }: { $weight } ({ $unit ->
    [week] בשבוע שעבר
   *[month] בחודש שעבר
} { $prev }){ $kinds }
digest-origins = מתוך { $list }
digest-professionals = אנשי מקצוע
digest-professional = { $member } ({ $stage }): במה { $stagegot } · חשיפה { $exposure } · נתן/ה { $gave }
digest-at-risk = בסיכון: { $atrisk } · רדומים: { $dormant }
digest-at-risk-member = { $member } ({ $stage }) שקט/ה כבר { $days } ימים
digest-nobody-slipping = אף אחד מעבר לשלב החדשים לא מתרחק.
digest-impact = החזר השפעה
digest-impact-line = { $customers ->
    [one] לקוח/ה חדש/ה אחד/ת
   *[other] { $customers } לקוחות חדשים
} ({ $unit ->
    [week] בשבוע שעבר
   *[month] בחודש שעבר
} { $prev }) · { $sales ->
    [0] אין מכירות
    [one] מכירה אחת · הכנסות { $revenue }
   *[other] { $sales } מכירות · הכנסות { $revenue }
}
digest-impact-source = { $source }: { $customers ->
    [one] לקוח/ה אחד/ת
   *[other] { $customers } לקוחות
} · { $revenue }
digest-community-sourced = מקור קהילתי: { $sourced } מתוך { $total } ({ $share }) · הושפעו: { $influenced }
digest-snowball = כדור השלג: { $member } הביא/ה { $direct } ישירות ו־{ $chain } דרך המוזמנים שלהם
digest-quality = איכות הנתונים
digest-quality-joins = { $joins } הצטרפויות: { $list }
digest-quality-flags = { $suspect } חשבונות חשודים · { $selfinvites } הזמנות עצמיות · { $rejoins } הצטרפויות חוזרות
digest-footer = ‏snowball לא מציג ניחוש כעובדה: הצטרפויות לא חד־משמעיות ולא ידועות לא נזקפות לאף אחד.

## פרופילים

profile-title = { $name } · { $role }
profile-stage = { $member } בשלב { $stage } (מאז { $since }).
profile-activity = פעילות: { $activity } · { $messages ->
    [one] הודעה אחת
   *[other] { $messages } הודעות
} · { $quiet ->
    [0] נראה/תה היום
    [one] שקט/ה יום אחד
   *[other] שקט/ה { $quiet } ימים
}
profile-activity-none = פעילות: { $activity } · עדיין אין הודעות
profile-left = עזב/ה את הקהילה ב־{ $when }.
profile-where-from = מאיפה הגיעו
profile-source = מקור: { $source } ({ $confidence })
profile-source-unknown = מקור: לא ידוע — אף הזמנה לא מסבירה את ההצטרפות, ולכן אף אחד לא מקבל קרדיט
profile-inviter = הוזמנו על ידי { $inviter }
profile-campaign = קמפיין: { $campaign }
profile-joined = הצטרפות ראשונה { $when } · { $joins ->
    [one] הצטרפות אחת
   *[other] { $joins } הצטרפויות
}
profile-history = היסטוריית שלבים
profile-transition = { $when }: { $from } ← { $to } — { $reason }
profile-no-moves = עדיין אין שינויי שלב.
profile-value = ערך
profile-gave = נתנו { $weight }{ $kinds }
profile-received = קיבלו { $weight }{ $kinds }
profile-referrals-title = הפניות
profile-referrals = { $validated } מאומתות · { $pending } ממתינות · { $left } עזבו · { $customers } הפכו ללקוחות
profile-customer = לקוח/ה
profile-customer-line = מאז { $since } · { $sales ->
    [one] מכירה אחת
   *[other] { $sales } מכירות
} · { $revenue } · נזקף ל{ $source }

## טבלאות מובילים

board-referrals = המפנים המובילים
board-helpers = העוזרים המובילים
period-week = השבוע
period-month = החודש
period-all = מאז ומעולם
leaderboard-title = { $board } — { $period }
leaderboard-empty = עדיין אין אף אחד בטבלה הזו.
leaderboard-unit-referrals = { $member } — { $score ->
    [one] הפניה מאומתת אחת
   *[other] { $score } הפניות מאומתות
}
leaderboard-unit-helpers = { $member } — { $score ->
    [one] נקודת ערך אחת שניתנה
   *[other] { $score } נקודות ערך שניתנו
}
leaderboard-you = את/ה במקום { $rank } עם { $score }.
leaderboard-you-none = עדיין לא הופעת בטבלה הזו.

## משפך

funnel-title = משפך — { $period } ({ $from } – { $to })
funnel-members = { $members } חברים
funnel-entered = { " " }· { $entered } נכנסו
funnel-conversions = המרה בין שלבים
funnel-activity = פעילות
funnel-activity-line = { $active } פעילים · { $atrisk } בסיכון · { $dormant } רדומים
