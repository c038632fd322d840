# תרשים הסיכום: תמונה, ולכן התוויות קצרות.

chart-title = { $community } · { $unit ->
    [week] שבוע
   *[month] חודש
} { $period }
chart-title-so-far = { $community } · { $unit ->
    [week] שבוע
   *[month] חודש
} { $period } (עד עכשיו)
chart-funnel-title = חברים לפי שלב
chart-funnel-members = חברים
chart-funnel-arrived = { $unit ->
    [week] הגיעו השבוע
   *[month] הגיעו החודש
}
chart-funnel-empty = עדיין אין חברים.
chart-sources-title = הצטרפויות לפי מקור, { $weeks } השבועות האחרונים
chart-sources-none = איש לא הצטרף בשבועות האלה.
chart-sources-axis = שבוע
