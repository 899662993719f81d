//! The risk rules' conditions, as the custom-lens format writes them: choice ids joined by
//! `&&`, `||`, `!` and parentheses, or `default`. The catalogue parses them once at load.

use std::collections::HashSet;

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
