using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MemoryAssistant.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MemoryVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Sentence vectors of the embedded engine (no EF model: a derived index, like memory_index).
            migrationBuilder.Sql(
                """
                CREATE TABLE memory_vectors (
                    memory_id INTEGER NOT NULL PRIMARY KEY REFERENCES memories (id) ON DELETE CASCADE,
                    user_id INTEGER NOT NULL,
                    model TEXT NOT NULL,
                    vector BLOB NOT NULL
                );
                """);
            migrationBuilder.Sql("CREATE INDEX ix_memory_vectors_user_id ON memory_vectors (user_id);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS memory_vectors;");
        }
    }
}
