//! The question's risk, computed offline from the catalogue's `riskRules` and the answers.
//!
//! AWS does not publish the rules of its own lens. rel04 states its model as data in
//! `questions/rel04.json` and evaluates it here; once a workload is synced, the risk the
//! Well-Architected Tool reports is the authority and rel04 shows both.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use crate::answers::{AnswersFile, Status};
use crate::catalogue::{Catalogue, Level, NONE_CHOICE_ID};

/// A question's risk, with the Well-Architected Tool's names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Risk {
    Unanswered,
    High,
    Medium,
    None,
    NotApplicable,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Unanswered => "UNANSWERED",
            Risk::High => "HIGH",
            Risk::Medium => "MEDIUM",
            Risk::None => "NONE",
            Risk::NotApplicable => "NOT_APPLICABLE",
        }
    }

    /// Reads the service's value; `None` for a value this version does not know.
    pub fn from_service(value: &str) -> Option<Risk> {
        Some(match value {
            "UNANSWERED" => Risk::Unanswered,
            "HIGH" => Risk::High,
            "MEDIUM" => Risk::Medium,
            "NONE" => Risk::None,
            "NOT_APPLICABLE" => Risk::NotApplicable,
            _ => return None,
        })
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A risk-rule condition: choice ids joined by `&&`, `||`, `!` and parentheses, or `default`.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Default,
    Choice(String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

impl Expr {
    pub fn parse(text: &str) -> Result<Expr, String> {
        if text.trim() == "default" {
            return Ok(Expr::Default);
        }
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens: &tokens,
            at: 0,
        };
        let expr = parser.or()?;
        match parser.tokens.get(parser.at) {
            None => Ok(expr),
            Some(t) => Err(format!("unexpected {t:?} after a complete condition")),
        }
    }

    /// True when the condition holds for this set of established choice ids.
    pub fn eval(&self, established: &HashSet<&str>) -> bool {
        match self {
            Expr::Default => true,
            Expr::Choice(id) => established.contains(id.as_str()),
            Expr::Not(e) => !e.eval(established),
            Expr::And(a, b) => a.eval(established) && b.eval(established),
            Expr::Or(a, b) => a.eval(established) || b.eval(established),
        }
    }

    /// Every choice id the condition names.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Expr::Default => vec![],
            Expr::Choice(id) => vec![id.as_str()],
            Expr::Not(e) => e.names(),
            Expr::And(a, b) | Expr::Or(a, b) => {
                let mut v = a.names();
                v.extend(b.names());
                v
            }
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' => tokens.push(Token::Open),
            ')' => tokens.push(Token::Close),
            '!' => tokens.push(Token::Not),
            '&' | '|' => {
                if chars.next_if(|&(_, d)| d == c).is_none() {
                    return Err(format!(
                        "a lone '{c}' at character {}; write '{c}{c}'",
                        i + 1
                    ));
                }
                tokens.push(if c == '&' { Token::And } else { Token::Or });
            }
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let mut name = String::from(c);
                while let Some((_, d)) =
                    chars.next_if(|&(_, d)| d.is_ascii_alphanumeric() || d == '_')
                {
                    name.push(d);
                }
                tokens.push(Token::Name(name));
            }
            other => return Err(format!("unexpected '{other}' at character {}", i + 1)),
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
}

impl Parser<'_> {
    fn eat(&mut self, token: &Token) -> bool {
        let hit = self.tokens.get(self.at) == Some(token);
        self.at += usize::from(hit);
        hit
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.eat(&Token::Or) {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.eat(&Token::And) {
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat(&Token::Not) {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat(&Token::Open) {
            let inner = self.or()?;
            if !self.eat(&Token::Close) {
                return Err("a '(' is never closed".to_string());
            }
            return Ok(inner);
        }
        match self.tokens.get(self.at) {
            Some(Token::Name(name)) if name != "default" => {
                self.at += 1;
                Ok(Expr::Choice(name.clone()))
            }
            Some(t) => Err(format!("expected a choice id, found {t:?}")),
            None => Err("the condition ends where a choice id was expected".to_string()),
        }
    }
}

/// One practice as a report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeView {
    /// `REL04-BP01`.
    pub id: String,
    pub choice_id: String,
    pub title: String,
    pub status: Status,
    pub risk_if_not_established: Level,
    pub established: bool,
    pub reason: Option<crate::answers::Reason>,
    pub notes: String,
}

/// A practice to improve: not established, or every practice when "None of these" is chosen.
#[derive(Debug, Clone, Serialize)]
pub struct Improvement {
    pub id: String,
    pub title: String,
    pub risk_if_not_established: Level,
    pub plan: String,
    pub url: Option<String>,
}

/// The catalogue applied to one answers file.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub risk: Risk,
    /// What drives the risk: BP ids, or the choice id of "None of these".
    pub drivers: Vec<String>,
    pub practices: Vec<PracticeView>,
    pub improvements: Vec<Improvement>,
}

/// Computes the question's risk and what drives it.
///
/// Order: a question marked not applicable is `NOT_APPLICABLE`; "None of these" is `HIGH`;
/// a practice not yet answered leaves the question `UNANSWERED`; otherwise the first risk rule
/// that holds decides. A practice marked not applicable counts as established.
pub fn assess(catalogue: &Catalogue, answers: &AnswersFile) -> Assessment {
    let none = answers.question.none_of_these;
    let practices: Vec<PracticeView> = catalogue
        .practices()
        .map(|p| {
            let answer = answers.practices.get(&p.choice.id);
            let status = answer.map_or(Status::Unanswered, |a| a.status);
            PracticeView {
                id: p.bp.to_string(),
                choice_id: p.choice.id.clone(),
                title: p.choice.title.clone(),
                status,
                risk_if_not_established: p.risk,
                established: !none && status.is_established(),
                reason: answer.and_then(|a| a.reason),
                notes: answer.map(|a| a.notes.clone()).unwrap_or_default(),
            }
        })
        .collect();

    let improvements = catalogue
        .practices()
        .zip(&practices)
        .filter(|(_, view)| none || view.status == Status::Unselected)
        .map(|(p, _)| Improvement {
            id: p.bp.to_string(),
            title: p.choice.title.clone(),
            risk_if_not_established: p.risk,
            plan: p
                .choice
                .improvement_plan
                .as_ref()
                .map(|l| l.display_text.clone())
                .unwrap_or_default(),
            url: p
                .choice
                .improvement_plan
                .as_ref()
                .and_then(|l| l.url.clone()),
        })
        .collect();

    let (risk, drivers) = if !answers.question.applicable {
        (Risk::NotApplicable, vec![])
    } else if none {
        (Risk::High, vec![NONE_CHOICE_ID.to_string()])
    } else if practices.iter().any(|p| p.status == Status::Unanswered) {
        let unanswered = practices.iter().filter(|p| p.status == Status::Unanswered);
        (Risk::Unanswered, unanswered.map(|p| p.id.clone()).collect())
    } else {
        let risk = rule_risk(catalogue, &practices);
        let level = match risk {
            Risk::High => Some(Level::High),
            Risk::Medium => Some(Level::Medium),
            _ => None,
        };
        let drivers = practices
            .iter()
            .filter(|p| !p.established && Some(p.risk_if_not_established) == level)
            .map(|p| p.id.clone())
            .collect();
        (risk, drivers)
    };

    Assessment {
        risk,
        drivers,
        practices,
        improvements,
    }
}

/// The first rule that holds; `NONE` if the catalogue's rules somehow miss every case.
fn rule_risk(catalogue: &Catalogue, practices: &[PracticeView]) -> Risk {
    let established: HashSet<&str> = practices
        .iter()
        .filter(|p| p.established)
        .map(|p| p.choice_id.as_str())
        .collect();
    catalogue
        .question
        .conditions
        .iter()
        .find(|(condition, _)| condition.eval(&established))
        .map_or(Risk::None, |(_, risk)| *risk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set<'a>(ids: &[&'a str]) -> HashSet<&'a str> {
        ids.iter().copied().collect()
    }

    #[test]
    fn parses_precedence_and_parentheses() {
        let e = Expr::parse("a || b && !c").unwrap();
        assert!(e.eval(&set(&["a"])));
        assert!(e.eval(&set(&["b"])));
        assert!(!e.eval(&set(&["b", "c"])));
        let e = Expr::parse("(a || b) && !c").unwrap();
        assert!(!e.eval(&set(&["a", "c"])));
        assert!(e.eval(&set(&["a"])));
        assert_eq!(Expr::parse("!(a && b)").unwrap().names(), ["a", "b"]);
    }

    #[test]
    fn default_always_holds() {
        assert!(Expr::parse(" default ").unwrap().eval(&set(&[])));
    }

    #[test]
    fn rejects_malformed_conditions() {
        for bad in [
            "a &",
            "a & b",
            "(a || b",
            "a b",
            "",
            "a || ",
            "a $ b",
            "default && a",
        ] {
            assert!(Expr::parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
