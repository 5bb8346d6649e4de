using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MemoryAssistant.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RemoteMemoryLayerSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "users",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "last_sync_error",
                table: "memories",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "layer_event_id",
                table: "memories",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sync_attempts",
                table: "memories",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "synced_at",
                table: "memories",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "memory_layer_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    memory_id = table.Column<long>(type: "INTEGER", nullable: false),
                    layer = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    layer_memory_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_memory_layer_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_memory_layer_links_memories_memory_id",
                        column: x => x.memory_id,
                        principalTable: "memories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Users from before this migration get their opaque id here, before it must be unique.
            migrationBuilder.Sql("UPDATE users SET external_id = 'u_' || lower(hex(randomblob(12))) WHERE external_id = '';");

            migrationBuilder.CreateIndex(
                name: "ix_users_external_id",
                table: "users",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_memories_layer_name_sync_state_id",
                table: "memories",
                columns: new[] { "layer_name", "sync_state", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_memory_layer_links_layer_layer_memory_id",
                table: "memory_layer_links",
                columns: new[] { "layer", "layer_memory_id" });

            migrationBuilder.CreateIndex(
                name: "ix_memory_layer_links_memory_id_layer_layer_memory_id",
                table: "memory_layer_links",
                columns: new[] { "memory_id", "layer", "layer_memory_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "memory_layer_links");

            migrationBuilder.DropIndex(
                name: "ix_users_external_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_memories_layer_name_sync_state_id",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "last_sync_error",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "layer_event_id",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "sync_attempts",
                table: "memories");

            migrationBuilder.DropColumn(
                name: "synced_at",
                table: "memories");
        }
    }
}
