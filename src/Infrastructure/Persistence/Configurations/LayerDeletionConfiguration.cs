using MemoryAssistant.Domain.Memories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class LayerDeletionConfiguration : IEntityTypeConfiguration<LayerDeletion>
{
    public void Configure(EntityTypeBuilder<LayerDeletion> builder)
    {
        builder.ToTable("layer_deletions");
        builder.Property(d => d.Layer).HasMaxLength(32).IsRequired();
        builder.Property(d => d.LayerMemoryId).HasMaxLength(128).IsRequired();
        builder.Property(d => d.UserExternalId).HasMaxLength(40);
        builder.Property(d => d.LastError).HasMaxLength(Memory.MaxSyncErrorLength);
    }
}
