//! "Did you mean …?" for names a user typed into a file: keys, fields, roles. A near miss names
//! the likely word; anything else lists what is expected, so no error leaves the user guessing.

/// The known name closest to `word`, if it is close enough to be a typo of it. `read_only` and
/// `Read-Only` count as `read-only`: underscores, hyphens and case are compared loosely.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = loose(word);
    // Allow about one slip per three letters, at least one: `durration`, `namspaces`, `healty`.
    let limit = (word.chars().count() / 3).max(1);
    known
        .iter()
        .map(|k| (distance(&word, &loose(k)), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `did you mean `duration`? (expected one of …)` or `expected one of …`: the tail of an
/// "unknown …" message.
pub fn expected(word: &str, known: &[&str]) -> String {
    let list = known.join(", ");
    match closest(word, known) {
        Some(near) => format!("did you mean `{near}`? (expected one of {list})"),
        None => format!("expected one of {list}"),
    }
}

fn loose(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Edit distance where swapping two neighbours counts as one edit (`naem` → `name`).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: [&str; 4] = ["title", "namespaces", "duration", "schedule"];

    #[test]
    fn near_misses_name_the_intended_word() {
        assert_eq!(closest("durration", &FIELDS), Some("duration"));
        assert_eq!(closest("namspaces", &FIELDS), Some("namespaces"));
        assert_eq!(closest("titel", &FIELDS), Some("title"));
        assert_eq!(
            closest("read_only", &["read-only", "theme"]),
            Some("read-only")
        );
        assert_eq!(closest("Theme", &["read-only", "theme"]), Some("theme"));
    }

    #[test]
    fn unrelated_words_get_no_guess_but_the_list() {
        assert_eq!(closest("colour", &FIELDS), None);
        assert_eq!(closest("x", &["ab", "cd"]), None);
        assert_eq!(
            expected("colour", &FIELDS),
            "expected one of title, namespaces, duration, schedule"
        );
        assert_eq!(
            expected("titl", &FIELDS),
            "did you mean `title`? (expected one of title, namespaces, duration, schedule)"
        );
    }
}
