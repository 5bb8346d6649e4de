using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MemoryAssistant.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ConversationsAndForgetting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "conversation_states",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    last_question = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    last_from = table.Column<long>(type: "INTEGER", nullable: true),
                    last_to = table.Column<long>(type: "INTEGER", nullable: true),
                    result_ids = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    shown = table.Column<int>(type: "INTEGER", nullable: false),
                    last_saved_memory_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_saved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    pending_forget_memory_id = table.Column<long>(type: "INTEGER", nullable: true),
                    pending_forget_at = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_states", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_conversation_states_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "layer_deletions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    layer = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    layer_memory_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_layer_deletions", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "conversation_states");

            migrationBuilder.DropTable(
                name: "layer_deletions");
        }
    }
}
