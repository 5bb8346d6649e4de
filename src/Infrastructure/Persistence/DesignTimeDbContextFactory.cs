using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MemoryAssistant.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the API.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ApplicationDbContext>
{
    public ApplicationDbContext CreateDbContext(string[] args) =>
        new(DependencyInjection.ConfigureDbContext(new DbContextOptionsBuilder<ApplicationDbContext>(), Path.Combine(Path.GetTempPath(), "memoryassistant-design.db")).Options);
}
