//! Exact credit amounts.
//!
//! Every credit figure (in a pathway file or on a credential) is a decimal: `"2.5"` and
//! `2.5` are the same figure. A figure is held as a reduced fraction of two `u128`s, so
//! sums and comparisons are exact, including after an hours/ECTS conversion (hours to
//! ECTS divides by `hoursPerEcts`, which need not give a terminating decimal).
//!
//! A JSON number reaches us as an `f64`; it is turned back into the decimal it was
//! written as through Rust's shortest round-trip formatting (`2.5` prints as `2.5`,
//! `0.1` as `0.1`), which recovers the written decimal for every figure of at most 15
//! significant digits. Figures are bounded so that nothing can overflow: at most
//! [`MAX_FIGURE`] and at most [`MAX_DECIMALS`] decimal places.
//!
//! The evaluator works on scaled integers: all figures of one evaluation are multiplied by
//! the least common multiple of their denominators (usually 1, 2 or 10), which is exact.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// The largest credit figure accepted (ECTS or hours).
pub const MAX_FIGURE: u64 = 1_000_000_000;
/// The most decimal places a credit figure may have.
pub const MAX_DECIMALS: u32 = 9;

/// An exact, non-negative amount of credits: a reduced fraction.
///
/// Serialised as a JSON number: an integer when it is one, otherwise the nearest `f64`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Credits {
    num: u128,
    den: u128,
}

pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Credits {
    pub const ZERO: Credits = Credits { num: 0, den: 1 };

    /// `num / den`, reduced. `None` when `den` is 0.
    pub fn new(num: u128, den: u128) -> Option<Credits> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        Some(Credits {
            num: num / g,
            den: den / g,
        })
    }

    pub fn from_integer(n: u64) -> Credits {
        Credits {
            num: n as u128,
            den: 1,
        }
    }

    pub fn numerator(&self) -> u128 {
        self.num
    }

    pub fn denominator(&self) -> u128 {
        self.den
    }

    pub fn is_zero(&self) -> bool {
        self.num == 0
    }

    /// Parses a plain decimal (`"12"`, `"2.5"`, `".5"`, `"7."`): digits with at most one
    /// point, no sign, no exponent. `None` when it is not one, or when it is larger than
    /// [`MAX_FIGURE`] or has more than [`MAX_DECIMALS`] decimal places.
    pub fn parse_decimal(text: &str) -> Option<Credits> {
        let text = text.trim();
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, f),
            None => (text, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > MAX_DECIMALS as usize {
            return None;
        }
        let int = int.trim_start_matches('0');
        if int.len() > 10 {
            return None;
        }
        let int_value: u128 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let frac_value: u128 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        let den = 10u128.pow(frac.len() as u32);
        let value = Credits::new(int_value * den + frac_value, den)?;
        if value > Credits::from_integer(MAX_FIGURE) {
            return None;
        }
        Some(value)
    }

    /// The decimal an `f64` was written as (see the module documentation). `None` for
    /// negative, non-finite or out-of-bounds figures.
    pub fn from_f64(value: f64) -> Option<Credits> {
        if !value.is_finite() || value < 0.0 {
            return None;
        }
        if value == 0.0 {
            return Some(Credits::ZERO);
        }
        Credits::parse_decimal(&format!("{value}"))
    }

    /// The nearest `f64` (exact for every figure that was written as a short decimal).
    pub fn to_f64(&self) -> f64 {
        if self.den == 1 {
            return self.num as f64;
        }
        self.decimal_digits(30)
            .parse::<f64>()
            .unwrap_or(self.num as f64 / self.den as f64)
    }

    /// `self * other`, `None` on overflow.
    pub fn checked_mul(&self, other: &Credits) -> Option<Credits> {
        let g1 = gcd(self.num, other.den).max(1);
        let g2 = gcd(other.num, self.den).max(1);
        let num = (self.num / g1).checked_mul(other.num / g2)?;
        let den = (self.den / g2).checked_mul(other.den / g1)?;
        Credits::new(num, den)
    }

    /// `self / other`, `None` on overflow or division by zero.
    pub fn checked_div(&self, other: &Credits) -> Option<Credits> {
        if other.num == 0 {
            return None;
        }
        self.checked_mul(&Credits {
            num: other.den,
            den: other.num,
        })
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(&self, other: &Credits) -> Option<Credits> {
        let g = gcd(self.den, other.den).max(1);
        let den = (self.den / g).checked_mul(other.den)?;
        let a = self.num.checked_mul(den / self.den)?;
        let b = other.num.checked_mul(den / other.den)?;
        Credits::new(a.checked_add(b)?, den)
    }

    /// `max(self - other, 0)`, `None` on overflow.
    pub fn checked_sub_floor(&self, other: &Credits) -> Option<Credits> {
        if *other >= *self {
            return Some(Credits::ZERO);
        }
        let g = gcd(self.den, other.den).max(1);
        let den = (self.den / g).checked_mul(other.den)?;
        let a = self.num.checked_mul(den / self.den)?;
        let b = other.num.checked_mul(den / other.den)?;
        Credits::new(a - b, den)
    }

    /// True when the fraction is a terminating decimal.
    fn terminates(&self) -> bool {
        let mut d = self.den;
        while d.is_multiple_of(2) {
            d /= 2;
        }
        while d.is_multiple_of(5) {
            d /= 5;
        }
        d == 1
    }

    /// The decimal expansion cut (not rounded) after at most `places` digits, trailing
    /// zeros removed.
    fn decimal_digits(&self, places: u32) -> String {
        let int = self.num / self.den;
        let mut rem = self.num % self.den;
        let mut out = int.to_string();
        if rem == 0 {
            return out;
        }
        out.push('.');
        let mut digits = 0;
        while rem != 0 && digits < places {
            rem *= 10;
            out.push(char::from(b'0' + (rem / self.den) as u8));
            rem %= self.den;
            digits += 1;
        }
        out
    }

    /// For sentences: the exact decimal when it has at most two places, otherwise rounded
    /// up to two places (the figures shown are "at least" amounts).
    pub fn display_up(&self) -> String {
        if self.terminates() && self.decimal_digits(3).split('.').nth(1).map_or(0, str::len) <= 2 {
            return self.decimal_digits(2);
        }
        // ceil(x * 100) / 100
        let scaled = self.num * 100;
        let mut hundredths = scaled / self.den;
        if !scaled.is_multiple_of(self.den) {
            hundredths += 1;
        }
        Credits::new(hundredths, 100)
            .unwrap_or(Credits::ZERO)
            .decimal_digits(2)
    }
}

impl PartialOrd for Credits {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Credits {
    /// Exact comparison without overflow: compares integer parts, then the remainders'
    /// reciprocals (a continued-fraction walk).
    fn cmp(&self, other: &Self) -> Ordering {
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, other.num, other.den);
        let mut flipped = false;
        loop {
            let (q1, r1) = (a / b, a % b);
            let (q2, r2) = (c / d, c % d);
            let ord = q1.cmp(&q2);
            if ord != Ordering::Equal {
                return if flipped { ord.reverse() } else { ord };
            }
            match (r1 == 0, r2 == 0) {
                (true, true) => return Ordering::Equal,
                (true, false) => {
                    return if flipped {
                        Ordering::Greater
                    } else {
                        Ordering::Less
                    }
                }
                (false, true) => {
                    return if flipped {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    }
                }
                (false, false) => {
                    // r1/b vs r2/d  <=>  d/r2 vs b/r1
                    (a, b, c, d) = (b, r1, d, r2);
                    flipped = !flipped;
                }
            }
        }
    }
}

impl fmt::Debug for Credits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl fmt::Display for Credits {
    /// The exact decimal when it terminates, otherwise the fraction (`10/3`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.terminates() {
            write!(f, "{}", self.decimal_digits(40))
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl Serialize for Credits {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.den == 1 {
            if let Ok(n) = u64::try_from(self.num) {
                return serializer.serialize_u64(n);
            }
        }
        serializer.serialize_f64(self.to_f64())
    }
}

#[cfg(feature = "specta")]
impl specta::Type for Credits {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        <f64 as specta::Type>::definition(types)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        let a = Credits::parse_decimal("2.5").unwrap();
        assert_eq!(a, Credits::from_f64(2.5).unwrap());
        assert_eq!(a, Credits::new(5, 2).unwrap());
        let tenth = Credits::from_f64(0.1).unwrap();
        let fifth = Credits::from_f64(0.2).unwrap();
        assert_eq!(
            tenth.checked_add(&fifth).unwrap(),
            Credits::parse_decimal("0.3").unwrap()
        );
        assert!(Credits::parse_decimal("-1").is_none());
        assert!(Credits::parse_decimal("1e3").is_none());
        assert!(Credits::parse_decimal("0.0000000001").is_none());
        assert!(Credits::parse_decimal("1000000001").is_none());
        assert!(Credits::from_f64(f64::NAN).is_none());
        assert!(Credits::from_f64(-0.5).is_none());
    }

    #[test]
    fn ordering_is_exact() {
        let third = Credits::new(1, 3).unwrap();
        let close = Credits::new(333_333_333, 1_000_000_000).unwrap();
        assert!(close < third);
        assert!(Credits::new(10, 3).unwrap() > Credits::from_integer(3));
        assert_eq!(
            Credits::new(4, 6)
                .unwrap()
                .cmp(&Credits::new(2, 3).unwrap()),
            Ordering::Equal
        );
        let big = Credits::new(u128::MAX / 7, u128::MAX / 11).unwrap();
        let big2 = Credits::new(u128::MAX / 7 - 1, u128::MAX / 11).unwrap();
        assert!(big2 < big);
    }

    #[test]
    fn display() {
        assert_eq!(Credits::new(10, 3).unwrap().display_up(), "3.34");
        assert_eq!(Credits::new(5, 2).unwrap().display_up(), "2.5");
        assert_eq!(Credits::new(1, 8).unwrap().display_up(), "0.13");
        assert_eq!(Credits::from_integer(4).display_up(), "4");
        assert_eq!(Credits::new(5, 2).unwrap().to_string(), "2.5");
        assert_eq!(Credits::new(10, 3).unwrap().to_string(), "10/3");
        assert_eq!(
            serde_json::to_string(&Credits::from_integer(30)).unwrap(),
            "30"
        );
        assert_eq!(
            serde_json::to_string(&Credits::new(5, 2).unwrap()).unwrap(),
            "2.5"
        );
    }
}
