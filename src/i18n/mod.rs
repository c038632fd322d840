//! User-facing text in English and Hebrew, from Fluent files in `src/i18n/locales/`.
//!
//! Hebrew is right-to-left: its bundle wraps every inserted value (names, numbers, mentions) in
//! Unicode isolates so mixed-direction text renders in the right order. English needs none.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use crate::domain::words;

static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        customise: |bundle| {
            let rtl = bundle.locales.iter().any(|l| l.language.as_str() == "he");
            bundle.set_use_isolating(rtl);
            bundle.set_formatter(Some(grouped));
        },
    };
}

/// A language snowball speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    He,
}

words!(Lang { En => "en", He => "he" });

impl Lang {
    /// The language for a platform locale such as `he`, `he-IL`, `iw` or `en-US`; anything
    /// snowball does not speak falls back to `fallback`.
    pub fn from_locale(locale: Option<&str>, fallback: Lang) -> Lang {
        match locale.map(|l| l.trim().to_ascii_lowercase()) {
            Some(l) if l == "he" || l == "iw" || l.starts_with("he-") || l.starts_with("he_") => Lang::He,
            Some(l) if l == "en" || l.starts_with("en-") || l.starts_with("en_") => Lang::En,
            _ => fallback,
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::En => unic_langid::langid!("en"),
            Lang::He => unic_langid::langid!("he"),
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Lang::He
    }
}

/// An argument for a message.
pub type Arg<'a> = (&'a str, FluentValue<'static>);

/// The message `id` in `lang`. A missing id is a bug (a test checks every id exists in every
/// language); it shows as the id itself rather than failing the reply.
pub fn t(lang: Lang, id: &str) -> String {
    tr(lang, id, &[])
}

/// The message `id` in `lang` with arguments.
pub fn tr(lang: Lang, id: &str, args: &[Arg<'_>]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
        args.iter().map(|(k, v)| (Cow::Owned((*k).to_string()), v.clone())).collect();
    LOCALES.try_lookup_complete(&lang.id(), id, Some(&map)).unwrap_or_else(|| {
        tracing::warn!(id, lang = %lang, "missing message");
        id.to_string()
    })
}

/// Whether `id` exists in `lang`.
pub fn has(lang: Lang, id: &str) -> bool {
    LOCALES.try_lookup(&lang.id(), id).is_some()
}

/// Whole numbers of four digits or more are written with thousands separators (`2,966`), as
/// everywhere else in snowball's replies; plural selection still sees the number.
fn grouped<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() >= 1000.0 && n.value.abs() < 1e15 => {
            Some(crate::engine::digest::num(n.value as i64))
        }
        _ => None,
    }
}

/// A text argument.
pub fn s(v: impl Into<String>) -> FluentValue<'static> {
    FluentValue::String(Cow::Owned(v.into()))
}

/// A number argument (plural rules apply).
pub fn n(v: i64) -> FluentValue<'static> {
    FluentValue::from(v)
}

#[cfg(test)]
mod tests;
