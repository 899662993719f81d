//! The guidance as terminal text: the question, or one practice in full.

use super::layout::wrap;
use crate::catalogue::{Catalogue, Practice};

fn para(text: &str, width: usize, indent: &str) -> String {
    let mut s = wrap(text, width, indent, indent);
    s.push('\n');
    s
}

/// A list item: the text wrapped under its own start, not under the dash.
fn bullet(text: &str, width: usize) -> String {
    let mut s = wrap(text, width, "  - ", "    ");
    s.push('\n');
    s
}

fn bullets(items: &[String], width: usize) -> String {
    items.iter().map(|item| bullet(item, width)).collect()
}

/// The question and the list of its practices.
pub fn question(catalogue: &Catalogue, width: usize) -> String {
    let q = &catalogue.question;
    let mut out = para(&format!("{}: {}", q.reference, q.title), width, "");
    out.push('\n');
    out.push_str(&para(&q.description, width, ""));
    out.push_str("\nBest practices (risk if not established):\n");
    for p in catalogue.practices() {
        out.push_str(&para(
            &format!("{}  {} ({})", p.bp, p.choice.title, p.risk.as_str()),
            width,
            "  ",
        ));
    }
    if let Some(url) = &q.helpful_resource.url {
        out.push('\n');
        out.push_str(&para(&format!("More: {url}"), width, ""));
    }
    out.push('\n');
    out.push_str(&para("Run `rel04 explain BP01` (to BP04) for the guidance, anti-patterns and checks of one practice.", width, ""));
    out
}

/// Number, title, risk, why it matters and the anti-patterns: what a team reads before answering.
pub fn practice_intro(p: &Practice<'_>, width: usize) -> String {
    let c = p.choice;
    let mut out = para(&format!("{}  {}", p.bp, c.title), width, "");
    out.push_str(&format!("Risk if not established: {}\n", p.risk.as_str()));
    if !c.former_titles.is_empty() {
        out.push_str(&para(
            &format!("Formerly: {}", c.former_titles.join("; ")),
            width,
            "",
        ));
    }
    out.push('\n');
    out.push_str(&para(&c.description, width, ""));
    if let Some(outcome) = &c.desired_outcome {
        out.push_str("\nDesired outcome:\n");
        out.push_str(&para(outcome, width, "  "));
    }
    if !c.anti_patterns.is_empty() {
        out.push_str("\nCommon anti-patterns:\n");
        out.push_str(&bullets(&c.anti_patterns, width));
    }
    out
}

/// Everything about one practice.
pub fn practice(p: &Practice<'_>, width: usize) -> String {
    let c = p.choice;
    let mut out = practice_intro(p, width);
    if !c.implementation_steps.is_empty() {
        out.push_str("\nHow to establish it:\n");
        out.push_str(&bullets(&c.implementation_steps, width));
    }
    out.push_str("\nChecks (yes means the practice holds):\n");
    for check in &c.checks {
        out.push_str(&para(
            &format!("[{}] {}", check.id, check.text),
            width,
            "  ",
        ));
        out.push_str(&para(&check.help, width, "      "));
        out.push_str(&para(
            &format!("If not: {}", check.improvement),
            width,
            "      ",
        ));
    }
    if let Some(plan) = &c.improvement_plan {
        out.push_str("\nIf it is not established:\n");
        out.push_str(&para(&plan.display_text, width, "  "));
    }
    let links: Vec<_> = c
        .helpful_resource
        .iter()
        .chain(&c.additional_resources)
        .collect();
    if !links.is_empty() {
        out.push_str("\nResources:\n");
        for link in links {
            out.push_str(&bullet(&link.display_text, width));
            if let Some(url) = &link.url {
                out.push_str(&format!("    {url}\n"));
            }
        }
    }
    out
}
