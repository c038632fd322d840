use serde::{Deserialize, Serialize};

use super::words;

/// The six kinds of value that flow along the edges of the value triangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Content,
    Connections,
    #[default]
    Support,
    Stage,
    Reward,
    Exposure,
}

words!(ValueKind {
    Content => "content",
    Connections => "connections",
    Support => "support",
    Stage => "stage",
    Reward => "reward",
    Exposure => "exposure",
});

/// How a value exchange was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// "thanks" detected in a message.
    Thanks,
    /// A configured emoji reaction on someone's message.
    Reaction,
    /// A reply that answers a question.
    Reply,
    /// `/thanks` or a manager's logged value.
    Manual,
}

words!(Origin { Thanks => "thanks", Reaction => "reaction", Reply => "reply", Manual => "manual" });
