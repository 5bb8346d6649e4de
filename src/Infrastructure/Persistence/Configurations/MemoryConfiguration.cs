using MemoryAssistant.Domain.Memories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class MemoryConfiguration : IEntityTypeConfiguration<Memory>
{
    public void Configure(EntityTypeBuilder<Memory> builder)
    {
        builder.ToTable("memories");
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        // Traceability: a memory cannot exist without the interaction it came from.
        builder.HasOne(m => m.Interaction).WithMany().HasForeignKey(m => m.InteractionId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.MediaAsset).WithMany().HasForeignKey(m => m.MediaAssetId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Content).HasMaxLength(Memory.MaxContentLength).IsRequired();
        builder.Property(m => m.LayerName).HasMaxLength(32);
        builder.Property(m => m.LayerMemoryId).HasMaxLength(128);
        builder.Property(m => m.LayerEventId).HasMaxLength(128);
        // Added to a table with rows: SQLite needs a default for a NOT NULL column.
        builder.Property(m => m.SyncAttempts).HasDefaultValue(0);
        builder.Property(m => m.LastSyncError).HasMaxLength(Memory.MaxSyncErrorLength);
        // The sync queue: memories waiting for a layer, oldest first.
        builder.HasIndex(m => new { m.LayerName, m.SyncState, m.Id });
        // Newest-first listing per user, and time-interval filters.
        builder.HasIndex(m => new { m.UserId, m.OccurredAt });
        builder.HasIndex(m => m.OccurredAt);
        builder.Property(m => m.PlaceName).HasMaxLength(200);
        // "near the office": a latitude band narrows the rows before geo_distance_km measures them.
        builder.HasIndex(m => new { m.UserId, m.Latitude });
        builder.Property(m => m.MoodEmotion).HasMaxLength(32);
        builder.Ignore(m => m.Mood);
        // No foreign key on purpose: adding one to an existing SQLite table rebuilds it (and drops its triggers).
        // Erasing the sharer clears it instead; the name stays with the copy.
        builder.HasIndex(m => m.SharedByUserId);
        builder.Property(m => m.SharedByName).HasMaxLength(200);
        // One memory per attachment of a message: a retried media job cannot remember a photo twice.
        builder.HasIndex(m => new { m.InteractionId, m.MediaAssetId }).IsUnique();

        builder.OwnsMany(m => m.Tags, tags =>
        {
            tags.ToTable("memory_tags");
            tags.WithOwner().HasForeignKey(t => t.MemoryId);
            tags.HasKey(t => new { t.MemoryId, t.Tag });
            tags.Property(t => t.Tag).HasMaxLength(MemoryTag.MaxLength);
            // Top tags in analytics group by tag.
            tags.HasIndex(t => t.Tag);
        });
        builder.Navigation(m => m.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasMany(m => m.LayerLinks).WithOne().HasForeignKey(l => l.MemoryId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.LayerLinks).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
