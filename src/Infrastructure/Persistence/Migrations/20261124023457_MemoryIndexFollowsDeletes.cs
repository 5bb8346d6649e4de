using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MemoryAssistant.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MemoryIndexFollowsDeletes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A memory deleted by SQL (a user's cascade, an operator) leaves no orphan in the keyword index.
            migrationBuilder.Sql(
                """
                CREATE TRIGGER memories_after_delete_unindex AFTER DELETE ON memories
                BEGIN
                    DELETE FROM memory_index WHERE rowid = old.id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS memories_after_delete_unindex;");
        }
    }
}
