//! What the blog publishes: posts and the tags that group them.

use crate::accounts::User;
use chrono::{DateTime, Utc};
use datamodel::{DataModel, DataModelEnum};

/// Where a post is in its editorial life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DataModelEnum)]
#[datamodel(rename_all = "snake_case")]
pub enum PostStatus {
    /// Only the author sees it.
    Draft,
    /// Waiting for an editor.
    InReview,
    /// Public.
    Published,
    /// Hidden from listings, still reachable by URL.
    Archived,
}

/// An article written by an author.
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    many_to_many(target = Tag, junction = "post_tags", through = PostTag),
    query(name = "author_posts", eq(author_id, status), sort(published_at)),
    query(name = "published_feed", eq(status), range(published_at)),
    check = "status <> 'published' OR published_at IS NOT NULL"
)]
pub struct Post {
    pub id: i64,
    /// The author. A user who still has posts can't be deleted (soft-delete them instead).
    #[datamodel(belongs_to = User, on_delete = "restrict")]
    pub author_id: i64,
    /// Headline.
    #[datamodel(max_length = 200)]
    pub title: String,
    /// URL path segment, unique across the blog.
    #[datamodel(max_length = 200, unique)]
    pub slug: String,
    /// The article, Markdown.
    #[datamodel(text)]
    pub body: String,
    /// Editorial state.
    #[datamodel(default = "'draft'")]
    pub status: PostStatus,
    /// When the post went public (set on the first publish).
    pub published_at: Option<DateTime<Utc>>,
    /// Page views, counted asynchronously.
    #[datamodel(default = 0, min = 0)]
    pub view_count: i64,
}

/// A label readers browse by. Tags are curated, so they are deleted for real.
#[derive(Debug, Clone, DataModel)]
#[datamodel(delete = "hard")]
pub struct Tag {
    pub id: i64,
    /// Display name.
    #[datamodel(max_length = 50, unique)]
    pub name: String,
    /// URL path segment.
    #[datamodel(max_length = 60, unique)]
    pub slug: String,
}

/// The posts <-> tags junction, with the order of tags on a post.
#[derive(Debug, Clone, DataModel)]
#[datamodel(junction, table = "post_tags")]
pub struct PostTag {
    /// The tagged post.
    #[datamodel(belongs_to = Post, on_delete = "cascade")]
    pub post_id: i64,
    /// The tag.
    #[datamodel(belongs_to = Tag, on_delete = "cascade")]
    pub tag_id: i64,
    /// Position of the tag in the post's tag list.
    #[datamodel(default = 0, min = 0)]
    pub position: i16,
}
