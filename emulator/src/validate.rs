//! Member constraints from the service model: lengths, patterns, enums, list sizes.
//!
//! Each check names the member in the error, in the wording the service uses
//! ("Value at 'X' failed to satisfy constraint: ...").

use crate::errors::ApiError;

fn constraint(field: &str, rule: impl std::fmt::Display) -> ApiError {
    ApiError::validation(
        field,
        format!(
            "1 validation error detected: Value at '{field}' failed to satisfy constraint: {rule}"
        ),
    )
}

/// The member must be present.
pub(crate) fn required<'a, T>(field: &str, value: &'a Option<T>) -> Result<&'a T, ApiError> {
    value
        .as_ref()
        .ok_or_else(|| constraint(field, "Member must not be null"))
}

/// The string's length, in characters, must be within `min..=max`.
pub(crate) fn length(field: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let len = value.chars().count();
    if len < min {
        Err(constraint(
            field,
            format_args!("Member must have length greater than or equal to {min}"),
        ))
    } else if len > max {
        Err(constraint(
            field,
            format_args!("Member must have length less than or equal to {max}"),
        ))
    } else {
        Ok(())
    }
}

/// Like [`length`], for an optional member.
pub(crate) fn optional_length(
    field: &str,
    value: &Option<String>,
    min: usize,
    max: usize,
) -> Result<(), ApiError> {
    value
        .as_deref()
        .map_or(Ok(()), |v| length(field, v, min, max))
}

/// The string must be one of `allowed`.
pub(crate) fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(constraint(
            field,
            format_args!(
                "Member must satisfy enum value set: [{}]",
                allowed.join(", ")
            ),
        ))
    }
}

/// Like [`one_of`], for an optional member.
pub(crate) fn optional_one_of(
    field: &str,
    value: &Option<String>,
    allowed: &[&str],
) -> Result<(), ApiError> {
    value
        .as_deref()
        .map_or(Ok(()), |v| one_of(field, v, allowed))
}

/// The list must have at most `max` members.
pub(crate) fn max_items<T>(field: &str, items: &[T], max: usize) -> Result<(), ApiError> {
    if items.len() > max {
        Err(constraint(
            field,
            format_args!("Member must have length less than or equal to {max}"),
        ))
    } else {
        Ok(())
    }
}

/// Every string of an optional list must be within `min..=max` characters, and the list at
/// most `max_len` long.
pub(crate) fn string_list(
    field: &str,
    items: &Option<Vec<String>>,
    max_len: usize,
    (min, max): (usize, usize),
) -> Result<(), ApiError> {
    let Some(items) = items else { return Ok(()) };
    max_items(field, items, max_len)?;
    items
        .iter()
        .try_for_each(|item| length(field, item, min, max))
}

/// A workload id is 32 lowercase hexadecimal characters.
pub(crate) fn workload_id(value: &str) -> Result<(), ApiError> {
    let hex = value.len() == 32
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hex {
        Ok(())
    } else {
        Err(constraint(
            "WorkloadId",
            "Member must satisfy regular expression pattern: [0-9a-f]{32}",
        ))
    }
}

/// An AWS account id is 12 digits.
pub(crate) fn account_id(field: &str, value: &str) -> Result<(), ApiError> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(constraint(
            field,
            "Member must satisfy regular expression pattern: [0-9]{12}",
        ))
    }
}

/// An integer member within `min..=max`, given as text (query string) or a JSON number.
pub(crate) fn integer_in(field: &str, value: i64, min: i64, max: i64) -> Result<i64, ApiError> {
    if value < min {
        Err(constraint(
            field,
            format_args!("Member must have value greater than or equal to {min}"),
        ))
    } else if value > max {
        Err(constraint(
            field,
            format_args!("Member must have value less than or equal to {max}"),
        ))
    } else {
        Ok(value)
    }
}

/// Parses an integer from the query string or the path.
pub(crate) fn parse_integer(field: &str, text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| {
        ApiError::validation(
            field,
            format!("Value '{text}' at '{field}' is not an integer"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workload_ids_are_lowercase_hex() {
        assert!(workload_id("0123456789abcdef0123456789abcdef").is_ok());
        assert!(workload_id("0123456789ABCDEF0123456789ABCDEF").is_err());
        assert!(workload_id("0123").is_err());
        assert!(workload_id("0123456789abcdef0123456789abcdeg").is_err());
    }

    #[test]
    fn lengths_count_characters() {
        assert!(length("Notes", "ééé", 3, 3).is_ok());
        assert!(length("Notes", "ab", 3, 100).is_err());
        assert!(length("Notes", &"x".repeat(101), 3, 100).is_err());
    }

    #[test]
    fn errors_name_the_field() {
        let error = one_of("Environment", "DEV", &["PRODUCTION", "PREPRODUCTION"]).unwrap_err();
        assert!(
            error.message().contains("'Environment'"),
            "{}",
            error.message()
        );
    }
}
