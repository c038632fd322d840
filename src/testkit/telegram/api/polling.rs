//! `getUpdates`: long polling with offsets, limits, `allowed_updates` and conflicts.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::{ApiErr, Params};
use crate::testkit::telegram::Shared;
use crate::testkit::telegram::records::{GetUpdatesCall, PollOutcome};

/// Counts a held-open poll while it waits, even if the client gives up and the future is dropped.
struct Parked<'a> {
    shared: &'a Shared,
    active: bool,
}

impl Parked<'_> {
    fn park(&mut self) {
        if !self.active {
            self.active = true;
            self.shared.write(|st| st.parked_polls += 1);
        }
    }
}

impl Drop for Parked<'_> {
    fn drop(&mut self) {
        if self.active {
            self.shared.write(|st| st.parked_polls -= 1);
        }
    }
}

fn allowed_updates(p: &Params) -> Result<Option<Vec<String>>, ApiErr> {
    let Some(raw) = p.object("allowed_updates")? else { return Ok(None) };
    let list = raw.as_array().ok_or_else(|| ApiErr::bad_request("can't parse allowed_updates JSON array"))?;
    Ok(Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect()))
}

type Parsed = (Option<i64>, Option<i64>, Option<i64>, Option<Vec<String>>);

fn parse(p: &Params) -> Result<Parsed, ApiErr> {
    Ok((p.int("offset")?, p.int("limit")?, p.int("timeout")?, allowed_updates(p)?))
}

pub(crate) async fn get_updates(shared: &Arc<Shared>, p: &Params) -> Result<Value, ApiErr> {
    let (offset, limit, timeout, allowed) = match parse(p) {
        Ok(parsed) => parsed,
        Err(e) => {
            let outcome = PollOutcome::Rejected(e.description.clone());
            let call = GetUpdatesCall { offset: None, limit: None, timeout: None, allowed_updates: None, outcome };
            shared.write(|st| st.polls.push(call));
            return Err(e);
        }
    };
    let call = |outcome| GetUpdatesCall { offset, limit, timeout, allowed_updates: allowed.clone(), outcome };
    let max = usize::try_from(limit.unwrap_or(100).clamp(1, 100)).unwrap_or(100);
    let seconds = u64::try_from(timeout.unwrap_or(0)).unwrap_or(0);

    // Take over as the one poller, apply the offset and the new setting.
    let (generation, wait) = shared.write(|st| {
        st.poll_generation += 1;
        if let Some(list) = &allowed {
            st.allowed_updates = Some(list.clone());
        }
        if let Some(offset) = offset {
            st.apply_offset(offset);
        }
        (st.poll_generation, Duration::from_secs(seconds).min(st.config.max_poll_wait))
    });
    let deadline = Instant::now() + wait;
    let mut changes = shared.changes.subscribe();
    let mut parked = Parked { shared, active: false };
    loop {
        changes.borrow_and_update();
        let expired = Instant::now() >= deadline;
        let answer = {
            let mut st = shared.lock();
            if st.poll_generation != generation {
                st.polls.push(call(PollOutcome::Conflict));
                Some(Err(ApiErr::conflict()))
            } else {
                let batch = if st.shutting_down { Vec::new() } else { st.take_batch(max) };
                if !batch.is_empty() || expired || st.shutting_down {
                    let ids = batch.iter().filter_map(|u| u["update_id"].as_i64()).collect();
                    st.polls.push(call(PollOutcome::Delivered(ids)));
                    Some(Ok(Value::Array(batch)))
                } else {
                    None
                }
            }
        };
        if let Some(answer) = answer {
            drop(parked);
            shared.notify();
            return answer;
        }
        parked.park();
        // Woken by any change (a pushed update, a newer poller, shutdown) or the deadline.
        let _ = tokio::time::timeout_at(deadline, changes.changed()).await;
    }
}
