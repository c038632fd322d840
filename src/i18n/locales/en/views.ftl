## Words

stage-newcomer = newcomer
stage-engaged = engaged
stage-contributor = contributor
stage-customer = customer
stage-ambassador = ambassador
source-referral = referral
source-campaign-organic = organic campaign
source-campaign-paid = paid campaign
source-vanity = vanity link
source-unknown = unknown
confidence-exact = exact
confidence-inferred = inferred
confidence-ambiguous = ambiguous
confidence-unknown = unknown
roles-manager = managers
roles-professional = professionals
roles-member = members
role-manager = manager
role-professional = professional
role-member = member
origin-thanks = thanks
origin-reaction = reactions
origin-reply = answers
origin-manual = logged by hand
activity-active = active
activity-at-risk = at risk
activity-dormant = dormant
no-amounts = no amounts
reason-messages = { $messages } messages within { $days } days of joining
reason-gave-value = gave value { $exchanges } times to { $members } members in { $days } days
reason-marked-customer = marked as a customer
reason-customer-role = holds the customer role
reason-validated-referrals = { $referrals ->
    [one] one validated referral
   *[other] { $referrals } validated referrals
}
reason-customer-referrals = { $referrals ->
    [one] a referral became a customer
   *[other] { $referrals } referrals became customers
}

## The digest

digest-title = Weekly digest · { $community }
digest-period = { $unit ->
    [week] Week
   *[month] Month
} { $period }: { $first } – { $last } ({ $tz }), compared with { $previous }
digest-so-far = So far, as of { $asof }.
digest-quiet = A quiet { $unit }: no joins, leaves, messages, value or sales. { $members } members; { $atrisk } at risk, { $dormant } dormant.
digest-growth = Growth
digest-members = { $members } members ({ $change } this { $unit })
digest-joins = { $joins } joined (last { $unit } { $prevjoins }) · { $leaves } left ({ $prevleaves }) · net { $net }
digest-by-source = By source: { $list }
digest-activity = { $messages } messages from { $members } members (last { $unit } { $prevmessages } from { $prevmembers })
digest-funnel = Funnel
digest-funnel-staff-excluded = Funnel (staff not counted)
digest-entered = { " " }· { $entered } entered (last { $unit } { $prev })
digest-conversion = Conversion: { $list }
digest-moves = Who moved ({ $count })
digest-move = { $member }: { $from } → { $to } ({ $reason })
digest-nobody-moved = Nobody moved this { $unit }.
digest-more = … and { $count } more
digest-top-referrers = Top referrers (validated referrals)
digest-rank-line = { $rank }. { $member } — { $score }
digest-no-referrals = No referral was validated this { $unit }.
digest-top-helpers = Top helpers (value given)
digest-helper-line = { $rank }. { $member } — { $weight } to { $members ->
    [one] one member
   *[other] { $members } members
}
digest-no-helpers = No value was recorded this { $unit }.
digest-value = Value triangle: { $exchanges ->
    [one] one exchange
   *[other] { $exchanges } exchanges
}, weight { $weight } (last { $unit } { $prev })
digest-edge = { $from } → { $to }: { $weight } (last { $unit } { $prev }){ $kinds }
digest-origins = From { $list }
digest-professionals = Professionals
digest-professional = { $member } ({ $stage }): stage { $stagegot } · exposure { $exposure } · gave { $gave }
digest-at-risk = At risk: { $atrisk } · dormant: { $dormant }
digest-at-risk-member = { $member } ({ $stage }) quiet for { $days } days
digest-nobody-slipping = Nobody past newcomer is slipping.
digest-impact = Impact return
digest-impact-line = { $customers ->
    [one] one new customer
   *[other] { $customers } new customers
} (last { $unit } { $prev }) · { $sales ->
    [0] no sales
    [one] one sale · revenue { $revenue }
   *[other] { $sales } sales · revenue { $revenue }
}
digest-impact-source = { $source }: { $customers ->
    [one] one customer
   *[other] { $customers } customers
} · { $revenue }
digest-community-sourced = Community-sourced: { $sourced } of { $total } ({ $share }) · influenced: { $influenced }
digest-snowball = Snowball: { $member } brought { $direct } directly and { $chain } through their referrals
digest-quality = Data quality
digest-quality-joins = { $joins } joins: { $list }
digest-quality-flags = { $suspect } suspect accounts · { $selfinvites } self-invites · { $rejoins } rejoins
digest-footer = snowball never presents a guess as a fact: ambiguous and unknown joins are credited to nobody.

## Profiles

profile-title = { $name } · { $role }
profile-stage = { $member } is { $stage } (since { $since }).
profile-activity = Activity: { $activity } · { $messages ->
    [one] one message
   *[other] { $messages } messages
} · { $quiet ->
    [0] seen today
    [one] quiet for a day
   *[other] quiet for { $quiet } days
}
profile-activity-none = Activity: { $activity } · no messages yet
profile-left = Left the community on { $when }.
profile-where-from = Where they came from
profile-source = Source: { $source } ({ $confidence })
profile-source-unknown = Source: unknown — no invite explains this join, so nobody is credited
profile-inviter = Invited by { $inviter }
profile-campaign = Campaign: { $campaign }
profile-joined = First joined { $when } · { $joins ->
    [one] one join
   *[other] { $joins } joins
}
profile-history = Stage history
profile-transition = { $when }: { $from } → { $to } — { $reason }
profile-no-moves = No stage changes yet.
profile-value = Value
profile-gave = Gave { $weight }{ $kinds }
profile-received = Received { $weight }{ $kinds }
profile-referrals-title = Referrals
profile-referrals = { $validated } validated · { $pending } pending · { $left } left · { $customers } became customers
profile-customer = Customer
profile-customer-line = Since { $since } · { $sales ->
    [one] one sale
   *[other] { $sales } sales
} · { $revenue } · credited to { $source }

## Leaderboards

board-referrals = Top referrers
board-helpers = Top helpers
period-week = this week
period-month = this month
period-all = all time
leaderboard-title = { $board } — { $period }
leaderboard-empty = Nobody is on this board yet.
leaderboard-unit-referrals = { $member } — { $score ->
    [one] one validated referral
   *[other] { $score } validated referrals
}
leaderboard-unit-helpers = { $member } — { $score ->
    [one] one point of value given
   *[other] { $score } points of value given
}
leaderboard-you = You are #{ $rank } with { $score }.
leaderboard-you-none = You are not on this board yet.

## Funnel

funnel-title = Funnel — { $period } ({ $from } – { $to })
funnel-members = { $members } members
funnel-entered = { " " }· { $entered } entered
funnel-conversions = Conversion between stages
funnel-activity = Activity
funnel-activity-line = { $active } active · { $atrisk } at risk · { $dormant } dormant
