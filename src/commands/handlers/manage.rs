use crate::commands::Money;
use crate::commands::handle::{Ctx, Outcome};
use crate::commands::render::{Arg, Rendered, Tone, line};
use crate::domain::{CustomerSale, Event, UserId};

use super::member_arg;

async fn submit(ctx: &Ctx<'_>, event: Event) -> Result<(), crate::commands::handle::CommandError> {
    ctx.record(event).await
}

/// `/professional add|remove @member`.
pub async fn professional(ctx: &Ctx<'_>, add: bool, member: UserId) -> Outcome {
    submit(ctx, Event::ProfessionalSet { user: member, by: ctx.inv.caller, on: add }).await?;
    let id = if add { "professional-added" } else { "professional-removed" };
    Ok(Rendered::message(ctx.lang, Tone::Success, line(ctx.lang, id, vec![("member", member_arg(ctx, member).await)])))
}

/// `/customer @member [amount] [currency]`.
pub async fn customer(ctx: &Ctx<'_>, member: UserId, sale: Option<Money>) -> Outcome {
    let settings = ctx.app.settings(ctx.community).await?;
    let (amount_minor, currency) = match sale {
        Some(m) => (Some(m.minor), Some(m.currency.or(settings.currency).unwrap_or_else(|| "USD".into()))),
        None => (None, None),
    };
    submit(
        ctx,
        Event::CustomerMarked(CustomerSale {
            user: member,
            by: ctx.inv.caller,
            amount_minor,
            currency: currency.clone(),
        }),
    )
    .await?;
    let who = member_arg(ctx, member).await;
    let l = match (amount_minor, currency) {
        (Some(minor), Some(cur)) => line(
            ctx.lang,
            "customer-marked-sale",
            vec![("member", who), ("amount", Arg::text(format_money(minor, &cur)))],
        ),
        _ => line(ctx.lang, "customer-marked", vec![("member", who)]),
    };
    Ok(Rendered::message(ctx.lang, Tone::Success, l))
}

/// `49.90 USD`.
pub fn format_money(minor: i64, currency: &str) -> String {
    format!("{}.{:02} {currency}", minor / 100, minor % 100)
}

/// `/forget @member`: remove the person's personal data.
pub async fn forget(ctx: &Ctx<'_>, member: UserId) -> Outcome {
    let who = member_arg(ctx, member).await;
    submit(ctx, Event::MemberForgotten { user: member, by: ctx.inv.caller }).await?;
    Ok(Rendered::message(ctx.lang, Tone::Success, line(ctx.lang, "forgotten", vec![("member", who)])))
}

/// `/setup`: what the bot can and cannot do here, and how to fix what is missing.
pub async fn setup(ctx: &Ctx<'_>) -> Outcome {
    let checks = ctx.ops.setup_checks(&ctx.inv.community).await;
    Ok(crate::commands::onboarding::setup_report(ctx.lang, &checks))
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_has_two_decimals() {
        assert_eq!(super::format_money(4990, "USD"), "49.90 USD");
        assert_eq!(super::format_money(5, "ILS"), "0.05 ILS");
    }
}
