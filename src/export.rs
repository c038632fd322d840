//! CSV exports (`/export`, `/me export`, `snowball export`): members, joins with attribution,
//! value exchanges and customers. Times are written as RFC 3339 UTC.

use std::io::Write;

use crate::domain::UserId;
use crate::store::export::{Cell, ExportTable};
use crate::store::{CommunityId, Store, StoreError, from_millis};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the CSV")]
    Csv(#[from] csv::Error),
}

/// Writes one export as CSV with a header row. Returns the number of data rows.
pub async fn write_csv<W: Write>(
    store: &Store,
    community: CommunityId,
    table: ExportTable,
    user: Option<UserId>,
    out: W,
) -> Result<u64, ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(table.columns().iter().map(|(name, _)| *name))?;
    let mut csv_error = None;
    let n = store
        .export_rows(community, table, user, |cells| {
            let record: Vec<String> = cells.into_iter().map(cell_text).collect();
            if let Err(e) = w.write_record(&record) {
                csv_error = Some(e);
                return Err(StoreError::Corrupt("export aborted: the output could not be written".into()));
            }
            Ok(())
        })
        .await;
    if let Some(e) = csv_error {
        return Err(e.into());
    }
    let n = n?;
    w.flush().map_err(csv::Error::from)?;
    Ok(n)
}

/// Writes an export to memory (for sending as a file).
pub async fn csv_bytes(
    store: &Store,
    community: CommunityId,
    table: ExportTable,
    user: Option<UserId>,
) -> Result<Vec<u8>, ExportError> {
    let mut buf = Vec::new();
    write_csv(store, community, table, user, &mut buf).await?;
    Ok(buf)
}

fn cell_text(c: Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Int(v) => v.to_string(),
        Cell::Time(ms) => from_millis(ms).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        // Guard against spreadsheet formula injection from member-controlled text.
        Cell::Text(s) if s.starts_with(['=', '+', '-', '@']) => format!("'{s}"),
        Cell::Text(s) => s,
    }
}
