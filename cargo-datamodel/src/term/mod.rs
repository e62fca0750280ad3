//! How `cargo datamodel` looks in a terminal: when to color ([`color`]) and cargo's status
//! lines with the elapsed time ([`status`]).
//!
//! It decides presentation only; what is printed comes from the commands and
//! [`crate::diagnostics`]. Styles are [`anstyle`] values, never hand-written escape codes.

pub mod color;
pub mod status;

pub use color::ColorWhen;
pub use status::{Clock, FakeClock, SystemClock};
