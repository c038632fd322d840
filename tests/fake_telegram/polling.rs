//! Long polling semantics, delivery gates, and when teloxide's own polling confirms updates.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use snowball::testkit::telegram::{BotStatus, DropReason, FakeTelegram, Join, PollOutcome};
use teloxide::prelude::*;
use tokio::sync::{Semaphore, mpsc};

use crate::support::*;

async fn get_updates(fake: &FakeTelegram, params: Value) -> (u16, Value) {
    let client = reqwest::Client::builder().no_proxy().build().expect("client");
    let url = format!("{}/bot{}/getUpdates", fake.base_url(), fake.token());
    let response = client.post(url).json(&params).send().await.expect("answer");
    (response.status().as_u16(), response.json().await.expect("JSON"))
}

fn ids(body: &Value) -> Vec<i64> {
    body["result"].as_array().expect("result array").iter().map(|u| u["update_id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn offsets_confirm_updates_and_negative_offsets_forget_old_ones() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let pushed: Vec<i64> = (0..4).map(|i| fake.message(CHAT, alice(), format!("m{i}")).push().update_id()).collect();
    assert_eq!(pushed, [1, 2, 3, 4], "update ids are deterministic");

    let (_, body) = get_updates(&fake, json!({"limit": 2})).await;
    assert_eq!(ids(&body), [1, 2]);
    assert_eq!(fake.confirmed_offset(), 0, "delivered is not confirmed");
    let (_, body) = get_updates(&fake, json!({"offset": 2, "timeout": 0})).await;
    assert_eq!(ids(&body), [2, 3, 4]);
    assert!(fake.is_confirmed(1) && !fake.is_confirmed(2));
    assert_eq!(fake.delivery_count(2), 2);

    let (_, body) = get_updates(&fake, json!({"offset": -1})).await;
    assert_eq!(ids(&body), [4]);
    assert_eq!(fake.pending_update_ids(), [4]);
    let calls = fake.get_updates_calls();
    assert_eq!(calls[1].offset, Some(2));
    assert_eq!(calls[2].outcome, PollOutcome::Delivered(vec![4]));
}

#[tokio::test]
async fn a_second_poller_terminates_the_first_with_409() {
    let fake = FakeTelegram::builder().max_poll_wait(Duration::from_secs(60)).start().await;
    let first = {
        let (base, token) = (fake.base_url().to_owned(), fake.token().to_owned());
        tokio::spawn(async move {
            let client = reqwest::Client::builder().no_proxy().build().expect("client");
            let response = client
                .post(format!("{base}/bot{token}/getUpdates"))
                .json(&json!({"timeout": 50}))
                .send()
                .await
                .expect("answer");
            (response.status().as_u16(), response.json::<Value>().await.expect("JSON"))
        })
    };
    fake.wait_for_parked_poll(WAIT).await.expect("first poller waits");
    let (status, body) = get_updates(&fake, json!({"timeout": 0})).await;
    assert_eq!((status, ids(&body)), (200, vec![]));
    let (status, body) = first.await.expect("first poller");
    assert_eq!(status, 409);
    assert_eq!(
        body["description"],
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    );
    assert_eq!(fake.get_updates_calls()[1].outcome, PollOutcome::Conflict);
}

#[tokio::test]
async fn a_parked_poll_is_answered_as_soon_as_an_update_arrives() {
    let fake = FakeTelegram::builder().max_poll_wait(Duration::from_secs(60)).start().await;
    fake.add_chat(chat_spec());
    let poll = {
        let (base, token) = (fake.base_url().to_owned(), fake.token().to_owned());
        tokio::spawn(async move {
            let client = reqwest::Client::builder().no_proxy().build().expect("client");
            let url = format!("{base}/bot{token}/getUpdates");
            client.post(url).json(&json!({"timeout": 50})).send().await.expect("answer").json::<Value>().await
        })
    };
    fake.wait_for_parked_poll(WAIT).await.expect("parked");
    let id = fake.message(CHAT, alice(), "wake up").push().update_id();
    let body = poll.await.expect("task").expect("JSON");
    assert_eq!(ids(&body), [id]);
}

#[tokio::test]
async fn updates_telegram_would_not_send_are_dropped_and_recorded() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec().bot_is_admin(false));
    // Not an admin: no chat_member, no reactions; privacy mode hides plain messages.
    assert!(fake.member_joined(CHAT, &bob(), Join::public()).update_ids.len() == 1, "only the service message");
    let plain = fake.message(CHAT, alice(), "plain talk").push();
    let command = fake.message(CHAT, alice(), "/invite").push();
    assert!(plain.update_ids.is_empty() && command.update_ids.len() == 1);
    assert!(fake.reaction(CHAT, plain.message_id(), &bob(), "👍").update_ids.is_empty());
    let reasons: Vec<(String, DropReason)> = fake.dropped_updates().into_iter().map(|d| (d.kind, d.reason)).collect();
    assert_eq!(
        reasons,
        [
            ("chat_member".to_owned(), DropReason::BotNotAdmin),
            ("message".to_owned(), DropReason::PrivacyMode),
            ("message_reaction".to_owned(), DropReason::BotNotAdmin),
        ]
    );

    // Promoted: now chat_member is created, but not delivered unless allowed_updates asks for it.
    fake.set_bot_status(CHAT, BotStatus::Administrator, &owner());
    let joined = fake.member_joined(CHAT, &carol(), Join::public());
    let (_, body) = get_updates(&fake, json!({"offset": 0})).await;
    let kinds: Vec<String> = body["result"]
        .as_array()
        .expect("array")
        .iter()
        .map(|u| u.as_object().expect("object").keys().find(|k| *k != "update_id").cloned().expect("kind"))
        .collect();
    assert_eq!(kinds, ["message", "message", "my_chat_member", "message"]);
    let last = fake.dropped_updates().pop().expect("dropped at delivery");
    assert_eq!((last.update_id, last.reason), (Some(joined.update_ids[0]), DropReason::NotAllowed));
}

#[tokio::test]
async fn teloxide_confirms_a_batch_before_its_handler_finishes() {
    let fake = FakeTelegram::start().await;
    fake.add_chat(chat_spec());
    let gate = Arc::new(Semaphore::new(0));
    let finished = Arc::new(AtomicBool::new(false));
    let (tx, mut started) = mpsc::unbounded_channel::<Update>();
    let handler = Update::filter_message().endpoint(
        |update: Update, seen: Seen, gate: Arc<Semaphore>, finished: Arc<AtomicBool>| async move {
            seen.send(update)?;
            let _permit = gate.acquire().await?;
            finished.store(true, Ordering::SeqCst);
            Ok::<(), Error>(())
        },
    );
    let mut dispatcher = dispatcher(&fake, handler, dptree::deps![tx, Arc::clone(&gate), Arc::clone(&finished)]);
    let shutdown = dispatcher.shutdown_token();
    let task = tokio::spawn(async move { dispatcher.dispatch().await });

    let id = fake.message(CHAT, alice(), "please store me").push().update_id();
    let got = tokio::time::timeout(WAIT, started.recv()).await.expect("handler started").expect("update");
    assert_eq!(i64::from(got.id.0), id);
    // The handler is blocked on the gate, yet teloxide already told Telegram to forget the update.
    fake.wait_for_confirmation(id, WAIT).await.expect("teloxide confirms while the handler runs");
    assert!(!finished.load(Ordering::SeqCst));

    gate.add_permits(1);
    let _ = shutdown.shutdown().map(drop);
    tokio::time::timeout(WAIT, task).await.expect("stopped").expect("no panic");
    assert!(finished.load(Ordering::SeqCst));
}
