//! Case-insensitive search in log lines. Lowercasing can change a text's length and move its
//! char boundaries ("İ" becomes two chars, "ẞ" shrinks), so matches are found in the folded
//! text and mapped back to whole chars of the original: slicing can never panic.

use std::ops::Range;

/// `text` lowercased char by char, and for each byte of the result the index in `text` of the
/// char it came from.
fn fold_mapped(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        folded.extend(c.to_lowercase());
        origin.resize(folded.len(), i);
    }
    (folded, origin)
}

/// The term as searches compare it: lowercased char by char, like the lines.
pub fn fold(term: &str) -> String {
    term.chars().flat_map(char::to_lowercase).collect()
}

/// Whether `line` contains the already folded `term`. An ASCII line (most pod names, most log
/// lines) is compared in place: filtering 100,000 pods allocates nothing.
pub fn contains(line: &str, folded_term: &str) -> bool {
    if line.is_ascii() {
        let term = folded_term.as_bytes();
        return term.is_empty()
            || line.as_bytes().windows(term.len()).any(|w| {
                w.iter()
                    .zip(term)
                    .all(|(a, b)| a.to_ascii_lowercase() == *b)
            });
    }
    fold(line).contains(folded_term)
}

/// Byte ranges of `line` (on its char boundaries, in order, not overlapping) that match
/// `term` ignoring case. An empty term matches nothing.
pub fn find(line: &str, term: &str) -> Vec<Range<usize>> {
    let term = fold(term);
    if term.is_empty() {
        return Vec::new();
    }
    let (folded, origin) = fold_mapped(line);
    let char_end = |i: usize| i + line[i..].chars().next().map_or(0, char::len_utf8);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (at, _) in folded.match_indices(&term) {
        let start = origin[at];
        let end = char_end(origin[at + term.len() - 1]);
        // Two matches inside one original char (or sharing one) merge into one range.
        match ranges.last_mut() {
            Some(last) if start < last.end => last.end = last.end.max(end),
            _ => ranges.push(start..end),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn matches_survive_length_changing_lowercase() {
        assert_eq!(find("Ωİx", "i"), vec![2..4]);
        assert_eq!(find("ẞİx", "x"), vec![5..6]);
        assert_eq!(find("Hello WORLD", "world"), vec![6..11]);
        assert!(contains("Ωİx", &fold("İ")));
        assert!(find("abc", "").is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn ranges_are_on_char_boundaries_and_in_order(line in any::<String>(), term in any::<String>()) {
            let mut last = 0;
            for r in find(&line, &term) {
                prop_assert!(line.is_char_boundary(r.start) && line.is_char_boundary(r.end));
                prop_assert!(last <= r.start && r.start < r.end);
                last = r.end;
            }
        }

        #[test]
        fn a_term_taken_from_the_line_is_found(line in any::<String>(), a in any::<usize>(), b in any::<usize>()) {
            let bounds: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
            let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let term = &line[a.min(b)..a.max(b)];
            prop_assert_eq!(contains(&line, &fold(term)), true);
            prop_assert_eq!(find(&line, term).is_empty(), fold(term).is_empty());
        }

        #[test]
        fn the_ascii_path_agrees_with_folding(line in "[ -~]{0,40}", term in "[ -~İ\u{212A}]{0,4}") {
            let term = fold(&term);
            prop_assert_eq!(contains(&line, &term), fold(&line).contains(&term));
        }
    }
}
