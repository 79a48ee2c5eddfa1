//! The pods feature: pods per namespace and the rows the pane shows (`state`), and the keys
//! that open details and logs or delete a pod (`update`).

pub mod state;
pub mod update;
