//! What readers contribute: threaded comments.

use crate::accounts::User;
use crate::content::Post;
use datamodel::DataModel;

/// A reader's comment on a post, possibly answering another comment.
#[derive(Debug, Clone, DataModel)]
#[datamodel(query(name = "post_thread", eq(post_id), sort(id)))]
pub struct Comment {
    pub id: i64,
    /// The post commented on; comments go with their post.
    #[datamodel(belongs_to = Post, on_delete = "cascade")]
    pub post_id: i64,
    /// The writer; comments outlive deleted accounts as "anonymous".
    #[datamodel(belongs_to = User, on_delete = "set_null")]
    pub author_id: Option<i64>,
    /// The comment this one answers, if any.
    #[datamodel(belongs_to = Comment, on_delete = "cascade", index)]
    pub parent_id: Option<i64>,
    /// The comment, plain text.
    #[datamodel(max_length = 4000)]
    pub body: String,
    /// Hidden by a moderator.
    #[datamodel(default = false)]
    pub hidden: bool,
}
