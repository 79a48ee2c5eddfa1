//! Go duration strings as Kargo writes them (`1h0m0s`, `5m`, `1.5h`, `300ms`).

use std::time::Duration;

pub fn parse(s: &str) -> Option<Duration> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s == "0" {
        return Some(Duration::ZERO);
    }
    let mut total = 0f64;
    let mut rest = s;
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if number_end == 0 {
            return None;
        }
        let value: f64 = rest[..number_end].parse().ok()?;
        rest = &rest[number_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_end] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += value * seconds;
        rest = &rest[unit_end..];
    }
    // Huge or overflowing values (`1e400h` parses to infinity) are not durations: never panic.
    Duration::try_from_secs_f64(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_kargo_writes() {
        assert_eq!(parse("1h0m0s"), Some(Duration::from_secs(3600)));
        assert_eq!(parse("5m"), Some(Duration::from_secs(300)));
        assert_eq!(parse("1.5h"), Some(Duration::from_secs(5400)));
        assert_eq!(parse("300ms"), Some(Duration::from_millis(300)));
        assert_eq!(parse("0"), Some(Duration::ZERO));
        assert_eq!(parse("2d"), None);
        assert_eq!(parse("h"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn values_too_large_for_a_duration_are_refused_not_a_panic() {
        assert_eq!(parse("99999999999999999999999999h"), None);
        assert_eq!(parse(&format!("{}h", "9".repeat(400))), None);
    }
}
