//! A simple, honest passphrase strength estimate.
//!
//! It counts characters and character classes (an upper bound on guessing entropy), then
//! penalises what attackers try first: very short passphrases, few distinct characters,
//! runs and sequences, and a handful of notorious passwords. It does not know dictionaries,
//! names or keyboard patterns, so treat the score as a hint for the learner, not a guarantee.

use serde::Serialize;

/// The estimate: `score` 0 (very weak) ..= 4 (very strong), a label for the UI, and the rough
/// entropy estimate behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Strength {
    pub score: u8,
    pub label: &'static str,
    pub estimated_bits: u32,
}

const LABELS: [&str; 5] = ["very weak", "weak", "fair", "strong", "very strong"];

const NOTORIOUS: &[&str] = &[
    "password",
    "passw0rd",
    "123456",
    "12345678",
    "123456789",
    "1234567890",
    "qwerty",
    "qwertyuiop",
    "azerty",
    "letmein",
    "iloveyou",
    "admin",
    "welcome",
    "monkey",
    "dragon",
    "abc123",
    "111111",
    "000000",
    "sunshine",
    "football",
    "tessera",
    "wallet",
];

/// Estimates how hard `passphrase` is to guess. The empty passphrase scores 0.
pub fn passphrase_strength(passphrase: &str) -> Strength {
    let chars: Vec<char> = passphrase.chars().collect();
    let len = chars.len();
    let (mut lower, mut upper, mut digit, mut symbol, mut other) =
        (false, false, false, false, false);
    for &c in &chars {
        match c {
            'a'..='z' => lower = true,
            'A'..='Z' => upper = true,
            '0'..='9' => digit = true,
            c if c.is_ascii() => symbol = true,
            _ => other = true,
        }
    }
    let pool: u32 = [
        (lower, 26),
        (upper, 26),
        (digit, 10),
        (symbol, 33),
        (other, 100),
    ]
    .iter()
    .filter(|(present, _)| *present)
    .map(|(_, n)| n)
    .sum();

    // Characters that continue a run (aaa) or a sequence (abc, 321) add almost nothing.
    let mut effective = 0.0f64;
    for i in 0..len {
        let predictable = i >= 2 && {
            let (a, b, c) = (chars[i - 2] as i64, chars[i - 1] as i64, chars[i] as i64);
            (c - b == b - a) && (c - b).abs() <= 1
        };
        effective += if predictable { 0.25 } else { 1.0 };
    }
    // Few distinct characters: cap at what those characters could carry.
    let mut distinct = chars.clone();
    distinct.sort_unstable();
    distinct.dedup();
    effective = effective.min(distinct.len() as f64 * 2.0);

    let per_char = if pool > 0 {
        f64::from(pool).log2()
    } else {
        0.0
    };
    let mut bits = effective * per_char;

    let lowered = passphrase.to_lowercase();
    let stripped: String = lowered
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '!')
        .to_string();
    if NOTORIOUS
        .iter()
        .any(|n| lowered == *n || stripped == *n || (lowered.contains(n) && len < n.len() + 4))
    {
        bits = bits.min(10.0);
    }

    let mut score: u8 = match bits {
        b if b < 28.0 => 0,
        b if b < 40.0 => 1,
        b if b < 60.0 => 2,
        b if b < 80.0 => 3,
        _ => 4,
    };
    if len < 8 {
        score = score.min(1);
    } else if len < 12 {
        score = score.min(3);
    }
    Strength {
        score,
        label: LABELS[usize::from(score)],
        estimated_bits: bits.round().clamp(0.0, f64::from(u32::MAX)) as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_makes_sense() {
        assert_eq!(passphrase_strength("").score, 0);
        assert_eq!(passphrase_strength("password").score, 0);
        assert_eq!(passphrase_strength("Password1!").score, 0);
        assert_eq!(passphrase_strength("aaaaaaaaaaaaaaaaaaaa").score, 0);
        assert_eq!(passphrase_strength("abcdefghijklmnop").score, 0);
        assert!(passphrase_strength("Tr0ub4dor&3").score <= 3);
        assert!(passphrase_strength("kx7!Qm2").score <= 1, "short is weak");
        let long = passphrase_strength("correct horse battery staple");
        assert!(long.score >= 3, "{long:?}");
        let s = passphrase_strength("q8#Lr2!vZ0m@Wp4$");
        assert_eq!(s.score, 4);
        assert_eq!(s.label, "very strong");
    }
}
