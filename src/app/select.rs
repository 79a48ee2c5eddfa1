//! A cursor over a list of keys that survives the list changing under it: the selection is
//! kept by identity, and falls back to the same position when its item disappears.

#[derive(Debug, Clone)]
pub struct SelectList<K> {
    keys: Vec<K>,
    cursor: usize,
    selected: Option<K>,
    pub offset: usize,
}

impl<K> Default for SelectList<K> {
    fn default() -> Self {
        SelectList {
            keys: Vec::new(),
            cursor: 0,
            selected: None,
            offset: 0,
        }
    }
}

impl<K: Clone + PartialEq> SelectList<K> {
    pub fn keys(&self) -> &[K] {
        &self.keys
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn selected(&self) -> Option<&K> {
        self.keys.get(self.cursor)
    }

    /// Replaces the list, keeping the selected key if it is still there.
    pub fn rebuild(&mut self, keys: Vec<K>) {
        self.keys = keys;
        if let Some(pos) = self
            .selected
            .as_ref()
            .and_then(|s| self.keys.iter().position(|k| k == s))
        {
            self.cursor = pos;
        } else {
            self.cursor = self.cursor.min(self.keys.len().saturating_sub(1));
        }
        self.selected = self.keys.get(self.cursor).cloned();
    }

    pub fn select(&mut self, key: &K) -> bool {
        match self.keys.iter().position(|k| k == key) {
            Some(pos) => {
                self.cursor = pos;
                self.selected = Some(key.clone());
                true
            }
            None => {
                // Remember it: the item may arrive with the next watch event.
                self.selected = Some(key.clone());
                false
            }
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.keys.is_empty() {
            return;
        }
        self.cursor = self
            .cursor
            .saturating_add_signed(delta)
            .min(self.keys.len() - 1);
        self.selected = self.keys.get(self.cursor).cloned();
    }

    pub fn move_to_top(&mut self) {
        self.cursor = 0;
        self.selected = self.keys.first().cloned();
    }

    pub fn move_to_bottom(&mut self) {
        self.cursor = self.keys.len().saturating_sub(1);
        self.selected = self.keys.last().cloned();
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = crate::ui::scroll::follow(self.offset, self.cursor, height, self.keys.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_survives_reordering_and_removal() {
        let mut l = SelectList::default();
        l.rebuild(vec!["a", "b", "c"]);
        l.move_by(1);
        l.rebuild(vec!["new", "a", "b", "c"]);
        assert_eq!(l.selected(), Some(&"b"));
        l.rebuild(vec!["new", "a", "c"]);
        assert_eq!(
            l.selected(),
            Some(&"c"),
            "same position when the item went away"
        );
        l.move_by(10);
        assert_eq!(l.selected(), Some(&"c"));
        l.move_by(-10);
        assert_eq!(l.selected(), Some(&"new"));
    }

    #[test]
    fn selecting_a_key_that_is_not_there_yet_waits_for_it() {
        let mut l = SelectList::default();
        l.rebuild(vec!["a"]);
        assert!(!l.select(&"later"));
        l.rebuild(vec!["a", "later"]);
        assert_eq!(l.selected(), Some(&"later"));
    }

    #[test]
    fn empty_lists_are_harmless() {
        let mut l: SelectList<u8> = SelectList::default();
        l.move_by(3);
        l.move_to_bottom();
        assert_eq!(l.selected(), None);
    }
}
