//! Scrolling arithmetic shared by reducers (which keep the offset) and panes (which draw it).

/// The first visible row: unchanged if `cursor` is already visible, otherwise the smallest move
/// that shows it; never past the end of the content.
pub fn follow(offset: usize, cursor: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return 0;
    }
    let max_offset = len.saturating_sub(height);
    let offset = if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    };
    offset.min(max_offset)
}

#[cfg(test)]
mod tests {
    use super::follow;

    #[test]
    fn follow_moves_only_as_much_as_needed() {
        assert_eq!(follow(0, 3, 10, 100), 0);
        assert_eq!(follow(0, 10, 10, 100), 1);
        assert_eq!(follow(20, 5, 10, 100), 5);
        assert_eq!(follow(95, 99, 10, 100), 90, "never scrolls past the end");
        assert_eq!(follow(5, 0, 0, 100), 0);
    }
}
