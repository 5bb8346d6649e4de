using MemoryAssistant.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Number).HasColumnName("whatsapp_number").HasMaxLength(16).IsRequired();
        // One row per person: the webhook upserts by number, so the number must be unique.
        builder.HasIndex(u => u.Number).IsUnique();
        builder.Property(u => u.WaId).HasMaxLength(16);
        builder.Property(u => u.ProfileName).HasMaxLength(200);
        builder.Property(u => u.TimeZoneId).HasMaxLength(64).IsRequired();
        // The default only serves the migration that added the column (it then fills every row).
        builder.Property(u => u.ExternalId).HasMaxLength(40).IsRequired().HasDefaultValue("");
        builder.HasIndex(u => u.ExternalId).IsUnique();
        builder.Ignore(u => u.TimeZone);
        // Added to a table with rows: the default only serves the migration.
        builder.Property(u => u.WeeklySummaryDay).HasDefaultValue(NodaTime.IsoDayOfWeek.Sunday).HasSentinel(NodaTime.IsoDayOfWeek.None);
    }
}
