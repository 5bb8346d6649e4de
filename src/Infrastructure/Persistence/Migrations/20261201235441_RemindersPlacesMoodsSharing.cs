using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MemoryAssistant.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RemindersPlacesMoodsSharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "digest_time",
                table: "users",
                type: "TEXT",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "weekly_summary_day",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddColumn<double>(
                name: "latitude",
                table: "memories",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "longitude",
                table: "memories",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mood_emotion",
                table: "memories",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "mood_score",
                table: "memories",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mood_valence",
                table: "memories",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "place_name",
                table: "memories",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "shared_by_name",
                table: "memories",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "shared_by_user_id",
                table: "memories",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_external_id",
                table: "layer_deletions",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "subject_id",
                table: "jobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "pending_erase_at",
                table: "conversation_states",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "memory_shares",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    memory_id = table.Column<long>(type: "INTEGER", nullable: true),
                    from_user_id = table.Column<long>(type: "INTEGER", nullable: true),
                    to_user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    offered_at = table.Column<long>(type: "INTEGER", nullable: false),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    copy_memory_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_memory_shares", x => x.id);
                    table.ForeignKey(
                        name: "fk_memory_shares_memories_copy_memory_id",
                        column: x => x.copy_memory_id,
                        principalTable: "memories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_memory_shares_memories_memory_id",
                        column: x => x.memory_id,
                        principalTable: "memories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_memory_shares_users_from_user_id",
                        column: x => x.from_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_memory_shares_users_to_user_id",
                        column: x => x.to_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbound_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    dedupe_key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 1600, nullable: false),
                    template_variables = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    used_template = table.Column<bool>(type: "INTEGER", nullable: false),
                    provider_message_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    error_code = table.Column<int>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    interaction_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbound_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_outbound_messages_interactions_interaction_id",
                        column: x => x.interaction_id,
                        principalTable: "interactions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_outbound_messages_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reminders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    interaction_id = table.Column<long>(type: "INTEGER", nullable: false),
                    memory_id = table.Column<long>(type: "INTEGER", nullable: true),
                    what = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    cron = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    next_due_at = table.Column<long>(type: "INTEGER", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    sent_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminders", x => x.id);
                    table.ForeignKey(
                        name: "fk_reminders_interactions_interaction_id",
                        column: x => x.interaction_id,
                        principalTable: "interactions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reminders_memories_memory_id",
                        column: x => x.memory_id,
                        principalTable: "memories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_reminders_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saved_places",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    latitude = table.Column<double>(type: "REAL", nullable: false),
                    longitude = table.Column<double>(type: "REAL", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_places", x => x.id);
                    table.ForeignKey(
                        name: "fk_saved_places_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_erasures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    confirming_message_sid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    erased_at = table.Column<long>(type: "INTEGER", nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_erasures", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_memories_shared_by_user_id",
                table: "memories",
                column: "shared_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_memories_user_id_latitude",
                table: "memories",
                columns: new[] { "user_id", "latitude" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_kind_subject_id_status",
                table: "jobs",
                columns: new[] { "kind", "subject_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_memory_shares_copy_memory_id",
                table: "memory_shares",
                column: "copy_memory_id");

            migrationBuilder.CreateIndex(
                name: "ix_memory_shares_from_user_id",
                table: "memory_shares",
                column: "from_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_memory_shares_memory_id",
                table: "memory_shares",
                column: "memory_id");

            migrationBuilder.CreateIndex(
                name: "ix_memory_shares_to_user_id_status_offered_at",
                table: "memory_shares",
                columns: new[] { "to_user_id", "status", "offered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_dedupe_key",
                table: "outbound_messages",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_interaction_id",
                table: "outbound_messages",
                column: "interaction_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbound_messages_user_id_created_at",
                table: "outbound_messages",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_reminders_interaction_id",
                table: "reminders",
                column: "interaction_id");

            migrationBuilder.CreateIndex(
                name: "ix_reminders_memory_id",
                table: "reminders",
                column: "memory_id");

            migrationBuilder.CreateIndex(
                name: "ix_reminders_user_id_status_next_due_at",
                table: "reminders",
                columns: new[] { "user_id", "status", "next_due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_saved_places_user_id_name",
                table: "saved_places",
                columns: new[] { "user_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_erasures_confirming_message_sid",
                table: "user_erasures",
                column: "confirming_message_sid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "memory_shares");

            migrationBuilder.DropTable(
                name: "outbound_messages");

            migrationBuilder.DropTable(
                name: "reminders");

            migrationBuilder.DropTable(
                name: "saved_places");

            migrationBuilder.DropTable(
                name: "user_erasures");

            migrationBuilder.DropIndex(
                name: "ix_memories_shared_by_user_id",
                table: "memories");

            migrationBuilder.DropIndex(
                name: "ix_memories_user_id_latitude",
                table: "memories");

            migrationBuilder.DropIndex(
                name: "ix_jobs_kind_subject_id_status",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "digest_time",
                table: "users");

            migrationBuilder.DropColumn(
                name: "weekly_summary_day",
                table: "users");

            migrationBuilder.DropColumn(
                name: "latitude",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "longitude",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "mood_emotion",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "mood_score",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "mood_valence",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "place_name",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "shared_by_name",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "shared_by_user_id",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "user_external_id",
                table: "layer_deletions");

            migrationBuilder.DropColumn(
                name: "subject_id",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "pending_erase_at",
                table: "conversation_states");
        }
    }
}
