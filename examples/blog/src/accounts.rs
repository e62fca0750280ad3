//! Who uses the blog: accounts and their public profiles.

use chrono::{DateTime, Utc};
use datamodel::{DataModel, DataModelEnum};

/// What a user may do. Stored as `VARCHAR` with a `CHECK`, never as a native ENUM, so adding
/// a role is a plain migration on every engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DataModelEnum)]
#[datamodel(rename_all = "snake_case")]
pub enum UserRole {
    /// Reads and comments.
    Reader,
    /// Writes posts.
    Author,
    /// Reviews and publishes other authors' posts.
    Editor,
    /// Manages users.
    Admin,
}

/// A registered account. Soft-deleted, so a user's posts and comments keep their author; 30 days
/// after the deletion its personal data is anonymized in place (GDPR erasure).
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    public_uuid,
    retention(ttl = "30d", after_delete),
    query(name = "login", eq(email)),
    query(name = "staff_directory", eq(role, active), sort(display_name))
)]
pub struct User {
    pub id: i64,
    /// Login e-mail, stored lower-cased.
    #[datamodel(max_length = 255, unique, pii)]
    pub email: String,
    /// Name shown next to posts and comments.
    #[datamodel(max_length = 100, pii)]
    pub display_name: String,
    /// What the user may do.
    #[datamodel(default = "'reader'")]
    pub role: UserRole,
    /// Deactivated users can't log in but keep their content.
    #[datamodel(default = true)]
    pub active: bool,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
}

/// The public profile of a user: exactly one per user (1:1), kept apart from the account so
/// the hot `users` rows stay narrow.
#[derive(Debug, Clone, DataModel)]
#[datamodel(delete = "hard")]
pub struct UserProfile {
    pub id: i64,
    /// The profile's owner; deleting the user deletes the profile.
    #[datamodel(belongs_to = User, on_delete = "cascade", one_to_one)]
    pub user_id: i64,
    /// Free-form introduction, Markdown.
    #[datamodel(text)]
    pub bio: Option<String>,
    /// Link to the avatar image.
    #[datamodel(max_length = 2048)]
    pub avatar_url: Option<String>,
    /// Personal website.
    #[datamodel(max_length = 2048)]
    pub website_url: Option<String>,
}
