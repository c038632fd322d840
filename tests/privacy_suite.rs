//! `/forget` on both backends: the person's id, name, notes, messages map and personal invite
//! leave every table and the event log; the anonymous totals stay; a recompute does not bring
//! them back.

mod common;

use common::{DAY, HOUR, Sim};
use snowball::domain::{Event, Forgot, ValueKind};
use snowball::engine::Rules;
use snowball::export::csv_bytes;
use snowball::store::Store;
use snowball::store::export::ExportTable;

const DANA: i64 = 5;

async fn exports(store: &Store, c: i64) -> String {
    let mut all = String::new();
    for t in [ExportTable::Members, ExportTable::Joins, ExportTable::Value, ExportTable::Customers] {
        all.push_str(&String::from_utf8(csv_bytes(store, c, t, None).await.unwrap()).unwrap());
    }
    all
}

/// Whether any logged event still names Dana.
async fn log_names_dana(store: &Store, c: i64) -> bool {
    let mut found = false;
    store
        .for_each_event(c, |mut e| {
            found |= e.source_id.split(':').any(|p| p == DANA.to_string());
            found |= e.event.forget(DANA, -1) == Forgot::Anonymised;
            Ok(())
        })
        .await
        .unwrap();
    found
}

async fn forget_removes_the_person_and_keeps_the_totals(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("privacy");
    sim.join(0, 4, None).join(HOUR, DANA, Some(4)).join(2 * HOUR, 6, Some(DANA));
    sim.push(2 * HOUR, Event::PersonalInviteCreated { user: DANA, invite: "https://t.me/+dana".into() });
    sim.say(3 * HOUR, 100, 6, "how do I deploy?", None, &[]);
    sim.say(3 * HOUR + 1, 101, DANA, "like this", Some((100, Some(6))), &[]);
    sim.say(3 * HOUR + 2, 102, 6, "thanks Dana!", Some((101, Some(DANA))), &[]);
    sim.push(
        4 * HOUR,
        Event::ValueLogged {
            giver: DANA,
            receiver: 4,
            by: None,
            kind: ValueKind::Content,
            weight: 1,
            note: Some("Dana's guide".into()),
        },
    );
    sim.sale(DAY, DANA, 4, Some(4900), Some("USD"));
    let c = sim.apply(&store, &rules).await;
    let before = exports(&store, c).await;
    assert!(before.contains("user5") && store.member(c, DANA).await.unwrap().is_some());
    let members = store.count_rows("members").await.unwrap();
    let exchanges = store.count_rows("value_exchanges").await.unwrap();
    let customers = store.count_rows("customers").await.unwrap();

    sim.push(2 * DAY, Event::MemberForgotten { user: DANA, by: 4 });
    sim.apply(&store, &rules).await;

    assert!(store.member(c, DANA).await.unwrap().is_none());
    assert_eq!(store.personal_invite(c, DANA).await.unwrap(), None);
    let after = exports(&store, c).await;
    assert!(!after.contains("user5") && !after.contains("Dana"), "{after}");
    assert!(!after.lines().any(|l| l.split(',').any(|cell| cell == "5")), "{after}");
    assert!(!log_names_dana(&store, c).await, "the event log still names the person");
    assert_eq!(store.count_rows("members").await.unwrap(), members, "anonymous totals stay");
    assert_eq!(store.count_rows("value_exchanges").await.unwrap(), exchanges);
    assert_eq!(store.count_rows("customers").await.unwrap(), customers);
    // 6 is still a referral of someone (now anonymous), and 4 still brought someone in.
    let six = store.member(c, 6).await.unwrap().unwrap();
    assert!(six.inviter.is_some_and(|i| i < 0), "{:?}", six.inviter);

    store.recompute(c, &rules, common::at(3 * DAY)).await.unwrap();
    assert!(store.member(c, DANA).await.unwrap().is_none(), "a recompute brought the person back");
    assert!(!exports(&store, c).await.contains("user5"));
    assert_eq!(store.count_rows("members").await.unwrap(), members);
}

snowball::store_tests!(forget_removes_the_person_and_keeps_the_totals);

async fn retention_prunes_old_events_keeps_totals_and_refuses_recompute(store: Store) {
    let rules = Rules::default();
    let mut sim = Sim::new("retention");
    sim.join(0, 1, None).join(DAY, 2, Some(1)).join(40 * DAY, 3, Some(1));
    let c = sim.apply(&store, &rules).await;
    let mut young = Sim::new("young");
    young.join(45 * DAY, 9, None);
    let y = young.apply(&store, &rules).await;
    let members = store.count_rows("members").await.unwrap();
    assert_eq!(store.event_count(c).await.unwrap(), 3);
    assert_eq!(store.events_pruned_before(c).await.unwrap(), None);

    let cutoff = common::at(30 * DAY);
    assert_eq!(store.prune_events(cutoff).await.unwrap(), 2);
    assert_eq!(store.event_count(c).await.unwrap(), 1);
    assert_eq!(store.count_rows("members").await.unwrap(), members, "projections stay");
    assert_eq!(store.events_pruned_before(c).await.unwrap(), Some(cutoff));
    assert_eq!(store.events_pruned_before(y).await.unwrap(), None, "a community that lost nothing can recompute");
    store.recompute(y, &rules, common::at(50 * DAY)).await.unwrap();
    let refused = store.recompute(c, &rules, common::at(50 * DAY)).await.unwrap_err();
    assert!(refused.to_string().contains("pruned"), "{refused}");
    assert_eq!(store.count_rows("members").await.unwrap(), members, "a refused recompute changes nothing");
    assert_eq!(store.prune_events(cutoff).await.unwrap(), 0, "nothing more to prune");
}

snowball::store_tests!(retention_prunes_old_events_keeps_totals_and_refuses_recompute);
