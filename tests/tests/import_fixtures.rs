//! `cargo datamodel import` on real schemas (tests/fixtures/import/, licences in the README
//! there): every table, column (type as the file's engine spells it, nullability, default),
//! primary key, foreign key with its actions, unique key and index is recovered, and every
//! skipped statement is reported with its line.
//!
//! Each table is compared as one line (`summary`), so a difference shows exactly what was
//! lost. The expected lines were written from the SQL files, not from the importer's output.

use cargo_datamodel::config::Engine;
use cargo_datamodel::dialect::dialect_for;
use cargo_datamodel::import::{import, inputs::read_inputs, Imported};
use cargo_datamodel::schema::{DefaultValue, Table};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/import")
        .join(name)
}

fn run(name: &str, engine: Option<Engine>) -> Imported {
    let sources = read_inputs(&[fixture(name)]).unwrap();
    import(&sources, engine).unwrap()
}

/// `name: col TYPE [NULL] [= default] [ident], ... | pk name(cols) | fk name(cols)->t(cols)
/// on_delete/on_update | uq name(cols) | ix name(cols)`.
fn summary(t: &Table, engine: Engine) -> String {
    let d = dialect_for(engine);
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let mut s = format!(
                "{} {}",
                c.name,
                d.column_type(c)
                    .replace(" AUTO_INCREMENT", "")
                    .replace(" GENERATED ALWAYS AS IDENTITY", "")
            );
            if c.nullable {
                s.push_str(" NULL");
            }
            match &c.default {
                Some(DefaultValue::Now) => s.push_str(" =now"),
                Some(DefaultValue::NewUuid) => s.push_str(" =uuid"),
                Some(DefaultValue::Expr(e)) => s.push_str(&format!(" ={e}")),
                Some(DefaultValue::Text(e)) => s.push_str(&format!(" ='{e}'")),
                None => {}
            }
            if c.identity {
                s.push_str(" ident");
            }
            s
        })
        .collect();
    let mut parts = vec![format!("{}: {}", t.name, cols.join(", "))];
    parts.push(format!(
        "pk {}({})",
        t.primary_key.name,
        t.primary_key.columns.join(",")
    ));
    for f in &t.foreign_keys {
        parts.push(format!(
            "fk {}({})->{}({}) {:?}/{:?}",
            f.name,
            f.columns.join(","),
            f.ref_table,
            f.ref_columns.join(","),
            f.on_delete,
            f.on_update
        ));
    }
    for i in &t.indexes {
        let cols: Vec<String> = i
            .columns
            .iter()
            .map(|c| format!("{}{}", c.name, if c.descending { " desc" } else { "" }))
            .collect();
        let kind = if i.unique { "uq" } else { "ix" };
        parts.push(format!("{kind} {}({})", i.name, cols.join(",")));
    }
    for c in &t.checks {
        parts.push(format!("check {}: {}", c.name, d.check_sql(c)));
    }
    parts.join(" | ")
}

fn summaries(i: &Imported) -> Vec<String> {
    let mut v: Vec<String> = i
        .schema
        .tables
        .iter()
        .map(|t| summary(t, i.engine))
        .collect();
    v.sort();
    v
}

fn skipped(i: &Imported) -> Vec<String> {
    i.warnings
        .iter()
        .map(|w| format!("{}: {}", w.line, w.reason))
        .collect()
}

fn assert_lines(actual: &[String], expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    if actual != expected {
        panic!(
            "got:\n{}\n\nexpected:\n{}",
            actual.join("\n"),
            expected.join("\n")
        );
    }
}

/// The eleven Chinook tables, in the PostgreSQL file's names (snake_case).
const CHINOOK_PG: &[&str] = &[
    "album: album_id INTEGER, title VARCHAR(160), artist_id INTEGER | pk album_pkey(album_id) | fk album_artist_id_fkey(artist_id)->artist(artist_id) NoAction/NoAction | ix album_artist_id_idx(artist_id)",
    "artist: artist_id INTEGER, name VARCHAR(120) NULL | pk artist_pkey(artist_id)",
    "customer: customer_id INTEGER, first_name VARCHAR(40), last_name VARCHAR(20), company VARCHAR(80) NULL, address VARCHAR(70) NULL, city VARCHAR(40) NULL, state VARCHAR(40) NULL, country VARCHAR(40) NULL, postal_code VARCHAR(10) NULL, phone VARCHAR(24) NULL, fax VARCHAR(24) NULL, email VARCHAR(60), support_rep_id INTEGER NULL | pk customer_pkey(customer_id) | fk customer_support_rep_id_fkey(support_rep_id)->employee(employee_id) NoAction/NoAction | ix customer_support_rep_id_idx(support_rep_id)",
    "employee: employee_id INTEGER, last_name VARCHAR(20), first_name VARCHAR(20), title VARCHAR(30) NULL, reports_to INTEGER NULL, birth_date TIMESTAMP NULL, hire_date TIMESTAMP NULL, address VARCHAR(70) NULL, city VARCHAR(40) NULL, state VARCHAR(40) NULL, country VARCHAR(40) NULL, postal_code VARCHAR(10) NULL, phone VARCHAR(24) NULL, fax VARCHAR(24) NULL, email VARCHAR(60) NULL | pk employee_pkey(employee_id) | fk employee_reports_to_fkey(reports_to)->employee(employee_id) NoAction/NoAction | ix employee_reports_to_idx(reports_to)",
    "genre: genre_id INTEGER, name VARCHAR(120) NULL | pk genre_pkey(genre_id)",
    "invoice: invoice_id INTEGER, customer_id INTEGER, invoice_date TIMESTAMP, billing_address VARCHAR(70) NULL, billing_city VARCHAR(40) NULL, billing_state VARCHAR(40) NULL, billing_country VARCHAR(40) NULL, billing_postal_code VARCHAR(10) NULL, total NUMERIC(10,2) | pk invoice_pkey(invoice_id) | fk invoice_customer_id_fkey(customer_id)->customer(customer_id) NoAction/NoAction | ix invoice_customer_id_idx(customer_id)",
    "invoice_line: invoice_line_id INTEGER, invoice_id INTEGER, track_id INTEGER, unit_price NUMERIC(10,2), quantity INTEGER | pk invoice_line_pkey(invoice_line_id) | fk invoice_line_invoice_id_fkey(invoice_id)->invoice(invoice_id) NoAction/NoAction | fk invoice_line_track_id_fkey(track_id)->track(track_id) NoAction/NoAction | ix invoice_line_invoice_id_idx(invoice_id) | ix invoice_line_track_id_idx(track_id)",
    "media_type: media_type_id INTEGER, name VARCHAR(120) NULL | pk media_type_pkey(media_type_id)",
    "playlist: playlist_id INTEGER, name VARCHAR(120) NULL | pk playlist_pkey(playlist_id)",
    "playlist_track: playlist_id INTEGER, track_id INTEGER | pk playlist_track_pkey(playlist_id,track_id) | fk playlist_track_playlist_id_fkey(playlist_id)->playlist(playlist_id) NoAction/NoAction | fk playlist_track_track_id_fkey(track_id)->track(track_id) NoAction/NoAction | ix playlist_track_playlist_id_idx(playlist_id) | ix playlist_track_track_id_idx(track_id)",
    "track: track_id INTEGER, name VARCHAR(200), album_id INTEGER NULL, media_type_id INTEGER, genre_id INTEGER NULL, composer VARCHAR(220) NULL, milliseconds INTEGER, bytes INTEGER NULL, unit_price NUMERIC(10,2) | pk track_pkey(track_id) | fk track_album_id_fkey(album_id)->album(album_id) NoAction/NoAction | fk track_genre_id_fkey(genre_id)->genre(genre_id) NoAction/NoAction | fk track_media_type_id_fkey(media_type_id)->media_type(media_type_id) NoAction/NoAction | ix track_album_id_idx(album_id) | ix track_genre_id_idx(genre_id) | ix track_media_type_id_idx(media_type_id)",
];

#[test]
fn chinook_postgres() {
    let i = run("chinook_postgres.sql", None);
    assert_eq!(i.engine.name(), "postgres", "inferred");
    assert_lines(&summaries(&i), CHINOOK_PG);
    let s = skipped(&i);
    assert_eq!(
        s[..3],
        [
            "21: `DROP DATABASE` carries no table structure",
            "27: `CREATE DATABASE` carries no table structure",
            "30: psql meta-command `\\c` (not SQL)"
        ]
    );
    assert_eq!(s.len(), 3 + 24, "{s:#?}");
    assert!(
        s[3..]
            .iter()
            .all(|w| w.ends_with("`INSERT` carries no table structure")),
        "{s:#?}"
    );
}

/// The MySQL and SQLite files name things in PascalCase and name FKs `FK_...`: the same
/// tables and keys, spelled by their engine.
fn pascal_chinook(engine: Engine) -> Vec<String> {
    let i = run(&format!("chinook_{}.sql", engine.name()), None);
    assert_eq!(i.engine, engine, "inferred");
    summaries(&i)
}

#[test]
fn chinook_mysql() {
    let got = pascal_chinook(Engine::Mysql);
    assert_eq!(got.len(), 11);
    assert_lines(&got[..2], &[
        "Album: AlbumId INT, Title VARCHAR(160), ArtistId INT | pk PK_Album(AlbumId) | fk FK_AlbumArtistId(ArtistId)->Artist(ArtistId) NoAction/NoAction | ix IFK_AlbumArtistId(ArtistId)",
        "Artist: ArtistId INT, Name VARCHAR(120) NULL | pk PK_Artist(ArtistId)",
    ]);
    let track = got.iter().find(|l| l.starts_with("Track:")).unwrap();
    assert_eq!(track, "Track: TrackId INT, Name VARCHAR(200), AlbumId INT NULL, MediaTypeId INT, GenreId INT NULL, Composer VARCHAR(220) NULL, Milliseconds INT, Bytes INT NULL, UnitPrice DECIMAL(10,2) | pk PK_Track(TrackId) | fk FK_TrackAlbumId(AlbumId)->Album(AlbumId) NoAction/NoAction | fk FK_TrackGenreId(GenreId)->Genre(GenreId) NoAction/NoAction | fk FK_TrackMediaTypeId(MediaTypeId)->MediaType(MediaTypeId) NoAction/NoAction | ix IFK_TrackAlbumId(AlbumId) | ix IFK_TrackGenreId(GenreId) | ix IFK_TrackMediaTypeId(MediaTypeId)");
    let pt = got
        .iter()
        .find(|l| l.starts_with("PlaylistTrack:"))
        .unwrap();
    assert!(
        pt.contains("pk PK_PlaylistTrack(PlaylistId,TrackId)"),
        "{pt}"
    );
}

#[test]
fn chinook_sqlite() {
    let got = pascal_chinook(Engine::Sqlite);
    assert_eq!(got.len(), 11);
    let track = got.iter().find(|l| l.starts_with("Track:")).unwrap();
    assert_eq!(track, "Track: TrackId INTEGER ident, Name TEXT, AlbumId INTEGER NULL, MediaTypeId INTEGER, GenreId INTEGER NULL, Composer TEXT NULL, Milliseconds INTEGER, Bytes INTEGER NULL, UnitPrice REAL | pk PK_Track(TrackId) | fk fk_Track_AlbumId_Album(AlbumId)->Album(AlbumId) NoAction/NoAction | fk fk_Track_GenreId_Genre(GenreId)->Genre(GenreId) NoAction/NoAction | fk fk_Track_MediaTypeId_MediaType(MediaTypeId)->MediaType(MediaTypeId) NoAction/NoAction | ix IFK_TrackAlbumId(AlbumId) | ix IFK_TrackGenreId(GenreId) | ix IFK_TrackMediaTypeId(MediaTypeId)");
    let i = run("chinook_sqlite.sql", None);
    let t = i.schema.table("Track").unwrap();
    assert_eq!(
        t.column("Name").unwrap().max_length,
        Some(200),
        "NVARCHAR(200) keeps its length"
    );
    assert_eq!(t.column("UnitPrice").unwrap().scale, Some(2));
}

#[test]
fn conduit_refinery_migrations() {
    let i = run("conduit", Some(Engine::Postgres));
    assert_lines(&summaries(&i), &[
        "article_favorites: article_id VARCHAR(255), user_id VARCHAR(255) | pk pk_article_favorites(article_id,user_id) | fk fk_fav_article(article_id)->articles(id) Cascade/NoAction | fk fk_fav_user(user_id)->users(id) Cascade/NoAction",
        "article_tags: article_id VARCHAR(255), tag_id VARCHAR(255) | pk pk_article_tags() | fk fk_at_article(article_id)->articles(id) Cascade/NoAction | fk fk_at_tag(tag_id)->tags(id) Restrict/NoAction",
        "articles: id VARCHAR(255), user_id VARCHAR(255) NULL, slug VARCHAR(255) NULL, title VARCHAR(255) NULL, body TEXT NULL, created_at TIMESTAMP, updated_at TIMESTAMP =now | pk pk_articles(id) | fk fk_articles_user(user_id)->users(id) Cascade/NoAction | uq uq_articles_on_slug(slug) | ix idx_articles_user_created(user_id,created_at desc)",
        "follows: user_id VARCHAR(255), follow_id VARCHAR(255) | pk pk_follows(user_id,follow_id) | fk fk_follows_user(user_id)->users(id) Cascade/NoAction | fk fk_follows_follow(follow_id)->users(id) Cascade/NoAction",
        "tags: id VARCHAR(255), name VARCHAR(255) NULL | pk pk_tags(id) | uq uq_tags_name(name)",
        "users: id VARCHAR(255), username VARCHAR(255), password VARCHAR(255) NULL, email VARCHAR(255) NULL, bio TEXT NULL, image_url VARCHAR(511) NULL | pk pk_users(id) | uq uq_users_on_username(username) | uq uq_users_on_email(email)",
    ]);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn conduit_without_dialect_names_the_flag() {
    let sources = read_inputs(&[fixture("conduit")]).unwrap();
    let e = import(&sources, None).unwrap_err();
    assert!(
        e.to_string()
            .contains("nothing in the SQL says which engine"),
        "{e}"
    );
}

#[test]
fn mysqldump_with_delimiters_triggers_views_and_data() {
    let i = run("shop_mysqldump.sql", None);
    assert_eq!(i.engine.name(), "mysql");
    assert_lines(&summaries(&i), &[
        "customers: id INT ident, email VARCHAR(255), name VARCHAR(100) NULL, tier VARCHAR(10) ='free', created_at DATETIME(6) =now, updated_at DATETIME(6) NULL =now | pk pk_customers(id) | uq uq_customers_email(email) | check check_customers_tier_enum: `tier` IN ('free', 'pro', 'enterprise')",
        "order_lines: order_id BIGINT, line_no SMALLINT, sku VARCHAR(12), qty INT ='1' | pk pk_order_lines(order_id,line_no) | fk fk_lines_order(order_id)->orders(id) Cascade/NoAction",
        "orders: id BIGINT ident, customer_id INT, total DECIMAL(12,2) ='0.00', paid TINYINT(1) ='0', notes JSON NULL, placed_at DATETIME(6) | pk pk_orders(id) | fk fk_orders_customer(customer_id)->customers(id) Restrict/Cascade | ix idx_orders_customer_placed(customer_id,placed_at) | check check_orders_total: total >= 0",
    ]);
    let customers = i.schema.table("customers").unwrap();
    assert_eq!(customers.comment.as_deref(), Some("People who buy"));
    assert_eq!(
        customers.column("email").unwrap().comment.as_deref(),
        Some("login; unique")
    );
    assert!(customers.updated_at_trigger, "ON UPDATE CURRENT_TIMESTAMP");
    assert_eq!(i.views, ["customer_totals"]);
    let s = skipped(&i);
    for expected in [
        "37: `ALTER TABLE ... DISABLE/ENABLE KEYS` carries no table structure",
        "38: `INSERT` carries no table structure",
        "75: mysql client command `DELIMITER ;;` (not SQL)",
        "76: `CREATE TRIGGER` carries no table structure",
        "83: `CREATE PROCEDURE` carries no table structure",
    ] {
        assert!(s.iter().any(|w| w == expected), "{expected} not in {s:#?}");
    }
    assert_eq!(s.len(), 20, "{s:#?}");
}

/// Pagila (pg_dump of PostgreSQL 18): sequences as identity, an enum type and a domain as
/// CHECKs, monthly partitions of `payment` created as tables then attached (folded into
/// `payment`, with their own FKs and indexes), a GiST and an HNSW index (read as B-trees, with a
/// warning), `text[]`, `tsvector` and pgvector's `vector(20)` kept by name, a virtual generated
/// column, views and a materialized view listed.
#[test]
fn pagila_postgres_dump() {
    let i = run("pagila_schema.sql", None);
    assert_eq!(i.engine.name(), "postgres", "inferred");
    assert_lines(&summaries(&i), &[
        "actor: actor_id INTEGER ident, first_name TEXT, last_name TEXT, last_update TIMESTAMPTZ =now | pk actor_pkey(actor_id) | ix idx_actor_last_name(last_name)",
        "address: address_id INTEGER ident, address TEXT, address2 TEXT NULL, district TEXT, city_id INTEGER, postal_code TEXT NULL, phone TEXT, last_update TIMESTAMPTZ =now | pk address_pkey(address_id) | fk address_city_id_fkey(city_id)->city(city_id) Restrict/Cascade | ix idx_fk_city_id(city_id)",
        "category: category_id INTEGER ident, name TEXT, last_update TIMESTAMPTZ =now | pk category_pkey(category_id)",
        "city: city_id INTEGER ident, city TEXT, country_id INTEGER, last_update TIMESTAMPTZ =now | pk city_pkey(city_id) | fk city_country_id_fkey(country_id)->country(country_id) Restrict/Cascade | ix idx_fk_country_id(country_id)",
        "country: country_id INTEGER ident, country TEXT, last_update TIMESTAMPTZ =now | pk country_pkey(country_id)",
        "customer: customer_id INTEGER ident, store_id INTEGER, first_name TEXT, last_name TEXT, email TEXT NULL, address_id INTEGER, activebool BOOLEAN =true, create_date DATE =CURRENT_DATE, last_update TIMESTAMPTZ NULL =now, active INTEGER NULL, uuid UUID =uuidv7() | pk customer_pkey(customer_id) | fk customer_address_id_fkey(address_id)->address(address_id) Restrict/Cascade | fk customer_store_id_fkey(store_id)->store(store_id) Restrict/Cascade | ix idx_fk_address_id(address_id) | ix idx_fk_store_id(store_id) | ix idx_last_name(last_name) | uq customer_uuid_key(uuid)",
        "film: film_id INTEGER ident, title TEXT, description TEXT NULL, release_year INTEGER NULL, language_id INTEGER, original_language_id INTEGER NULL, rental_duration SMALLINT =3, rental_rate NUMERIC(4,2) =4.99, length SMALLINT NULL, replacement_cost NUMERIC(5,2) =19.99, rating VARCHAR(5) NULL ='G', last_update TIMESTAMPTZ =now, special_features TEXT[] NULL, fulltext TSVECTOR, length_hours NUMERIC(4,2) NULL | pk film_pkey(film_id) | fk film_language_id_fkey(language_id)->language(language_id) Restrict/Cascade | fk film_original_language_id_fkey(original_language_id)->language(language_id) Restrict/Cascade | ix film_fulltext_idx(fulltext) | ix idx_fk_language_id(language_id) | ix idx_fk_original_language_id(original_language_id) | ix idx_title(title) | check check_film_release_year_custom: (release_year >= 1901) AND (release_year <= 2155) | check check_film_rating_enum: \"rating\" IN ('G', 'PG', 'PG-13', 'R', 'NC-17')",
        "film_actor: actor_id INTEGER, film_id INTEGER, last_update TIMESTAMPTZ =now | pk film_actor_pkey(actor_id,film_id) | fk film_actor_actor_id_fkey(actor_id)->actor(actor_id) Restrict/Cascade | fk film_actor_film_id_fkey(film_id)->film(film_id) Restrict/Cascade | ix idx_fk_film_id(film_id)",
        "film_category: film_id INTEGER, category_id INTEGER, last_update TIMESTAMPTZ =now | pk film_category_pkey(film_id,category_id) | fk film_category_category_id_fkey(category_id)->category(category_id) Restrict/Cascade | fk film_category_film_id_fkey(film_id)->film(film_id) Restrict/Cascade",
        "film_embedding: film_id INTEGER, embedding public.vector(20), last_update TIMESTAMPTZ =now | pk film_embedding_pkey(film_id) | fk film_embedding_film_id_fkey(film_id)->film(film_id) Cascade/Cascade | ix film_embedding_embedding_hnsw_idx(embedding)",
        "inventory: inventory_id INTEGER ident, film_id INTEGER, store_id INTEGER, last_update TIMESTAMPTZ =now | pk inventory_pkey(inventory_id) | fk inventory_film_id_fkey(film_id)->film(film_id) Restrict/Cascade | fk inventory_store_id_fkey(store_id)->store(store_id) Restrict/Cascade | ix idx_store_id_film_id(store_id,film_id)",
        "language: language_id INTEGER ident, name TEXT, last_update TIMESTAMPTZ =now | pk language_pkey(language_id)",
        "payment: payment_id INTEGER ident, customer_id INTEGER, staff_id INTEGER, rental_id INTEGER, amount NUMERIC(5,2), payment_date TIMESTAMPTZ, uuid UUID =uuidv7() | pk pk_payment(payment_date,payment_id) | uq payment_uuid_key(uuid,payment_date)",
        "rental: rental_id INTEGER ident, rental_date TIMESTAMPTZ, inventory_id INTEGER, customer_id INTEGER, return_date TIMESTAMPTZ NULL, staff_id INTEGER, last_update TIMESTAMPTZ =now, uuid UUID =uuidv7() | pk rental_pkey(rental_id) | fk rental_customer_id_fkey(customer_id)->customer(customer_id) Restrict/Cascade | fk rental_inventory_id_fkey(inventory_id)->inventory(inventory_id) Restrict/Cascade | fk rental_staff_id_fkey(staff_id)->staff(staff_id) Restrict/Cascade | ix idx_fk_inventory_id(inventory_id) | uq idx_unq_rental_rental_date_inventory_id_customer_id(rental_date,inventory_id,customer_id) | uq rental_uuid_key(uuid)",
        "staff: staff_id INTEGER ident, first_name TEXT, last_name TEXT, address_id INTEGER, email TEXT NULL, store_id INTEGER, active BOOLEAN =true, username TEXT, password TEXT NULL, last_update TIMESTAMPTZ =now, picture BYTEA NULL | pk staff_pkey(staff_id) | fk staff_address_id_fkey(address_id)->address(address_id) Restrict/Cascade | fk staff_store_id_fkey(store_id)->store(store_id) NoAction/NoAction",
        "store: store_id INTEGER ident, manager_staff_id INTEGER, address_id INTEGER, last_update TIMESTAMPTZ =now | pk store_pkey(store_id) | fk store_address_id_fkey(address_id)->address(address_id) Restrict/Cascade | uq idx_unq_manager_staff_id(manager_staff_id)",
    ]);
    let film = i.schema.table("film").unwrap();
    let rating = film.column("rating").unwrap();
    assert!(
        matches!(&rating.ty, datamodel::model::ColumnType::Enum { name, .. } if name == "mpaa_rating")
    );
    assert_eq!(
        i.views,
        [
            "actor_info",
            "customer_list",
            "film_list",
            "nicer_but_slower_film_list",
            "rental_by_category",
            "sales_by_film_category",
            "sales_by_store",
            "staff_list"
        ]
    );
    let s = skipped(&i);
    assert_eq!(s.len(), 254, "{s:#?}");
    for expected in [
        "2354: index method `gist` of `film_fulltext_idx` is not modelled; read as a B-tree",
        "2592: index on the view `rental_by_category`: views are listed, not modelled",
        "1897: partition `payment_p2022_01` of `payment`: folded into its parent",
        "50: `ALTER TYPE ... OWNER TO` carries no table structure",
    ] {
        assert!(s.iter().any(|w| w == expected), "{expected} not in {s:#?}");
    }
    let sql = std::fs::read_to_string(fixture("pagila_schema.sql")).unwrap();
    let attached = s
        .iter()
        .filter(|w| w.contains(": partition `payment_p"))
        .count();
    assert_eq!(attached, sql.matches("ATTACH PARTITION").count());
    assert!(i
        .schema
        .tables
        .iter()
        .all(|t| !t.name.starts_with("payment_p")));
    assert!(
        s.iter().all(|w| !w.contains("could not be parsed")),
        "{s:#?}"
    );
}
