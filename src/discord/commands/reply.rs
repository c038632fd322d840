//! A [`Rendered`] reply as a poise reply: one embed, ephemeral when private, the CSV file
//! attached, and no pings.

use serenity::all::{CreateAllowedMentions, CreateAttachment, CreateMessage};

use crate::commands::Rendered;
use crate::discord::render::embed;

pub fn reply(r: &Rendered) -> poise::CreateReply {
    let mut reply = poise::CreateReply::default()
        .embed(embed(r))
        .ephemeral(r.private)
        .allowed_mentions(CreateAllowedMentions::new());
    if let Some(a) = &r.attachment {
        reply = reply.attachment(CreateAttachment::bytes(a.bytes.clone(), a.file_name.clone()));
    }
    reply
}

/// The same reply as a channel message (the digest).
pub fn message(r: &Rendered) -> CreateMessage {
    let mut m = CreateMessage::new().embed(embed(r)).allowed_mentions(CreateAllowedMentions::new());
    if let Some(a) = &r.attachment {
        m = m.add_file(CreateAttachment::bytes(a.bytes.clone(), a.file_name.clone()));
    }
    m
}
