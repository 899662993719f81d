//! Who owns what: the account of an access key id, the session keys the emulator's STS
//! AssumeRole issued, and the roles a test refuses.
//!
//! Signatures are never checked, so an access key id alone says who is calling. A long-term key
//! is an account of its own, named by a hash of the key (so two test runs agree on it); a
//! session key issued by AssumeRole belongs to the account of the role it was issued for.

use std::collections::{HashMap, HashSet};

/// The key of an unsigned request, and the key every existing test signs with.
pub(crate) const DEFAULT_ACCESS_KEY_ID: &str = "test";
/// The account of [`DEFAULT_ACCESS_KEY_ID`]: the one in the ARNs existing tests expect.
pub(crate) const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// Account ids are 12 decimal digits.
const ACCOUNT_ID_MODULUS: u64 = 1_000_000_000_000;

/// The 12-digit account id a long-term access key id belongs to in the emulator.
///
/// Key `test` is account `123456789012`; any other key is the FNV-1a hash of its bytes, modulo
/// 10^12, zero-padded to 12 digits: deterministic, so a test can compute the account (and the
/// workload ARNs) of the key it signs with. Session keys issued by the emulator's STS
/// AssumeRole are not long-term keys: they belong to the account of their role, which this
/// function does not know.
///
/// ```
/// assert_eq!(wa_emulator::account_id("test"), "123456789012");
/// assert_eq!(wa_emulator::account_id("AKIAEXAMPLE").len(), 12);
/// ```
pub fn account_id(access_key_id: &str) -> String {
    if access_key_id == DEFAULT_ACCESS_KEY_ID {
        return DEFAULT_ACCOUNT_ID.to_owned();
    }
    format!(
        "{:012}",
        fnv1a(access_key_id.as_bytes()) % ACCOUNT_ID_MODULUS
    )
}

/// 64-bit FNV-1a: tiny, stable across Rust versions and platforms (unlike `DefaultHasher`).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    })
}

/// Temporary credentials issued by AssumeRole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

/// The session keys issued so far and the roles refused; [`crate::Emulator::reset`] forgets
/// both.
#[derive(Debug, Default)]
pub(crate) struct Identities {
    /// Session access key id -> account of the role it was issued for.
    sessions: HashMap<String, String>,
    /// Role ARNs whose AssumeRole is answered AccessDenied.
    refused_roles: HashSet<String>,
}

impl Identities {
    /// The account an access key id belongs to: its role's for an issued session key, its own
    /// (see [`account_id`]) for any other.
    pub fn account_of(&self, access_key_id: &str) -> String {
        self.sessions
            .get(access_key_id)
            .cloned()
            .unwrap_or_else(|| account_id(access_key_id))
    }

    /// Issues temporary credentials whose key belongs to `account` from now on.
    pub fn issue(&mut self, account: &str) -> SessionCredentials {
        let access_key_id = loop {
            let key = format!("ASIA{}", random_text(UPPER_ALPHANUMERIC, 16));
            if !self.sessions.contains_key(&key) {
                break key;
            }
        };
        self.sessions
            .insert(access_key_id.clone(), account.to_owned());
        SessionCredentials {
            access_key_id,
            secret_access_key: random_text(SECRET_ALPHABET, 40),
            session_token: format!("IQoJb3JpZ2luX2VjE{}", random_text(SECRET_ALPHABET, 180)),
        }
    }

    /// From now on, AssumeRole of `role_arn` is denied.
    pub fn refuse(&mut self, role_arn: &str) {
        self.refused_roles.insert(role_arn.to_owned());
    }

    /// Whether AssumeRole of `role_arn` is denied.
    pub fn is_refused(&self, role_arn: &str) -> bool {
        self.refused_roles.contains(role_arn)
    }
}

/// The characters of access key ids.
pub(crate) const UPPER_ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// The characters of secret keys and session tokens (base64's, as AWS's look).
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `len` characters drawn from `alphabet` (which must not be empty).
pub(crate) fn random_text(alphabet: &[u8], len: usize) -> String {
    (0..len)
        .filter_map(|_| fastrand::choice(alphabet).map(|b| char::from(*b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_key_is_the_default_account() {
        assert_eq!(account_id("test"), "123456789012");
    }

    #[test]
    fn other_keys_are_deterministic_twelve_digit_accounts() {
        let first = account_id("AKIAIOSFODNN7EXAMPLE");
        assert_eq!(first, account_id("AKIAIOSFODNN7EXAMPLE"));
        assert_ne!(first, account_id("AKIAIOSFODNN7EXAMPLF"));
        for key in ["AKIAIOSFODNN7EXAMPLE", "bench", "", "x", "Test", "tést"] {
            let account = account_id(key);
            assert_eq!(account.len(), 12, "{key}: {account}");
            assert!(account.bytes().all(|b| b.is_ascii_digit()), "{account}");
        }
        // The published FNV-1a test vector, so the ids never change by accident.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            account_id("a"),
            format!("{:012}", 0xaf63_dc4c_8601_ec8c_u64 % 1_000_000_000_000)
        );
    }

    #[test]
    fn session_keys_belong_to_the_role_account() {
        let mut identities = Identities::default();
        let credentials = identities.issue("210987654321");
        let key = &credentials.access_key_id;
        assert!(key.starts_with("ASIA") && key.len() == 20, "{key}");
        assert!(
            key.bytes().all(|b| UPPER_ALPHANUMERIC.contains(&b)),
            "{key}"
        );
        assert_eq!(credentials.secret_access_key.len(), 40);
        assert_eq!(identities.account_of(key), "210987654321");
        assert_eq!(identities.account_of("test"), "123456789012");
        assert_ne!(identities.issue("210987654321").access_key_id, *key);
    }

    #[test]
    fn refused_roles_are_remembered() {
        let mut identities = Identities::default();
        let role = "arn:aws:iam::210987654321:role/deployer";
        assert!(!identities.is_refused(role));
        identities.refuse(role);
        assert!(identities.is_refused(role));
    }
}
