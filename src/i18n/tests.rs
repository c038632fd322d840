use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use fluent_templates::fluent_bundle::FluentResource;

use super::*;

/// Message id → the variables it uses, for one locale's files.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = format!("{}/src/i18n/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let res = FluentResource::try_new(text).unwrap_or_else(|(_, e)| panic!("{}: {e:?}", path.display()));
        for entry in res.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    collect_pattern(p, &mut vars);
                }
                for a in &m.attributes {
                    collect_pattern(&a.value, &mut vars);
                }
                assert!(out.insert(m.id.name.to_string(), vars).is_none(), "{lang}: {} defined twice", m.id.name);
            }
        }
    }
    out
}

fn collect_pattern(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            collect_expr(expression, vars);
        }
    }
}

fn collect_expr(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => collect_inline(i, vars),
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, vars);
            for v in variants {
                collect_pattern(&v.value, vars);
            }
        }
    }
}

fn collect_inline(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                collect_inline(a, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => collect_expr(expression, vars),
        _ => {}
    }
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_variables() {
    let en = messages("en");
    let he = messages("he");
    assert!(en.len() > 20, "the English catalogue looks empty");
    let en_ids: BTreeSet<_> = en.keys().collect();
    let he_ids: BTreeSet<_> = he.keys().collect();
    assert_eq!(en_ids.difference(&he_ids).collect::<Vec<_>>(), Vec::<&&String>::new(), "missing in he");
    assert_eq!(he_ids.difference(&en_ids).collect::<Vec<_>>(), Vec::<&&String>::new(), "missing in en");
    for (id, vars) in &en {
        assert_eq!(vars, &he[id], "message {id} uses different variables in he");
    }
}

#[test]
fn hebrew_isolates_inserted_values_and_english_does_not() {
    let en = tr(Lang::En, "thanks-recorded", &[("receiver", s("Dana")), ("kind", s("support"))]);
    assert!(en.contains("Dana") && !en.contains('\u{2068}'), "{en}");
    let he = tr(Lang::He, "thanks-recorded", &[("receiver", s("Dana")), ("kind", s("support"))]);
    assert!(he.contains("\u{2068}Dana\u{2069}"), "{he:?}");
}

#[test]
fn locales_map_to_languages() {
    assert_eq!(Lang::from_locale(Some("he"), Lang::En), Lang::He);
    assert_eq!(Lang::from_locale(Some("he-IL"), Lang::En), Lang::He);
    assert_eq!(Lang::from_locale(Some("iw"), Lang::En), Lang::He);
    assert_eq!(Lang::from_locale(Some("en-US"), Lang::He), Lang::En);
    assert_eq!(Lang::from_locale(Some("fr"), Lang::He), Lang::He);
    assert_eq!(Lang::from_locale(None, Lang::En), Lang::En);
}

#[test]
fn large_numbers_are_grouped_and_still_select_plurals() {
    use fluent_templates::fluent_bundle::FluentValue;
    let args: Vec<(&str, FluentValue<'static>)> = vec![
        ("exchanges", super::n(2966)),
        ("weight", super::n(7)),
        ("unit", super::s("week")),
        ("prev", super::s("1")),
    ];
    let text = super::tr(Lang::En, "digest-value", &args);
    assert!(text.contains("2,966 exchanges"), "{text}");
    let one: Vec<(&str, FluentValue<'static>)> =
        vec![("exchanges", super::n(1)), ("weight", super::n(1)), ("unit", super::s("week")), ("prev", super::s("0"))];
    assert!(super::tr(Lang::En, "digest-value", &one).contains("one exchange"));
}
