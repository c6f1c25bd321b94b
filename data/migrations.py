"""The schema, as named, recorded, transactional sqlite-utils migrations. Never edit an applied one: add a new one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["migrations"]

migrations = Migrations("triage")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            source_url TEXT,
            path TEXT,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            section TEXT NOT NULL,
            position INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX idx_passages_article ON passages(article_id);

        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            face TEXT NOT NULL,
            external_id TEXT NOT NULL,
            guild_id TEXT,
            channel_id TEXT,
            thread_id TEXT,
            author_id TEXT,
            text TEXT,
            text_sha256 TEXT,
            personal_data TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'received',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            UNIQUE (face, external_id)
        );
        CREATE INDEX idx_posts_author ON posts(author_id);
        CREATE INDEX idx_posts_status ON posts(status);

        CREATE TABLE predictions (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            model_version TEXT NOT NULL,
            label TEXT NOT NULL,
            confidence REAL NOT NULL,
            probabilities TEXT NOT NULL,
            red_flags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_predictions_post ON predictions(post_id);

        CREATE TABLE replies (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            content TEXT NOT NULL,
            notices TEXT NOT NULL DEFAULT '[]',
            passage_ids TEXT NOT NULL DEFAULT '[]',
            external_id TEXT,
            status TEXT NOT NULL DEFAULT 'composed',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_replies_post ON replies(post_id);

        CREATE TABLE review_items (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            reply_id INTEGER REFERENCES replies(id) ON DELETE SET NULL,
            kind TEXT NOT NULL DEFAULT 'post',
            reasons TEXT NOT NULL DEFAULT '[]',
            priority INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            label TEXT,
            confidence REAL,
            model_version TEXT,
            route TEXT,
            reporter_id TEXT,
            claimed_by TEXT,
            claimed_at TEXT,
            resolved_by TEXT,
            resolved_at TEXT,
            decision TEXT,
            version INTEGER NOT NULL DEFAULT 1,
            external_id TEXT,
            reminded_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_review_status ON review_items(status, priority, created_at);

        CREATE TABLE review_events (
            id INTEGER PRIMARY KEY,
            review_item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',
            at TEXT NOT NULL
        );
        CREATE INDEX idx_review_events_item ON review_events(review_item_id);

        CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            label TEXT NOT NULL,
            strength TEXT NOT NULL DEFAULT 'strong',
            source TEXT NOT NULL,
            moderator_id TEXT,
            channel_id TEXT,
            author_id TEXT,
            external_id TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_labels_sha ON labels(text_sha256);
        CREATE INDEX idx_labels_author ON labels(author_id);

        CREATE TABLE model_versions (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            n_seed INTEGER NOT NULL,
            n_labels INTEGER NOT NULL,
            metrics TEXT NOT NULL DEFAULT '{}',
            thresholds TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'candidate',
            note TEXT
        );

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject_type TEXT,
            subject_id TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );

        CREATE TABLE settings (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            PRIMARY KEY (scope, key)
        );
        """
    )
    db.table("passages").enable_fts(
        ["title", "section", "text"], fts_version="FTS5", create_triggers=True, tokenize="porter"
    )


@migrations()
def m002_corpus_version(db: Database) -> None:
    """A counter bumped by every change to articles or passages, so the retriever can ask "has the corpus
    changed?" with a one-row read on every post instead of counting 35k passages."""
    db.execute("CREATE TABLE corpus_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)")
    db.execute("INSERT INTO corpus_version (id, version) VALUES (1, 0)")
    for table in ("articles", "passages"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_bumps_corpus_version AFTER {event} ON {table} "
                "BEGIN UPDATE corpus_version SET version = version + 1 WHERE id = 1; END"
            )


@migrations()
def issue14_content_gaps(db: Database) -> None:
    """Posts the articles could not answer (the best passage scored under the abstain bar), for moderators to
    see which topics the articles miss. One row per post; the score is on the retriever's 0..1 scale."""
    db.executescript(
        """
        CREATE TABLE content_gaps (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id) ON DELETE CASCADE,
            top_score REAL NOT NULL CHECK (top_score >= 0 AND top_score <= 1),
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_content_gaps_created ON content_gaps(created_at);
        """
    )


#: The values each state column may hold when this migration was written (data.states mirrors them; a test
#: keeps the two equal). Written out, not imported, so the migration means the same thing forever.
_STATES_V1 = {
    ("posts", "status"): ("received", "answered", "silent", "deleted"),
    ("replies", "status"): ("composed", "sent", "edited", "removed", "held", "replaced"),
    ("review_items", "status"): ("pending", "claimed", "resolved"),
    ("review_items", "route"): ("urgent", "clinical", "general", "escalated"),
    ("model_versions", "status"): ("candidate", "current", "archived", "rejected", "failed", "refused"),
}


@migrations()
def issue17_state_checks(db: Database) -> None:
    """CHECK constraints on every state column, as triggers: SQLite cannot add a CHECK to an existing table
    without rebuilding it (and the tables that reference it), and a BEFORE trigger that raises refuses a bad
    value in the same way, on insert and on update. A NULL route stays allowed (old rows have none)."""
    for (table, column), values in _STATES_V1.items():
        allowed = ", ".join(f"'{v}'" for v in values)
        condition = f"NEW.{column} IS NOT NULL AND NEW.{column} NOT IN ({allowed})"
        for event in ("INSERT", f"UPDATE OF {column}"):
            name = f"{table}_{column}_check_{'insert' if event == 'INSERT' else 'update'}"
            db.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} WHEN {condition} "
                f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {table}.{column}'); END"
            )


@migrations()
def issue13_posts_created_at_index(db: Database) -> None:
    """The retention purge and start-up catch-up look posts up by age; without an index each run scans them all."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_posts_created_at ON posts(created_at)")


@migrations()
def issue14_passage_vectors(db: Database) -> None:
    """Dense passage vectors (the optional ``embeddings`` extra): one float32 blob per passage and model, dropped
    with its passage. Adding or dropping vectors bumps the corpus version, so a running retriever picks them up."""
    db.executescript(
        """
        CREATE TABLE passage_vectors (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        );
        CREATE TRIGGER passages_delete_drops_vector AFTER DELETE ON passages
            BEGIN DELETE FROM passage_vectors WHERE passage_id = OLD.id; END;
        CREATE TRIGGER passage_vectors_insert_bumps_corpus_version AFTER INSERT ON passage_vectors
            BEGIN UPDATE corpus_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER passage_vectors_delete_bumps_corpus_version AFTER DELETE ON passage_vectors
            BEGIN UPDATE corpus_version SET version = version + 1 WHERE id = 1; END;
        """
    )


@migrations()
def issue17_drop_passages_fts(db: Database) -> None:
    """Retrieval reads its own BM25 index (``responses/bm25.py``); nothing in the product queried the FTS5 table,
    yet every imported passage paid for it (three triggers, an index as large again). The retrieval benchmark
    builds its FTS5 baseline in its own store."""
    for trigger in ("passages_ai", "passages_ad", "passages_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS passages_fts")


#: The states of the follow-up threads table (``data.states.FollowupState``), written out like ``_STATES_V1``.
_STATES_V2 = {
    ("followup_threads", "state"): ("open", "closed"),
}


@migrations()
def issue16_followup_threads(db: Database) -> None:
    """Private follow-up threads (the ``private_thread`` personal-reply mode): one row per thread, from opening to
    its close (who, when, why) and its removal by retention. The close reason may hold health details, so
    retention blanks it (``purged_at``) and deletes the thread on Discord (``removed_at``); the row stays for
    counts. ``removal_error`` keeps why Discord refused the deletion, until a later run succeeds. The state
    column gets the same CHECK triggers as the others (``issue17_state_checks``)."""
    db.executescript(
        """
        CREATE TABLE followup_threads (
            id INTEGER PRIMARY KEY,
            thread_id TEXT NOT NULL UNIQUE,
            guild_id TEXT,
            post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
            review_item_id INTEGER REFERENCES review_items(id) ON DELETE SET NULL,
            state TEXT NOT NULL DEFAULT 'open',
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            closed_by TEXT,
            close_reason TEXT,
            purged_at TEXT,
            removed_at TEXT,
            removal_error TEXT
        );
        CREATE INDEX idx_followup_threads_post ON followup_threads(post_id);
        CREATE INDEX idx_followup_threads_case ON followup_threads(review_item_id);
        """
    )
    for (table, column), values in _STATES_V2.items():
        allowed = ", ".join(f"'{v}'" for v in values)
        condition = f"NEW.{column} IS NOT NULL AND NEW.{column} NOT IN ({allowed})"
        for event, suffix in (("INSERT", "insert"), (f"UPDATE OF {column}", "update")):
            db.execute(
                f"CREATE TRIGGER {table}_{column}_check_{suffix} BEFORE {event} ON {table} WHEN {condition} "
                f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {table}.{column}'); END"
            )
