//! The known nouns, grouped by domain, with the attributes, parents and collections each
//! implies (data only; the types and the constructors are in the parent module).

use super::{a, int, nullable, opt, p, pii, uniq, unless, Attr, Kind, Noun};

const NAME: Attr = a("name", Kind::Str(200), "Display name.");
const SLUG: Attr = uniq(a("slug", Kind::Str(200), "URL path segment, unique."));
const TITLE: Attr = a("title", Kind::Str(200), "Headline.");
const BODY: Attr = a("body", Kind::Text, "The content, Markdown.");
const STARTS: Attr = a("starts_at", Kind::Timestamp, "When it starts.");
const ENDS: Attr = a(
    "ends_at",
    Kind::Timestamp,
    "When it ends (after `starts_at`).",
);
const ACTIVE: Attr = a(
    "active",
    Kind::Bool(true),
    "Inactive rows are kept but hidden.",
);

/// Every known noun, grouped by domain.
pub const NOUNS: &[Noun] = &[
    // --- SaaS ---
    Noun {
        name: "User",
        domain: "SaaS",
        doc: "A registered account.",
        attrs: &[
            uniq(pii(a("email", Kind::Str(255), "Login e-mail, unique."))),
            pii(a("name", Kind::Str(100), "Name shown to other users.")),
            ACTIVE,
        ],
        parents: &[],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Organization",
        domain: "SaaS",
        doc: "A customer organization that owns teams, projects and subscriptions.",
        attrs: &[NAME, SLUG],
        parents: &[],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Team",
        domain: "SaaS",
        doc: "A group of users inside an organization.",
        attrs: &[NAME],
        parents: &[p(
            "Organization",
            "organization_id",
            "cascade",
            "The organization the team belongs to.",
        )],
        collections: &["User"],
        check: None,
    },
    Noun {
        name: "Membership",
        domain: "SaaS",
        doc: "A user's membership of an organization or team, with a role.",
        attrs: &[a(
            "role",
            Kind::Enum(&["member", "admin", "owner"]),
            "What the member may do.",
        )],
        parents: &[
            p("User", "user_id", "cascade", "The member."),
            p(
                "Organization",
                "organization_id",
                "cascade",
                "The organization joined.",
            ),
            p("Team", "team_id", "cascade", "The team joined."),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Project",
        domain: "SaaS",
        doc: "A unit of work that groups tasks.",
        attrs: &[
            NAME,
            a(
                "status",
                Kind::Enum(&["active", "archived"]),
                "Archived projects are read-only.",
            ),
        ],
        parents: &[
            p(
                "Organization",
                "organization_id",
                "cascade",
                "The owning organization.",
            ),
            p("User", "owner_id", "restrict", "The user responsible."),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Task",
        domain: "SaaS",
        doc: "A piece of work with a status and an optional due date.",
        attrs: &[
            TITLE,
            opt(a("description", Kind::Text, "Details, Markdown.")),
            a(
                "status",
                Kind::Enum(&["todo", "in_progress", "done"]),
                "Where the task is.",
            ),
            opt(a("due_at", Kind::Timestamp, "Deadline, if any.")),
        ],
        parents: &[
            p("Project", "project_id", "cascade", "The project."),
            nullable(p(
                "User",
                "assignee_id",
                "set_null",
                "Who works on it; unassigned when the user goes.",
            )),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Plan",
        domain: "SaaS",
        doc: "A price plan customers subscribe to.",
        attrs: &[
            NAME,
            uniq(a(
                "code",
                Kind::Str(50),
                "Stable code used by billing, unique.",
            )),
            a("price", Kind::Money, "Price per billing period."),
            ACTIVE,
        ],
        parents: &[],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Subscription",
        domain: "SaaS",
        doc: "A subscription to a plan.",
        attrs: &[
            a(
                "status",
                Kind::Enum(&["trialing", "active", "past_due", "canceled"]),
                "Billing state.",
            ),
            a(
                "current_period_end",
                Kind::Timestamp,
                "End of the paid period.",
            ),
        ],
        parents: &[
            p("Plan", "plan_id", "restrict", "The subscribed plan."),
            p(
                "Organization",
                "organization_id",
                "cascade",
                "The subscriber.",
            ),
            unless(
                p("User", "user_id", "cascade", "The subscriber."),
                "Organization",
            ),
        ],
        collections: &[],
        check: None,
    },
    // --- finance ---
    Noun {
        name: "Invoice",
        domain: "finance",
        doc: "A bill with a unique number.",
        attrs: &[
            uniq(a("number", Kind::Str(32), "Invoice number, unique.")),
            a(
                "status",
                Kind::Enum(&["draft", "open", "paid", "void"]),
                "Billing state.",
            ),
            a("total", Kind::Money, "Amount due."),
            opt(a("due_at", Kind::Timestamp, "Payment deadline.")),
        ],
        parents: &[
            p("Customer", "customer_id", "restrict", "Who is billed."),
            unless(
                p(
                    "Organization",
                    "organization_id",
                    "restrict",
                    "Who is billed.",
                ),
                "Customer",
            ),
            nullable(p(
                "Subscription",
                "subscription_id",
                "set_null",
                "The subscription billed, if any.",
            )),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Payment",
        domain: "finance",
        doc: "Money received.",
        attrs: &[
            a("amount", Kind::Money, "Amount paid."),
            a(
                "status",
                Kind::Enum(&["pending", "succeeded", "failed", "refunded"]),
                "Processing state.",
            ),
            opt(a("paid_at", Kind::Timestamp, "When it succeeded.")),
        ],
        parents: &[
            p("Invoice", "invoice_id", "restrict", "The invoice paid."),
            unless(
                p("Order", "order_id", "restrict", "The order paid."),
                "Invoice",
            ),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Account",
        domain: "finance",
        doc: "A ledger account holding a balance.",
        attrs: &[
            NAME,
            uniq(a(
                "number",
                Kind::Str(34),
                "Account number (IBAN length), unique.",
            )),
            a("currency", Kind::Str(3), "ISO 4217 currency code."),
            a("balance", Kind::Money, "Current balance."),
        ],
        parents: &[
            p("Customer", "customer_id", "restrict", "The holder."),
            unless(p("User", "owner_id", "restrict", "The holder."), "Customer"),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Transaction",
        domain: "finance",
        doc: "A movement of money on an account.",
        attrs: &[
            a("amount", Kind::Money, "Amount moved."),
            a("kind", Kind::Enum(&["debit", "credit"]), "Direction."),
            opt(a("description", Kind::Str(255), "Statement text.")),
            a("occurred_at", Kind::Timestamp, "When it happened."),
        ],
        parents: &[p("Account", "account_id", "restrict", "The account.")],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Budget",
        domain: "finance",
        doc: "A spending limit for a period.",
        attrs: &[NAME, a("amount", Kind::Money, "The limit."), STARTS, ENDS],
        parents: &[
            p("Organization", "organization_id", "cascade", "The owner."),
            unless(
                p("User", "owner_id", "cascade", "The owner."),
                "Organization",
            ),
        ],
        collections: &[],
        check: Some("ends_at > starts_at"),
    },
    // --- e-commerce ---
    Noun {
        name: "Customer",
        domain: "e-commerce",
        doc: "Someone who buys.",
        attrs: &[
            uniq(pii(a("email", Kind::Str(255), "Contact e-mail, unique."))),
            pii(a("name", Kind::Str(200), "Full name.")),
            opt(pii(a("phone", Kind::Str(32), "Phone number, if given."))),
        ],
        parents: &[nullable(p(
            "User",
            "user_id",
            "set_null",
            "The login account, if the customer has one.",
        ))],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Product",
        domain: "e-commerce",
        doc: "Something for sale.",
        attrs: &[
            uniq(a("sku", Kind::Str(64), "Stock keeping unit, unique.")),
            NAME,
            opt(a("description", Kind::Text, "Description, Markdown.")),
            a("price", Kind::Money, "Unit price."),
            ACTIVE,
        ],
        parents: &[],
        collections: &["Category", "Tag"],
        check: None,
    },
    Noun {
        name: "Category",
        domain: "e-commerce",
        doc: "A browsable group of items.",
        attrs: &[a("name", Kind::Str(100), "Display name."), SLUG],
        parents: &[],
        collections: &["Product", "Post", "Article"],
        check: None,
    },
    Noun {
        name: "Order",
        domain: "e-commerce",
        doc: "A customer's purchase.",
        attrs: &[
            uniq(a(
                "number",
                Kind::Str(32),
                "Order number shown to the customer, unique.",
            )),
            a(
                "status",
                Kind::Enum(&["pending", "paid", "shipped", "delivered", "cancelled"]),
                "Fulfilment state.",
            ),
            a("total", Kind::Money, "Amount charged."),
            a("placed_at", Kind::Timestamp, "When the order was placed."),
        ],
        parents: &[
            p("Customer", "customer_id", "restrict", "The buyer."),
            unless(p("User", "user_id", "restrict", "The buyer."), "Customer"),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "OrderItem",
        domain: "e-commerce",
        doc: "One line of an order.",
        attrs: &[
            a("quantity", int(Some(1), None, Some(1)), "How many."),
            a("unit_price", Kind::Money, "Price per unit when ordered."),
        ],
        parents: &[
            p("Order", "order_id", "cascade", "The order."),
            p("Product", "product_id", "restrict", "The product ordered."),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Cart",
        domain: "e-commerce",
        doc: "A shopping cart.",
        attrs: &[a(
            "status",
            Kind::Enum(&["open", "checked_out", "abandoned"]),
            "Cart state.",
        )],
        parents: &[
            p("Customer", "customer_id", "cascade", "The shopper."),
            unless(p("User", "user_id", "cascade", "The shopper."), "Customer"),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "CartItem",
        domain: "e-commerce",
        doc: "One product in a cart.",
        attrs: &[a("quantity", int(Some(1), None, Some(1)), "How many.")],
        parents: &[
            p("Cart", "cart_id", "cascade", "The cart."),
            p("Product", "product_id", "cascade", "The product."),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Review",
        domain: "e-commerce",
        doc: "A rating with an optional text.",
        attrs: &[
            a("rating", int(Some(1), Some(5), None), "1 to 5 stars."),
            opt(a("body", Kind::Text, "Review text, if written.")),
        ],
        parents: &[
            p("Product", "product_id", "cascade", "The product reviewed."),
            p("Customer", "customer_id", "restrict", "The reviewer."),
            unless(
                p("User", "author_id", "restrict", "The reviewer."),
                "Customer",
            ),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Address",
        domain: "e-commerce",
        doc: "A postal address.",
        attrs: &[
            pii(a("line1", Kind::Str(200), "Street and number.")),
            opt(pii(a("line2", Kind::Str(200), "Apartment, floor, if any."))),
            a("city", Kind::Str(100), "City."),
            a("postal_code", Kind::Str(20), "Postal code."),
            a("country", Kind::Str(2), "ISO 3166-1 alpha-2 country code."),
        ],
        parents: &[
            p("Customer", "customer_id", "cascade", "Whose address."),
            unless(
                p("User", "user_id", "cascade", "Whose address."),
                "Customer",
            ),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Shipment",
        domain: "e-commerce",
        doc: "A parcel sent for an order.",
        attrs: &[
            opt(uniq(a(
                "tracking_number",
                Kind::Str(64),
                "Carrier tracking number, unique once known.",
            ))),
            a(
                "status",
                Kind::Enum(&["pending", "shipped", "delivered"]),
                "Delivery state.",
            ),
            opt(a("shipped_at", Kind::Timestamp, "When it left.")),
        ],
        parents: &[
            p("Order", "order_id", "restrict", "The order shipped."),
            p("Address", "address_id", "restrict", "Where it goes."),
        ],
        collections: &[],
        check: None,
    },
    // --- content ---
    Noun {
        name: "Post",
        domain: "content",
        doc: "An article written by an author.",
        attrs: &[
            TITLE,
            SLUG,
            BODY,
            a(
                "status",
                Kind::Enum(&["draft", "published"]),
                "Editorial state.",
            ),
            opt(a("published_at", Kind::Timestamp, "When it went public.")),
        ],
        parents: &[p(
            "User",
            "author_id",
            "restrict",
            "The author; a user with posts can't be deleted.",
        )],
        collections: &["Tag", "Category"],
        check: None,
    },
    Noun {
        name: "Article",
        domain: "content",
        doc: "A published piece of writing.",
        attrs: &[
            TITLE,
            SLUG,
            BODY,
            a(
                "status",
                Kind::Enum(&["draft", "published"]),
                "Editorial state.",
            ),
            opt(a("published_at", Kind::Timestamp, "When it went public.")),
        ],
        parents: &[p("User", "author_id", "restrict", "The author.")],
        collections: &["Tag", "Category"],
        check: None,
    },
    Noun {
        name: "Comment",
        domain: "content",
        doc: "A reader's comment.",
        attrs: &[BODY],
        parents: &[
            p("Post", "post_id", "cascade", "The post commented on."),
            unless(
                p(
                    "Article",
                    "article_id",
                    "cascade",
                    "The article commented on.",
                ),
                "Post",
            ),
            p("User", "author_id", "restrict", "Who wrote it."),
        ],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Tag",
        domain: "content",
        doc: "A label content is browsed by.",
        attrs: &[
            uniq(a("name", Kind::Str(50), "Display name, unique.")),
            uniq(a("slug", Kind::Str(60), "URL path segment, unique.")),
        ],
        parents: &[],
        collections: &["Post", "Article", "Product"],
        check: None,
    },
    Noun {
        name: "Page",
        domain: "content",
        doc: "A static page of the site.",
        attrs: &[TITLE, SLUG, BODY],
        parents: &[],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Media",
        domain: "content",
        doc: "An uploaded file.",
        attrs: &[
            a("file_name", Kind::Str(255), "Original file name."),
            a("content_type", Kind::Str(100), "MIME type."),
            a("size_bytes", int(Some(0), None, None), "Size in bytes."),
            a("url", Kind::Str(2048), "Where the file is served."),
        ],
        parents: &[p("User", "uploader_id", "restrict", "Who uploaded it.")],
        collections: &[],
        check: None,
    },
    // --- scheduling ---
    Noun {
        name: "Calendar",
        domain: "scheduling",
        doc: "A named calendar of events.",
        attrs: &[
            a("name", Kind::Str(100), "Display name."),
            a(
                "time_zone",
                Kind::Str(64),
                "IANA time zone, e.g. Europe/Paris.",
            ),
        ],
        parents: &[p("User", "owner_id", "cascade", "The owner.")],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Event",
        domain: "scheduling",
        doc: "Something that happens at a time.",
        attrs: &[
            TITLE,
            opt(a("description", Kind::Text, "Details, if any.")),
            STARTS,
            ENDS,
            opt(a("location", Kind::Str(200), "Where, if known.")),
        ],
        parents: &[
            p("Calendar", "calendar_id", "cascade", "The calendar."),
            p("User", "organizer_id", "restrict", "Who organizes it."),
        ],
        collections: &[],
        check: Some("ends_at > starts_at"),
    },
    Noun {
        name: "Room",
        domain: "scheduling",
        doc: "A bookable room.",
        attrs: &[
            a("name", Kind::Str(100), "Display name."),
            a("capacity", int(Some(1), None, None), "Seats."),
        ],
        parents: &[],
        collections: &[],
        check: None,
    },
    Noun {
        name: "Booking",
        domain: "scheduling",
        doc: "A reservation for a time slot.",
        attrs: &[
            a(
                "status",
                Kind::Enum(&["pending", "confirmed", "cancelled"]),
                "Reservation state.",
            ),
            STARTS,
            ENDS,
        ],
        parents: &[
            p("Room", "room_id", "restrict", "The room booked."),
            p("Event", "event_id", "cascade", "The event booked."),
            p("Customer", "customer_id", "restrict", "Who booked."),
            unless(p("User", "user_id", "restrict", "Who booked."), "Customer"),
        ],
        collections: &[],
        check: Some("ends_at > starts_at"),
    },
    Noun {
        name: "Appointment",
        domain: "scheduling",
        doc: "A scheduled meeting with a customer.",
        attrs: &[
            a("scheduled_at", Kind::Timestamp, "Start time."),
            a(
                "duration_minutes",
                int(Some(1), None, Some(30)),
                "Length in minutes.",
            ),
            a(
                "status",
                Kind::Enum(&["scheduled", "completed", "cancelled", "no_show"]),
                "Outcome.",
            ),
        ],
        parents: &[
            p(
                "Customer",
                "customer_id",
                "restrict",
                "Who the appointment is with.",
            ),
            p("User", "provider_id", "restrict", "Who provides it."),
        ],
        collections: &[],
        check: None,
    },
];
