# The digest chart: an image, so labels are short.

chart-title = { $community } · { $unit ->
    [week] week
   *[month] month
} { $period }
chart-title-so-far = { $community } · { $unit ->
    [week] week
   *[month] month
} { $period } (so far)
chart-funnel-title = Members per stage
chart-funnel-members = members
chart-funnel-arrived = { $unit ->
    [week] arrived this week
   *[month] arrived this month
}
chart-funnel-empty = No members yet.
chart-sources-title = Joins by source, last { $weeks } weeks
chart-sources-none = Nobody joined in these weeks.
chart-sources-axis = ISO week
