-- MemoryAssistant database schema (SQLite). GENERATED from the EF Core model and migrations: do not edit.
-- Regenerate with `make schema`; a test fails when this file and the migrations disagree.
-- Safe to run on an empty or an up-to-date database: `sqlite3 data/memoryassistant.db < db/schema.sql`.
-- Times are INTEGER Unix epoch milliseconds (UTC); enums are lower-case words.
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS "layer_deletions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_layer_deletions" PRIMARY KEY AUTOINCREMENT,
    "layer" TEXT NOT NULL,
    "layer_memory_id" TEXT NOT NULL,
    "user_external_id" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "media_assets" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_media_assets" PRIMARY KEY AUTOINCREMENT,
    "sha256" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "storage_path" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "width" INTEGER NULL,
    "height" INTEGER NULL,
    "duration_ms" INTEGER NULL,
    "perceptual_hash" INTEGER NULL,
    "near_duplicate_of_id" INTEGER NULL,
    "captured_at" INTEGER NULL,
    "latitude" REAL NULL,
    "longitude" REAL NULL,
    "ocr_text" TEXT NULL,
    "description" TEXT NULL,
    "analyzed_at" INTEGER NULL,
    CONSTRAINT "fk_media_assets_media_assets_near_duplicate_of_id" FOREIGN KEY ("near_duplicate_of_id") REFERENCES "media_assets" ("id") ON DELETE SET NULL
);

CREATE TABLE IF NOT EXISTS "user_erasures" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_erasures" PRIMARY KEY AUTOINCREMENT,
    "confirming_message_sid" TEXT NULL,
    "erased_at" INTEGER NOT NULL,
    "summary" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
    "whatsapp_number" TEXT NOT NULL,
    "wa_id" TEXT NULL,
    "profile_name" TEXT NULL,
    "external_id" TEXT NOT NULL DEFAULT '',
    "time_zone_id" TEXT NOT NULL,
    "digest_time" TEXT NULL,
    "weekly_summary_day" INTEGER NOT NULL DEFAULT 7,
    "created_at" INTEGER NOT NULL,
    "last_seen_at" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "transcripts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_transcripts" PRIMARY KEY AUTOINCREMENT,
    "media_asset_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "language" TEXT NULL,
    "confidence" REAL NULL,
    "low_confidence" INTEGER NOT NULL,
    "duration_ms" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_transcripts_media_assets_media_asset_id" FOREIGN KEY ("media_asset_id") REFERENCES "media_assets" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "conversation_states" (
    "user_id" INTEGER NOT NULL CONSTRAINT "pk_conversation_states" PRIMARY KEY,
    "last_question" TEXT NULL,
    "last_from" INTEGER NULL,
    "last_to" INTEGER NULL,
    "result_ids" TEXT NOT NULL,
    "shown" INTEGER NOT NULL,
    "last_saved_memory_id" INTEGER NULL,
    "last_saved_at" INTEGER NULL,
    "pending_forget_memory_id" INTEGER NULL,
    "pending_forget_at" INTEGER NULL,
    "updated_at" INTEGER NOT NULL,
    "pending_erase_at" INTEGER NULL,
    CONSTRAINT "fk_conversation_states_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "interactions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_interactions" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "direction" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message_sid" TEXT NULL,
    "idempotency_key" TEXT NULL,
    "request_fingerprint" TEXT NULL,
    "body" TEXT NOT NULL,
    "received_at" INTEGER NOT NULL,
    "raw_payload" TEXT NULL,
    "reply" TEXT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT NULL,
    "processed_at" INTEGER NULL,
    "duplicate_deliveries" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "fk_interactions_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "saved_places" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_saved_places" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "fk_saved_places_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "interaction_media" (
    "interaction_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "media_url" TEXT NOT NULL,
    "declared_content_type" TEXT NULL,
    "media_asset_id" INTEGER NULL,
    CONSTRAINT "pk_interaction_media" PRIMARY KEY ("interaction_id", "position"),
    CONSTRAINT "fk_interaction_media_interactions_interaction_id" FOREIGN KEY ("interaction_id") REFERENCES "interactions" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_interaction_media_media_assets_media_asset_id" FOREIGN KEY ("media_asset_id") REFERENCES "media_assets" ("id") ON DELETE RESTRICT
);

CREATE TABLE IF NOT EXISTS "jobs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_jobs" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "interaction_id" INTEGER NULL,
    "subject_id" INTEGER NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "run_after" INTEGER NOT NULL,
    "lease_until" INTEGER NULL,
    "last_error" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL,
    CONSTRAINT "fk_jobs_interactions_interaction_id" FOREIGN KEY ("interaction_id") REFERENCES "interactions" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "memories" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_memories" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "interaction_id" INTEGER NOT NULL,
    "media_asset_id" INTEGER NULL,
    "kind" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "layer_name" TEXT NULL,
    "layer_memory_id" TEXT NULL,
    "sync_state" TEXT NOT NULL,
    "sync_attempts" INTEGER NOT NULL DEFAULT 0,
    "layer_event_id" TEXT NULL,
    "last_sync_error" TEXT NULL,
    "synced_at" INTEGER NULL,
    "latitude" REAL NULL,
    "longitude" REAL NULL,
    "place_name" TEXT NULL,
    "mood_valence" TEXT NULL,
    "mood_score" REAL NULL,
    "mood_emotion" TEXT NULL,
    "shared_by_user_id" INTEGER NULL,
    "shared_by_name" TEXT NULL,
    CONSTRAINT "fk_memories_interactions_interaction_id" FOREIGN KEY ("interaction_id") REFERENCES "interactions" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_memories_media_assets_media_asset_id" FOREIGN KEY ("media_asset_id") REFERENCES "media_assets" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_memories_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "outbound_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_outbound_messages" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "template_variables" TEXT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "used_template" INTEGER NOT NULL,
    "provider_message_id" TEXT NULL,
    "error_code" INTEGER NULL,
    "error" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "sent_at" INTEGER NULL,
    "interaction_id" INTEGER NULL,
    CONSTRAINT "fk_outbound_messages_interactions_interaction_id" FOREIGN KEY ("interaction_id") REFERENCES "interactions" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_outbound_messages_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "memory_layer_links" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_memory_layer_links" PRIMARY KEY AUTOINCREMENT,
    "memory_id" INTEGER NOT NULL,
    "layer" TEXT NOT NULL,
    "layer_memory_id" TEXT NOT NULL,
    "text" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_memory_layer_links_memories_memory_id" FOREIGN KEY ("memory_id") REFERENCES "memories" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "memory_shares" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_memory_shares" PRIMARY KEY AUTOINCREMENT,
    "memory_id" INTEGER NULL,
    "from_user_id" INTEGER NULL,
    "to_user_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "offered_at" INTEGER NOT NULL,
    "answered_at" INTEGER NULL,
    "copy_memory_id" INTEGER NULL,
    CONSTRAINT "fk_memory_shares_memories_copy_memory_id" FOREIGN KEY ("copy_memory_id") REFERENCES "memories" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_memory_shares_memories_memory_id" FOREIGN KEY ("memory_id") REFERENCES "memories" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_memory_shares_users_from_user_id" FOREIGN KEY ("from_user_id") REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_memory_shares_users_to_user_id" FOREIGN KEY ("to_user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "memory_tags" (
    "memory_id" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    CONSTRAINT "pk_memory_tags" PRIMARY KEY ("memory_id", "tag"),
    CONSTRAINT "fk_memory_tags_memories_memory_id" FOREIGN KEY ("memory_id") REFERENCES "memories" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "reminders" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_reminders" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "interaction_id" INTEGER NOT NULL,
    "memory_id" INTEGER NULL,
    "what" TEXT NOT NULL,
    "cron" TEXT NULL,
    "next_due_at" INTEGER NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "cancelled_at" INTEGER NULL,
    "last_sent_at" INTEGER NULL,
    "sent_count" INTEGER NOT NULL,
    CONSTRAINT "fk_reminders_interactions_interaction_id" FOREIGN KEY ("interaction_id") REFERENCES "interactions" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_reminders_memories_memory_id" FOREIGN KEY ("memory_id") REFERENCES "memories" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_reminders_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS "ix_interaction_media_media_asset_id" ON "interaction_media" ("media_asset_id");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_interactions_message_sid" ON "interactions" ("message_sid");

CREATE INDEX IF NOT EXISTS "ix_interactions_received_at" ON "interactions" ("received_at");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_interactions_user_id_idempotency_key" ON "interactions" ("user_id", "idempotency_key");

CREATE INDEX IF NOT EXISTS "ix_interactions_user_id_received_at" ON "interactions" ("user_id", "received_at");

CREATE INDEX IF NOT EXISTS "ix_jobs_interaction_id" ON "jobs" ("interaction_id");

CREATE INDEX IF NOT EXISTS "ix_jobs_kind_subject_id_status" ON "jobs" ("kind", "subject_id", "status");

CREATE INDEX IF NOT EXISTS "ix_jobs_status_run_after" ON "jobs" ("status", "run_after");

CREATE INDEX IF NOT EXISTS "ix_media_assets_near_duplicate_of_id" ON "media_assets" ("near_duplicate_of_id");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_media_assets_sha256" ON "media_assets" ("sha256");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_memories_interaction_id_media_asset_id" ON "memories" ("interaction_id", "media_asset_id");

CREATE INDEX IF NOT EXISTS "ix_memories_layer_name_sync_state_id" ON "memories" ("layer_name", "sync_state", "id");

CREATE INDEX IF NOT EXISTS "ix_memories_media_asset_id" ON "memories" ("media_asset_id");

CREATE INDEX IF NOT EXISTS "ix_memories_occurred_at" ON "memories" ("occurred_at");

CREATE INDEX IF NOT EXISTS "ix_memories_shared_by_user_id" ON "memories" ("shared_by_user_id");

CREATE INDEX IF NOT EXISTS "ix_memories_user_id_latitude" ON "memories" ("user_id", "latitude");

CREATE INDEX IF NOT EXISTS "ix_memories_user_id_occurred_at" ON "memories" ("user_id", "occurred_at");

CREATE INDEX IF NOT EXISTS "ix_memory_layer_links_layer_layer_memory_id" ON "memory_layer_links" ("layer", "layer_memory_id");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_memory_layer_links_memory_id_layer_layer_memory_id" ON "memory_layer_links" ("memory_id", "layer", "layer_memory_id");

CREATE INDEX IF NOT EXISTS "ix_memory_shares_copy_memory_id" ON "memory_shares" ("copy_memory_id");

CREATE INDEX IF NOT EXISTS "ix_memory_shares_from_user_id" ON "memory_shares" ("from_user_id");

CREATE INDEX IF NOT EXISTS "ix_memory_shares_memory_id" ON "memory_shares" ("memory_id");

CREATE INDEX IF NOT EXISTS "ix_memory_shares_to_user_id_status_offered_at" ON "memory_shares" ("to_user_id", "status", "offered_at");

CREATE INDEX IF NOT EXISTS "ix_memory_tags_tag" ON "memory_tags" ("tag");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_outbound_messages_dedupe_key" ON "outbound_messages" ("dedupe_key");

CREATE INDEX IF NOT EXISTS "ix_outbound_messages_interaction_id" ON "outbound_messages" ("interaction_id");

CREATE INDEX IF NOT EXISTS "ix_outbound_messages_user_id_created_at" ON "outbound_messages" ("user_id", "created_at");

CREATE INDEX IF NOT EXISTS "ix_reminders_interaction_id" ON "reminders" ("interaction_id");

CREATE INDEX IF NOT EXISTS "ix_reminders_memory_id" ON "reminders" ("memory_id");

CREATE INDEX IF NOT EXISTS "ix_reminders_user_id_status_next_due_at" ON "reminders" ("user_id", "status", "next_due_at");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_saved_places_user_id_name" ON "saved_places" ("user_id", "name");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_transcripts_media_asset_id" ON "transcripts" ("media_asset_id");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_user_erasures_confirming_message_sid" ON "user_erasures" ("confirming_message_sid");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_users_external_id" ON "users" ("external_id");

CREATE UNIQUE INDEX IF NOT EXISTS "ix_users_whatsapp_number" ON "users" ("whatsapp_number");

CREATE VIRTUAL TABLE IF NOT EXISTS memory_index USING fts5(content, tags, tokenize = 'porter unicode61 remove_diacritics 2');

CREATE TRIGGER IF NOT EXISTS memories_after_delete_unindex AFTER DELETE ON memories
BEGIN
    DELETE FROM memory_index WHERE rowid = old.id;
END;

CREATE TABLE IF NOT EXISTS memory_vectors (
    memory_id INTEGER NOT NULL PRIMARY KEY REFERENCES memories (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_memory_vectors_user_id ON memory_vectors (user_id);

CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "migration_id" TEXT NOT NULL CONSTRAINT "pk___ef_migrations_history" PRIMARY KEY,
    "product_version" TEXT NOT NULL
);

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261124015225_InitialCreate', '10.0.15');
INSERT OR IGNORE INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261124023457_MemoryIndexFollowsDeletes', '10.0.15');
INSERT OR IGNORE INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261124024733_MediaUnderstandingAndJobs', '10.0.15');
INSERT OR IGNORE INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261201211806_RemoteMemoryLayerSync', '10.0.15');
INSERT OR IGNORE INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261201213309_MemoryVectors', '10.0.15');
INSERT OR IGNORE INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261201223002_ConversationsAndForgetting', '10.0.15');
INSERT OR IGNORE INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261201235441_RemindersPlacesMoodsSharing', '10.0.15');

COMMIT;
