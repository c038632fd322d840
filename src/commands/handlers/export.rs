use crate::commands::ExportKind;
use crate::commands::handle::{CommandError, Ctx, Outcome};
use crate::commands::render::{Arg, Attachment, Rendered, Tone, line};
use crate::domain::{UserId, Word};
use crate::store::export::ExportTable;

fn table(kind: ExportKind) -> ExportTable {
    match kind {
        ExportKind::Members => ExportTable::Members,
        ExportKind::Joins => ExportTable::Joins,
        ExportKind::Value => ExportTable::Value,
        ExportKind::Customers => ExportTable::Customers,
    }
}

async fn csv(ctx: &Ctx<'_>, kind: ExportKind, user: Option<UserId>) -> Result<(Vec<u8>, u64), CommandError> {
    let bytes =
        crate::export::csv_bytes(&ctx.app.store, ctx.community, table(kind), user).await.map_err(|e| match e {
            crate::export::ExportError::Store(s) => CommandError::Store(s),
            crate::export::ExportError::Csv(c) => CommandError::Store(crate::store::StoreError::Corrupt(c.to_string())),
        })?;
    let rows = bytes.iter().filter(|b| **b == b'\n').count().saturating_sub(1) as u64;
    Ok((bytes, rows))
}

/// `/export members|joins|value|customers`: a CSV file, privately, to a manager.
pub async fn export(ctx: &Ctx<'_>, kind: ExportKind) -> Outcome {
    let (bytes, rows) = csv(ctx, kind, None).await?;
    let mut r = Rendered::message(
        ctx.lang,
        Tone::Success,
        line(
            ctx.lang,
            "export-ready",
            vec![
                ("what", Arg::text(crate::i18n::t(ctx.lang, &format!("export-kind-{}", kind.word())))),
                ("rows", Arg::num(rows as i64)),
            ],
        ),
    )
    .private(true);
    r.attachment = Some(Attachment {
        file_name: format!("snowball-{}-{}.csv", kind.word(), ctx.app.clock.now().format("%Y%m%d")),
        mime: "text/csv",
        bytes,
    });
    Ok(r)
}

/// `/me export`: everything snowball keeps about the caller, as CSV (one file per table,
/// concatenated with a heading line each).
pub async fn my_data(ctx: &Ctx<'_>) -> Outcome {
    let me = ctx.inv.caller;
    let mut all = Vec::new();
    for kind in [ExportKind::Members, ExportKind::Joins, ExportKind::Value, ExportKind::Customers] {
        let (bytes, _) = csv(ctx, kind, Some(me)).await?;
        all.extend_from_slice(format!("# {}\n", kind.word()).as_bytes());
        all.extend_from_slice(&bytes);
        all.push(b'\n');
    }
    let mut r = Rendered::message(ctx.lang, Tone::Success, line(ctx.lang, "export-mine", vec![])).private(true);
    r.attachment = Some(Attachment { file_name: format!("snowball-my-data-{me}.csv"), mime: "text/csv", bytes: all });
    Ok(r)
}
