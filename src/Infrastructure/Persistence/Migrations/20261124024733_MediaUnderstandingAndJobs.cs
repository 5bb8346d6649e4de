using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MemoryAssistant.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MediaUnderstandingAndJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_memories_interaction_id",
                table: "memories");

            migrationBuilder.AddColumn<long>(
                name: "analyzed_at",
                table: "media_assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "captured_at",
                table: "media_assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "media_assets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "duration_ms",
                table: "media_assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "height",
                table: "media_assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "latitude",
                table: "media_assets",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "longitude",
                table: "media_assets",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "near_duplicate_of_id",
                table: "media_assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ocr_text",
                table: "media_assets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "perceptual_hash",
                table: "media_assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "width",
                table: "media_assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    interaction_id = table.Column<long>(type: "INTEGER", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    max_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    run_after = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_jobs_interactions_interaction_id",
                        column: x => x.interaction_id,
                        principalTable: "interactions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "transcripts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    media_asset_id = table.Column<long>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: false),
                    engine = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    confidence = table.Column<double>(type: "REAL", nullable: true),
                    low_confidence = table.Column<bool>(type: "INTEGER", nullable: false),
                    duration_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transcripts", x => x.id);
                    table.ForeignKey(
                        name: "fk_transcripts_media_assets_media_asset_id",
                        column: x => x.media_asset_id,
                        principalTable: "media_assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_memories_interaction_id_media_asset_id",
                table: "memories",
                columns: new[] { "interaction_id", "media_asset_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_near_duplicate_of_id",
                table: "media_assets",
                column: "near_duplicate_of_id");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_interaction_id",
                table: "jobs",
                column: "interaction_id");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_run_after",
                table: "jobs",
                columns: new[] { "status", "run_after" });

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_media_asset_id",
                table: "transcripts",
                column: "media_asset_id",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_media_assets_media_assets_near_duplicate_of_id",
                table: "media_assets",
                column: "near_duplicate_of_id",
                principalTable: "media_assets",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_media_assets_media_assets_near_duplicate_of_id",
                table: "media_assets");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "transcripts");

            migrationBuilder.DropIndex(
                name: "ix_memories_interaction_id_media_asset_id",
                table: "memories");

            migrationBuilder.DropIndex(
                name: "ix_media_assets_near_duplicate_of_id",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "analyzed_at",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "captured_at",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "description",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "duration_ms",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "height",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "latitude",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "longitude",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "near_duplicate_of_id",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "ocr_text",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "perceptual_hash",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "width",
                table: "media_assets");

            migrationBuilder.CreateIndex(
                name: "ix_memories_interaction_id",
                table: "memories",
                column: "interaction_id");
        }
    }
}
