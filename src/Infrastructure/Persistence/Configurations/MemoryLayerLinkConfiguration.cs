using MemoryAssistant.Domain.Memories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MemoryAssistant.Infrastructure.Persistence.Configurations;

internal sealed class MemoryLayerLinkConfiguration : IEntityTypeConfiguration<MemoryLayerLink>
{
    public void Configure(EntityTypeBuilder<MemoryLayerLink> builder)
    {
        builder.ToTable("memory_layer_links");
        builder.Property(l => l.Layer).HasMaxLength(32).IsRequired();
        builder.Property(l => l.LayerMemoryId).HasMaxLength(128).IsRequired();
        builder.Property(l => l.Text).HasMaxLength(MemoryLayerLink.MaxTextLength);
        // A link is recorded once, however often a sync is retried.
        builder.HasIndex(l => new { l.MemoryId, l.Layer, l.LayerMemoryId }).IsUnique();
        // Search hits arrive by the layer's id and are mapped back to our memory.
        builder.HasIndex(l => new { l.Layer, l.LayerMemoryId });
    }
}
