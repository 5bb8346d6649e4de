using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MemoryAssistant.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "media_assets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    storage_path = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media_assets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    whatsapp_number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    wa_id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    profile_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    time_zone_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "interactions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    message_sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    request_fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    raw_payload = table.Column<string>(type: "TEXT", nullable: true),
                    reply = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    duplicate_deliveries = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_interactions", x => x.id);
                    table.ForeignKey(
                        name: "fk_interactions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "interaction_media",
                columns: table => new
                {
                    interaction_id = table.Column<long>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    media_url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    declared_content_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    media_asset_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_interaction_media", x => new { x.interaction_id, x.position });
                    table.ForeignKey(
                        name: "fk_interaction_media_interactions_interaction_id",
                        column: x => x.interaction_id,
                        principalTable: "interactions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_interaction_media_media_assets_media_asset_id",
                        column: x => x.media_asset_id,
                        principalTable: "media_assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "memories",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    interaction_id = table.Column<long>(type: "INTEGER", nullable: false),
                    media_asset_id = table.Column<long>(type: "INTEGER", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    content = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    layer_name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    layer_memory_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    sync_state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_memories", x => x.id);
                    table.ForeignKey(
                        name: "fk_memories_interactions_interaction_id",
                        column: x => x.interaction_id,
                        principalTable: "interactions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_memories_media_assets_media_asset_id",
                        column: x => x.media_asset_id,
                        principalTable: "media_assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_memories_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "memory_tags",
                columns: table => new
                {
                    memory_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_memory_tags", x => new { x.memory_id, x.tag });
                    table.ForeignKey(
                        name: "fk_memory_tags_memories_memory_id",
                        column: x => x.memory_id,
                        principalTable: "memories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_interaction_media_media_asset_id",
                table: "interaction_media",
                column: "media_asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_interactions_message_sid",
                table: "interactions",
                column: "message_sid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_interactions_received_at",
                table: "interactions",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_interactions_user_id_idempotency_key",
                table: "interactions",
                columns: new[] { "user_id", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_interactions_user_id_received_at",
                table: "interactions",
                columns: new[] { "user_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_sha256",
                table: "media_assets",
                column: "sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_memories_interaction_id",
                table: "memories",
                column: "interaction_id");

            migrationBuilder.CreateIndex(
                name: "ix_memories_media_asset_id",
                table: "memories",
                column: "media_asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_memories_occurred_at",
                table: "memories",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_memories_user_id_occurred_at",
                table: "memories",
                columns: new[] { "user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_memory_tags_tag",
                table: "memory_tags",
                column: "tag");

            migrationBuilder.CreateIndex(
                name: "ix_users_whatsapp_number",
                table: "users",
                column: "whatsapp_number",
                unique: true);

            // The embedded memory engine's keyword index: FTS5 with porter stemming ("groceries" finds
            // "grocery"), BM25 ranking; rowid = memories.id. EF has no model for virtual tables.
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE memory_index USING fts5(content, tags, tokenize = 'porter unicode61 remove_diacritics 2');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS memory_index;");

            migrationBuilder.DropTable(
                name: "interaction_media");

            migrationBuilder.DropTable(
                name: "memory_tags");

            migrationBuilder.DropTable(
                name: "memories");

            migrationBuilder.DropTable(
                name: "interactions");

            migrationBuilder.DropTable(
                name: "media_assets");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
