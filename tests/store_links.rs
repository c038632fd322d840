//! Store behaviour the Telegram adapter relies on, on SQLite and PostgreSQL: tracked links
//! projected from their events (first one wins), and a community moving to a new chat id.

use chrono::{TimeZone, Utc};
use snowball::domain::{CommunityKey, Envelope, Event, Ts};
use snowball::engine::Rules;
use snowball::ingest::apply_batch;
use snowball::store::Store;

fn t0() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn env(key: &CommunityKey, source: &str, event: Event) -> Envelope {
    Envelope::new(key.clone(), source, t0(), event)
}

async fn links_are_projected_and_the_first_one_stays(store: Store) {
    let key = CommunityKey::telegram(-100_500);
    let rules = Rules::default();
    let batch = vec![
        env(&key, "a", Event::PersonalInviteCreated { user: 7, invite: "https://t.me/+first".into() }),
        env(&key, "b", Event::PersonalInviteCreated { user: 7, invite: "https://t.me/+second".into() }),
        env(
            &key,
            "c",
            Event::CampaignCreated {
                name: "news".into(),
                paid: true,
                invite: Some("https://t.me/+news".into()),
                by: 1,
            },
        ),
    ];
    apply_batch(&store, &rules, &batch).await.unwrap();
    let id = store.find_community(&key).await.unwrap().unwrap();
    assert_eq!(store.personal_invite(id, 7).await.unwrap().as_deref(), Some("https://t.me/+first"));
    assert_eq!(store.personal_invite_owner(id, "https://t.me/+first").await.unwrap(), Some(7));
    let c = store.campaign(id, "news").await.unwrap().unwrap();
    assert_eq!((c.paid, c.invite.as_deref(), c.created_by), (true, Some("https://t.me/+news"), Some(1)));
}

async fn a_community_moves_to_its_new_chat_id_with_its_history(store: Store) {
    let (old, new) = (CommunityKey::telegram(-5001), CommunityKey::telegram(-1_005_001));
    let rules = Rules::default();
    apply_batch(&store, &rules, &[env(&old, "a", Event::MemberLeft { user: 3 })]).await.unwrap();
    let id = store.find_community(&old).await.unwrap().unwrap();
    assert!(store.move_community(&old, &new).await.unwrap());
    assert_eq!(store.find_community(&new).await.unwrap(), Some(id));
    // Late events under the old id land in the same community.
    apply_batch(&store, &rules, &[env(&old, "b", Event::MemberLeft { user: 4 })]).await.unwrap();
    assert_eq!(store.event_count(id).await.unwrap(), 2);
    // Nothing is merged into a community that exists.
    let other = CommunityKey::telegram(-7);
    store.community_id(&other).await.unwrap();
    assert!(!store.move_community(&new, &other).await.unwrap());
    assert!(!store.move_community(&CommunityKey::telegram(-8), &CommunityKey::telegram(-9)).await.unwrap());
}

snowball::store_tests!(
    links_are_projected_and_the_first_one_stays,
    a_community_moves_to_its_new_chat_id_with_its_history
);
