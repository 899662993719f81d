//! Pages of list results, with opaque `NextToken`s.
//!
//! A token is the hexadecimal form of `<list>:<offset>`: opaque to clients, checked on the way
//! back (a token from another list, or a made-up one, is a ValidationException).

use crate::errors::ApiError;
use crate::validate;

/// The largest page every list operation of the subset allows, and the default.
pub(crate) const MAX_PAGE: i64 = 50;

/// Which part of a list a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageRequest {
    list: &'static str,
    start: usize,
    size: usize,
}

impl PageRequest {
    /// Reads `MaxResults` (1..=50, default 50) and `NextToken` for the list named `list`.
    pub fn new(
        list: &'static str,
        max_results: Option<i64>,
        next_token: Option<&str>,
    ) -> Result<Self, ApiError> {
        let size =
            validate::integer_in("MaxResults", max_results.unwrap_or(MAX_PAGE), 1, MAX_PAGE)?;
        let start = match next_token {
            Some(token) => decode(list, token)?,
            None => 0,
        };
        Ok(Self {
            list,
            start,
            size: usize::try_from(size).unwrap_or(1),
        })
    }

    /// The requested page of `items` and the token of the next page, if there is one.
    pub fn page<T>(&self, items: Vec<T>) -> (Vec<T>, Option<String>) {
        let total = items.len();
        let end = self.start.saturating_add(self.size).min(total);
        let next = (end < total).then(|| encode(self.list, end));
        let page = items
            .into_iter()
            .skip(self.start)
            .take(end.saturating_sub(self.start))
            .collect();
        (page, next)
    }
}

fn encode(list: &str, offset: usize) -> String {
    format!("{list}:{offset}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode(list: &str, token: &str) -> Result<usize, ApiError> {
    let invalid = || {
        ApiError::validation(
            "NextToken",
            format!("The NextToken '{token}' is not valid for this list"),
        )
    };
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(invalid)?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (kind, offset) = text.split_once(':').ok_or_else(invalid)?;
    match (kind == list, offset.parse()) {
        (true, Ok(offset)) => Ok(offset),
        _ => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_a_list_in_pages() {
        let first = PageRequest::new("items", Some(2), None).expect("valid");
        let (page, next) = first.page(vec![1, 2, 3, 4, 5]);
        assert_eq!(page, [1, 2]);
        let next = PageRequest::new("items", Some(2), next.as_deref()).expect("valid token");
        assert_eq!(
            next.page(vec![1, 2, 3, 4, 5]),
            (vec![3, 4], Some(encode("items", 4)))
        );
        let last =
            PageRequest::new("items", Some(2), Some(&encode("items", 4))).expect("valid token");
        assert_eq!(last.page(vec![1, 2, 3, 4, 5]), (vec![5], None));
    }

    #[test]
    fn rejects_foreign_and_bad_tokens_and_sizes() {
        assert!(PageRequest::new("items", None, Some(&encode("other", 1))).is_err());
        assert!(PageRequest::new("items", None, Some("zz")).is_err());
        assert!(PageRequest::new("items", None, Some("abc")).is_err());
        assert!(PageRequest::new("items", Some(0), None).is_err());
        assert!(PageRequest::new("items", Some(51), None).is_err());
    }

    #[test]
    fn a_token_past_the_end_gives_an_empty_page() {
        let request =
            PageRequest::new("items", None, Some(&encode("items", 9))).expect("valid token");
        assert_eq!(request.page(vec![1, 2]), (vec![], None));
    }
}
